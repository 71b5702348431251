using Maillage.Features.Accounts;
using Maillage.Features.Crisis;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Reporting.Pages;

/// <summary>
/// A centre's figures for one day, typed by its secretary or the coordination. Each field is named after its
/// indicator. An empty field is no figure: for a figure the platform computes, the computed one stays; a field
/// emptied clears what was typed. Unusual figures are confirmed before they are kept; what was typed is never lost.
/// </summary>
public sealed class EntryModel(ScopeOfUser scopeOfUser, NameTerritories territories, ActivityEntries entries, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "centre")] public int? CentreId { get; set; }

    [BindProperty(SupportsGet = true, Name = "jour")] public string? DayText { get; set; }

    [BindProperty(Name = "motif")] public string? Reason { get; set; }

    [BindProperty(Name = "confirmer")] public bool ConfirmOutliers { get; set; }

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<CentreCalendar> Centres { get; private set; } = [];

    public DaySheet? Sheet { get; private set; }

    public DateOnly Day { get; private set; }

    public DateOnly Today { get; private set; }

    /// <summary>What was typed in each field by the last post, kept when it is refused or to be confirmed.</summary>
    public IReadOnlyDictionary<string, string> Typed { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyList<ActivityWarning> Warnings { get; private set; } = [];

    public bool MayApprove => ReportingAccess.MayApprove(User);

    public bool Future => Day > Today;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ReportingAccess.MayEnter(User))
        {
            return Forbid();
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ReportingAccess.MayEnter(User))
        {
            return Forbid();
        }

        var asked = TerritoryId;
        await LoadAsync(ct);
        if (TerritoryId is not { } territory || territory != asked || Sheet is null || !ModelState.IsValid)
        {
            // Never record for another territory, centre or day than the one the form showed.
            return TerritoryId == asked ? Page() : NotFound();
        }

        Typed = Indicators.Enterable.ToDictionary(i => i.Code, i => Request.Form[i.Code].ToString());
        var values = new Dictionary<string, int?>();
        foreach (var indicator in Indicators.Enterable)
        {
            try
            {
                values[indicator.Code] = ReportingPages.Whole(Typed[indicator.Code], indicator.Code, indicator.Label);
            }
            catch (DomainException e)
            {
                ModelState.AddModelError(indicator.Code, e.Message);
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            var result = await entries.RecordAsync(territory, new DayEntry(Sheet.CentreId, Day, values, Reason, ConfirmOutliers), "saisie", User, ct);
            if (!result.Saved)
            {
                Warnings = result.Warnings;
                return Page();
            }

            Message = result.Changed switch
            {
                0 => "Chiffres enregistrés : rien n'avait changé.",
                1 => "Chiffres enregistrés : 1 valeur modifiée.",
                var n => $"Chiffres enregistrés : {n} valeurs modifiées.",
            };
            return Redirect(ReportingPages.Entry(territory, Sheet.CentreId, Day));
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field switch { "day" => "jour", "centreId" => "centre", "reason" => "motif", null => "", var f => Indicators.Find(f) is null ? "" : f }, e.Message);
            if (e.Kind == DomainErrorKind.Conflict)
            {
                // The week was approved meanwhile: show it locked.
                Sheet = await entries.SheetAsync(territory, Sheet.CentreId, Day, User, ct);
            }

            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Today = French.Today(time);
        Day = Today;
        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is not { } territory)
        {
            return;
        }

        Centres = await entries.CentresAsync(territory, ct);
        if (!string.IsNullOrWhiteSpace(DayText))
        {
            // Old browsers show a date field as text: the French way of writing a date is accepted too.
            if (DateOnly.TryParseExact(DayText.Trim(), ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
            {
                Day = day;
            }
            else
            {
                ModelState.AddModelError("jour", $"Date invalide « {DayText} » : attendu une date comme 30/03/2020.");
            }
        }

        var centre = Centres.FirstOrDefault(c => c.Id == CentreId) ?? Centres.FirstOrDefault(c => c.OpenOn(Day)) ?? Centres.FirstOrDefault();
        if (CentreId is { } asked && centre?.Id != asked)
        {
            ModelState.AddModelError("centre", "Ce centre n'est pas sur ce territoire : choisissez-en un dans la liste.");
        }

        if (centre is not null)
        {
            CentreId = centre.Id;
            Sheet = await entries.SheetAsync(territory, centre.Id, Day, User, ct);
        }
    }

    /// <summary>What a field shows: what was typed, else the value entered earlier.</summary>
    public string ValueOf(DayField field) => Typed.TryGetValue(field.Code, out var typed) ? typed : field.Entered?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";

    public string DayLink(DateOnly day) => ReportingPages.Entry(TerritoryId ?? 0, CentreId ?? 0, day);
}
