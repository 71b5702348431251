using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Geography;

public sealed record TerritorySummary(
    int Id,
    string Name,
    int CommuneCount,
    long Population,
    int SizeTier,
    IReadOnlyList<TerritoryWarning> Warnings,
    bool IsDemo,
    int Version);

public sealed record TerritoryCommune(string Code, string Name, int? Population, string PostalCodes, string DepartementCode, string Source);

public sealed record TerritoryRuleView(TerritoryRuleKind Kind, string Code, string Label);

public sealed record TerritoryDetails(TerritorySummary Summary, IReadOnlyList<TerritoryCommune> Communes, IReadOnlyList<TerritoryRuleView> Rules);

public sealed record TerritoryDefinition(string? Name, IReadOnlyList<string> Epcis, IReadOnlyList<string> Communes, IReadOnlyList<string> Excludes);

public enum TerritoryChangeKind
{
    AddCommune,
    RemoveCommune,
    AddEpci,
    RemoveEpci,
    Rename,
}

public sealed record TerritoryChange(TerritoryChangeKind Kind, string Value);

/// <summary>Expands territory rules against the stored geography and checks codes. Shared by the territory use cases.</summary>
public sealed class TerritoryCalculator(MaillageDb db)
{
    public async Task<IReadOnlyList<TerritoryMember>> ComposeAsync(IReadOnlyCollection<TerritoryRule> rules, CancellationToken ct = default)
    {
        var epciCodes = rules.Where(r => r.Kind == TerritoryRuleKind.Epci).Select(r => r.Code).Distinct().ToList();
        var communeCodes = rules.Where(r => r.Kind == TerritoryRuleKind.Commune).Select(r => r.Code).Distinct().ToList();
        var facts = await db.Set<Commune>().AsNoTracking()
            .Where(c => (c.Kind == CommuneKind.Commune && c.EpciCode != null && epciCodes.Contains(c.EpciCode)) || communeCodes.Contains(c.Code))
            .Select(c => new CommuneFacts(c.Code, c.Name, c.Kind, c.DepartementCode, c.EpciCode, c.ParentCode, c.Population, c.PostalCodes))
            .ToListAsync(ct);
        var byEpci = facts.Where(f => f.Kind == CommuneKind.Commune && f.EpciCode is not null)
            .GroupBy(f => f.EpciCode!)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<CommuneFacts>)g.ToList());
        return TerritoryRules.Compose(rules, byEpci, facts.ToDictionary(f => f.Code));
    }

    public async Task<TerritorySummary> SummarizeAsync(Territory territory, IReadOnlyList<TerritoryMember> members, CancellationToken ct = default)
    {
        var departementCodes = members.Select(m => m.Commune.DepartementCode).Distinct().ToList();
        var names = await db.Set<Departement>().AsNoTracking()
            .Where(d => departementCodes.Contains(d.Code))
            .ToDictionaryAsync(d => d.Code, d => d.Name, ct);
        var population = members.Sum(m => (long)(m.Commune.Population ?? 0));
        return new TerritorySummary(
            territory.Id,
            territory.Name,
            members.Count,
            population,
            TerritoryRules.SizeTier(population),
            TerritoryRules.Warnings(members, names),
            territory.IsDemo,
            territory.Version);
    }

    public async Task<string> ValidateNameAsync(string? name, int? exceptId, CancellationToken ct)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0)
        {
            throw DomainException.Invalid("Le nom du territoire est obligatoire.", "name");
        }

        if (trimmed.Length > 120)
        {
            throw DomainException.Invalid("Le nom du territoire ne doit pas dépasser 120 caractères.", "name");
        }

        var key = TextNormalizer.Fold(trimmed);
        if (await db.Set<Territory>().AnyAsync(t => t.NameKey == key && t.Id != exceptId, ct))
        {
            throw DomainException.Conflict($"Un territoire s'appelle déjà « {trimmed} ».", "name");
        }

        return trimmed;
    }

    public async Task<string> ValidateEpciAsync(string code, CancellationToken ct)
    {
        var normalized = code.Trim();
        if (!TerritoryRules.EpciCodePattern().IsMatch(normalized))
        {
            throw DomainException.Invalid($"« {code} » n'est pas un code EPCI (SIREN à 9 chiffres).", "epcis");
        }

        return await db.Set<Epci>().AnyAsync(e => e.Code == normalized, ct)
            ? normalized
            : throw DomainException.Invalid($"Aucun EPCI de code {normalized} dans la géographie importée.", "epcis");
    }

    public async Task<string> ValidateCommuneAsync(string code, string field, CancellationToken ct)
    {
        var normalized = code.Trim().ToUpperInvariant();
        if (!TerritoryRules.CommuneCodePattern().IsMatch(normalized))
        {
            throw DomainException.Invalid($"« {code} » n'est pas un code commune INSEE (5 caractères, 2A/2B pour la Corse ; un code postal n'est pas un code commune).", field);
        }

        return await db.Set<Commune>().AnyAsync(c => c.Code == normalized, ct)
            ? normalized
            : throw DomainException.Invalid($"Aucune commune de code {normalized} dans la géographie importée.", field);
    }

    /// <summary>Refuses an empty or double-counting territory; drops exclusions that no longer exclude anything.</summary>
    public async Task<IReadOnlyList<TerritoryMember>> CheckAsync(Territory territory, CancellationToken ct)
    {
        var included = await ComposeAsync(territory.Rules.Where(r => r.Kind != TerritoryRuleKind.Exclude).ToList(), ct);
        var includedCodes = included.Select(m => m.Commune.Code).ToHashSet();
        territory.Rules.RemoveAll(r => r.Kind == TerritoryRuleKind.Exclude && !includedCodes.Contains(r.Code));
        var members = await ComposeAsync(territory.Rules, ct);
        if (members.Count == 0)
        {
            throw DomainException.Invalid("Le territoire ne contient aucune commune : ajoutez au moins un EPCI ou une commune.", "communes");
        }

        if (TerritoryRules.FindOverlap(members) is { } overlap)
        {
            throw DomainException.Invalid(overlap, "communes");
        }

        return members;
    }
}

