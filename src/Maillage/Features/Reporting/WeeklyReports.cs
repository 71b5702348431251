using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Reporting;

/// <summary><c>Open</c>: never approved. <c>Approved</c>: locked, figures frozen. <c>Reopened</c>: approved once, being corrected for its next version.</summary>
public enum WeekState
{
    Open,
    Approved,
    Reopened,
}

public sealed record WeekVersion(int Version, WeekStatus Status, string? Reason, DateTime? ReopenedAtUtc, string? ReopenedBy, DateTime? ApprovedAtUtc, string? ApprovedBy);

/// <summary>A centre that owes figures for the week: the days it was open and has not given every figure for.</summary>
public sealed record CentreGap(int CentreId, string Name, int ExpectedDays, IReadOnlyList<DateOnly> Missing)
{
    public bool NothingReported => ExpectedDays > 0 && Missing.Count == ExpectedDays;
}

public sealed record WeekCompleteness(int ExpectedDays, int CompleteDays, IReadOnlyList<CentreGap> Gaps)
{
    public bool Complete => CompleteDays == ExpectedDays;
}

/// <summary>What an approval freezes.</summary>
public sealed record WeekBody(string Territory, ActivityGrid Grid, WeekCompleteness Completeness, DateTime ComputedAtUtc);

/// <summary>
/// A territory's week: live figures while open or reopened, the frozen ones once approved. <see cref="Revision"/>
/// guards approving or reopening against a change made meanwhile.
/// </summary>
public sealed record WeekReport(int TerritoryId, string Week, DateOnly Monday, WeekState State, int? Version, int Revision, IReadOnlyList<WeekVersion> Versions, WeekBody Body)
{
    public DateOnly Sunday => Monday.AddDays(6);

    public WeekVersion? Current => Versions.LastOrDefault();

    public ActivityGrid Grid => Body.Grid;
}

public sealed record WeekApproval(int? Revision, bool AcceptIncomplete);

public sealed record WeekReopening(int? Revision, string? Reason);

