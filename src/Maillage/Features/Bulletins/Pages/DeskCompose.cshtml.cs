using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Bulletins.Pages;

/// <summary>A message the bulletin may pass on, as the compose form lists it.</summary>
public sealed record MessageChoice(int Id, string Subject, string SourceLabel, DateTime ReceivedAtUtc);

/// <summary>
/// Writing a bulletin (new, or a draft or scheduled one changed): text, targeting, messages passed on. "Aperçu" shows
/// the text as it will read and whom it reaches, without saving; saving keeps it a draft until it is published from its page.
/// Serves both <c>/information/bulletins/nouveau</c> and <c>/information/bulletins/{id}/modifier</c>.
/// </summary>
[Authorize]
public sealed class DeskComposeModel(ScopeOfUser scopeOfUser, NameTerritories territories, BulletinDesk desk, IncomingMessages messages, ListAudienceMembers audience)
    : PageModel
{
    public const int MessageChoices = 50;

    [BindProperty(SupportsGet = true)] public int? Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    /// <summary>The message a new bulletin starts from ("Diffuser dans un bulletin" on the message's page).</summary>
    [BindProperty(SupportsGet = true, Name = "message")] public int? FromMessage { get; set; }

    [BindProperty] public string? Title { get; set; }

    [BindProperty] public string? Body { get; set; }

    [BindProperty] public bool Urgent { get; set; }

    [BindProperty] public List<int> TerritoryIds { get; set; } = [];

    [BindProperty] public List<string> Professions { get; set; } = [];

    [BindProperty] public List<int> StructureIds { get; set; } = [];

    [BindProperty] public List<int> MessageIds { get; set; } = [];

    [BindProperty] public int Version { get; set; }

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<StructureRef> Structures { get; private set; } = [];

    public IReadOnlyList<MessageChoice> Messages { get; private set; } = [];

    /// <summary>The bulletin changed, for the edit page.</summary>
    public BulletinView? Existing { get; private set; }

    public string? PreviewHtml { get; private set; }

    public AudiencePreview? Preview { get; private set; }

    public bool Editing => Id is not null;

    public string Heading => Editing ? $"Modifier « {Existing?.Title ?? Title} »" : "Nouveau bulletin";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!BulletinAccess.MayPublish(User))
        {
            return Forbid();
        }

        if (Id is { } id)
        {
            var b = await desk.ShowAsync(id, User, ct);
            if (b.Status is BulletinStatus.Published or BulletinStatus.Withdrawn)
            {
                Message = "Ce bulletin est publié : il ne se modifie plus. Retirez-le et publiez un rectificatif.";
                return Redirect(DeskPages.Follow(id));
            }

            (Title, Body, Urgent, Version) = (b.Title, b.BodyMarkdown, b.Urgent, b.Version);
            (TerritoryIds, Professions, StructureIds, MessageIds) = ([.. b.TerritoryIds], [.. b.Professions], [.. b.StructureIds], [.. b.Messages.Select(m => m.Id)]);
        }

        if (!await LoadAsync(ct))
        {
            return Page();
        }

        if (!Editing)
        {
            TerritoryIds = [TerritoryId!.Value];
            if (FromMessage is { } from)
            {
                var m = await messages.ShowAsync(from, User, ct);
                Title = m.Subject;
                Professions = [.. m.Professions];
                MessageIds = [m.Id];
                await ChoicesAsync(ct);
            }
        }

        return Page();
    }

    /// <summary>"Enregistrer le brouillon".</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!BulletinAccess.MayPublish(User))
        {
            return Forbid();
        }

        if (!await LoadAsync(ct))
        {
            return Page();
        }

        try
        {
            int id;
            if (Id is { } existing)
            {
                await desk.UpdateAsync(existing, Input(), User, ct);
                id = existing;
                Message = "Bulletin enregistré.";
            }
            else
            {
                id = await desk.CreateAsync(Input(), User, ct);
                Message = "Brouillon enregistré. Relisez-le, puis publiez-le ou programmez-le.";
            }

            return Redirect(DeskPages.Follow(id));
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            DeskPages.Refuse(ModelState, e);
            return Page();
        }
    }

    /// <summary>"Aperçu": the text rendered and the audience counted, nothing saved.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        if (!BulletinAccess.MayPublish(User))
        {
            return Forbid();
        }

        if (!await LoadAsync(ct))
        {
            return Page();
        }

        PreviewHtml = SafeHtml.FromMarkdown(Body ?? "");
        try
        {
            Preview = await desk.PreviewAsync(Input(), User, ct);
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            DeskPages.Refuse(ModelState, e);
        }

        return Page();
    }

    /// <summary>"Ce ciblage atteint 13 professionnels : Infirmier·e (12), Médecin généraliste (1)."</summary>
    public static string Reach(AudiencePreview preview) =>
        preview.Total == 0
            ? "Ce ciblage n'atteint aucun professionnel : élargissez les professions, structures ou territoires."
            : $"Ce ciblage atteint {French.Number(preview.Total)} professionnel{(preview.Total > 1 ? "s" : "")} : "
              + string.Join(", ", preview.ByProfession.Select(p => $"{p.Label} ({French.Number(p.Recipients)})")) + ".";

    private BulletinInput Input() =>
        new(TerritoryId!.Value, Title, Body, Urgent, TerritoryIds, Professions, StructureIds, MessageIds, Version);

    /// <summary>The territories, structures and messages the form offers; false when the user has no territory.</summary>
    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (Id is { } id)
        {
            Existing = await desk.ShowAsync(id, User, ct);
            TerritoryId = Existing.TerritoryId;
        }

        (Territories, var shown) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        TerritoryId = Editing ? TerritoryId : shown;
        if (TerritoryId is null)
        {
            return false;
        }

        await ChoicesAsync(ct);
        return true;
    }

    private async Task ChoicesAsync(CancellationToken ct)
    {
        var targeted = TerritoryIds.Where(Territories.ContainsKey).ToList();
        Structures = await audience.StructuresAsync(targeted.Count > 0 ? targeted : [TerritoryId!.Value], ct);
        var open = (await messages.ListAsync(new MessageFilter(TerritoryId, OnlyUndiffused: true), 1, MessageChoices, User, ct)).Items
            .Select(m => new MessageChoice(m.Id, m.Subject, m.SourceLabel, m.ReceivedAtUtc)).ToList();
        var linked = new List<MessageChoice>();
        foreach (var mid in MessageIds.Distinct().Where(mid => open.All(o => o.Id != mid)).Take(MessageChoices))
        {
            try
            {
                var m = await messages.ShowAsync(mid, User, ct);
                linked.Add(new MessageChoice(m.Id, m.Subject, m.SourceLabel, m.ReceivedAtUtc));
            }
            catch (DomainException e) when (e.Kind == DomainErrorKind.NotFound)
            {
                // A message of another territory typed in by hand: the core refuses it on saving, with its number.
            }
        }

        Messages = [.. linked, .. open];
    }
}
