using Maillage.Data;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Geography;

public sealed record CodeAndName(string Code, string Name);

public sealed record CommuneDetails(
    string Code,
    string Name,
    int? Population,
    IReadOnlyList<string> PostalCodes,
    CodeAndName? Epci,
    CodeAndName Departement,
    CodeAndName Region,
    string Kind,
    CodeAndName? Parent);

public sealed record CommuneHit(string Code, string Name, string PostalCodes, string DepartementCode, int? Population, CommuneKind Kind);

public sealed class ShowCommune(MaillageDb db)
{
    /// <summary>A patient's commune as a form gives it: its INSEE code, or a refusal on <paramref name="field"/> that says what is expected.</summary>
    public async Task<string> PatientCommuneAsync(string? code, string field, CancellationToken ct = default)
    {
        try
        {
            return (await ExecuteAsync(code ?? "", ct)).Code;
        }
        catch (DomainException e)
        {
            throw DomainException.Invalid(e.Kind == DomainErrorKind.NotFound
                ? $"Commune « {code} » inconnue : saisissez le code INSEE de la commune du patient (pas le code postal)."
                : e.Message, field);
        }
    }

    public async Task<CommuneDetails> ExecuteAsync(string code, CancellationToken ct = default)
    {
        var normalized = code.Trim().ToUpperInvariant();
        if (!TerritoryRules.CommuneCodePattern().IsMatch(normalized))
        {
            throw DomainException.Invalid($"« {code} » n'est pas un code commune INSEE (5 caractères, 2A/2B pour la Corse). Un code postal n'est pas un code commune.", "code");
        }

        var commune = await db.Set<Commune>().AsNoTracking().FirstOrDefaultAsync(c => c.Code == normalized, ct)
            ?? throw DomainException.NotFound($"Aucune commune de code {normalized} dans la géographie importée.", "code");
        var departement = await db.Set<Departement>().AsNoTracking().FirstAsync(d => d.Code == commune.DepartementCode, ct);
        var region = await db.Set<Region>().AsNoTracking().FirstAsync(r => r.Code == commune.RegionCode, ct);
        var epci = commune.EpciCode is null ? null : await db.Set<Epci>().AsNoTracking().FirstOrDefaultAsync(e => e.Code == commune.EpciCode, ct);
        var parent = commune.ParentCode is null ? null : await db.Set<Commune>().AsNoTracking().FirstOrDefaultAsync(c => c.Code == commune.ParentCode, ct);
        return new CommuneDetails(
            commune.Code,
            commune.Name,
            commune.Population,
            commune.PostalCodes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            epci is null ? null : new CodeAndName(epci.Code, epci.Name),
            new CodeAndName(departement.Code, departement.Name),
            new CodeAndName(region.Code, region.Name),
            commune.Kind == CommuneKind.Commune ? "commune" : "arrondissement-municipal",
            parent is null ? null : new CodeAndName(parent.Code, parent.Name));
    }
}

/// <summary>Finds communes by name (accents and case ignored), postal code or INSEE code.</summary>
public sealed class SearchCommunes(MaillageDb db)
{
    public async Task<Page<CommuneHit>> ExecuteAsync(string? text, int? page = null, int? size = null, CancellationToken ct = default)
    {
        var (p, s) = Paging.Normalize(page, size ?? 20);
        var q = (text ?? "").Trim();
        if (q.Length < 2)
        {
            throw DomainException.Invalid("Saisissez au moins 2 caractères : un nom de commune, un code postal ou un code INSEE.", "q");
        }

        var communes = db.Set<Commune>().AsNoTracking();
        IQueryable<Commune> query;
        if (q.All(char.IsDigit) || TerritoryRules.CommuneCodePattern().IsMatch(q.ToUpperInvariant()))
        {
            var code = q.ToUpperInvariant();
            var byPostalCode = db.Set<CommunePostalCode>().Where(pc => pc.PostalCode.StartsWith(code)).Select(pc => pc.CommuneCode);
            query = communes.Where(c => c.Code.StartsWith(code) || byPostalCode.Contains(c.Code));
        }
        else
        {
            var folded = ExpandAbbreviations(TextNormalizer.Fold(q));
            if (folded.Length == 0)
            {
                throw DomainException.Invalid("La recherche ne contient ni lettre ni chiffre.", "q");
            }

            query = communes.Where(c => c.SearchName.Contains(folded));
            var total = await query.CountAsync(ct);
            var named = await query
                .OrderBy(c => c.SearchName.StartsWith(folded) ? 0 : 1)
                .ThenByDescending(c => c.Population)
                .ThenBy(c => c.Code)
                .Skip((p - 1) * s).Take(s)
                .Select(c => new CommuneHit(c.Code, c.Name, c.PostalCodes, c.DepartementCode, c.Population, c.Kind))
                .ToListAsync(ct);
            return new Page<CommuneHit>(named, p, s, total);
        }

        var count = await query.CountAsync(ct);
        var items = await query.OrderBy(c => c.Code)
            .Skip((p - 1) * s).Take(s)
            .Select(c => new CommuneHit(c.Code, c.Name, c.PostalCodes, c.DepartementCode, c.Population, c.Kind))
            .ToListAsync(ct);
        return new Page<CommuneHit>(items, p, s, count);
    }

