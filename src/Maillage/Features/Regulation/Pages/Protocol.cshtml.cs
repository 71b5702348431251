using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Regulation.Pages;

/// <summary>
/// The protocol author's desk: the draft as a file, what stands between it and publication (every problem
/// and every test case), publication, and the versions before it.
/// </summary>
[Authorize(Policy = RegulationFeature.AuthorPolicy)]
public sealed class ProtocolModel(ScopeOfUser scopeOfUser, OpenRegulationDesk desk, ProtocolVersions versions, SaveProtocolDraft save, PublishProtocol publish) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "version")] public int? VersionId { get; set; }

    [BindProperty] public string? Definition { get; set; }

    [BindProperty] public string? ChangeNote { get; set; }

    [BindProperty] public int? Revision { get; set; }

    [TempData] public string? Message { get; set; }

    public string TerritoryName { get; private set; } = "";

    public IReadOnlyList<ProtocolVersionRow> Versions { get; private set; } = [];

    public ProtocolVersionDetails? Shown { get; private set; }

    public bool Editing => Shown?.Version.Status == TriageProtocolStatus.Draft;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Definition = Shown?.Definition;
        ChangeNote = Shown?.Version.ChangeNote;
        Revision = Shown?.Version.Revision;
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => RunAsync(async (territory, scope) =>
    {
        var saved = await save.ExecuteAsync(territory, Definition, ChangeNote, Revision, Actor.From(User), scope, ct);
        return (saved.Version.Id, saved.Report.Publishable
            ? $"Brouillon v{saved.Version.Number} enregistré : il peut être publié."
            : $"Brouillon v{saved.Version.Number} enregistré, pas encore publiable ({saved.Report.Problems.Count} problème(s), {saved.Report.Tests.Count(t => !t.Passed)} cas en échec).");
    }, ct);

    public Task<IActionResult> OnPostExampleAsync(CancellationToken ct) => RunAsync(async (territory, scope) =>
    {
        var saved = await save.ExecuteAsync(territory, ProtocolJson.DefaultText(), "Départ du protocole exemple livré avec Maillage", Revision, Actor.From(User), scope, ct);
        return (saved.Version.Id, $"Brouillon v{saved.Version.Number} repris du protocole exemple : faites-le valider par les médecins de l'équipe avant de le publier.");
    }, ct);

    public Task<IActionResult> OnPostPublishAsync(CancellationToken ct) => RunAsync(async (territory, scope) =>
    {
        if (VersionId is not { } id)
        {
            throw DomainException.Invalid("Aucun brouillon à publier.", "");
        }

        var report = await publish.ExecuteAsync(id, Actor.From(User), scope, ct);
        return (id, $"Version publiée : toutes les lignes du territoire l'utilisent dès maintenant ({report.Tests.Count} cas de test réussis, {report.Combinations} combinaisons de réponses vérifiées).");
    }, ct);

    private async Task<IActionResult> RunAsync(Func<int, UserScope, Task<(int Version, string Message)>> action, CancellationToken ct)
    {
        var scope = await scopeOfUser.ExecuteAsync(User, ct);
        var typed = Definition;
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        try
        {
            var (version, message) = await action(TerritoryId!.Value, scope);
            Message = message;
            return Redirect($"/regulation/protocole?territoire={TerritoryId}&version={version}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field is "definition" ? nameof(Definition) : e.Field is "revision" ? nameof(Definition) : "", e.Message);
            Definition = typed;
            return Page();
        }
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var opened = await desk.ExecuteAsync(User, TerritoryId, ct);
        var scope = opened.Scope;
        TerritoryId = opened.TerritoryId;
        if (TerritoryId is not { } territory)
        {
            return false;
        }

        TerritoryName = opened.TerritoryName;
        Versions = await versions.ListAsync(territory, scope, ct);
        var chosen = VersionId is { } id ? Versions.FirstOrDefault(v => v.Id == id)
            : Versions.FirstOrDefault(v => v.Status == TriageProtocolStatus.Draft) ?? Versions.FirstOrDefault(v => v.Status == TriageProtocolStatus.Published);
        Shown = chosen is null ? null : await versions.ShowAsync(chosen.Id, scope, ct);
        VersionId = chosen?.Id;
        return true;
    }
}
