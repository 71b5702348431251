using System.Security.Claims;
using System.Text.RegularExpressions;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Equipment;

/// <summary>Who does what with equipment. Depot volunteers handle the goods; coordinators also decide; professionals ask.</summary>
public static class EquipmentAccess
{
    public static bool IsCoordinator(ClaimsPrincipal user) => user.IsInRole(Roles.Coordinator) || user.IsInRole(Roles.Administrator);

    /// <summary>Receive, check, move and hand out goods, and lend equipment.</summary>
    public static bool MayHandle(ClaimsPrincipal user) => IsCoordinator(user) || user.IsInRole(Roles.Depot);

    /// <summary>Stock figures and reports, without anyone's name: authorities too.</summary>
    public static bool MayReadStock(ClaimsPrincipal user) => MayHandle(user) || user.IsInRole(Roles.Authority);

    public static bool MayRequest(ClaimsPrincipal user) => IsCoordinator(user) || user.IsInRole(Roles.Professional);

    public static string NameOf(ClaimsPrincipal user) => Actor.NameOf(user);

    public static void Require(bool allowed)
    {
        if (!allowed)
        {
            throw new UnauthorizedAccessException();
        }
    }
}

public sealed record ItemView(int Id, string Code, string Name, ItemCategory Category, string CategoryLabel, string Unit, bool Lendable, bool TracksExpiry, bool Standard);

public sealed record DepotView(int Id, int TerritoryId, string Name, int SiteId, string Address, string? Phone, bool Active);

public sealed record DonorView(int Id, string Name, DonorCategory Category, string CategoryLabel, string? Contact, string? CommuneCode, string? Note, int Donations, int Units);

public sealed record ItemRequest(string? Name, ItemCategory Category, string? Unit, bool Lendable, bool TracksExpiry);

public sealed record DepotRequest(int SiteId, string? Name);

public sealed record DonorRequest(string? Name, DonorCategory Category, string? Contact, string? CommuneCode, string? Note);

/// <summary>Items, depots and donors of a territory: what the other equipment use cases refer to.</summary>
public sealed partial class EquipmentCatalogue(MaillageDb db, ScopeOfUser scopeOfUser, LabelSites labelSites, FindCommune findCommune, TimeProvider time)
{
    public Task<UserScope> ScopeAsync(ClaimsPrincipal user, int territoryId, CancellationToken ct) => scopeOfUser.CoveringAsync(user, territoryId, ct);

    public async Task<IReadOnlyList<ItemView>> ItemsAsync(int territoryId, bool lendable = false, CancellationToken ct = default) =>
        (await db.Set<EquipmentItem>().AsNoTracking()
            .Where(i => (i.TerritoryId == null || i.TerritoryId == territoryId) && !i.Archived && i.Lendable == lendable).ToListAsync(ct))
        .OrderBy(i => i.Category).ThenBy(i => i.Name, StringComparer.Create(French.Culture, true))
        .Select(View).ToList();

