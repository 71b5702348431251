using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Crisis;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Rosters;

public sealed record RoleView(int Id, string Label, IReadOnlyList<string> Professions, bool Exposed);

public sealed record ShiftView(int Id, string Name, string Pattern, IReadOnlyDictionary<int, int> Headcounts);

public sealed record CentreSetup(int CentreId, string CentreName, int EpisodeId, bool Editable, IReadOnlyList<RoleView> Roles, IReadOnlyList<ShiftView> Shifts);

/// <summary>The centre a roster belongs to, through the crisis feature's use case (scope and state).</summary>
public sealed class RosterCentre(ShowCentre showCentre)
{
    public async Task<CentreDetails> ExecuteAsync(int centreId, UserScope scope, bool forChange, CancellationToken ct)
    {
        var centre = await showCentre.ExecuteAsync(centreId, scope, ct);
        if (forChange && (centre.EpisodeClosed || centre.Stage == CentreStage.Closed))
        {
            throw DomainException.Conflict("Ce centre est fermé (ou sa crise est close) : ses rôles et créneaux ne changent plus.", "centre");
        }

        return centre;
    }
}

public sealed class AddRole(MaillageDb db, RosterCentre centres, AuditLog audit)
{
    public async Task<int> ExecuteAsync(int centreId, string? label, IReadOnlyList<string> professions, bool exposed, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var centre = await centres.ExecuteAsync(centreId, scope, forChange: true, ct);
        var name = DirectoryRules.Required(label, "Le nom du rôle", "label", 100);
        if (await db.Set<CentreRole>().AnyAsync(r => r.CentreId == centreId && r.Label == name, ct))
        {
            throw DomainException.Conflict($"Le centre a déjà un rôle « {name} ».", "label");
        }

        var role = new CentreRole { CentreId = centreId, Label = name, Professions = string.Join(' ', RosterRules.ParseProfessions(professions, "professions").Order()), Exposed = exposed };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(role);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(actor, "roster.role", $"crisis:{centre.EpisodeId}", $"centre « {centre.Name} » : rôle « {name} »{(exposed ? " (exposé)" : "")}", ct);
        await transaction.CommitAsync(ct);
        return role.Id;
    }
}

/// <summary>Adds the usual roles of a dedicated centre that it does not have yet.</summary>
public sealed class AddStandardRoles(MaillageDb db, AddRole addRole)
{
    public async Task<int> ExecuteAsync(int centreId, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var existing = await db.Set<CentreRole>().Where(r => r.CentreId == centreId).Select(r => r.Label).ToListAsync(ct);
        var added = 0;
        foreach (var role in RosterRules.StandardRoles.Where(r => !existing.Contains(r.Label)))
        {
            await addRole.ExecuteAsync(centreId, role.Label, role.Professions.ToList(), role.Exposed, actor, scope, ct);
            added++;
        }

        return added;
    }
}

public sealed class AddShiftTemplate(MaillageDb db, RosterCentre centres, AuditLog audit)
{
    public async Task<int> ExecuteAsync(int centreId, string? name, string? pattern, IReadOnlyDictionary<int, int> headcounts, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var centre = await centres.ExecuteAsync(centreId, scope, forChange: true, ct);
        var title = DirectoryRules.Required(name, "Le nom du créneau", "name", 100);
        var normalized = RosterRules.ParsePattern(pattern, "pattern");
        var roles = await db.Set<CentreRole>().Where(r => r.CentreId == centreId).Select(r => r.Id).ToListAsync(ct);
        if (roles.Count == 0)
        {
            throw DomainException.Invalid("Définissez d'abord les rôles du centre.", "headcounts");
        }

        var requirements = new List<RoleRequirement>();
        foreach (var (roleId, count) in headcounts)
        {
            if (!roles.Contains(roleId))
            {
                throw DomainException.Invalid("Un des rôles n'appartient pas au centre.", "headcounts");
            }

            if (count is < 0 or > 50)
            {
                throw DomainException.Invalid("L'effectif d'un rôle est compris entre 0 et 50.", "headcounts");
            }

            if (count > 0)
            {
                requirements.Add(new RoleRequirement { RoleId = roleId, Headcount = count });
            }
        }

        if (requirements.Count == 0)
        {
            throw DomainException.Invalid("Indiquez l'effectif d'au moins un rôle.", "headcounts");
        }

        var template = new ShiftTemplate { CentreId = centreId, Name = title, Pattern = normalized, Requirements = requirements };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(template);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(actor, "roster.shift", $"crisis:{centre.EpisodeId}",
            $"centre « {centre.Name} » : créneau « {title} » {normalized} ({requirements.Sum(r => r.Headcount)} personnes)", ct);
        await transaction.CommitAsync(ct);
        return template.Id;
    }
}

public sealed class ShowCentreSetup(MaillageDb db, RosterCentre centres)
{
    public async Task<CentreSetup> ExecuteAsync(int centreId, UserScope scope, CancellationToken ct = default)
    {
        var centre = await centres.ExecuteAsync(centreId, scope, forChange: false, ct);
        var roles = await db.Set<CentreRole>().AsNoTracking().Where(r => r.CentreId == centreId).OrderBy(r => r.Id).ToListAsync(ct);
        var shifts = await db.Set<ShiftTemplate>().AsNoTracking().Include(s => s.Requirements).Where(s => s.CentreId == centreId).OrderBy(s => s.Id).ToListAsync(ct);
        return new CentreSetup(
            centreId, centre.Name, centre.EpisodeId, !centre.EpisodeClosed && centre.Stage != CentreStage.Closed,
            roles.Select(r => new RoleView(r.Id, r.Label, r.Professions.Split(' ', StringSplitOptions.RemoveEmptyEntries), r.Exposed)).ToList(),
            shifts.Select(s => new ShiftView(s.Id, s.Name, s.Pattern, s.Requirements.ToDictionary(r => r.RoleId, r => r.Headcount))).ToList());
    }
}
