using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.FollowUp.Pages;

/// <summary>One patient's follow-up: who holds it, the requests made, the contacts, the team; answer, record, add, close.</summary>
public sealed class EpisodeModel(
    ShowEpisode show, AnswerHandoff answer, RecordContact record, AddCareTeamMember addMember, CloseEpisode close, CompleteTask complete, RecordObservation observe,
    ScopeOfUser scopeOfUser, ListProfessionals professionals) : PageModel
{
    [TempData] public string? Message { get; set; }

    /// <summary>The message reports an alarming measure: shown as a danger, not as a success.</summary>
    [TempData] public bool Alarm { get; set; }

    public EpisodeView Episode { get; private set; } = null!;

    public IReadOnlyList<ProfessionalRow> Candidates { get; private set; } = [];

    [BindProperty] public string? DeclineReason { get; set; }

    [BindProperty] public ContactChannel Channel { get; set; } = ContactChannel.Phone;

    [BindProperty] public string? Outcome { get; set; }

    [BindProperty] public string? ContactNotes { get; set; }

    [BindProperty] public DateOnly? NextContact { get; set; }

    [BindProperty] public int? MemberId { get; set; }

    [BindProperty] public string? MemberRole { get; set; }

    [BindProperty] public string? CloseReason { get; set; }

    [BindProperty] public ObservationKind ObservationKind { get; set; } = ObservationKind.Spo2;

    [BindProperty] public string? ObservationValue { get; set; }

    [BindProperty] public string? ObservationText { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostAcceptAsync(int id, CancellationToken ct) =>
        RunAsync(id, () => answer.ExecuteAsync(PendingRequest(), true, null, User, ct), "Vous êtes désormais responsable du suivi de ce patient.", ct);

    public Task<IActionResult> OnPostDeclineAsync(int id, CancellationToken ct) =>
        RunAsync(id, () => answer.ExecuteAsync(PendingRequest(), false, DeclineReason, User, ct), "Demande refusée : elle part vers un autre médecin.", ct, field => field == "reason" ? nameof(DeclineReason) : "");

    public Task<IActionResult> OnPostContactAsync(int id, CancellationToken ct) =>
        RunAsync(id, () => record.ExecuteAsync(id, null, Channel, Outcome, ContactNotes, NextContact is { } d ? French.ToUtc(d.ToDateTime(new TimeOnly(12, 0))) : null, User, ct),
            "Contact enregistré.", ct, field => field switch { "outcome" => nameof(Outcome), "notes" => nameof(ContactNotes), "nextContactDueUtc" => nameof(NextContact), _ => "" });

    public Task<IActionResult> OnPostMemberAsync(int id, CancellationToken ct) =>
        RunAsync(id, () => MemberId is { } member ? addMember.ExecuteAsync(id, member, MemberRole, User, ct) : throw DomainException.Invalid("Choisissez le professionnel.", "professionalId"),
            "Professionnel ajouté à l'équipe de suivi.", ct, field => field == "role" ? nameof(MemberRole) : nameof(MemberId));

    public async Task<IActionResult> OnPostObservationAsync(int id, CancellationToken ct)
    {
        IReadOnlyList<string> alarms = [];
        var result = await RunAsync(id, async () =>
        {
            double? value = null;
            if (!string.IsNullOrWhiteSpace(ObservationValue))
            {
                value = double.TryParse(ObservationValue.Replace(',', '.'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
                    ? v : throw DomainException.Invalid($"« {ObservationValue} » n'est pas un nombre (exemple : 94 ou 38,5).", "value");
            }

            (_, alarms) = await observe.ExecuteAsync(id, ObservationKind, value, ObservationText, null, User, ct);
        }, "Mesure enregistrée.", ct, field => field switch { "value" => nameof(ObservationValue), "text" => nameof(ObservationText), _ => "" });
        if (alarms.Count > 0)
        {
            Alarm = true;
            Message = $"Mesure enregistrée — ALERTE : {string.Join(" ; ", alarms)}. Une tâche urgente est créée pour le médecin responsable et la coordination est prévenue.";
        }

        return result;
    }

    public Task<IActionResult> OnPostDoneAsync(int id, int taskId, CancellationToken ct) =>
        RunAsync(id, () => complete.ExecuteAsync(taskId, User, ct), "Tâche faite.", ct);

    public Task<IActionResult> OnPostCloseAsync(int id, CancellationToken ct) =>
        RunAsync(id, () => close.ExecuteAsync(id, CloseReason, User, ct), "Suivi clôturé.", ct, field => field == "reason" ? nameof(CloseReason) : "");

    /// <summary>The request waiting for this user; gone when it timed out or was answered in another tab.</summary>
    private int PendingRequest() => Episode.PendingHandoffId
        ?? throw DomainException.Conflict("Aucune demande en attente de votre réponse pour ce patient : le délai est peut-être passé.", "");

    private async Task<IActionResult> RunAsync(int id, Func<Task> action, string done, CancellationToken ct, Func<string?, string>? field = null)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        try
        {
            await action();
            Message = done;
            return Redirect($"/suivi/episodes/{id}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(field?.Invoke(e.Field) ?? "", e.Message);
            await LoadAsync(id, ct);
            return Page();
        }
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        try
        {
            Episode = await show.ExecuteAsync(id, User, ct);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.NotFound)
        {
            return false;
        }

        if (Episode.MayManage && Episode.Status == EpisodeStatus.Open)
        {
            var scope = await scopeOfUser.ExecuteAsync(User, ct);
            Candidates = (await professionals.ExecuteAsync(new DirectoryFilter(TerritoryId: Episode.TerritoryId), scope, 1, Paging.MaxPageSize, ct)).Items
                .Where(p => p.Id != Episode.OwnerId && Episode.Team.All(t => t.ProfessionalId != p.Id)).ToList();
        }

        return true;
    }
}
