using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.FollowUp.Pages;

/// <summary>
/// A discharge with its surveillance plan: the follow-up opens, the regular doctor (or a volunteer) is asked
/// to take the patient over, and the plan becomes dated tasks.
/// </summary>
public sealed class DischargeModel(ListHospitalStays stays, RecordDischarge discharge) : PageModel
{
    /// <summary>What the liaison can ask to measure at home; free text stays possible through the API.</summary>
    public static readonly IReadOnlyList<string> Measures = ["SpO2", "température", "fréquence respiratoire"];

    [BindProperty] public DateTime? DischargedAt { get; set; }

    [BindProperty] public string? Measure { get; set; } = "SpO2";

    [BindProperty] public int MeasuresPerDay { get; set; } = 2;

    [BindProperty] public int Days { get; set; } = 7;

    [BindProperty] public int? NurseVisitEveryDays { get; set; }

    [BindProperty] public int? GpWithinHours { get; set; } = 48;

    [BindProperty] public string? Notes { get; set; }

    [TempData] public string? Message { get; set; }

    public StayView Stay { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!HospitalAccess.MayRecord(User))
        {
            return Forbid();
        }

        Stay = await stays.OneAsync(id, User, ct);
        return Stay.DischargedAtUtc is null ? Page() : Stay.EpisodeId is { } episode ? Redirect($"/suivi/episodes/{episode}") : Redirect("/suivi/hopital");
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!HospitalAccess.MayRecord(User))
        {
            return Forbid();
        }

        Stay = await stays.OneAsync(id, User, ct);
        try
        {
            var measure = string.IsNullOrWhiteSpace(Measure) ? null : Measure;
            var plan = measure is null && NurseVisitEveryDays is null && GpWithinHours is null ? null
                : new SurveillancePlan(measure, MeasuresPerDay, Days, NurseVisitEveryDays, GpWithinHours);
            var episode = await discharge.ExecuteAsync(id, new DischargeRequest(DischargedAt is { } at ? French.ToUtc(at) : null, plan, Notes), User, ct);
            Message = "Sortie enregistrée : le suivi est ouvert et la demande de prise en charge est partie.";
            return Redirect($"/suivi/episodes/{episode}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field == "dischargedAtUtc" ? nameof(DischargedAt) : FormFields.Property(e.Field), e.Message);
            return Page();
        }
    }
}