public sealed class CreateTerritory(MaillageDb db, TerritoryCalculator calculator, AuditLog audit, TimeProvider time)
{
    public async Task<TerritorySummary> ExecuteAsync(TerritoryDefinition definition, Actor actor, bool isDemo = false, CancellationToken ct = default)
    {
        var name = await calculator.ValidateNameAsync(definition.Name, null, ct);
        var rules = new List<TerritoryRule>();
        foreach (var code in definition.Epcis.Where(c => !string.IsNullOrWhiteSpace(c)))
        {
            AddOnce(rules, TerritoryRuleKind.Epci, await calculator.ValidateEpciAsync(code, ct));
        }

        foreach (var code in definition.Communes.Where(c => !string.IsNullOrWhiteSpace(c)))
        {
            AddOnce(rules, TerritoryRuleKind.Commune, await calculator.ValidateCommuneAsync(code, "communes", ct));
        }

        var included = (await calculator.ComposeAsync(rules, ct)).Select(m => m.Commune.Code).ToHashSet();
        foreach (var code in definition.Excludes.Where(c => !string.IsNullOrWhiteSpace(c)))
        {
            var excluded = await calculator.ValidateCommuneAsync(code, "excludes", ct);
            if (!included.Contains(excluded))
            {
                throw DomainException.Invalid($"La commune {excluded} n'est pas dans le territoire : elle ne peut pas en être exclue.", "excludes");
            }

            AddOnce(rules, TerritoryRuleKind.Exclude, excluded);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var territory = new Territory
        {
            Name = name,
            NameKey = TextNormalizer.Fold(name),
            IsDemo = isDemo,
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
            Version = 1,
            Rules = rules,
        };
        var members = await calculator.CheckAsync(territory, ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Set<Territory>().Add(territory);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(actor, "territory.created", $"territory:{territory.Id}",
            $"{name} : {members.Count} communes ({Describe(rules)})", ct);
        await transaction.CommitAsync(ct);
        return await calculator.SummarizeAsync(territory, members, ct);
    }

    private static void AddOnce(List<TerritoryRule> rules, TerritoryRuleKind kind, string code)
    {
        if (!rules.Any(r => r.Kind == kind && r.Code == code))
        {
            rules.Add(new TerritoryRule { Kind = kind, Code = code });
        }
    }

    private static string Describe(List<TerritoryRule> rules) => string.Join(", ", rules.Select(r => r.Kind switch
    {
        TerritoryRuleKind.Epci => $"EPCI {r.Code}",
        TerritoryRuleKind.Commune => $"+{r.Code}",
        _ => $"-{r.Code}",
    }));
}

public sealed class ListTerritories(MaillageDb db, TerritoryCalculator calculator)
{
    public async Task<IReadOnlyList<TerritorySummary>> ExecuteAsync(UserScope scope, CancellationToken ct = default)
    {
        var query = db.Set<Territory>().AsNoTracking().Include(t => t.Rules).InScope(scope, t => t.Id);

        var territories = await query.OrderBy(t => t.NameKey).ToListAsync(ct);
        var summaries = new List<TerritorySummary>(territories.Count);
        foreach (var territory in territories)
        {
            summaries.Add(await calculator.SummarizeAsync(territory, await calculator.ComposeAsync(territory.Rules, ct), ct));
        }

        return summaries;
    }
}

public sealed class ShowTerritory(MaillageDb db, TerritoryCalculator calculator)
{
    /// <summary>By id or by name (accents and case ignored). Outside the user's scope reads as not found.</summary>
    public async Task<TerritoryDetails> ExecuteAsync(string idOrName, UserScope scope, CancellationToken ct = default)
    {
        var key = idOrName.Trim();
        var query = db.Set<Territory>().AsNoTracking().Include(t => t.Rules);
        var folded = TextNormalizer.Fold(key);
        var territory = int.TryParse(key, out var id)
            ? await query.FirstOrDefaultAsync(t => t.Id == id, ct)
            : await query.FirstOrDefaultAsync(t => t.NameKey == folded, ct);
        if (territory is null || !scope.Covers(territory.Id))
        {
            throw DomainException.NotFound($"Aucun territoire « {key} ».", "territory");
        }

        var members = await calculator.ComposeAsync(territory.Rules, ct);
        var summary = await calculator.SummarizeAsync(territory, members, ct);
        var epciCodes = territory.Rules.Where(r => r.Kind == TerritoryRuleKind.Epci).Select(r => r.Code).ToList();
        var epciNames = await db.Set<Epci>().AsNoTracking().Where(e => epciCodes.Contains(e.Code)).ToDictionaryAsync(e => e.Code, e => e.Name, ct);
        var ruleCommuneCodes = territory.Rules.Where(r => r.Kind != TerritoryRuleKind.Epci).Select(r => r.Code).ToList();
        var communeNames = await db.Set<Commune>().AsNoTracking().Where(c => ruleCommuneCodes.Contains(c.Code)).ToDictionaryAsync(c => c.Code, c => c.Name, ct);
        var rules = territory.Rules
            .OrderBy(r => r.Kind).ThenBy(r => r.Code, StringComparer.Ordinal)
            .Select(r => new TerritoryRuleView(r.Kind, r.Code, r.Kind == TerritoryRuleKind.Epci
                ? epciNames.GetValueOrDefault(r.Code, r.Code)
                : communeNames.GetValueOrDefault(r.Code, r.Code)))
            .ToList();
        var communes = members.Select(m => new TerritoryCommune(
                m.Commune.Code,
                m.Commune.Name,
                m.Commune.Population,
                m.Commune.PostalCodes,
                m.Commune.DepartementCode,
                m.Source.StartsWith("EPCI ", StringComparison.Ordinal) ? epciNames.GetValueOrDefault(m.Source[5..], m.Source) : "ajoutée à la main"))
            .ToList();
        return new TerritoryDetails(summary, communes, rules);
    }
}

public sealed class ChangeTerritory(MaillageDb db, TerritoryCalculator calculator, AuditLog audit, TimeProvider time)
{
    public async Task<TerritorySummary> ExecuteAsync(int territoryId, int? expectedVersion, TerritoryChange change, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var territory = await db.Set<Territory>().Include(t => t.Rules).FirstOrDefaultAsync(t => t.Id == territoryId, ct);
        if (territory is null || !scope.Covers(territoryId))
        {
            throw DomainException.NotFound($"Aucun territoire {territoryId}.", "territory");
        }

        if (expectedVersion is { } version && version != territory.Version)
        {
            throw DomainException.Conflict("Le territoire a été modifié entre-temps par quelqu'un d'autre : rechargez la page et recommencez.", "version");
        }

        var before = (await calculator.ComposeAsync(territory.Rules, ct)).Select(m => m.Commune.Code).ToHashSet();
        string details;
        switch (change.Kind)
        {
            case TerritoryChangeKind.AddCommune:
            {
                var code = await calculator.ValidateCommuneAsync(change.Value, "code", ct);
                if (before.Contains(code))
                {
                    throw DomainException.Invalid($"La commune {code} fait déjà partie du territoire.", "code");
                }

                if (territory.Rules.RemoveAll(r => r.Kind == TerritoryRuleKind.Exclude && r.Code == code) == 0
                    || !(await calculator.ComposeAsync(territory.Rules, ct)).Any(m => m.Commune.Code == code))
                {
                    territory.Rules.Add(new TerritoryRule { Kind = TerritoryRuleKind.Commune, Code = code });
                }

                details = $"commune {code} ajoutée";
                break;
            }

            case TerritoryChangeKind.RemoveCommune:
            {
                var code = change.Value.Trim().ToUpperInvariant();
                if (!before.Contains(code))
                {
                    throw DomainException.Invalid($"La commune {code} ne fait pas partie du territoire.", "code");
                }

                territory.Rules.RemoveAll(r => r.Kind == TerritoryRuleKind.Commune && r.Code == code);
                if ((await calculator.ComposeAsync(territory.Rules, ct)).Any(m => m.Commune.Code == code))
                {
                    territory.Rules.Add(new TerritoryRule { Kind = TerritoryRuleKind.Exclude, Code = code });
                }

                details = $"commune {code} retirée";
                break;
            }

            case TerritoryChangeKind.AddEpci:
            {
                var code = await calculator.ValidateEpciAsync(change.Value, ct);
                if (territory.Rules.Any(r => r.Kind == TerritoryRuleKind.Epci && r.Code == code))
                {
                    throw DomainException.Invalid($"L'EPCI {code} fait déjà partie de la définition du territoire.", "epcis");
                }

                territory.Rules.Add(new TerritoryRule { Kind = TerritoryRuleKind.Epci, Code = code });
                details = $"EPCI {code} ajouté";
                break;
            }

            case TerritoryChangeKind.RemoveEpci:
            {
                var code = change.Value.Trim();
                if (territory.Rules.RemoveAll(r => r.Kind == TerritoryRuleKind.Epci && r.Code == code) == 0)
                {
                    throw DomainException.Invalid($"L'EPCI {code} ne fait pas partie de la définition du territoire.", "epcis");
                }

                details = $"EPCI {code} retiré";
                break;
            }

            case TerritoryChangeKind.Rename:
            {
                var old = territory.Name;
                territory.Name = await calculator.ValidateNameAsync(change.Value, territory.Id, ct);
                territory.NameKey = TextNormalizer.Fold(territory.Name);
                details = $"renommé de « {old} » en « {territory.Name} »";
                break;
            }

            default:
                throw DomainException.Invalid("Modification inconnue.", "kind");
        }

        var members = await calculator.CheckAsync(territory, ct);
        territory.Version++;
        territory.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        try
        {
            await audit.RecordAsync(actor, "territory.changed", $"territory:{territory.Id}", $"{details} ({members.Count} communes)", ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("Le territoire a été modifié entre-temps par quelqu'un d'autre : rechargez la page et recommencez.", "version");
        }

        return await calculator.SummarizeAsync(territory, members, ct);
    }
}

/// <summary>Territory names by id, for features that only need to label territories.</summary>
public sealed class NameTerritories(MaillageDb db)
{
    /// <summary>Names by id: of the given ids, else of the scope's territories, else of all. Cheap: nothing is expanded.</summary>
    public async Task<IReadOnlyDictionary<int, string>> ExecuteAsync(IReadOnlyCollection<int>? ids = null, CancellationToken ct = default, UserScope? scope = null)
    {
        var query = db.Set<Territory>().AsNoTracking();
        if (ids is not null)
        {
            var list = ids.ToList();
            query = query.Where(t => list.Contains(t.Id));
        }

        if (scope is not null)
        {
            query = query.InScope(scope, t => t.Id);
        }

        return await query.OrderBy(t => t.NameKey).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
    }
}

/// <summary>Which territory a page shows: the one asked for if the reader may see it, else the reader's first.</summary>
public static class TerritoryChoice
{
    public static async Task<(IReadOnlyDictionary<int, string> All, int? Shown)> ForReaderAsync(
        ScopeOfUser scopeOfUser, NameTerritories territories, System.Security.Claims.ClaimsPrincipal user, int? asked, CancellationToken ct)
    {
        var all = await territories.ExecuteAsync(null, ct, await scopeOfUser.ExecuteAsync(user, ct));
        return (all, asked is { } t && all.ContainsKey(t) ? t : all.Keys.Order().Cast<int?>().FirstOrDefault());
    }
}