    public async Task<EquipmentItem> ItemAsync(int territoryId, int itemId, CancellationToken ct, string field = "itemId") =>
        await db.Set<EquipmentItem>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId && (i.TerritoryId == null || i.TerritoryId == territoryId) && !i.Archived, ct)
        ?? throw DomainException.Invalid("Article inconnu du catalogue de ce territoire.", field);

    public async Task<IReadOnlyList<DepotView>> DepotsAsync(int territoryId, CancellationToken ct = default)
    {
        var depots = await db.Set<Depot>().AsNoTracking().Where(d => d.TerritoryId == territoryId).OrderBy(d => d.Name).ToListAsync(ct);
        var sites = await labelSites.ExecuteAsync(depots.Select(d => d.SiteId).ToList(), ct);
        return depots.Select(d => new DepotView(d.Id, d.TerritoryId, d.Name, d.SiteId,
            sites.TryGetValue(d.SiteId, out var s) ? s.Address : "", sites.TryGetValue(d.SiteId, out var p) ? p.Phone : null, d.Active)).ToList();
    }

    /// <summary>One depot of the reader's territories, by id alone (printed sheets are reached so); another territory's reads as not found.</summary>
    public async Task<DepotView> DepotViewAsync(int depotId, ClaimsPrincipal user, CancellationToken ct)
    {
        var depot = await db.Set<Depot>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == depotId, ct) ?? throw DomainException.NotFound("Dépôt introuvable.");
        if (!(await scopeOfUser.ExecuteAsync(user, ct)).Covers(depot.TerritoryId))
        {
            throw DomainException.NotFound("Dépôt introuvable.");
        }

        return (await DepotsAsync(depot.TerritoryId, ct)).First(d => d.Id == depotId);
    }

    public async Task<Depot> DepotAsync(int territoryId, int depotId, CancellationToken ct, string field = "depotId") =>
        await db.Set<Depot>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == depotId && d.TerritoryId == territoryId && d.Active, ct)
        ?? throw DomainException.Invalid("Dépôt inconnu sur ce territoire.", field);

    public async Task<int> CreateItemAsync(int territoryId, ItemRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        EquipmentAccess.Require(EquipmentAccess.IsCoordinator(user));
        await ScopeAsync(user, territoryId, ct);
        var name = DirectoryRules.Required(request.Name, "Le nom de l'article", "name", 120);
        var unit = DirectoryRules.Required(request.Unit, "L'unité de compte (pièce, paire, litre…)", "unit", 30);

        if (!Enum.IsDefined(request.Category))
        {
            throw DomainException.Invalid("Catégorie inconnue.", "category");
        }

        var folded = TextNormalizer.Fold(name);
        var existing = await db.Set<EquipmentItem>().AsNoTracking().Where(i => i.TerritoryId == null || i.TerritoryId == territoryId).Select(i => i.Name).ToListAsync(ct);
        if (existing.Any(n => TextNormalizer.Fold(n) == folded))
        {
            throw DomainException.Conflict($"L'article « {name} » existe déjà au catalogue.", "name");
        }

        var code = $"t{territoryId}-{NonCode().Replace(folded.ToLowerInvariant(), "-").Trim('-')}";
        var item = new EquipmentItem
        {
            Code = code.Length > 60 ? code[..60] : code,
            Name = name, Category = request.Category, Unit = unit, Lendable = request.Lendable, TracksExpiry = request.TracksExpiry, TerritoryId = territoryId,
        };
        db.Add(item);
        await db.SaveChangesAsync(ct);
        return item.Id;
    }

    public async Task<int> CreateDepotAsync(int territoryId, DepotRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        EquipmentAccess.Require(EquipmentAccess.IsCoordinator(user));
        await ScopeAsync(user, territoryId, ct);
        var site = (await labelSites.ExecuteAsync([request.SiteId], ct)).GetValueOrDefault(request.SiteId);
        if (site is null || site.TerritoryId != territoryId)
        {
            throw DomainException.Invalid("Choisissez un lieu de l'annuaire de ce territoire.", "siteId");
        }

        var name = string.IsNullOrWhiteSpace(request.Name) ? site.SiteName.Length > 0 ? $"{site.StructureName} – {site.SiteName}" : site.StructureName : request.Name.Trim();
        name = name.Length > 120 ? name[..120] : name;
        if (await db.Set<Depot>().AnyAsync(d => d.TerritoryId == territoryId && d.Name == name, ct))
        {
            throw DomainException.Conflict($"Un dépôt s'appelle déjà « {name} ».", "name");
        }

        var depot = new Depot { TerritoryId = territoryId, SiteId = site.SiteId, Name = name, CreatedAtUtc = time.GetUtcNow().UtcDateTime };
        db.Add(depot);
        await db.SaveChangesAsync(ct);
        return depot.Id;
    }

    public async Task<Page<DonorView>> DonorsAsync(int territoryId, string? text, int? page, int? size, CancellationToken ct)
    {
        var (p, s) = Paging.Normalize(page, size);
        var donors = await db.Set<Donor>().AsNoTracking().Where(d => d.TerritoryId == territoryId).ToListAsync(ct);
        if (!string.IsNullOrWhiteSpace(text))
        {
            var folded = TextNormalizer.Fold(text.Trim());
            donors = donors.Where(d => TextNormalizer.Fold(d.Name).Contains(folded, StringComparison.Ordinal)).ToList();
        }

        var ids = donors.Select(d => d.Id).ToList();
        var totals = (await db.Set<StockOperation>().AsNoTracking()
                .Where(o => o.TerritoryId == territoryId && o.Kind == OperationKind.Donation && o.DonorId != null)
                .GroupBy(o => o.DonorId!.Value).Select(g => new { Id = g.Key, Count = g.Count(), Units = g.Sum(o => o.Quantity) }).ToListAsync(ct))
            .ToDictionary(t => t.Id);
        var rows = donors.OrderBy(d => d.Name, StringComparer.Create(French.Culture, true)).Skip((p - 1) * s).Take(s)
            .Select(d => new DonorView(d.Id, d.Name, d.Category, EquipmentLabels.Of(d.Category), d.Contact, d.CommuneCode, d.Note,
                totals.GetValueOrDefault(d.Id)?.Count ?? 0, totals.GetValueOrDefault(d.Id)?.Units ?? 0)).ToList();
        return new Page<DonorView>(rows, p, s, donors.Count);
    }

    public async Task<Donor> DonorAsync(int territoryId, int donorId, CancellationToken ct, string field = "donorId") =>
        await db.Set<Donor>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == donorId && d.TerritoryId == territoryId, ct)
        ?? throw DomainException.Invalid("Donateur inconnu sur ce territoire.", field);

    /// <summary>Records a donor, or returns the one of the same name and category: at the depot, the same neighbour comes back.</summary>
    public async Task<int> CreateDonorAsync(int territoryId, DonorRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        EquipmentAccess.Require(EquipmentAccess.MayHandle(user));
        await ScopeAsync(user, territoryId, ct);
        var name = DirectoryRules.Required(request.Name, "Le nom du donateur (ou « Anonyme »)", "donorName", 200);

        if (!Enum.IsDefined(request.Category))
        {
            throw DomainException.Invalid("Catégorie de donateur inconnue.", "donorCategory");
        }

        string? commune = null;
        if (!string.IsNullOrWhiteSpace(request.CommuneCode))
        {
            try
            {
                commune = (await findCommune.ExecuteAsync(request.CommuneCode, ct)).Code;
            }
            catch (DomainException e)
            {
                throw DomainException.Invalid(e.Message, "donorCommune");
            }
        }

        var folded = TextNormalizer.Fold(name);
        var same = (await db.Set<Donor>().AsNoTracking().Where(d => d.TerritoryId == territoryId && d.Category == request.Category).ToListAsync(ct))
            .FirstOrDefault(d => TextNormalizer.Fold(d.Name) == folded);
        if (same is not null)
        {
            return same.Id;
        }

        var donor = new Donor
        {
            TerritoryId = territoryId, Name = name, Category = request.Category, Contact = Trim(request.Contact, 200), CommuneCode = commune,
            Note = Trim(request.Note, 1000), CreatedAtUtc = time.GetUtcNow().UtcDateTime,
        };
        db.Add(donor);
        await db.SaveChangesAsync(ct);
        return donor.Id;
    }

    internal static string? Trim(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim().Length <= max ? text.Trim() : throw DomainException.Invalid($"Texte trop long ({max} caractères au plus).");

    private static ItemView View(EquipmentItem i) =>
        new(i.Id, i.Code, i.Name, i.Category, EquipmentLabels.Of(i.Category), i.Unit, i.Lendable, i.TracksExpiry, i.TerritoryId is null);

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonCode();
}