/// <summary>Builds, approves and reopens weekly reports.</summary>
public sealed class WeeklyReports(MaillageDb db, ActivitySources sources, ScopeOfUser scopeOfUser, NameTerritories names, AuditLog audit, TimeProvider time)
{
    public static readonly JsonSerializerOptions SnapshotJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) } };

    public Task<UserScope> ScopeAsync(ClaimsPrincipal user, int territoryId, CancellationToken ct) => scopeOfUser.CoveringAsync(user, territoryId, ct);

    /// <summary>The week as its reader may see it: exact for those who enter figures; for the ARS, only an approved week.</summary>
    public async Task<WeekReport> ShowAsync(int territoryId, DateOnly monday, ClaimsPrincipal user, CancellationToken ct = default)
    {
        ReportingAccess.Require(ReportingAccess.MayReadExact(user) || ReportingAccess.MayReadPublished(user));
        await ScopeAsync(user, territoryId, ct);
        var report = await BuildAsync(territoryId, monday, ct);
        if (ReportingAccess.MayReadExact(user) || report.State == WeekState.Approved)
        {
            return report;
        }

        // Those who only read what was sent see the last approved version, never a week being corrected.
        return report.Version is { } approved
            ? await VersionAsync(territoryId, monday, approved, user, ct)
            : throw DomainException.NotFound($"Le rapport de la {IsoWeeks.Title(IsoWeeks.Monday(monday))} n'est pas encore approuvé.");
    }

    /// <summary>Without any access check: for the command line and the benchmarks.</summary>
    public async Task<WeekReport> BuildAsync(int territoryId, DateOnly monday, CancellationToken ct = default) =>
        (await BuildManyAsync([territoryId], monday, ct))[territoryId];

    public async Task<IReadOnlyDictionary<int, WeekReport>> BuildManyAsync(IReadOnlyCollection<int> territoryIds, DateOnly monday, CancellationToken ct = default)
    {
        monday = IsoWeeks.Monday(monday);
        var ids = territoryIds.Distinct().ToList();
        var territoryNames = await names.ExecuteAsync(ids, ct);
        var missing = ids.FirstOrDefault(id => !territoryNames.ContainsKey(id));
        if (missing != 0)
        {
            throw DomainException.NotFound("Territoire introuvable.");
        }

        var versions = (await db.Set<WeeklyReport>().AsNoTracking().Where(w => ids.Contains(w.TerritoryId) && w.WeekStart == monday).ToListAsync(ct))
            .GroupBy(w => w.TerritoryId).ToDictionary(g => g.Key, g => g.OrderBy(w => w.Version).ToList());
        var live = ids.Where(id => versions.GetValueOrDefault(id)?.LastOrDefault()?.Status != WeekStatus.Approved).ToList();
        var inputs = live.Count == 0 ? new Dictionary<int, ActivityInputs>() : await sources.LoadAsync(live, monday, monday.AddDays(6), ct: ct);
        var today = French.Today(time);
        var now = time.GetUtcNow().UtcDateTime;
        var result = new Dictionary<int, WeekReport>();
        foreach (var id in ids)
        {
            var rows = versions.GetValueOrDefault(id) ?? [];
            var last = rows.LastOrDefault();
            var history = rows.Select(r => new WeekVersion(r.Version, r.Status, r.Reason, r.ReopenedAtUtc, r.ReopenedBy, r.ApprovedAtUtc, r.ApprovedBy)).ToList();
            if (last?.Status == WeekStatus.Approved)
            {
                var body = JsonSerializer.Deserialize<WeekBody>(last.Snapshot!, SnapshotJson)!;
                result[id] = new WeekReport(id, IsoWeeks.Label(monday), monday, WeekState.Approved, last.Version, last.Revision, history, body);
                continue;
            }

            var grid = ActivityGridBuilder.Build(inputs[id], monday, monday.AddDays(6), today);
            var state = last is null ? WeekState.Open : WeekState.Reopened;
            result[id] = new WeekReport(id, IsoWeeks.Label(monday), monday, state, rows.LastOrDefault(r => r.Status == WeekStatus.Approved)?.Version, last?.Revision ?? 0, history,
                new WeekBody(territoryNames[id], grid, Completeness(grid, today), now));
        }

        return result;
    }

    public static WeekCompleteness Completeness(ActivityGrid grid, DateOnly today)
    {
        var gaps = new List<CentreGap>();
        var expected = 0;
        var complete = 0;
        foreach (var centre in grid.Centres)
        {
            var days = centre.ExpectedDays(grid.Days, today);
            var missing = centre.MissingDays.Count;
            expected += days;
            complete += days - missing;
            if (missing > 0)
            {
                gaps.Add(new CentreGap(centre.CentreId, centre.Name, days, centre.MissingDays));
            }
        }

        return new WeekCompleteness(expected, complete, gaps);
    }

    public async Task<WeekReport> ApproveAsync(int territoryId, DateOnly monday, WeekApproval request, ClaimsPrincipal user, CancellationToken ct = default)
    {
        ReportingAccess.Require(ReportingAccess.MayApprove(user));
        await ScopeAsync(user, territoryId, ct);
        monday = IsoWeeks.Monday(monday);
        if (monday > French.Today(time))
        {
            throw DomainException.Invalid("Une semaine qui n'a pas commencé ne peut pas être approuvée.", "week");
        }

        var report = await BuildAsync(territoryId, monday, ct);
        if (report.State == WeekState.Approved)
        {
            throw DomainException.Conflict($"La {IsoWeeks.Title(monday)} est déjà approuvée (version {report.Version}).", "week");
        }

        if (request.Revision is { } expected && expected != report.Revision)
        {
            throw DomainException.Conflict("Le rapport a changé entre-temps : rechargez la page.", "revision");
        }

        if (!report.Body.Completeness.Complete && !request.AcceptIncomplete)
        {
            var who = string.Join(", ", report.Body.Completeness.Gaps.Select(g => $"{g.Name} ({g.Missing.Count} j)"));
            throw DomainException.Invalid($"Il manque des chiffres : {who}. Complétez-les, ou confirmez l'approbation d'une semaine incomplète.", "acceptIncomplete");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var actor = Actor.From(user);
        var snapshot = JsonSerializer.Serialize(report.Body, SnapshotJson);
        var row = await db.Set<WeeklyReport>().Where(w => w.TerritoryId == territoryId && w.WeekStart == monday).OrderByDescending(w => w.Version).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            row = new WeeklyReport { TerritoryId = territoryId, WeekStart = monday, Version = 1 };
            db.Add(row);
        }

        row.Status = WeekStatus.Approved;
        row.ApprovedAtUtc = now;
        row.ApprovedBy = Actor.NameOf(user);
        row.Snapshot = snapshot;
        row.Revision++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw DomainException.Conflict("Le rapport vient d'être approuvé par quelqu'un d'autre : rechargez la page.", "revision");
        }

        await audit.RecordAsync(actor, "reporting.week.approved", $"territory:{territoryId}", $"{IsoWeeks.Label(monday)} v{row.Version}", ct);
        return await BuildAsync(territoryId, monday, ct);
    }

    public async Task<WeekReport> ReopenAsync(int territoryId, DateOnly monday, WeekReopening request, ClaimsPrincipal user, CancellationToken ct = default)
    {
        ReportingAccess.Require(ReportingAccess.MayApprove(user));
        await ScopeAsync(user, territoryId, ct);
        monday = IsoWeeks.Monday(monday);
        var reason = DirectoryRules.Required(request.Reason, "Motif de la correction", "reason", 500);
        if (reason.Length < 5)
        {
            throw DomainException.Invalid("Motif de la correction : expliquez en quelques mots ce qui est corrigé.", "reason");
        }

        var last = await db.Set<WeeklyReport>().AsNoTracking().Where(w => w.TerritoryId == territoryId && w.WeekStart == monday).OrderByDescending(w => w.Version).FirstOrDefaultAsync(ct);
        if (last is null || last.Status != WeekStatus.Approved)
        {
            throw DomainException.Conflict($"La {IsoWeeks.Title(monday)} n'est pas approuvée : ses chiffres se corrigent directement.", "week");
        }

        if (request.Revision is { } expected && expected != last.Revision)
        {
            throw DomainException.Conflict("Le rapport a changé entre-temps : rechargez la page.", "revision");
        }

        db.Add(new WeeklyReport
        {
            TerritoryId = territoryId, WeekStart = monday, Version = last.Version + 1, Status = WeekStatus.Reopened, Reason = reason,
            ReopenedAtUtc = time.GetUtcNow().UtcDateTime, ReopenedBy = Actor.NameOf(user), Revision = 1,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw DomainException.Conflict("La semaine vient d'être rouverte par quelqu'un d'autre : rechargez la page.", "revision");
        }

        await audit.RecordAsync(Actor.From(user), "reporting.week.reopened", $"territory:{territoryId}", $"{IsoWeeks.Label(monday)} v{last.Version + 1}: {reason}", ct);
        return await BuildAsync(territoryId, monday, ct);
    }

    /// <summary>An approved version as it was sent.</summary>
    public async Task<WeekReport> VersionAsync(int territoryId, DateOnly monday, int version, ClaimsPrincipal user, CancellationToken ct = default)
    {
        ReportingAccess.Require(ReportingAccess.MayReadPublished(user) || ReportingAccess.MayReadExact(user));
        await ScopeAsync(user, territoryId, ct);
        monday = IsoWeeks.Monday(monday);
        var rows = await db.Set<WeeklyReport>().AsNoTracking().Where(w => w.TerritoryId == territoryId && w.WeekStart == monday).OrderBy(w => w.Version).ToListAsync(ct);
        var row = rows.FirstOrDefault(r => r.Version == version && r.Snapshot is not null) ?? throw DomainException.NotFound($"Aucune version {version} approuvée pour {IsoWeeks.Label(monday)}.");
        var history = rows.Where(r => r.Version <= version).Select(r => new WeekVersion(r.Version, r.Status == WeekStatus.Approved || r.Version < version ? WeekStatus.Approved : r.Status, r.Reason, r.ReopenedAtUtc, r.ReopenedBy, r.ApprovedAtUtc, r.ApprovedBy)).ToList();
        return new WeekReport(territoryId, IsoWeeks.Label(monday), monday, WeekState.Approved, version, row.Revision, history, JsonSerializer.Deserialize<WeekBody>(row.Snapshot!, SnapshotJson)!);
    }

    /// <summary>Whether the week holding a day is locked (approved), for entries.</summary>
    public async Task<WeeklyReport?> LockOfAsync(int territoryId, DateOnly day, CancellationToken ct)
    {
        var monday = IsoWeeks.Monday(day);
        var last = await db.Set<WeeklyReport>().AsNoTracking().Where(w => w.TerritoryId == territoryId && w.WeekStart == monday).OrderByDescending(w => w.Version).FirstOrDefaultAsync(ct);
        return last?.Status == WeekStatus.Approved ? last : null;
    }

    /// <summary>The weeks of a territory with a report, newest first, with their state.</summary>
    public async Task<IReadOnlyList<(DateOnly Monday, WeekStatus Status, int Version, DateTime? ApprovedAtUtc)>> ListAsync(int territoryId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        ReportingAccess.Require(ReportingAccess.MayReadPublished(user) || ReportingAccess.MayReadExact(user));
        await ScopeAsync(user, territoryId, ct);
        return (await db.Set<WeeklyReport>().AsNoTracking().Where(w => w.TerritoryId == territoryId).ToListAsync(ct))
            .GroupBy(w => w.WeekStart).Select(g => g.OrderBy(w => w.Version).Last())
            .Select(w => (w.WeekStart, w.Status, w.Version, w.ApprovedAtUtc))
            .OrderByDescending(w => w.WeekStart).ToList();
    }
}
