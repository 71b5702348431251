using System.Globalization;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Rosters.Pages;

public sealed class AvailabilityModel(
    DirectoryAccess access, ShowWeekAvailability show, SetWeekAvailability set, SetAvailabilityRange setRange, FindOwnEntry ownEntry, ListProfessionals professionals,
    ShowRosterPreferences showPreferences, SetRosterPreferences setPreferences, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "semaine")] public DateOnly? Week { get; set; }
    [BindProperty(SupportsGet = true, Name = "pro")] public int? ProfessionalId { get; set; }
    [BindProperty] public List<string> Available { get; set; } = [];

    [BindProperty] public DateOnly? RangeFrom { get; set; }

    [BindProperty] public DateOnly? RangeTo { get; set; }

    [BindProperty] public List<int> RangeShifts { get; set; } = [];

    [BindProperty] public bool RangeAvailable { get; set; } = true;

    [BindProperty] public int? PreferredCentreId { get; set; }

    [BindProperty] public List<int> Partners { get; set; } = [];

    [TempData] public string? Message { get; set; }

    public RosterPreferencesView? Preferences { get; private set; }

    public WeekAvailability Data { get; private set; } = null!;

    public IReadOnlyList<ProfessionalRow> Volunteers { get; private set; } = [];

    public bool IsCoordinator => DirectoryAccess.CanEdit(User);

    public async Task OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (Data.ProfessionalId is not { } professional)
        {
            return Forbid();
        }

        try
        {
            var chosen = Available.Select(Parse).ToList();
            var count = await set.ExecuteAsync(id, professional, Data.WeekStart, chosen, Actor.From(User), (await access.ReaderAsync(User, ct)).Scope, ct);
            Message = $"Disponibilités enregistrées : {count} créneau(x) cette semaine.";
            return Redirect($"/plannings/centres/{id}/disponibilites?semaine={Data.WeekStart:yyyy-MM-dd}" + (IsCoordinator ? $"&pro={professional}" : ""));
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError("", e.Message);
            return Page();
        }
    }

    /// <summary>"Every morning from the 23rd to the 5th": one form instead of ticking week after week.</summary>
    public async Task<IActionResult> OnPostRangeAsync(int id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (Data.ProfessionalId is not { } professional)
        {
            return Forbid();
        }

        try
        {
            if (RangeFrom is not { } from || RangeTo is not { } to)
            {
                throw DomainException.Invalid("Indiquez les dates de début et de fin de la période.", "RangeFrom");
            }

            var count = await setRange.ExecuteAsync(id, professional, from, to, RangeShifts, RangeAvailable, Actor.From(User), (await access.ReaderAsync(User, ct)).Scope, ct);
            Message = RangeAvailable
                ? $"Période enregistrée : disponible sur {count} créneau(x) de plus du {from:dd/MM/yyyy} au {to:dd/MM/yyyy}."
                : $"Période enregistrée : {count} disponibilité(s) retirée(s) du {from:dd/MM/yyyy} au {to:dd/MM/yyyy}.";
            return Redirect($"/plannings/centres/{id}/disponibilites?semaine={from:yyyy-MM-dd}" + (IsCoordinator ? $"&pro={professional}" : ""));
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field ?? "", e.Message);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostPreferencesAsync(int id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (Data.ProfessionalId is not { } professional)
        {
            return Forbid();
        }

        try
        {
            await setPreferences.ExecuteAsync(id, professional, PreferredCentreId, Partners, Actor.From(User), (await access.ReaderAsync(User, ct)).Scope, ct);
            Message = "Préférences enregistrées : le prochain planning proposé en tiendra compte, une fois les créneaux couverts et la charge répartie.";
            return Redirect($"/plannings/centres/{id}/disponibilites?semaine={Data.WeekStart:yyyy-MM-dd}" + (IsCoordinator ? $"&pro={professional}" : "") + "#preferences");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field ?? "", e.Message);
            return Page();
        }
    }

    /// <summary>What the form shows: what was just typed after an error, otherwise what is stored.</summary>
    public bool IsPartner(int id) => PostedPreferences ? Partners.Contains(id) : Preferences?.PartnerIds.Contains(id) == true;

    public int? ShownCentre => PostedPreferences ? PreferredCentreId : Preferences?.PreferredCentreId;

    private bool PostedPreferences => HttpMethods.IsPost(Request.Method) && Request.Query["handler"] == "Preferences";

    private static (int, DateOnly) Parse(string value)
    {
        var parts = value.Split('|');
        return parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var shift) && DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", out var date)
            ? (shift, date)
            : throw DomainException.Invalid("Créneau illisible.", "available");
    }

    private async Task LoadAsync(int id, CancellationToken ct)
    {
        var reader = await access.ReaderAsync(User, ct);

        // Volunteers declare their own availability; coordinators may declare anyone's, or just look.
        var professional = IsCoordinator ? ProfessionalId : await ownEntry.ExecuteAsync(User, ct);
        var day = Week ?? RostersFeature.Today(time);
        Data = await show.ExecuteAsync(id, day, professional, reader.Scope, IsCoordinator, ct);
        if (professional is { } someone)
        {
            Preferences = await showPreferences.ExecuteAsync(id, someone, reader.Scope, ct);
        }

        if (IsCoordinator)
        {
            Volunteers = (await professionals.ExecuteAsync(new DirectoryFilter(), reader.Scope, 1, Paging.MaxPageSize, ct)).Items;
        }
    }
}
