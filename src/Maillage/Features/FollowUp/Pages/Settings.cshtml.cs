using System.Globalization;
using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.FollowUp.Pages;

/// <summary>The territory's follow-up rules, for its coordinators: how long a professional has to answer, and when a home measure alarms.</summary>
public sealed class SettingsModel(
    ScopeOfUser scopeOfUser, NameTerritories territories, ShowFollowUpSettings show, SetFollowUpSettings setHandoffs, SetMonitoringSettings setMonitoring) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty] public int HandoffDeadlineHours { get; set; }

    [BindProperty] public int MaxFailuresBeforeAlert { get; set; }

    // Typed as text so that "91,5" (French decimal comma) and "91.5" both read, and a wrong entry stays in the field.
    [BindProperty] public string? Spo2Below { get; set; }

    [BindProperty] public string? Spo2DropPoints { get; set; }

    [BindProperty] public string? TemperatureAbove { get; set; }

    [BindProperty] public string? RespiratoryRateAbove { get; set; }

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Forbid();
        }

        var current = await show.ExecuteAsync(TerritoryId!.Value, await scopeOfUser.ExecuteAsync(User, ct), ct);
        (HandoffDeadlineHours, MaxFailuresBeforeAlert) = (current.HandoffDeadlineHours, current.MaxFailuresBeforeAlert);
        (Spo2Below, Spo2DropPoints, TemperatureAbove, RespiratoryRateAbove) =
            (Text(current.Monitoring.Spo2Below), Text(current.Monitoring.Spo2DropPoints), Text(current.Monitoring.TemperatureAbove), Text(current.Monitoring.RespiratoryRateAbove));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Forbid();
        }

        try
        {
            var scope = await scopeOfUser.ExecuteAsync(User, ct);
            var spo2 = Number(Spo2Below, "spo2Below") ?? throw DomainException.Invalid("Indiquez le seuil de SpO2.", "spo2Below");
            var drop = Number(Spo2DropPoints, "spo2DropPoints") ?? throw DomainException.Invalid("Indiquez la baisse de SpO2 qui alerte.", "spo2DropPoints");
            var temperature = Number(TemperatureAbove, "temperatureAbove");
            var rate = Number(RespiratoryRateAbove, "respiratoryRateAbove");
            // Both parts are checked before either is saved: a refused threshold saves nothing.
            SetFollowUpSettings.Check(HandoffDeadlineHours, MaxFailuresBeforeAlert);
            SetMonitoringSettings.Check(spo2, drop, temperature, rate);
            await setHandoffs.ExecuteAsync(TerritoryId!.Value, HandoffDeadlineHours, MaxFailuresBeforeAlert, Actor.From(User), scope, ct);
            await setMonitoring.ExecuteAsync(TerritoryId.Value, spo2, drop, temperature, rate, Actor.From(User), scope, ct);
            Message = "Règles du suivi enregistrées.";
            return Redirect($"/suivi/reglages?territoire={TerritoryId}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(FormFields.Property(e.Field), e.Message);
            return Page();
        }
    }

    private static string? Text(double? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static double? Number(string? text, string field) =>
        string.IsNullOrWhiteSpace(text) ? null
        : double.TryParse(text.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value
        : throw DomainException.Invalid($"« {text} » n'est pas un nombre.", field);

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (!EpisodeAccess.IsCoordinator(User))
        {
            return false;
        }

        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        return TerritoryId is not null;
    }
}
