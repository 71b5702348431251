using System.Globalization;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Directory;

public sealed record OfferQuery(
    IReadOnlyList<string> Capabilities,
    string? NearCommune = null,
    double? Latitude = null,
    double? Longitude = null,
    double? RadiusKm = null,
    DateTime? OpenAtUtc = null,
    bool OpenNow = false,
    string? Profession = null,
    int? TerritoryId = null,
    int Limit = 20);

public sealed record OfferHit(
    int StructureId,
    int SiteId,
    int ServiceId,
    string StructureName,
    string StructureKind,
    string SiteName,
    string ServiceName,
    string? Address,
    string CommuneCode,
    string CommuneName,
    string? Phone,
    double? Latitude,
    double? Longitude,
    double? DistanceKm,
    bool Open,
    DateTime? NextOpeningUtc,
    IReadOnlyList<string> Capabilities,
    IReadOnlyList<string> Reasons);

public sealed record OfferResult(DateTime AtUtc, string? Reference, int Total, IReadOnlyList<OfferHit> Hits);

/// <summary>
/// "Which site can see this patient, near commune X, now?" Filters services by capability, profession
/// and opening; ranks by distance (from a point, or from the commune), then open first, then next opening.
/// </summary>
public sealed class SearchOffer(MaillageDb db, ShowCommune showCommune, NameCommunes communeNames, TimeProvider time)
{
    public const double DefaultRadiusKm = 30;
    public const double MaxRadiusKm = 300;

