using System.Globalization;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Directory;

/// <summary>
/// Exports a territory's directory in the import format, so that an export re-imports as it is. Private
/// details (the "at risk" flag) and dated exceptions are not exported.
/// </summary>
public sealed class ExportDirectory(MaillageDb db)
{
    public async Task<byte[]> ExecuteAsync(int territoryId, UserScope scope, CancellationToken ct = default)
    {
        if (!scope.Covers(territoryId))
        {
            throw DomainException.NotFound("Territoire inconnu.", "territory");
        }

        var structures = await db.Set<Structure>().AsNoTracking().Where(s => s.TerritoryId == territoryId && s.ArchivedAtUtc == null).OrderBy(s => s.NameKey).ToListAsync(ct);
        var structureIds = structures.Select(s => s.Id).ToList();
        var sites = (await db.Set<Site>().AsNoTracking().Where(s => structureIds.Contains(s.StructureId) && s.ArchivedAtUtc == null).OrderBy(s => s.Name).ToListAsync(ct))
            .ToLookup(s => s.StructureId);
        var siteIds = sites.SelectMany(g => g).Select(s => s.Id).ToList();
        var services = (await db.Set<CareService>().AsNoTracking().Where(s => siteIds.Contains(s.SiteId)).OrderBy(s => s.Name).ToListAsync(ct)).ToLookup(s => s.SiteId);
        var members = (await (from m in db.Set<Membership>()
                              join p in db.Set<Professional>() on m.ProfessionalId equals p.Id
                              where structureIds.Contains(m.StructureId) && p.ArchivedAtUtc == null
                              orderby p.NameKey
                              select new { m, p }).AsNoTracking().ToListAsync(ct)).ToLookup(x => x.m.StructureId);
        var practice = (await db.Set<PracticeSite>().AsNoTracking().Where(p => siteIds.Contains(p.SiteId)).ToListAsync(ct)).ToLookup(p => p.ProfessionalId, p => p.SiteId);

        var rows = new List<object?[]>();
        foreach (var s in structures)
        {
            object?[] StructureCells() => [StructureKinds.Code(s.Kind), s.Name, s.Finess, s.Siret, s.Phone, s.Email];
            object?[] SiteCells(Site site) => [site.Name, site.Address, site.CommuneCode, Coordinate(site.Latitude), Coordinate(site.Longitude), site.Phone];
            object?[] NoSite() => [null, null, null, null, null, null];
            object?[] NoService() => [null, null, null];
            object?[] NoProfessional() => [null, null, null, null, null, null, null, null, null, null, null];

            var structureSites = sites[s.Id].ToList();
            var structureMembers = members[s.Id].ToList();
            if (structureSites.Count == 0 && structureMembers.Count == 0)
            {
                rows.Add([.. StructureCells(), .. NoSite(), .. NoService(), .. NoProfessional()]);
            }

            foreach (var site in structureSites)
            {
                var siteServices = services[site.Id].ToList();
                if (siteServices.Count == 0)
                {
                    rows.Add([.. StructureCells(), .. SiteCells(site), .. NoService(), .. NoProfessional()]);
                }

                foreach (var service in siteServices)
                {
                    rows.Add([.. StructureCells(), .. SiteCells(site), service.Name, string.Join(",", Capabilities.Of(service.Capabilities).Select(c => c.Code)), service.WeeklyHours, .. NoProfessional()]);
                }
            }

            foreach (var x in structureMembers)
            {
                var site = structureSites.FirstOrDefault(si => practice[x.p.Id].Contains(si.Id));
                rows.Add([
                    .. StructureCells(),
                    .. site is null ? NoSite() : SiteCells(site),
                    .. NoService(),
                    x.p.Rpps, x.p.LastName, x.p.FirstName, x.p.Profession, DirectoryCsv.PracticeModeCode(x.p.PracticeMode), x.p.Phone, x.p.Email, x.p.MssanteAddress,
                    x.p.AcceptsNewPatients ? "oui" : "non", x.m.Role, x.m.College,
                ]);
            }
        }

        return Csv.Write(DirectoryCsv.Columns, rows);
    }

    private static string? Coordinate(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture);
}
