using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Directory;

public sealed record StructureView(
    int Id, int TerritoryId, string Kind, string KindLabel, string Name, string? Finess, string? Siret, string? Siren,
    string? Phone, string? Email, string? Website, string? Notes, bool IsDemo, bool Archived, int Version);

public sealed record ServiceExceptionView(DateOnly Date, string Hours, string? Reason);

public sealed record ServiceView(int Id, string Name, IReadOnlyList<string> Capabilities, string WeeklyHours, bool IsActive, bool OpenNow, IReadOnlyList<ServiceExceptionView> Exceptions, int Version);

public sealed record SiteView(
    int Id, string Name, string? Address, string CommuneCode, string CommuneName, double? Latitude, double? Longitude,
    string? Phone, string? Accessibility, bool Archived, int Version, IReadOnlyList<ServiceView> Services);

public sealed record MemberView(int ProfessionalId, string Name, string Profession, string ProfessionLabel, string Role, string? College, IReadOnlyList<int> SiteIds, bool? AtRisk);

public sealed record StructureDetails(StructureView Structure, IReadOnlyList<SiteView> Sites, IReadOnlyList<MemberView> Members, IReadOnlyList<CompositionFinding> Composition);

public sealed record StructureRow(int Id, string Name, string Kind, string KindLabel, string? Phone, string Communes, int MemberCount, bool Archived);

public sealed record ProfessionalMembershipView(int StructureId, string StructureName, string Role, string? College);

public sealed record ProfessionalView(
    int Id, int TerritoryId, string? Rpps, string FirstName, string LastName, string Profession, string ProfessionLabel, PracticeMode PracticeMode,
    string? Phone, string? Email, string? MssanteAddress, bool AcceptsNewPatients, bool? AtRisk, bool IsDemo, bool Archived, int Version,
    IReadOnlyList<ProfessionalMembershipView> Memberships, IReadOnlyList<CodeAndName> Sites);

public sealed record DirectoryFilter(string? Text = null, string? Kind = null, string? Profession = null, int? TerritoryId = null, bool IncludeArchived = false);

/// <summary>Private details (the "at risk" flag) are for coordinators and administrators only.</summary>
public sealed record DirectoryReader(UserScope Scope, bool SeesPrivate)
{
    public static DirectoryReader Everything { get; } = new(UserScope.Everything, true);
}

public sealed class ShowStructure(MaillageDb db, NameCommunes communeNames, TimeProvider time)
{
    public async Task<StructureDetails> ExecuteAsync(int id, DirectoryReader reader, CancellationToken ct = default)
    {
        var structure = await db.Set<Structure>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (structure is null || !reader.Scope.Covers(structure.TerritoryId))
        {
            throw DomainException.NotFound($"Aucune structure {id}.", "structure");
        }

        var sites = await db.Set<Site>().AsNoTracking().Where(s => s.StructureId == id).OrderBy(s => s.ArchivedAtUtc != null).ThenBy(s => s.Name).ToListAsync(ct);
        var siteIds = sites.Select(s => s.Id).ToList();
        var services = await db.Set<CareService>().AsNoTracking().Include(s => s.Exceptions).Where(s => siteIds.Contains(s.SiteId)).OrderBy(s => s.Name).ToListAsync(ct);
        var names = await communeNames.ExecuteAsync(sites.Select(s => s.CommuneCode).ToList(), ct);
        var members = await (from m in db.Set<Membership>()
                             join p in db.Set<Professional>() on m.ProfessionalId equals p.Id
                             where m.StructureId == id && p.ArchivedAtUtc == null
                             orderby p.LastName, p.FirstName
                             select new { m, p }).AsNoTracking().ToListAsync(ct);
        var memberIds = members.Select(x => x.p.Id).ToList();
        var practice = await db.Set<PracticeSite>().AsNoTracking().Where(ps => memberIds.Contains(ps.ProfessionalId) && siteIds.Contains(ps.SiteId)).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;

        return new StructureDetails(
            View(structure),
            sites.Select(s => new SiteView(
                s.Id, s.Name, s.Address, s.CommuneCode, names.GetValueOrDefault(s.CommuneCode, s.CommuneCode), s.Latitude, s.Longitude, s.Phone, s.Accessibility,
                s.ArchivedAtUtc is not null, s.Version,
                services.Where(c => c.SiteId == s.Id).Select(c => ServiceViews.Of(c, now)).ToList())).ToList(),
            members.Select(x => new MemberView(
                x.p.Id, $"{x.p.FirstName} {x.p.LastName}", x.p.Profession, Professions.Label(x.p.Profession), x.m.Role, x.m.College,
                practice.Where(ps => ps.ProfessionalId == x.p.Id).Select(ps => ps.SiteId).ToList(),
                reader.SeesPrivate ? x.p.AtRisk : null)).ToList(),
            DirectoryRules.Composition(structure.Kind, members.Select(x => new MemberFacts(x.p.Profession, x.m.Role, x.m.College)).ToList()));
    }