    public async Task<OfferResult> ExecuteAsync(OfferQuery query, UserScope scope, CancellationToken ct = default)
    {
        var wanted = Capabilities.Parse(query.Capabilities, "capability");

        if (query.Profession is { Length: > 0 } profession && Professions.Find(profession) is null)
        {
            throw DomainException.Invalid($"Profession inconnue « {profession} ».", "profession");
        }

        if (query.Latitude is null != query.Longitude is null || query.Latitude is < -90 or > 90 || query.Longitude is < -180 or > 180)
        {
            throw DomainException.Invalid("Donnez une latitude (-90 à 90) et une longitude (-180 à 180), en degrés décimaux WGS84.", "lat");
        }

        if (query.RadiusKm is <= 0 or > MaxRadiusKm)
        {
            throw DomainException.Invalid($"Le rayon doit être compris entre 0 et {MaxRadiusKm} km.", "radiusKm");
        }

        bool Visible(int territoryId) => scope.Covers(territoryId) && (query.TerritoryId is not { } only || only == territoryId);

        var limit = Math.Clamp(query.Limit, 1, 100);
        var atUtc = query.OpenAtUtc ?? time.GetUtcNow().UtcDateTime;
        var filterOpen = query.OpenNow || query.OpenAtUtc is not null;

        var services = from service in db.Set<CareService>()
                       join site in db.Set<Site>() on service.SiteId equals site.Id
                       join structure in db.Set<Structure>() on site.StructureId equals structure.Id
                       where service.IsActive && site.ArchivedAtUtc == null && structure.ArchivedAtUtc == null
                             && (service.Capabilities & wanted) == wanted
                       select new { service, site, structure };

        if (query.Profession is { Length: > 0 } p)
        {
            services = services.Where(x => db.Set<PracticeSite>().Any(ps => ps.SiteId == x.site.Id
                && db.Set<Professional>().Any(pr => pr.Id == ps.ProfessionalId && pr.Profession == p && pr.ArchivedAtUtc == null)));
        }

        // Where the patient is: a point, or a commune.
        CommuneDetails? commune = null;
        (double Lat, double Lon)? point = query.Latitude is { } lat && query.Longitude is { } lon ? (lat, lon) : null;
        string? reference = point is null ? null : $"point {point.Value.Lat.ToString("0.0000", CultureInfo.InvariantCulture)}, {point.Value.Lon.ToString("0.0000", CultureInfo.InvariantCulture)}";
        if (!string.IsNullOrWhiteSpace(query.NearCommune))
        {
            try
            {
                commune = await showCommune.ExecuteAsync(query.NearCommune, ct);
            }
            catch (DomainException e)
            {
                throw DomainException.Invalid(e.Message, "near");
            }

            if (point is null)
            {
                // We have no reference coordinates for communes: the centre of the directory's own sites in the
                // commune stands in for it; with none, ranking falls back to same commune, EPCI, département.
                // Any geolocated site of the commune counts, whatever its services; only the reader's territories.
                var communeCode = commune.Code;
                var located = (await (from site in db.Set<Site>().AsNoTracking()
                                      join structure in db.Set<Structure>() on site.StructureId equals structure.Id
                                      where site.ArchivedAtUtc == null && structure.ArchivedAtUtc == null && site.CommuneCode == communeCode && site.Latitude != null && site.Longitude != null
                                      select new { Lat = site.Latitude!.Value, Lon = site.Longitude!.Value, structure.TerritoryId })
                    .ToListAsync(ct)).Where(l => Visible(l.TerritoryId)).ToList();
                if (located.Count > 0)
                {
                    point = (located.Average(l => l.Lat), located.Average(l => l.Lon));
                    reference = $"{commune.Name} (centre des {located.Count} site(s) connus de la commune)";
                }
                else
                {
                    reference = $"{commune.Name} (sans coordonnées : classement par commune, EPCI puis département)";
                }
            }
        }

        // The reader's territories filter the few rows near the patient, after the fact: in SQL, a list of
        // territories makes SQLite walk every structure of those territories instead of the map index.
        var bounded = point is not null && (query.RadiusKm is not null || commune is not null);
        if (!bounded)
        {
            services = services.InScope(scope, x => x.structure.TerritoryId, query.TerritoryId);
        }

        if (point is { } center && (query.RadiusKm is not null || commune is not null))
        {
            var radius = query.RadiusKm ?? DefaultRadiusKm;
            var dLat = radius / 111.0;
            var dLon = radius / (111.0 * Math.Max(0.1, Math.Cos(center.Lat * Math.PI / 180)));
            var (minLat, maxLat, minLon, maxLon) = (center.Lat - dLat, center.Lat + dLat, center.Lon - dLon, center.Lon + dLon);
            var communeCode = commune?.Code;
            services = services.Where(x => (x.site.Latitude >= minLat && x.site.Latitude <= maxLat && x.site.Longitude >= minLon && x.site.Longitude <= maxLon)
                || x.site.CommuneCode == communeCode);
        }
        else if (commune is not null)
        {
            var departement = commune.Departement.Code;
            services = services.Where(x => x.site.DepartementCode == departement);
        }

        var candidates = (await services.AsNoTracking().ToListAsync(ct)).Where(c => !bounded || Visible(c.structure.TerritoryId)).ToList();
        var serviceIds = candidates.Select(c => c.service.Id).ToList();
        var exceptions = (await db.Set<ServiceException>().AsNoTracking().Where(e => serviceIds.Contains(e.CareServiceId)).ToListAsync(ct))
            .ToLookup(e => e.CareServiceId);
        var names = await communeNames.ExecuteAsync(candidates.Select(c => c.site.CommuneCode).ToList(), ct);

        var ranked = new List<(OfferHit Hit, int Proximity)>();
        foreach (var c in candidates)
        {
            var openingExceptions = ServiceViews.Exceptions(exceptions[c.service.Id]);
            var hours = OpeningHours.Parse(c.service.WeeklyHours);
            var open = hours.IsOpenAtUtc(atUtc, openingExceptions);
            if (filterOpen && !open)
            {
                continue;
            }

            double? distance = point is { } from && c.site.Latitude is { } sLat && c.site.Longitude is { } sLon
                ? Math.Round(DirectoryRules.DistanceKm(from.Lat, from.Lon, sLat, sLon), 1)
                : null;
            if (distance > (query.RadiusKm ?? (commune is null ? double.MaxValue : DefaultRadiusKm)) && c.site.CommuneCode != commune?.Code)
            {
                continue;
            }

            var proximity = commune is null ? 3
                : c.site.CommuneCode == commune.Code ? 0
                : c.site.EpciCode is not null && c.site.EpciCode == commune.Epci?.Code ? 1
                : c.site.DepartementCode == commune.Departement.Code ? 2 : 3;
            var communeName = names.GetValueOrDefault(c.site.CommuneCode, c.site.CommuneCode);
            var reasons = new List<string>();
            reasons.AddRange(Capabilities.Of(wanted).Select(x => x.Label));
            if (query.Profession is { Length: > 0 } prof)
            {
                reasons.Add($"{Professions.Label(prof)} sur place");
            }

            if (distance is { } km)
            {
                reasons.Add(km < 0.1 ? "à moins de 100 m" : $"à {km.ToString("0.0", French.Culture)} km");
            }
            else if (commune is not null)
            {
                reasons.Add(proximity switch
                {
                    0 => $"dans la commune ({commune.Name})",
                    1 => $"même intercommunalité ({commune.Epci?.Name})",
                    2 => $"même département ({commune.Departement.Name})",
                    _ => "hors du département",
                });
            }

            var next = open ? atUtc : hours.NextOpeningUtc(atUtc, openingExceptions);
            reasons.Add(open
                ? (query.OpenAtUtc is null ? "ouvert maintenant" : $"ouvert le {French.DateTime(atUtc)}")
                : next is { } n ? $"fermé, ouvre le {French.DateTime(n)}" : "fermé dans les 14 prochains jours");

            ranked.Add((new OfferHit(
                c.structure.Id, c.site.Id, c.service.Id, c.structure.Name, StructureKinds.Code(c.structure.Kind), c.site.Name, c.service.Name,
                c.site.Address, c.site.CommuneCode, communeName, c.site.Phone ?? c.structure.Phone, c.site.Latitude, c.site.Longitude, distance,
                open, next, Capabilities.Of(c.service.Capabilities).Select(x => x.Code).ToList(), reasons), proximity));
        }

        var ordered = Rank(ranked);
        return new OfferResult(atUtc, reference, ordered.Count, ordered.Take(limit).ToList());
    }

    /// <summary>
    /// Nearest first (sites without coordinates after those with), then by administrative proximity (0 same
    /// commune, 1 same EPCI, 2 same département, 3 elsewhere), then open before closed, then soonest opening,
    /// then name.
    /// </summary>
    public static IReadOnlyList<OfferHit> Rank(IEnumerable<(OfferHit Hit, int Proximity)> hits) => hits
        .OrderBy(r => r.Hit.DistanceKm ?? double.MaxValue)
        .ThenBy(r => r.Proximity)
        .ThenByDescending(r => r.Hit.Open)
        .ThenBy(r => r.Hit.NextOpeningUtc ?? DateTime.MaxValue)
        .ThenBy(r => r.Hit.StructureName, StringComparer.Create(French.Culture, true))
        .Select(r => r.Hit)
        .ToList();
}
