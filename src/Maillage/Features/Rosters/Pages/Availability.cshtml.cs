using System.Globalization;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Rosters.Pages;

public sealed class AvailabilityModel(
    DirectoryAccess access, ShowWeekAvailability show, SetWeekAvailability set, FindOwnEntry ownEntry, ListProfessionals professionals, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "semaine")] public DateOnly? Week { get; set; }
    [BindProperty(SupportsGet = true, Name = "pro")] public int? ProfessionalId { get; set; }
    [BindProperty] public List<string> Available { get; set; } = [];

    [TempData] public string? Message { get; set; }

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
        var day = Week ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(time.GetUtcNow().UtcDateTime, French.Paris));
        Data = await show.ExecuteAsync(id, day, professional, reader.Scope, IsCoordinator, ct);
        if (IsCoordinator)
        {
            Volunteers = (await professionals.ExecuteAsync(new DirectoryFilter(), reader.Scope, 1, Paging.MaxPageSize, ct)).Items;
        }
    }
}