    internal static StructureView View(Structure s) => new(
        s.Id, s.TerritoryId, StructureKinds.Code(s.Kind), StructureKinds.Label(s.Kind), s.Name, s.Finess, s.Siret, s.Siren,
        s.Phone, s.Email, s.Website, s.Notes, s.IsDemo, s.ArchivedAtUtc is not null, s.Version);
}

internal static class ServiceViews
{
    public static ServiceView Of(CareService service, DateTime utcNow)
    {
        var exceptions = Exceptions(service);
        return new ServiceView(
            service.Id, service.Name, Capabilities.Of(service.Capabilities).Select(c => c.Code).ToList(), service.WeeklyHours, service.IsActive,
            service.IsActive && OpeningHours.Parse(service.WeeklyHours).IsOpenAtUtc(utcNow, exceptions),
            service.Exceptions.OrderBy(e => e.Date).Select(e => new ServiceExceptionView(e.Date, e.Hours, e.Reason)).ToList(),
            service.Version);
    }

    public static IReadOnlyList<OpeningException> Exceptions(CareService service) => Exceptions(service.Exceptions);

    public static IReadOnlyList<OpeningException> Exceptions(IEnumerable<ServiceException> exceptions) =>
        exceptions.Select(e => new OpeningException(e.Date, e.Hours.Length == 0 ? [] : OpeningHours.ParseRanges(e.Hours), e.Reason)).ToList();
}

