using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.FollowUp.Pages;

/// <summary>An admission told to primary care; the regular doctor is picked from the directory so they can be told.</summary>
public sealed class AdmissionModel(ScopeOfUser scopeOfUser, NameTerritories territories, ListProfessionals professionals, FindCommune findCommune, RecordAdmission admit) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty] public string? Hospital { get; set; }

    [BindProperty] public string? PatientLastName { get; set; }

    [BindProperty] public string? PatientFirstName { get; set; }

    [BindProperty] public DateOnly? PatientBirthDate { get; set; }

    [BindProperty] public string? Commune { get; set; }

    [BindProperty] public string? RegularDoctor { get; set; }

    [BindProperty] public DateTime? AdmittedAt { get; set; }

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<ProfessionalRow> Doctors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : Forbid();

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
            await admit.ExecuteAsync(new AdmissionRequest(TerritoryId!.Value, Hospital, PatientLastName, PatientFirstName, PatientBirthDate, commune, doctor,
                AdmittedAt is { } at ? French.ToUtc(at) : null), User, ct);
            Message = doctor is null ? "Admission enregistrée." : "Admission enregistrée : le médecin traitant est prévenu.";
            return Redirect($"/suivi/hopital?territoire={TerritoryId}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field == "admittedAtUtc" ? nameof(AdmittedAt) : FormFields.Property(e.Field), e.Message);
            return Page();
        }
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (!HospitalAccess.MayRecord(User))
        {
            return false;
        }

        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is not { } territory)
        {
            return false;
        }

        Doctors = (await professionals.ExecuteAsync(new DirectoryFilter(Profession: Professions.GeneralPractitioner, TerritoryId: territory),
            await scopeOfUser.ExecuteAsync(User, ct), 1, Paging.MaxPageSize, ct)).Items;
        return true;
    }
}
