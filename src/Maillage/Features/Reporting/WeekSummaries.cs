using System.Security.Claims;
using System.Text.Json;
using Maillage.Data;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Reporting;

/// <summary>
/// One week of a territory at a glance. <see cref="ApprovedVersion"/> is the last approved version (what the ARS
/// reads); <see cref="WorkingVersion"/> the version being corrected when the week was reopened.
/// </summary>
public sealed record WeekSummary(
    string Week, DateOnly Monday, WeekState State, int? ApprovedVersion, int? WorkingVersion, DateTime? ApprovedAtUtc, string? ApprovedBy, WeekCompleteness? Completeness, bool Current);

/// <param name="FirstMonday">The week of the territory's first centre or report; null when it has neither (nothing to report yet).</param>
/// <param name="Newest">The newest week of the span shown.</param>
/// <param name="Oldest">The oldest week of the span shown (the ARS may see fewer weeks than the span).</param>
public sealed record WeekList(int TerritoryId, DateOnly CurrentMonday, DateOnly? FirstMonday, DateOnly Newest, DateOnly Oldest, IReadOnlyList<WeekSummary> Weeks)
{
    public bool HasOlder => FirstMonday is { } first && first < Oldest;

    public bool HasNewer => Newest < CurrentMonday;
}

/// <summary>
/// The weeks of a territory, newest first, with their state and how complete they are: the home of activity
/// reporting. The figures are read once for the whole span rather than week by week. The ARS gets only the weeks
/// with an approved version, a page of them whatever their dates, without completeness (it reads the published report for that).
/// </summary>
public sealed class WeekSummaries(MaillageDb db, ActivitySources sources, WeeklyReports weeks, TimeProvider time)
{
    public const int PageWeeks = 12;

    public async Task<WeekList> ExecuteAsync(int territoryId, DateOnly? newest, ClaimsPrincipal user, CancellationToken ct = default)
    {
        ReportingAccess.Require(ReportingAccess.MayReadExact(user) || ReportingAccess.MayReadPublished(user));
        await weeks.ScopeAsync(user, territoryId, ct);
        var exact = ReportingAccess.MayReadExact(user);
        var today = French.Today(time);
        var current = IsoWeeks.Monday(today);
        var last = IsoWeeks.Monday(newest is { } n && n < current ? n : current);
        var oldest = last.AddDays(-7 * (PageWeeks - 1));

        var rows = await db.Set<WeeklyReport>().AsNoTracking().Where(w => w.TerritoryId == territoryId).ToListAsync(ct);
        if (!exact)
        {
            return Approved(territoryId, current, last, rows);
        }

        var inputs = (await sources.LoadAsync([territoryId], oldest, last.AddDays(6), ct: ct))[territoryId];
        var starts = inputs.Centres.SelectMany(c => c.Steps).Select(s => IsoWeeks.Monday(s.On)).Concat(rows.Select(r => r.WeekStart)).ToList();
        DateOnly? first = starts.Count == 0 ? null : starts.Min();
        if (first is { } f && f > oldest)
        {
            oldest = f;
        }

        var byWeek = rows.GroupBy(r => r.WeekStart).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Version).ToList());
        var list = new List<WeekSummary>();
        for (var monday = last; first is not null && monday >= oldest; monday = monday.AddDays(-7))
        {
            var versions = byWeek.GetValueOrDefault(monday) ?? [];
            var top = versions.LastOrDefault();
            var approved = versions.LastOrDefault(v => v.Status == WeekStatus.Approved);
            var state = top is null ? WeekState.Open : top.Status == WeekStatus.Approved ? WeekState.Approved : WeekState.Reopened;
            var completeness = state == WeekState.Approved
                ? JsonSerializer.Deserialize<WeekBody>(top!.Snapshot!, WeeklyReports.SnapshotJson)!.Completeness
                : WeeklyReports.Completeness(ActivityGridBuilder.Build(inputs, monday, monday.AddDays(6), today), today);
            list.Add(new WeekSummary(
                IsoWeeks.Label(monday), monday, state, approved?.Version, state == WeekState.Reopened ? top!.Version : null,
                approved?.ApprovedAtUtc, approved?.ApprovedBy, completeness, monday == current));
        }

        return new WeekList(territoryId, current, first, last, oldest, list);
    }

    /// <summary>The approved weeks up to <paramref name="last"/>, newest first, a page of them: weeks never approved do not exist for the ARS.</summary>
    private static WeekList Approved(int territoryId, DateOnly current, DateOnly last, IReadOnlyList<WeeklyReport> rows)
    {
        var approved = rows.Where(r => r.Status == WeekStatus.Approved).GroupBy(r => r.WeekStart)
            .Select(g => g.OrderBy(r => r.Version).Last()).OrderByDescending(r => r.WeekStart).ToList();
        var shown = approved.Where(r => r.WeekStart <= last).Take(PageWeeks).ToList();
        var list = shown.Select(r => new WeekSummary(IsoWeeks.Label(r.WeekStart), r.WeekStart, WeekState.Approved, r.Version, null, r.ApprovedAtUtc, r.ApprovedBy, null, r.WeekStart == current)).ToList();
        DateOnly? first = approved.Count == 0 ? null : approved[^1].WeekStart;
        return new WeekList(territoryId, current, first, last, shown.Count == 0 ? last : shown[^1].WeekStart, list);
    }
}