public sealed class ListStructures(MaillageDb db, NameCommunes communeNames)
{
    public async Task<Page<StructureRow>> ExecuteAsync(DirectoryFilter filter, UserScope scope, int? page, int? size = null, CancellationToken ct = default)
    {
        var (p, s) = Paging.Normalize(page, size ?? 25);
        var query = db.Set<Structure>().AsNoTracking();
        query = Scoped(query, scope, filter.TerritoryId);
        if (!filter.IncludeArchived)
        {
            query = query.Where(x => x.ArchivedAtUtc == null);
        }

        if (StructureKinds.Parse(filter.Kind) is { } kind)
        {
            query = query.Where(x => x.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var folded = TextNormalizer.Fold(filter.Text);
            var clean = Identifiers.Clean(filter.Text);
            query = query.Where(x => x.NameKey.Contains(folded) || x.Finess == clean || x.Siret == clean);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(x => x.NameKey).Skip((p - 1) * s).Take(s).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var sites = await db.Set<Site>().AsNoTracking().Where(x => ids.Contains(x.StructureId) && x.ArchivedAtUtc == null).Select(x => new { x.StructureId, x.CommuneCode }).ToListAsync(ct);
        var counts = await db.Set<Membership>().AsNoTracking().Where(m => ids.Contains(m.StructureId)).GroupBy(m => m.StructureId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var names = await communeNames.ExecuteAsync(sites.Select(x => x.CommuneCode).ToList(), ct);
        return new Page<StructureRow>(rows.Select(r => new StructureRow(
            r.Id, r.Name, StructureKinds.Code(r.Kind), StructureKinds.Label(r.Kind), r.Phone,
            string.Join(", ", sites.Where(x => x.StructureId == r.Id).Select(x => names.GetValueOrDefault(x.CommuneCode, x.CommuneCode)).Distinct()),
            counts.GetValueOrDefault(r.Id), r.ArchivedAtUtc is not null)).ToList(), p, s, total);
    }

    internal static IQueryable<Structure> Scoped(IQueryable<Structure> query, UserScope scope, int? territoryId) =>
        query.InScope(scope, x => x.TerritoryId, territoryId);
}

public sealed record ProfessionalRow(int Id, string Name, string Profession, string ProfessionLabel, string? Rpps, string? Phone, bool AcceptsNewPatients, string Structures, bool Archived);

public sealed class ListProfessionals(MaillageDb db)
{
    public async Task<Page<ProfessionalRow>> ExecuteAsync(DirectoryFilter filter, UserScope scope, int? page, int? size = null, CancellationToken ct = default)
    {
        var (p, s) = Paging.Normalize(page, size ?? 25);
        var query = db.Set<Professional>().AsNoTracking().InScope(scope, x => x.TerritoryId, filter.TerritoryId);

        if (!filter.IncludeArchived)
        {
            query = query.Where(x => x.ArchivedAtUtc == null);
        }

        if (!string.IsNullOrWhiteSpace(filter.Profession))
        {
            query = query.Where(x => x.Profession == filter.Profession);
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var folded = TextNormalizer.Fold(filter.Text);
            var clean = Identifiers.Clean(filter.Text);
            query = query.Where(x => x.NameKey.Contains(folded) || x.Rpps == clean);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(x => x.NameKey).Skip((p - 1) * s).Take(s).ToListAsync(ct);
        var ids2 = rows.Select(r => r.Id).ToList();
        var memberships = await (from m in db.Set<Membership>()
                                 join st in db.Set<Structure>() on m.StructureId equals st.Id
                                 where ids2.Contains(m.ProfessionalId)
                                 select new { m.ProfessionalId, st.Name }).AsNoTracking().ToListAsync(ct);
        return new Page<ProfessionalRow>(rows.Select(r => new ProfessionalRow(
            r.Id, $"{r.LastName.ToUpperInvariant()} {r.FirstName}", r.Profession, Professions.Label(r.Profession), r.Rpps, r.Phone, r.AcceptsNewPatients,
            string.Join(", ", memberships.Where(m => m.ProfessionalId == r.Id).Select(m => m.Name)), r.ArchivedAtUtc is not null)).ToList(), p, s, total);
    }
}

public sealed class ShowProfessional(MaillageDb db)
{
    public async Task<ProfessionalView> ExecuteAsync(int id, DirectoryReader reader, CancellationToken ct = default)
    {
        var p = await db.Set<Professional>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null || !reader.Scope.Covers(p.TerritoryId))
        {
            throw DomainException.NotFound($"Aucun professionnel {id}.", "professional");
        }

        var memberships = await (from m in db.Set<Membership>()
                                 join st in db.Set<Structure>() on m.StructureId equals st.Id
                                 where m.ProfessionalId == id
                                 orderby st.Name
                                 select new ProfessionalMembershipView(st.Id, st.Name, m.Role, m.College)).AsNoTracking().ToListAsync(ct);
        var sites = await (from ps in db.Set<PracticeSite>()
                           join site in db.Set<Site>() on ps.SiteId equals site.Id
                           where ps.ProfessionalId == id
                           orderby site.Name
                           select new CodeAndName(site.Id.ToString(), site.Name)).AsNoTracking().ToListAsync(ct);
        return new ProfessionalView(
            p.Id, p.TerritoryId, p.Rpps, p.FirstName, p.LastName, p.Profession, Professions.Label(p.Profession), p.PracticeMode,
            p.Phone, p.Email, p.MssanteAddress, p.AcceptsNewPatients, reader.SeesPrivate ? p.AtRisk : null, p.IsDemo, p.ArchivedAtUtc is not null, p.Version,
            memberships, sites);
    }
}

/// <summary>The structure a site belongs to, for pages addressed by site.</summary>
public sealed class LocateSite(MaillageDb db)
{
    public async Task<int> ExecuteAsync(int siteId, CancellationToken ct = default) =>
        await db.Set<Site>().Where(s => s.Id == siteId).Select(s => (int?)s.StructureId).FirstOrDefaultAsync(ct)
        ?? throw DomainException.NotFound($"Aucun site {siteId}.", "site");
}

/// <summary>The site and structure a service belongs to, for pages addressed by service.</summary>
public sealed class LocateService(MaillageDb db)
{
    public async Task<(int StructureId, int SiteId)> ExecuteAsync(int serviceId, CancellationToken ct = default)
    {
        var found = await (from service in db.Set<CareService>()
                           join site in db.Set<Site>() on service.SiteId equals site.Id
                           where service.Id == serviceId
                           select new { site.StructureId, SiteId = site.Id }).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound($"Aucun service {serviceId}.", "service");
        return (found.StructureId, found.SiteId);
    }
}

/// <summary>A professional's own directory entry: the one whose e-mail is their account's, in their territories.</summary>
public sealed class FindOwnEntry(MaillageDb db, ScopeOfUser scopeOfUser)
{
    public async Task<int?> ExecuteAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken ct = default)
    {
        // Only professionals' accounts own a directory entry; other roles may share a contact address.
        var email = user.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value;
        if (string.IsNullOrEmpty(email) || !user.IsInRole(Roles.Professional))
        {
            return null;
        }

        var scope = await scopeOfUser.ExecuteAsync(user, ct);
        var lower = email.ToLowerInvariant();
        var candidates = await db.Set<Professional>().AsNoTracking()
            .Where(p => p.Email != null && p.Email.ToLower() == lower && p.ArchivedAtUtc == null)
            .OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.TerritoryId })
            .ToListAsync(ct);
        return candidates.FirstOrDefault(c => scope.Covers(c.TerritoryId))?.Id;
    }
}

