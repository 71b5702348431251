using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Crisis.Pages;

public sealed class EpisodeModel(
    DirectoryAccess access,
    ShowEpisode show,
    RecordStage recordStage,
    AddMeeting addMeeting,
    AddDecision addDecision,
    ChangeDecisionStatus changeStatus,
    CloseEpisode close,
    CreateProtocol createProtocol,
    ListProtocols listProtocols,
    CreateCentre createCentre,
    ListCentres listCentres,
    ListStructures listStructures,
    AuditLog audit) : PageModel
{
    public EpisodeDetails Details { get; private set; } = null!;

    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    public IReadOnlyList<ProtocolSummary> Protocols { get; private set; } = [];

    public IReadOnlyList<CentreSummary> Centres { get; private set; } = [];

    public IReadOnlyList<StructureRow> Carriers { get; private set; } = [];

    [BindProperty] public string? CentreName { get; set; }
    [BindProperty] public string? CommuneCode { get; set; }
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public int? CarrierStructureId { get; set; }
    [BindProperty] public bool SuspectCircuit { get; set; } = true;
    [BindProperty] public bool NonSuspectCircuit { get; set; }
    [BindProperty] public string? Equipment { get; set; }
    [BindProperty] public int CapacityPerHour { get; set; } = 6;
    [BindProperty] public string? WeeklyHours { get; set; } = "lu-sa 08:30-12:30,13:30-18:30";

    [BindProperty] public string? ProtocolTitle { get; set; }
    [BindProperty] public string? ProtocolBody { get; set; }

    [TempData] public string? Message { get; set; }

    [BindProperty] public int? Stage { get; set; }
    [BindProperty] public DateOnly? EffectiveOn { get; set; }
    [BindProperty] public string? StageNote { get; set; }
    [BindProperty] public string? HeldAt { get; set; }
    [BindProperty] public string? Agenda { get; set; }
    [BindProperty] public string? Minutes { get; set; }
    [BindProperty] public Dictionary<string, int> Attendance { get; set; } = [];
    [BindProperty] public string? DecisionText { get; set; }
    [BindProperty] public string? Owner { get; set; }
    [BindProperty] public DateOnly? DecidedOn { get; set; }
    [BindProperty] public DateOnly? FollowUpOn { get; set; }
    [BindProperty] public int? MeetingId { get; set; }
    [BindProperty] public DateOnly? ClosedOn { get; set; }

    public bool CanEdit => DirectoryAccess.CanEdit(User) && Details.Summary.ClosedOn is null;

    public async Task OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct);

    public Task<IActionResult> OnPostStageAsync(int id, CancellationToken ct) =>
        EditAsync(id, (actor, scope) => recordStage.ExecuteAsync(id, Stage, EffectiveOn, StageNote, actor, scope, ct), "Stade d'alerte enregistré.", "stage", ct);

    public Task<IActionResult> OnPostMeetingAsync(int id, CancellationToken ct) =>
        EditAsync(id, async (actor, scope) =>
        {
            var heldAt = DirectoryFeature.ParseInstant(HeldAt, "heldAt");
            await addMeeting.ExecuteAsync(id, new NewMeeting(heldAt, Agenda, Minutes, Attendance), actor, scope, ct);
        }, "Réunion enregistrée.", "meeting", ct);

    public Task<IActionResult> OnPostDecisionAsync(int id, CancellationToken ct) =>
        EditAsync(id, (actor, scope) => addDecision.ExecuteAsync(id, new NewDecision(MeetingId, DecisionText, DecidedOn, Owner, FollowUpOn), actor, scope, ct), "Décision inscrite au registre.", "decision", ct);

    public Task<IActionResult> OnPostStatusAsync(int id, int decisionId, DecisionStatus status, int version, CancellationToken ct) =>
        EditAsync(id, (actor, scope) => changeStatus.ExecuteAsync(decisionId, status, null, version, actor, scope, ct), "Suivi de la décision mis à jour.", "decisions", ct);

    public Task<IActionResult> OnPostProtocolAsync(int id, CancellationToken ct) =>
        EditAsync(id, (actor, scope) => createProtocol.ExecuteAsync(id, ProtocolTitle, ProtocolBody, actor, scope, ct), "Protocole créé (version 1).", "protocoles", ct);

    public Task<IActionResult> OnPostCentreAsync(int id, CancellationToken ct) =>
        EditAsync(id, async (actor, scope) =>
        {
            var centreId = await createCentre.ExecuteAsync(id, new NewCentre(CentreName, CommuneCode, Address, Phone, CarrierStructureId, SuspectCircuit, NonSuspectCircuit,
                Equipment, CapacityPerHour, WeeklyHours, null), actor, scope, ct);
            CreatedCentre = centreId;
        }, "Centre déclaré (étape « projet »). Faites-le avancer jusqu'à son ouverture.", "centres", ct);

    private int? CreatedCentre { get; set; }

    public Task<IActionResult> OnPostCloseAsync(int id, int version, CancellationToken ct) =>
        EditAsync(id, (actor, scope) => close.ExecuteAsync(id, ClosedOn, version, actor, scope, ct), "Crise close. Son historique reste consultable.", "", ct);

    private async Task<IActionResult> EditAsync(int id, Func<Actor, UserScope, Task> change, string message, string anchor, CancellationToken ct)
    {
        if (!DirectoryAccess.CanEdit(User))
        {
            return Forbid();
        }

        try
        {
            await change(Actor.From(User), (await access.ReaderAsync(User, ct)).Scope);
            Message = message;
            return Redirect(CreatedCentre is { } centre ? $"/crise/centres/{centre}" : $"/crise/{id}" + (anchor.Length > 0 ? "#" + anchor : ""));
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound || e.Field == "meetingId")
        {
            ModelState.AddModelError(e.Field switch
            {
                "text" => nameof(DecisionText),
                "name" when anchor == "centres" => nameof(CentreName),
                "note" => nameof(StageNote),
                "attendance" => nameof(Attendance),
                "version" or "episode" => "",
                _ => FormFields.Property(e.Field),
            }, e.Message);
            await LoadAsync(id, ct);
            return Page();
        }
    }

    private async Task LoadAsync(int id, CancellationToken ct)
    {
        Details = await show.ExecuteAsync(id, (await access.ReaderAsync(User, ct)).Scope, ct);
        History = (await audit.PageAsync(new AuditFilter(Target: $"crisis:{id}"), 1, 30, ct)).Items;
        var scope = (await access.ReaderAsync(User, ct)).Scope;
        Protocols = await listProtocols.ExecuteAsync(id, scope, ct);
        Centres = await listCentres.ExecuteAsync(id, scope, ct);
        if (DirectoryAccess.CanEdit(User))
        {
            Carriers = (await listStructures.ExecuteAsync(new DirectoryFilter(TerritoryId: Details.Summary.TerritoryId), scope, 1, Paging.MaxPageSize, ct)).Items
                .Where(s => s.Kind != "centre-dedie").ToList();
        }
    }
}
