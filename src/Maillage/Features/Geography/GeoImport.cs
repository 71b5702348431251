using System.Text.Json;
using System.Text.Json.Serialization;
using Maillage.Data;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Geography;

public sealed record GeoImportResult(int Regions, int Departements, int Epci, int Communes)
{
    /// <summary>Rows inserted, updated or deleted by this run; 0 when the database already matched the reference.</summary>
    [JsonIgnore]
    public int RowsWritten { get; init; }
}

/// <summary>
/// Loads the official geography (régions, départements, EPCI, current communes and the municipal
/// arrondissements of Paris, Lyon and Marseille) from the <c>@etalab/decoupage-administratif</c> files.
/// Idempotent: it compares with what is stored and writes only the differences.
/// </summary>
public sealed class GeoImport(MaillageDb db, IConfiguration configuration)
{
    public async Task<GeoImportResult> RunAsync(string? dataDirectory = null, CancellationToken ct = default)
    {
        var directory = GeoDataLocator.Find(dataDirectory ?? configuration["MAILLAGE_GEO_DATA"]);
        var reference = await ReferenceGeography.LoadAsync(directory, ct);

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var written = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        written += await SyncAsync(db.Set<Region>(), reference.Regions, r => r.Code,
            (stored, wanted) => stored.Name == wanted.Name,
            (stored, wanted) => stored.Name = wanted.Name, ct);
        written += await SyncAsync(db.Set<Departement>(), reference.Departements, d => d.Code,
            (s, w) => s.Name == w.Name && s.RegionCode == w.RegionCode,
            (s, w) => { s.Name = w.Name; s.RegionCode = w.RegionCode; }, ct);
        written += await SyncAsync(db.Set<Epci>(), reference.Epcis, e => e.Code,
            (s, w) => s.Name == w.Name && s.Kind == w.Kind,
            (s, w) => { s.Name = w.Name; s.Kind = w.Kind; }, ct);
        written += await SyncAsync(db.Set<Commune>(), reference.Communes, c => c.Code,
            (s, w) => s.Name == w.Name && s.SearchName == w.SearchName && s.Kind == w.Kind && s.DepartementCode == w.DepartementCode
                && s.RegionCode == w.RegionCode && s.EpciCode == w.EpciCode && s.ParentCode == w.ParentCode
                && s.Population == w.Population && s.PostalCodes == w.PostalCodes,
            (s, w) =>
            {
                s.Name = w.Name;
                s.SearchName = w.SearchName;
                s.Kind = w.Kind;
                s.DepartementCode = w.DepartementCode;
                s.RegionCode = w.RegionCode;
                s.EpciCode = w.EpciCode;
                s.ParentCode = w.ParentCode;
                s.Population = w.Population;
                s.PostalCodes = w.PostalCodes;
            }, ct);
        written += await SyncAsync(db.Set<CommunePostalCode>(), reference.PostalCodes, p => (p.PostalCode, p.CommuneCode),
            (_, _) => true, (_, _) => { }, ct);

        await transaction.CommitAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = true;

        return new GeoImportResult(
            reference.Regions.Count,
            reference.Departements.Count,
            reference.Epcis.Count,
            reference.Communes.Count(c => c.Kind == CommuneKind.Commune)) { RowsWritten = written };
    }

    /// <summary>Makes the table equal to <paramref name="wanted"/>: inserts, updates and deletes by key.</summary>
    private async Task<int> SyncAsync<T, TKey>(
        DbSet<T> set, IReadOnlyList<T> wanted, Func<T, TKey> key, Func<T, T, bool> same, Action<T, T> copy, CancellationToken ct)
        where T : class
        where TKey : notnull
    {
        var stored = (await set.ToListAsync(ct)).ToDictionary(key);
        var changes = 0;
        foreach (var item in wanted)
        {
            if (!stored.Remove(key(item), out var existing))
            {
                set.Add(item);
                changes++;
            }
            else if (!same(existing, item))
            {
                copy(existing, item);
                db.Entry(existing).State = EntityState.Modified;
                changes++;
            }
        }

        // Whatever is left is gone from the reference (e.g. merged communes).
        set.RemoveRange(stored.Values);
        changes += stored.Count;
        if (changes > 0)
        {
            await db.SaveChangesAsync(ct);
        }

        db.ChangeTracker.Clear();
        return changes;
    }
}