public sealed record ProfessionalFacts(int Id, string Name, string Profession, bool AtRisk, int TerritoryId);

/// <summary>
/// What rosters need to know of professionals, including the private "at risk" flag: for checking the
/// rules only, never for display.
/// </summary>
public sealed class LoadProfessionalFacts(MaillageDb db)
{
    public async Task<IReadOnlyDictionary<int, ProfessionalFacts>> ExecuteAsync(IReadOnlyCollection<int> ids, UserScope scope, CancellationToken ct = default)
    {
        var list = ids.Distinct().ToList();
        return (await db.Set<Professional>().AsNoTracking().Where(p => list.Contains(p.Id) && p.ArchivedAtUtc == null).ToListAsync(ct))
            .Where(p => scope.Covers(p.TerritoryId))
            .ToDictionary(p => p.Id, p => new ProfessionalFacts(p.Id, $"{p.FirstName} {p.LastName}", p.Profession, p.AtRisk, p.TerritoryId));
    }
}

public sealed record PractitionerCommunes(int Id, string Name, IReadOnlySet<string> CommuneCodes);

public sealed record SiteLabel(int SiteId, int StructureId, string StructureName, string Address, int TerritoryId, string SiteName, string? Phone, string CommuneCode);

/// <summary>Names and addresses of sites in one query, for features that show places they refer to by id.</summary>
public sealed class LabelSites(MaillageDb db)
{
    /// <summary>The site ids of some structures: where their members receive patients.</summary>
    public async Task<IReadOnlyList<int>> OfStructuresAsync(IReadOnlyCollection<int> structureIds, CancellationToken ct = default) =>
        await db.Set<Site>().AsNoTracking().Where(s => structureIds.Contains(s.StructureId)).Select(s => s.Id).ToListAsync(ct);

    /// <summary>Every site of a territory's structures still in activity, for choosing one in a form.</summary>
    public async Task<IReadOnlyList<SiteLabel>> OfTerritoryAsync(int territoryId, CancellationToken ct = default) =>
        (await db.Set<Site>().AsNoTracking().Where(s => s.ArchivedAtUtc == null)
            .Join(db.Set<Structure>().Where(st => st.TerritoryId == territoryId && st.ArchivedAtUtc == null), s => s.StructureId, st => st.Id,
                (s, st) => new SiteLabel(s.Id, st.Id, st.Name, s.Address ?? "", st.TerritoryId, s.Name, s.Phone ?? st.Phone, s.CommuneCode))
            .ToListAsync(ct)).OrderBy(x => x.StructureName, StringComparer.Create(Infrastructure.French.Culture, true)).ThenBy(x => x.SiteName).ToList();