    /// <summary>"st" and "ste" are how people type Saint and Sainte; the reference spells them out.</summary>
    private static string ExpandAbbreviations(string folded) =>
        string.Join(' ', folded.Split(' ').Select(w => w switch { "st" => "saint", "ste" => "sainte", _ => w }));
}

/// <summary>Commune names by code, for features that store commune codes.</summary>
public sealed class NameCommunes(MaillageDb db)
{
    public async Task<IReadOnlyDictionary<string, string>> ExecuteAsync(IReadOnlyCollection<string> codes, CancellationToken ct = default)
    {
        var list = codes.Distinct().ToList();
        return await db.Set<Commune>().AsNoTracking().Where(c => list.Contains(c.Code)).ToDictionaryAsync(c => c.Code, c => c.Name, ct);
    }
}

public sealed record CommunePlace(string Code, string? EpciCode, string DepartementCode);

/// <summary>Every commune's EPCI and département, for bulk work that must not query per row.</summary>
public sealed class LoadCommuneIndex(MaillageDb db)
{
    public async Task<IReadOnlyDictionary<string, CommunePlace>> ExecuteAsync(CancellationToken ct = default) =>
        await db.Set<Commune>().AsNoTracking()
            .Select(c => new CommunePlace(c.Code, c.EpciCode, c.DepartementCode))
            .ToDictionaryAsync(c => c.Code, ct);
}

/// <summary>
/// The commune a person means: an INSEE code, a postal code or a name, as a secretary types it on the
/// phone. One answer or a refusal that lists the candidates, so the next try is the right one.
/// </summary>
public sealed class FindCommune(ShowCommune show, SearchCommunes search)
{
    public async Task<CommuneDetails> ExecuteAsync(string? text, CancellationToken ct = default)
    {
        var q = (text ?? "").Trim();
        if (q.Length == 0)
        {
            throw DomainException.Invalid("Indiquez la commune du patient (nom, code postal ou code INSEE).", "commune");
        }

        if (TerritoryRules.CommuneCodePattern().IsMatch(q.ToUpperInvariant()))
        {
            try
            {
                return await show.ExecuteAsync(q, ct);
            }
            catch (DomainException e) when (e.Kind == DomainErrorKind.NotFound)
            {
                // A postal code has the same shape: try it as one below.
            }
        }

        var hits = (await search.ExecuteAsync(q, 1, 20, ct)).Items;
        var folded = TextNormalizer.Fold(q);
        var exact = hits.Where(h => TextNormalizer.Fold(h.Name) == folded).ToList();
        var candidates = exact.Count > 0 ? exact : hits.ToList();
        return candidates.Count switch
        {
            1 => await show.ExecuteAsync(candidates[0].Code, ct),
            0 => throw DomainException.Invalid($"Aucune commune ne correspond à « {q} ».", "commune"),
            _ => throw DomainException.Invalid(
                $"Plusieurs communes correspondent à « {q} » : {string.Join(", ", candidates.Take(5).Select(c => $"{c.Name} ({c.PostalCodes.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()}, code {c.Code})"))}{(candidates.Count > 5 ? "…" : "")}. Précisez avec le code postal ou le code INSEE.", "commune"),
        };
    }
}
