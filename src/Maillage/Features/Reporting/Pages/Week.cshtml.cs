using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Reporting.Pages;

/// <summary>
/// A territory's week with its exact figures, for those who enter and approve them: where each figure comes from,
/// what is missing, the versions, approval and reopening, the exports, and the week as it will leave (suppressed).
/// The ARS is sent to the published report instead.
/// </summary>
public sealed class WeekModel(ScopeOfUser scopeOfUser, NameTerritories territories, WeeklyReports weeks, PublishedWeeks published, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "semaine")] public string? WeekText { get; set; }

    /// <summary>Shows the week as it leaves the territory, small counts suppressed.</summary>
    [BindProperty(SupportsGet = true, Name = "apercu")] public string? PreviewText { get; set; }

    public bool Preview => PreviewText is { Length: > 0 } and not "0" and not "false";

    [BindProperty(Name = "revision")] public int? Revision { get; set; }

    [BindProperty(Name = "incomplete")] public bool AcceptIncomplete { get; set; }

    [BindProperty(Name = "motif")] public string? Reason { get; set; }

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public WeekReport? Report { get; private set; }

    public PublishedWeek? Published { get; private set; }

    public DateOnly Today { get; private set; }

    public bool MayApprove => ReportingAccess.MayApprove(User);

    public bool MayEnter => ReportingAccess.MayEnter(User);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ReportingAccess.MayReadExact(User))
        {
            // The ARS reads what leaves the territory, never the exact figures.
            return ReportingAccess.MayReadPublished(User) && TerritoryId is { } t && ReportingPages.WeekOf(WeekText, French.Today(time)) is { } m
                ? Redirect(ReportingPages.Print(t, m))
                : Forbid();
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(CancellationToken ct)
    {
        return await DecideAsync((territory, monday) => weeks.ApproveAsync(territory, monday, new WeekApproval(Revision, AcceptIncomplete), User, ct),
            r => $"Semaine {r.Week} approuvée : version {r.Version}, figée telle qu'envoyée.", ct);
    }

    public async Task<IActionResult> OnPostReopenAsync(CancellationToken ct)
    {
        return await DecideAsync((territory, monday) => weeks.ReopenAsync(territory, monday, new WeekReopening(Revision, Reason), User, ct),
            r => $"Semaine {r.Week} rouverte pour correction : la version {r.Current?.Version} sera à approuver.", ct);
    }

    private async Task<IActionResult> DecideAsync(Func<int, DateOnly, Task<WeekReport>> decide, Func<WeekReport, string> done, CancellationToken ct)
    {
        if (!ReportingAccess.MayApprove(User))
        {
            return Forbid();
        }

        var asked = TerritoryId;
        await LoadAsync(ct);
        if (TerritoryId is not { } territory || territory != asked || Report is null || !ModelState.IsValid)
        {
            // Never decide on another territory or week than the one asked (the page falls back to another to show).
            return TerritoryId == asked ? Page() : NotFound();
        }

        try
        {
            var report = await decide(territory, Report.Monday);
            Message = done(report);
            return Redirect(ReportingPages.Week(territory, report.Monday));
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field switch { "acceptIncomplete" => "incomplete", "reason" => "motif", _ => "" }, e.Message);
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Today = French.Today(time);
        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is not { } territory)
        {
            return;
        }

        var monday = ReportingPages.WeekOf(WeekText, Today);
        if (monday is null)
        {
            ModelState.AddModelError("semaine", $"Semaine invalide « {WeekText} » : attendu une semaine ISO comme 2020-W14.");
            monday = IsoWeeks.Monday(Today);
        }

        Report = await weeks.ShowAsync(territory, monday.Value, User, ct);
        if (Preview)
        {
            Published = await published.ExecuteAsync(territory, monday.Value, null, User, ct);
        }
    }

    public string Label => Report is null ? "" : IsoWeeks.Label(Report.Monday);
}