    public async Task<IReadOnlyDictionary<int, SiteLabel>> ExecuteAsync(IReadOnlyCollection<int> siteIds, CancellationToken ct = default)
    {
        var ids = siteIds.Distinct().ToList();
        return await db.Set<Site>().AsNoTracking().Where(s => ids.Contains(s.Id))
            .Join(db.Set<Structure>(), s => s.StructureId, st => st.Id, (s, st) => new SiteLabel(s.Id, st.Id, st.Name, s.Address ?? "", st.TerritoryId, s.Name, s.Phone ?? st.Phone, s.CommuneCode))
            .ToDictionaryAsync(x => x.SiteId, ct);
    }
}

/// <param name="Latitude">Of their first geolocated practice site; null when none is.</param>
public sealed record PractitionerPlace(int Id, string Name, string Profession, bool AcceptsNewPatients, double? Latitude, double? Longitude);

/// <summary>Where professionals practise and where a commune is, for features that rank people by distance to a patient.</summary>
public sealed class LocatePractitioners(MaillageDb db)
{
    /// <summary>The territory's professionals of one profession, still in activity, with where they practise.</summary>
    public async Task<IReadOnlyList<PractitionerPlace>> ExecuteAsync(int territoryId, string profession, UserScope scope, CancellationToken ct = default)
    {
        if (!scope.Covers(territoryId))
        {
            return [];
        }

        var people = await db.Set<Professional>().AsNoTracking()
            .Where(p => p.TerritoryId == territoryId && p.Profession == profession && p.ArchivedAtUtc == null).ToListAsync(ct);
        var ids = people.Select(p => p.Id).ToList();
        var places = (await (from ps in db.Set<PracticeSite>()
                             join site in db.Set<Site>() on ps.SiteId equals site.Id
                             where ids.Contains(ps.ProfessionalId) && site.Latitude != null && site.Longitude != null
                             select new { ps.ProfessionalId, site.Id, site.Latitude, site.Longitude }).AsNoTracking().ToListAsync(ct))
            .GroupBy(x => x.ProfessionalId).ToDictionary(g => g.Key, g => g.OrderBy(x => x.Id).First());
        return people.Select(p => new PractitionerPlace(p.Id, $"{p.FirstName} {p.LastName}", p.Profession, p.AcceptsNewPatients,
            places.GetValueOrDefault(p.Id)?.Latitude, places.GetValueOrDefault(p.Id)?.Longitude)).ToList();
    }

    /// <summary>The territory's professionals in activity with these RPPS numbers, by RPPS: other systems' files name doctors so.</summary>
    public async Task<IReadOnlyDictionary<string, int>> ByRppsAsync(int territoryId, IReadOnlyCollection<string> rpps, CancellationToken ct = default)
    {
        var list = rpps.Distinct().ToList();
        return (await db.Set<Professional>().AsNoTracking()
                .Where(p => p.TerritoryId == territoryId && p.ArchivedAtUtc == null && p.Rpps != null && list.Contains(p.Rpps))
                .Select(p => new { p.Id, p.Rpps }).ToListAsync(ct))
            .GroupBy(p => p.Rpps!).ToDictionary(g => g.Key, g => g.Min(p => p.Id));
    }

