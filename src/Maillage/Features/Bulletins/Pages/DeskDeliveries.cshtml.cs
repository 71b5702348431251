using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Bulletins.Pages;

/// <summary>The e-mails of bulletins: failures first and in plain sight, each attempt, a retry, and a pass of the queue on demand.</summary>
[Authorize]
public sealed class DeskDeliveriesModel(ScopeOfUser scopeOfUser, NameTerritories territories, MailDispatcher dispatcher, MailSender sender) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "statut")] public string? StatusFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    /// <summary>The delivery whose attempts are shown.</summary>
    [BindProperty(SupportsGet = true, Name = "envoi")] public int? Opened { get; set; }

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public Page<DeliveryRow>? List { get; private set; }

    public IReadOnlyList<AttemptView> Attempts { get; private set; } = [];

    public bool MailEnabled => sender.Enabled;

    public DeliveryStatus? Status => EnumText.TryParse<DeliveryStatus>(StatusFilter, out var s) ? s : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!BulletinAccess.MayPublish(User))
        {
            return Forbid();
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRetryAsync(int id, CancellationToken ct)
    {
        if (!BulletinAccess.MayPublish(User))
        {
            return Forbid();
        }

        try
        {
            await dispatcher.RetryAsync(id, User, ct);
            Message = $"Envoi n° {id} remis dans la file : il repart au prochain passage (chaque minute).";
            return Redirect(Link(PageNumber));
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError("", e.Message);
            await LoadAsync(ct);
            return Page();
        }
    }

    /// <summary>One pass of the queue now rather than at the next minute: publishes what is due, queues and sends.</summary>
    public async Task<IActionResult> OnPostDispatchAsync(CancellationToken ct)
    {
        if (!BulletinAccess.MayPublish(User))
        {
            return Forbid();
        }

        var result = await dispatcher.RunOnceAsync(ct);
        Message = result.MailEnabled
            ? $"Passage effectué : {result.Published} bulletin(s) programmé(s) publié(s), {result.Queued} e-mail(s) mis en file, {result.Sent} envoyé(s), {result.Retrying} à réessayer, {result.Failed} en échec."
            : $"Passage effectué : {result.Published} bulletin(s) programmé(s) publié(s). Aucun e-mail : l'envoi n'est pas configuré.";
        return Redirect(Link(PageNumber));
    }

    public string Link(int? page, int? opened = null) =>
        $"/information/envois?territoire={TerritoryId}{(Status is { } s ? $"&statut={EnumText.Kebab(s)}" : "")}{(page is > 1 ? $"&page={page}" : "")}{(opened is { } o ? $"&envoi={o}#envoi-{o}" : "")}";

    public static string StatusLabel(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Pending => "en attente",
        DeliveryStatus.Sent => "envoyé",
        DeliveryStatus.Failed => "en échec",
        _ => "annulé",
    };

    public static string KindLabel(MailKind kind) => kind == MailKind.Daily ? "quotidien" : "immédiat";

    private async Task LoadAsync(CancellationToken ct)
    {
        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is not { } territory)
        {
            return;
        }

        List = await dispatcher.ListAsync(territory, Status, PageNumber, 25, User, ct);
        if (Opened is { } id)
        {
            Attempts = await dispatcher.AttemptsAsync(id, User, ct);
        }
    }
}
