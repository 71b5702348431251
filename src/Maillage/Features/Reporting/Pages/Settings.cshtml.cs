using System.Globalization;
using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Reporting.Pages;

/// <summary>The territory's small-count threshold and funding rates, and the catalogue of indicators for reference.</summary>
public sealed class SettingsModel(ScopeOfUser scopeOfUser, NameTerritories territories, ReportingSettingsStore settings) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty] public int Version { get; set; }

    // Typed as text: "25,00" and "25.00" both read, and a wrong entry stays in its field.
    [BindProperty] public string? SuppressionThreshold { get; set; }

    [BindProperty(Name = "Rates")] public Dictionary<string, string?> Rates { get; set; } = [];

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public ReportingSettingsView? Current { get; private set; }

    public static string RateField(string code) => $"Rates[{code}]";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Forbid();
        }

        if (Current is { } current)
        {
            Version = current.Version;
            SuppressionThreshold = current.SuppressionThreshold.ToString(CultureInfo.InvariantCulture);
            Rates = ReportingSettingsStore.Fundable.ToDictionary(i => i.Code, i => (string?)ReportingPages.EurosField(current.FundingRates.TryGetValue(i.Code, out var c) ? c : null));
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Forbid();
        }

        if (TerritoryId is not { } territory)
        {
            return Page();
        }

        int? threshold = null;
        try
        {
            threshold = ReportingPages.Whole(SuppressionThreshold, "SuppressionThreshold", "Seuil de secret statistique")
                ?? throw DomainException.Invalid("Seuil de secret statistique : indiquez un nombre entier.", "SuppressionThreshold");
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("SuppressionThreshold", e.Message);
        }

        var rates = new Dictionary<string, int>();
        foreach (var indicator in ReportingSettingsStore.Fundable)
        {
            var field = RateField(indicator.Code);
            try
            {
                if (ReportingPages.Cents(Rates.GetValueOrDefault(indicator.Code), field, $"Tarif « {indicator.Label} »") is { } cents)
                {
                    rates[indicator.Code] = cents;
                }
            }
            catch (DomainException e)
            {
                ModelState.AddModelError(field, e.Message);
            }
        }

        if (!ModelState.IsValid || threshold is null)
        {
            return Page();
        }

        try
        {
            await settings.SaveAsync(territory, new SettingsRequest(threshold.Value, rates, Version), User, ct);
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field == "suppressionThreshold" ? "SuppressionThreshold" : "", e.Message);
            return Page();
        }

        Message = "Réglages enregistrés : ils valent pour les prochains rapports, exports et estimations de financement.";
        return Redirect($"/activite/reglages?territoire={territory}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (!ReportingAccess.MayApprove(User))
        {
            return false;
        }

        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is { } territory)
        {
            Current = await settings.GetAsync(territory, User, ct);
        }

        return true;
    }
}