    /// <summary>Those of these professionals in activity in the territory, with the communes of the sites where they practise.</summary>
    public async Task<IReadOnlyList<PractitionerCommunes>> CommunesAsync(int territoryId, IReadOnlyCollection<int> ids, CancellationToken ct = default)
    {
        var list = ids.Distinct().ToList();
        var people = await db.Set<Professional>().AsNoTracking().Where(p => list.Contains(p.Id) && p.TerritoryId == territoryId && p.ArchivedAtUtc == null).ToListAsync(ct);
        var places = (await (from ps in db.Set<PracticeSite>()
                             join site in db.Set<Site>() on ps.SiteId equals site.Id
                             where list.Contains(ps.ProfessionalId)
                             select new { ps.ProfessionalId, site.CommuneCode }).AsNoTracking().ToListAsync(ct))
            .GroupBy(x => x.ProfessionalId).ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(x => x.CommuneCode).ToHashSet());
        return people.Select(p => new PractitionerCommunes(p.Id, $"{p.FirstName} {p.LastName}", places.GetValueOrDefault(p.Id) ?? new HashSet<string>())).ToList();
    }

    /// <summary>A commune's point: the centre of the directory's geolocated sites there (communes carry no coordinates); null when it has none.</summary>
    public async Task<(double Latitude, double Longitude)?> CommuneAsync(string communeCode, CancellationToken ct = default)
    {
        var located = await db.Set<Site>().AsNoTracking().Where(s => s.CommuneCode == communeCode && s.Latitude != null && s.Longitude != null)
            .Select(s => new { Lat = s.Latitude!.Value, Lon = s.Longitude!.Value }).ToListAsync(ct);
        return located.Count == 0 ? null : (located.Average(l => l.Lat), located.Average(l => l.Lon));
    }
}

/// <summary>A professional as other features address them: for targeting messages and writing to them.</summary>
public sealed record StructureRef(int Id, string Name, int TerritoryId);

public sealed record AudienceMember(int Id, int TerritoryId, string Profession, IReadOnlySet<int> StructureIds, string Name, string? Email);

/// <summary>The active professionals of some territories with their structures, or some professionals by id.</summary>
public sealed class ListAudienceMembers(MaillageDb db)
{
    public async Task<IReadOnlyList<AudienceMember>> OfTerritoriesAsync(IReadOnlyCollection<int> territoryIds, CancellationToken ct = default) =>
        await LoadAsync(db.Set<Professional>().Where(p => territoryIds.Contains(p.TerritoryId) && p.ArchivedAtUtc == null), ct);

    public async Task<IReadOnlyList<AudienceMember>> ByIdAsync(IReadOnlyCollection<int> ids, CancellationToken ct = default) =>
        await LoadAsync(db.Set<Professional>().Where(p => ids.Contains(p.Id)), ct);

    /// <summary>Active professionals of a territory per profession, counted without loading them.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountByProfessionAsync(int territoryId, CancellationToken ct = default) =>
        await db.Set<Professional>().AsNoTracking().Where(p => p.TerritoryId == territoryId && p.ArchivedAtUtc == null)
            .GroupBy(p => p.Profession).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    /// <summary>The structures in activity of some territories, that a message may target.</summary>
    public async Task<IReadOnlyList<StructureRef>> StructuresAsync(IReadOnlyCollection<int> territoryIds, CancellationToken ct = default) =>
        await db.Set<Structure>().AsNoTracking().Where(s => territoryIds.Contains(s.TerritoryId) && s.ArchivedAtUtc == null)
            .OrderBy(s => s.Name).Select(s => new StructureRef(s.Id, s.Name, s.TerritoryId)).ToListAsync(ct);

    private async Task<IReadOnlyList<AudienceMember>> LoadAsync(IQueryable<Professional> query, CancellationToken ct)
    {
        var people = await query.AsNoTracking()
            .Select(p => new { p.Id, p.TerritoryId, p.Profession, p.FirstName, p.LastName, p.Email }).ToListAsync(ct);
        var memberships = (await db.Set<Membership>().AsNoTracking().Where(m => query.Select(p => p.Id).Contains(m.ProfessionalId))
                .Select(m => new { m.ProfessionalId, m.StructureId }).ToListAsync(ct))
            .ToLookup(m => m.ProfessionalId, m => m.StructureId);
        return people.Select(p => new AudienceMember(p.Id, p.TerritoryId, p.Profession, memberships[p.Id].ToHashSet(), $"{p.FirstName} {p.LastName}", p.Email)).ToList();
    }
}
