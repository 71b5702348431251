using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Directory;

public sealed record MapSite(
    int StructureId, string StructureName, string KindLabel, int SiteId, string SiteName, string? Address, string CommuneCode, string CommuneName,
    double? Latitude, double? Longitude, string? Phone, IReadOnlyList<string> Capabilities, bool OpenNow);

/// <summary>The sites of the map and of its list view: active sites in the reader's territories, optionally by capability.</summary>
public sealed class MapSites(MaillageDb db, NameCommunes communeNames, TimeProvider time)
{
    public async Task<IReadOnlyList<MapSite>> ExecuteAsync(UserScope scope, int? territoryId, string? capability, CancellationToken ct = default)
    {
        var wanted = Capabilities.Parse(capability is null ? [] : [capability], "capability");

        var structures = ListStructures.Scoped(db.Set<Structure>().AsNoTracking(), scope, territoryId).Where(s => s.ArchivedAtUtc == null);
        var rows = await (from site in db.Set<Site>()
                          join structure in structures on site.StructureId equals structure.Id
                          where site.ArchivedAtUtc == null
                          orderby structure.NameKey, site.Name
                          select new { site, structure }).AsNoTracking().ToListAsync(ct);
        var siteIds = rows.Select(r => r.site.Id).ToList();
        var allServices = (await db.Set<CareService>().AsNoTracking().Include(s => s.Exceptions)
                .Where(s => siteIds.Contains(s.SiteId)).ToListAsync(ct))
            .ToLookup(s => s.SiteId);
        var services = allServices.SelectMany(g => g).Where(s => s.IsActive).ToLookup(s => s.SiteId);

        // A site whose services are all switched off (a crisis centre not open yet, or asleep) is not on the map.
        rows = rows.Where(r => !allServices[r.site.Id].Any() || services[r.site.Id].Any()).ToList();
        var names = await communeNames.ExecuteAsync(rows.Select(r => r.site.CommuneCode).ToList(), ct);
        var now = time.GetUtcNow().UtcDateTime;
        return rows
            .Select(r =>
            {
                var siteServices = services[r.site.Id].ToList();
                var all = siteServices.Aggregate(Capability.None, (acc, s) => acc | s.Capabilities);
                return (r, siteServices, all);
            })
            .Where(x => wanted == Capability.None || x.siteServices.Any(s => (s.Capabilities & wanted) == wanted))
            .Select(x => new MapSite(
                x.r.structure.Id, x.r.structure.Name, StructureKinds.Label(x.r.structure.Kind), x.r.site.Id, x.r.site.Name, x.r.site.Address,
                x.r.site.CommuneCode, names.GetValueOrDefault(x.r.site.CommuneCode, x.r.site.CommuneCode), x.r.site.Latitude, x.r.site.Longitude,
                x.r.site.Phone ?? x.r.structure.Phone, Capabilities.Of(x.all).Select(c => c.Code).ToList(),
                x.siteServices.Any(s => OpeningHours.Parse(s.WeeklyHours).IsOpenAtUtc(now, ServiceViews.Exceptions(s)))))
            .ToList();
    }
}
