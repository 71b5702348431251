using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.FollowUp.Pages;

/// <summary>Opens a follow-up; the regular doctor is picked from the directory so the handoff can reach them.</summary>
public sealed class NewEpisodeModel(
    ScopeOfUser scopeOfUser, NameTerritories territories, ListProfessionals professionals, FindCommune findCommune, FindOwnEntry ownEntry, OpenFollowUpEpisode open, Regulation.ShowCall showCall) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    /// <summary>The regulation call this follow-up continues, whose patient fills the form.</summary>
    [BindProperty(SupportsGet = true, Name = "appel")] public int? SourceCallId { get; set; }

    [BindProperty] public string? PatientLastName { get; set; }

    [BindProperty] public string? PatientFirstName { get; set; }

    [BindProperty] public DateOnly? PatientBirthDate { get; set; }

    [BindProperty] public string? PatientPhone { get; set; }

    [BindProperty] public string? Commune { get; set; }

    [BindProperty] public string? RegularDoctor { get; set; }

    [BindProperty] public EpisodeReason Reason { get; set; } = EpisodeReason.SuspectedInfection;

    [BindProperty] public string? Notes { get; set; }

    [BindProperty] public DateOnly? NextContact { get; set; }

    [BindProperty] public bool KeepOwnership { get; set; }

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<ProfessionalRow> Doctors { get; private set; } = [];

    public bool IsProfessional { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (SourceCallId is { } callId)
        {
            // Reading the call is audited and refused to whoever may not read it, like any other read.
            Regulation.CallView call;
            try
            {
                call = await showCall.ExecuteAsync(callId, User, ct);
            }
            catch (DomainException e) when (e.Kind == DomainErrorKind.NotFound)
            {
                return NotFound();
            }

            TerritoryId = call.TerritoryId;
            PatientLastName = call.PatientLastName;
            PatientFirstName = call.PatientFirstName;
            PatientBirthDate = call.PatientBirthDate;
            PatientPhone = call.PatientPhone;
            Commune = call.PatientCommuneCode;
            Notes = $"Suite de la fiche de régulation n° {call.Id} : {call.FinalLabel}.";
            if (!await LoadAsync(ct))
            {
                return Forbid();
            }

            RegularDoctor = call.RegularDoctorId is { } doctor ? Doctors.FirstOrDefault(d => d.Id == doctor)?.Name : null;
            return Page();
        }

        return await LoadAsync(ct) ? Page() : Forbid();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Forbid();
        }

        try
        {
            var commune = await FollowUpForms.CommuneAsync(findCommune, Commune, nameof(Commune), ct);
            var doctor = FollowUpForms.Doctor(Doctors, RegularDoctor, nameof(RegularDoctor));
            var nextDue = NextContact is { } day ? French.ToUtc(day.ToDateTime(new TimeOnly(12, 0))) : (DateTime?)null;
            var id = await open.ExecuteAsync(new EpisodeRequest(TerritoryId!.Value, PatientLastName, PatientFirstName, PatientBirthDate, PatientPhone, commune,
                doctor, Reason, Notes, nextDue, KeepOwnership, SourceCallId), User, ct);
            Message = KeepOwnership ? "Suivi ouvert : vous en êtes responsable." : "Suivi ouvert : la demande de prise en charge est partie.";
            return Redirect($"/suivi/episodes/{id}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(FormFields.Property(e.Field), e.Message);
            return Page();
        }
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (!EpisodeAccess.MayOpen(User))
        {
            return false;
        }

        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        var scope = await scopeOfUser.ExecuteAsync(User, ct);
        if (TerritoryId is not { } territory)
        {
            return false;
        }

        Doctors = (await professionals.ExecuteAsync(new DirectoryFilter(Profession: Professions.GeneralPractitioner, TerritoryId: territory), scope, 1, Paging.MaxPageSize, ct)).Items;
        IsProfessional = await ownEntry.ExecuteAsync(User, ct) is not null;
        return true;
    }
}
