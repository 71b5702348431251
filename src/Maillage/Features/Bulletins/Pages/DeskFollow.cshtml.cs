using System.Globalization;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Bulletins.Pages;

/// <summary>
/// One bulletin on the coordinator's side: as recipients read it, what may be done at its stage (publish, schedule,
/// unschedule, withdraw, delete a draft), and once out, who read it, per profession and by name.
/// </summary>
[Authorize]
public sealed class DeskFollowModel(BulletinDesk desk, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }

    /// <summary>The draft's deletion asked: the page asks to confirm.</summary>
    [BindProperty(SupportsGet = true, Name = "supprimer")] public bool Deleting { get; set; }

    [BindProperty] public int Version { get; set; }

    /// <summary>The datetime-local of "Programmer", Paris time; text so that a wrong one stays in the field.</summary>
    [BindProperty] public string? PublishAt { get; set; }

    [BindProperty] public string? Reason { get; set; }

    [TempData] public string? Message { get; set; }

    public BulletinView Bulletin { get; private set; } = null!;

    public BulletinReads? Reads { get; private set; }

    public bool Out => Bulletin.Status is BulletinStatus.Published or BulletinStatus.Withdrawn;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!BulletinAccess.MayPublish(User))
        {
            return Forbid();
        }

        await LoadAsync(ct);
        PublishAt ??= DeskPages.LocalField(time.GetUtcNow().UtcDateTime.AddHours(1));
        return Page();
    }

    /// <summary>The list of recipients, unread first, for a phone round.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (!BulletinAccess.MayPublish(User))
        {
            return Forbid();
        }

        var reads = await desk.ReadsAsync(Id, User, ct);
        var rows = reads.People.Select(p => new object?[]
        {
            p.Name, BulletinDesk.ProfessionLabel(p.Profession), p.ReadAtUtc is null ? "non" : "oui",
            p.ReadAtUtc is { } at ? French.ToParis(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "",
        });
        return File(Csv.Write(["nom", "profession", "lu", "lu_le"], rows), "text/csv; charset=utf-8", $"bulletin-{Id}-lectures.csv");
    }

    public Task<IActionResult> OnPostPublishAsync(CancellationToken ct) =>
        ActAsync(async () =>
        {
            await desk.PublishAsync(Id, null, Version, User, ct);
            return "Bulletin publié : il est dans la boîte de chaque destinataire, et part par e-mail selon leurs préférences.";
        }, ct);

    public Task<IActionResult> OnPostScheduleAsync(CancellationToken ct) =>
        ActAsync(async () =>
        {
            var at = DeskPages.LocalTime(PublishAt, "publishAt", "Date de publication")
                     ?? throw DomainException.Invalid("Indiquez la date et l'heure de publication.", "publishAt");
            if (Clock.AsUtc(at) <= time.GetUtcNow().UtcDateTime.AddMinutes(1))
            {
                throw DomainException.Invalid("Cette heure est passée : choisissez une heure à venir, ou « Publier maintenant ».", "publishAt");
            }

            await desk.PublishAsync(Id, at, Version, User, ct);
            return $"Publication programmée pour le {French.DateTime(Clock.AsUtc(at))}.";
        }, ct);

    public Task<IActionResult> OnPostUnscheduleAsync(CancellationToken ct) =>
        ActAsync(async () =>
        {
            await desk.UnscheduleAsync(Id, Version, User, ct);
            return "Programmation annulée : le bulletin redevient un brouillon.";
        }, ct);

    public Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct) =>
        ActAsync(async () =>
        {
            await desk.WithdrawAsync(Id, Reason, Version, User, ct);
            return "Bulletin retiré : il quitte les boîtes, et les e-mails pas encore partis ne le contiendront pas.";
        }, ct);

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        if (!BulletinAccess.MayPublish(User))
        {
            return Forbid();
        }

        try
        {
            var territory = (await desk.ShowAsync(Id, User, ct)).TerritoryId;
            await desk.DeleteDraftAsync(Id, Version, User, ct);
            Message = "Brouillon supprimé.";
            return Redirect($"{DeskPages.Bulletins}?territoire={territory}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError("", e.Message);
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task<IActionResult> ActAsync(Func<Task<string>> action, CancellationToken ct)
    {
        if (!BulletinAccess.MayPublish(User))
        {
            return Forbid();
        }

        try
        {
            Message = await action();
            return Redirect(DeskPages.Follow(Id));
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            // The audience check of publication names "professions": on this page it belongs at the top.
            ModelState.AddModelError(e.Field is "publishAt" or "reason" ? FormFields.Property(e.Field) : "", e.Message);
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Bulletin = await desk.ShowAsync(Id, User, ct);
        if (Out)
        {
            Reads = await desk.ReadsAsync(Id, User, ct);
        }
    }
}