public static class GeoDataLocator
{
    private const string PackageData = "node_modules/@etalab/decoupage-administratif/data";

    /// <summary>The configured folder, else the npm package's data folder found above the working or app directory.</summary>
    public static string Find(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return System.IO.Directory.Exists(configured)
                ? configured
                : throw DomainException.Invalid($"Dossier de données géographiques introuvable : {configured}");
        }

        foreach (var start in new[] { System.IO.Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, PackageData);
                if (File.Exists(Path.Combine(candidate, "communes.json")))
                {
                    return candidate;
                }
            }
        }

        throw DomainException.Invalid("Données géographiques introuvables : lancez « npm ci » à la racine du projet, ou indiquez le dossier dans MAILLAGE_GEO_DATA.");
    }
}

/// <summary>The reference files, read and shaped into our entities.</summary>
internal sealed record ReferenceGeography(
    IReadOnlyList<Region> Regions,
    IReadOnlyList<Departement> Departements,
    IReadOnlyList<Epci> Epcis,
    IReadOnlyList<Commune> Communes,
    IReadOnlyList<CommunePostalCode> PostalCodes)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static async Task<ReferenceGeography> LoadAsync(string directory, CancellationToken ct)
    {
        var regions = await ReadAsync<RawArea>(directory, "regions.json", ct);
        var departements = await ReadAsync<RawArea>(directory, "departements.json", ct);
        var epcis = await ReadAsync<RawEpci>(directory, "epci.json", ct);
        var communes = await ReadAsync<RawCommune>(directory, "communes.json", ct);

        var epciOf = new Dictionary<string, string>();
        foreach (var epci in epcis)
        {
            foreach (var member in epci.Membres)
            {
                epciOf[member.Code] = epci.Code;
            }
        }

        var kept = communes
            .Where(c => c.Type is "commune-actuelle" or "arrondissement-municipal")
            .Select(c =>
            {
                var kind = c.Type == "commune-actuelle" ? CommuneKind.Commune : CommuneKind.ArrondissementMunicipal;
                var epci = kind == CommuneKind.Commune ? epciOf.GetValueOrDefault(c.Code) : epciOf.GetValueOrDefault(c.Commune ?? "");
                var postalCodes = (c.CodesPostaux ?? []).Distinct().Order(StringComparer.Ordinal).ToList();
                return new Commune
                {
                    Code = c.Code,
                    Name = c.Nom,
                    SearchName = Infrastructure.TextNormalizer.Fold(c.Nom),
                    Kind = kind,
                    DepartementCode = c.Departement,
                    RegionCode = c.Region,
                    EpciCode = epci,
                    ParentCode = kind == CommuneKind.ArrondissementMunicipal ? c.Commune : null,
                    Population = c.Population,
                    PostalCodes = string.Join(' ', postalCodes),
                };
            })
            .ToList();

        return new ReferenceGeography(
            regions.Select(r => new Region { Code = r.Code, Name = r.Nom }).ToList(),
            departements.Select(d => new Departement { Code = d.Code, Name = d.Nom, RegionCode = d.Region ?? "" }).ToList(),
            epcis.Select(e => new Epci { Code = e.Code, Name = e.Nom, Kind = e.Type }).ToList(),
            kept,
            kept.SelectMany(c => c.PostalCodes.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(p => new CommunePostalCode { CommuneCode = c.Code, PostalCode = p }))
                .ToList());
    }

    private static async Task<List<T>> ReadAsync<T>(string directory, string file, CancellationToken ct)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            throw DomainException.Invalid($"Fichier de référence manquant : {path}");
        }

        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync<List<T>>(stream, Json, ct)
                ?? throw DomainException.Invalid($"Fichier de référence vide : {path}");
        }
        catch (JsonException ex)
        {
            throw DomainException.Invalid($"Fichier de référence illisible : {path} ({ex.Message})");
        }
    }

    private sealed record RawArea(string Code, string Nom, string? Region);

    private sealed record RawEpci(string Code, string Nom, string Type, List<RawMember> Membres);

    private sealed record RawMember(string Code);

    private sealed record RawCommune(
        string Code,
        string Nom,
        string Type,
        string Departement,
        string Region,
        string? Commune,
        int? Population,
        List<string>? CodesPostaux);
}
