using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Shell;

public sealed record NextStep(string Text, string? Link, string? LinkText);

/// <summary>The home dashboard: the user's territories and what to do next, depending on the role.</summary>
public sealed class IndexModel(ScopeOfUser scopeOfUser, ListTerritories listTerritories, ListUsers listUsers, AuditLog audit, Directory.FindOwnEntry ownEntry, Rosters.ListUncoveredSoon uncovered, Directory.DirectoryAccess access, Bulletins.Inbox inbox) : PageModel
{
    public RoleInfo? Role { get; private set; }

    public IReadOnlyList<TerritorySummary> Territories { get; private set; } = [];

    public IReadOnlyList<NextStep> NextSteps { get; private set; } = [];

    public int? UserCount { get; private set; }

    public int? AuditCount { get; private set; }

    public int UncoveredSoon { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Role = Roles.All.FirstOrDefault(r => User.IsInRole(r.Name));
        Territories = await listTerritories.ExecuteAsync(await scopeOfUser.ExecuteAsync(User, ct), ct);
        if (User.IsInRole(Roles.Administrator))
        {
            UserCount = (await listUsers.ExecuteAsync(null, 1, ct)).TotalCount;
            AuditCount = (await audit.PageAsync(new AuditFilter(), 1, 1, ct)).TotalCount;
        }

        NextSteps = StepsFor(Role?.Name);
        if (Directory.DirectoryAccess.CanEdit(User))
        {
            // Roster gaps close to now are the most urgent thing a coordinator can act on: first in the list.
            var gaps = await uncovered.ExecuteAsync((await access.ReaderAsync(User, ct)).Scope, ct);
            if (gaps.Count > 0)
            {
                UncoveredSoon = gaps.Sum(g => g.Missing);
                NextSteps = [new NextStep($"{UncoveredSoon} place(s) sans personne dans les 48 heures dans les centres dédiés (première : {gaps[0].CentreName}, {gaps[0].Date.ToString("dddd d MMMM", Infrastructure.French.Culture)} {gaps[0].Hours}, {gaps[0].Role}).", "/plannings", "Pourvoir"), .. NextSteps];
            }
        }

        if (await ownEntry.ExecuteAsync(User, ct) is { } own)
        {
            // Unread bulletins, urgent ones above all, are what a professional must not miss: first in the list.
            var unread = await inbox.CountsAsync(own, ct);
            if (unread.Unread > 0)
            {
                var urgent = unread.UrgentUnread > 0 ? $", dont {unread.UrgentUnread} urgent{(unread.UrgentUnread > 1 ? "s" : "")}" : "";
                NextSteps = [new NextStep($"{unread.Unread} bulletin{(unread.Unread > 1 ? "s" : "")} de la coordination à lire{urgent}.", "/information", "Lire"), .. NextSteps];
            }

            NextSteps = [.. NextSteps, new NextStep("Vérifiez votre fiche dans l'annuaire : téléphone, lieux d'exercice, nouveaux patients.", $"/annuaire/professionnels/{own}", "Ma fiche")];
        }
    }

    private List<NextStep> StepsFor(string? role)
    {
        var steps = new List<NextStep>();
        if (Territories.Count == 0)
        {
            steps.Add(role == Roles.Administrator
                ? new NextStep("Aucun territoire n'existe encore : créez celui de votre CPTS à partir de ses EPCI ou de ses communes.", "/territoires/nouveau", "Créer un territoire")
                : new NextStep("Votre compte n'est rattaché à aucun territoire : demandez à l'administrateur de vous y rattacher.", null, null));
        }

        switch (role)
        {
            case Roles.Administrator:
                steps.Add(new("Créez les comptes de l'équipe et rattachez-les à leur territoire.", "/admin/utilisateurs/nouveau", "Nouveau compte"));
                steps.Add(new("Contrôlez le journal d'audit et vérifiez son intégrité.", "/admin/journal", "Journal d'audit"));
                break;
            case Roles.Coordinator:
                steps.Add(new("Vérifiez que la liste des communes de votre territoire est juste : c'est la base de tout le reste.", Territories.Count > 0 ? $"/territoires/{Territories[0].Id}" : null, "Voir le territoire"));
                break;
            case Roles.Authority:
                steps.Add(new("Consultez la population et le niveau de financement des territoires de votre ressort.", "/territoires", "Territoires"));
                break;
            case Roles.Regulation or Roles.Secretary:
                steps.Add(new("Trouvez le lieu qui peut recevoir un patient maintenant, près de chez lui.", "/annuaire/offre", "Trouver un lieu"));
                break;
            default:
                steps.Add(new("Consultez l'annuaire de votre territoire : structures, professionnels, offre de soins.", "/annuaire", "Annuaire"));
                break;
        }

        return steps;
    }
}
