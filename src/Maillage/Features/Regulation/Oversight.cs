using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Regulation;

/// <param name="Final">Calls by orientation decided (after overrides).</param>
/// <param name="Computed">Calls by orientation the protocol gave.</param>
/// <param name="Differences">Why this site stands out from the other sites under the same version; empty when it does not.</param>
public sealed record SiteOversight(
    int? SiteId, string Site, int Calls, int Overrides, IReadOnlyDictionary<string, int> Final, IReadOnlyDictionary<string, int> Computed, IReadOnlyList<string> Differences);

public sealed record VersionOversight(int ProtocolVersionId, int Number, int Calls, IReadOnlyList<SiteOversight> Sites);

public sealed record OversightReport(DateOnly WeekStart, int Calls, IReadOnlyList<VersionOversight> Versions);

/// <summary>
/// Per week, per protocol version and per site that took the calls: orientations decided, what the
/// protocol said, and overrides. A site is pointed out when, under the same version, its share of an
/// orientation or of overrides is far from the other sites' — the drift the protocol is there to prevent.
/// </summary>
public sealed class RegulationOversight(MaillageDb db, LabelSites sites)
{
    /// <summary>Below this many calls a share says nothing.</summary>
    public const int MinCalls = 10;

    /// <summary>Percentage points between a site and the others that make it stand out.</summary>
    public const double Gap = 0.20;

    public async Task<OversightReport> ExecuteAsync(int territoryId, DateOnly anyDay, UserScope scope, CancellationToken ct = default)
    {
        ProtocolVersions.Ensure(scope, territoryId);
        var monday = anyDay.AddDays(-(((int)anyDay.DayOfWeek + 6) % 7));
        var from = French.ToUtc(monday.ToDateTime(TimeOnly.MinValue));
        var to = French.ToUtc(monday.AddDays(7).ToDateTime(TimeOnly.MinValue));
        var calls = await db.Set<RegulationCall>().AsNoTracking()
            .Where(c => c.TerritoryId == territoryId && c.RecordedAtUtc >= from && c.RecordedAtUtc < to)
            .Select(c => new { c.ProtocolVersionId, c.TakenAtSiteId, c.ComputedOrientation, c.FinalOrientation, Overridden = c.OverrideOrientation != null })
            .ToListAsync(ct);
        var numbers = await db.Set<TriageProtocolVersion>().AsNoTracking().Where(v => v.TerritoryId == territoryId).ToDictionaryAsync(v => v.Id, v => v.Number, ct);
        var names = await sites.ExecuteAsync(calls.Where(c => c.TakenAtSiteId != null).Select(c => c.TakenAtSiteId!.Value).ToList(), ct);
        var versions = calls.GroupBy(c => c.ProtocolVersionId).OrderByDescending(g => numbers.GetValueOrDefault(g.Key)).Select(version =>
        {
            var rows = version.GroupBy(c => c.TakenAtSiteId).Select(site =>
            {
                var others = version.Where(c => c.TakenAtSiteId != site.Key).ToList();
                var differences = new List<string>();
                if (site.Count() >= MinCalls && others.Count >= MinCalls)
                {
                    foreach (var code in version.Select(c => c.FinalOrientation).Distinct())
                    {
                        var here = Share(site, c => c.FinalOrientation == code);
                        var there = Share(others, c => c.FinalOrientation == code);
                        if (Math.Abs(here - there) >= Gap)
                        {
                            differences.Add($"« {Orientations.Find(code)?.Label ?? code} » : {Pct(here)} des appels, contre {Pct(there)} sur les autres sites");
                        }
                    }

                    var overridesHere = Share(site, c => c.Overridden);
                    var overridesThere = Share(others, c => c.Overridden);
                    if (Math.Abs(overridesHere - overridesThere) >= Gap)
                    {
                        differences.Add($"orientation du protocole changée dans {Pct(overridesHere)} des appels, contre {Pct(overridesThere)} sur les autres sites");
                    }
                }

                return new SiteOversight(site.Key,
                    site.Key is { } id && names.TryGetValue(id, out var n) ? $"{n.StructureName} — {n.SiteName}" : "Site non indiqué",
                    site.Count(), site.Count(c => c.Overridden),
                    site.GroupBy(c => c.FinalOrientation).ToDictionary(g => g.Key, g => g.Count()),
                    site.GroupBy(c => c.ComputedOrientation).ToDictionary(g => g.Key, g => g.Count()),
                    differences);
            }).OrderByDescending(s => s.Calls).ToList();
            return new VersionOversight(version.Key, numbers.GetValueOrDefault(version.Key), version.Count(), rows);
        }).ToList();
        return new OversightReport(monday, calls.Count, versions);
    }

    private static string Pct(double share) => share.ToString("P0", French.Culture).Replace('\u202f', ' ').Replace('\u00a0', ' ');

    private static double Share<T>(IEnumerable<T> items, Func<T, bool> which)
    {
        var list = items as IReadOnlyCollection<T> ?? items.ToList();
        return list.Count == 0 ? 0 : (double)list.Count(which) / list.Count;
    }
}
