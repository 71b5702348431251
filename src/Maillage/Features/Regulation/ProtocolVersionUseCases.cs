using System.Collections.Concurrent;
using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Regulation;

/// <summary>Who does what in regulation.</summary>
public static class RegulationAccess
{
    /// <summary>Take calls and read call records of their territories.</summary>
    public static bool IsStaff(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Secretary) || user.IsInRole(Roles.Regulation) || user.IsInRole(Roles.Coordinator);

    /// <summary>Write and publish the territory's protocol.</summary>
    public static bool CanAuthor(ClaimsPrincipal user) => user.IsInRole(Roles.Coordinator) || user.IsInRole(Roles.Administrator);

    /// <summary>Offer slots on behalf of the territory's sites.</summary>
    public static bool CanOfferSlots(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Coordinator) || user.IsInRole(Roles.Administrator) || user.IsInRole(Roles.Secretary);
}

public sealed record ProtocolVersionRow(
    int Id, int TerritoryId, int Number, string Name, TriageProtocolStatus Status, string? ChangeNote,
    DateTime CreatedAtUtc, string CreatedBy, DateTime UpdatedAtUtc, string UpdatedBy, DateTime? PublishedAtUtc, string? PublishedBy, DateTime? RetiredAtUtc, int Revision);

public sealed record ProtocolVersionDetails(ProtocolVersionRow Version, string Definition, ProtocolReport Report);

/// <summary>Reads versions of a territory's protocol, and hands out compiled published ones (immutable, so cached).</summary>
public sealed class ProtocolVersions(MaillageDb db)
{
    // Keyed by the text, not the id: published text never changes, and ids repeat across databases.
    private static readonly ConcurrentDictionary<string, TriageProtocol> Compiled = new();

    public async Task<IReadOnlyList<ProtocolVersionRow>> ListAsync(int territoryId, UserScope scope, CancellationToken ct = default)
    {
        Ensure(scope, territoryId);
        return (await db.Set<TriageProtocolVersion>().AsNoTracking().Where(v => v.TerritoryId == territoryId).OrderByDescending(v => v.Number).ToListAsync(ct))
            .Select(Row).ToList();
    }

    public async Task<TriageProtocolVersion> FindAsync(int id, UserScope scope, CancellationToken ct = default, bool tracked = false)
    {
        var query = tracked ? db.Set<TriageProtocolVersion>() : db.Set<TriageProtocolVersion>().AsNoTracking();
        var version = await query.FirstOrDefaultAsync(v => v.Id == id, ct);
        return version is not null && scope.Covers(version.TerritoryId) ? version : throw DomainException.NotFound($"Aucune version de protocole n° {id}.", "protocolVersionId");
    }

    public async Task<ProtocolVersionDetails> ShowAsync(int id, UserScope scope, CancellationToken ct = default)
    {
        var version = await FindAsync(id, scope, ct);
        return new ProtocolVersionDetails(Row(version), version.Definition, ProtocolSafety.Check(ProtocolJson.Read<ProtocolDefinition>(version.Definition, "protocole")));
    }

    /// <summary>The version every site of the territory uses now, or null when none is published yet.</summary>
    public async Task<(TriageProtocolVersion Version, TriageProtocol Protocol)?> CurrentAsync(int territoryId, UserScope scope, CancellationToken ct = default)
    {
        Ensure(scope, territoryId);
        var version = await db.Set<TriageProtocolVersion>().AsNoTracking()
            .FirstOrDefaultAsync(v => v.TerritoryId == territoryId && v.Status == TriageProtocolStatus.Published, ct);
        return version is null ? null : (version, CompiledOf(version));
    }

    /// <summary>A version that was published (current or since retired): calls are read and replayed against it.</summary>
    public async Task<(TriageProtocolVersion Version, TriageProtocol Protocol)> PublishedAsync(int id, UserScope scope, CancellationToken ct = default)
    {
        var version = await FindAsync(id, scope, ct);
        return version.Status == TriageProtocolStatus.Draft
            ? throw DomainException.Invalid($"La version {version.Number} du protocole est un brouillon : elle ne sert pas aux appels.", "protocolVersionId")
            : (version, CompiledOf(version));
    }

    public static TriageProtocol CompiledOf(TriageProtocolVersion version) => Compiled.GetOrAdd(version.Definition, text =>
        TriageProtocol.Compile(ProtocolJson.Read<ProtocolDefinition>(text, "protocole")).Protocol
        ?? throw new InvalidOperationException($"Published protocol version {version.Id} does not compile."));

    public static ProtocolVersionRow Row(TriageProtocolVersion v) => new(v.Id, v.TerritoryId, v.Number, v.Name, v.Status, v.ChangeNote,
        v.CreatedAtUtc, v.CreatedBy, v.UpdatedAtUtc, v.UpdatedBy, v.PublishedAtUtc, v.PublishedBy, v.RetiredAtUtc, v.Revision);

    public static void Ensure(UserScope scope, int territoryId)
    {
        if (!scope.Covers(territoryId))
        {
            throw DomainException.NotFound("Territoire inconnu.", "territoryId");
        }
    }
}

/// <summary>
/// Saves the territory's draft: the next version, edited in place until published. A draft may be unsafe
/// — that is what drafts are for — but it must be a readable protocol file.
/// </summary>
public sealed class SaveProtocolDraft(MaillageDb db, NameTerritories territories, AuditLog audit, TimeProvider time)
{
    public async Task<ProtocolVersionDetails> ExecuteAsync(int territoryId, string? definition, string? changeNote, int? revision, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        ProtocolVersions.Ensure(scope, territoryId);
        if ((await territories.ExecuteAsync([territoryId], ct)).Count == 0)
        {
            throw DomainException.NotFound("Territoire inconnu.", "territoryId");
        }

        if (string.IsNullOrWhiteSpace(definition))
        {
            throw DomainException.Invalid("Le protocole est vide.", "definition");
        }

        if (definition.Length > 200_000)
        {
            throw DomainException.Invalid("Le protocole dépasse 200 000 caractères.", "definition");
        }

        var parsed = ProtocolJson.Read<ProtocolDefinition>(definition, "Protocole");
        var name = string.IsNullOrWhiteSpace(parsed.Name) ? "Protocole sans nom" : parsed.Name.Trim();
        var note = string.IsNullOrWhiteSpace(changeNote) ? null : changeNote.Trim();
        if (note?.Length > 500)
        {
            throw DomainException.Invalid("La note de version dépasse 500 caractères.", "changeNote");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var draft = await db.Set<TriageProtocolVersion>().FirstOrDefaultAsync(v => v.TerritoryId == territoryId && v.Status == TriageProtocolStatus.Draft, ct);
        if (draft is null)
        {
            var number = (await db.Set<TriageProtocolVersion>().Where(v => v.TerritoryId == territoryId).MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1;
            draft = new TriageProtocolVersion
            {
                TerritoryId = territoryId, Number = number, Name = name, Definition = definition, Status = TriageProtocolStatus.Draft, ChangeNote = note,
                CreatedAtUtc = now, CreatedBy = actor.Name, UpdatedAtUtc = now, UpdatedBy = actor.Name, Revision = 1,
            };
            db.Add(draft);
        }
        else
        {
            if (revision is { } expected && expected != draft.Revision)
            {
                throw DomainException.Conflict($"{draft.UpdatedBy} a modifié ce brouillon entre-temps ({French.DateTime(draft.UpdatedAtUtc)}) : rechargez-le avant d'enregistrer.", "revision");
            }

            draft.Name = name;
            draft.Definition = definition;
            draft.ChangeNote = note;
            draft.UpdatedAtUtc = now;
            draft.UpdatedBy = actor.Name;
            draft.Revision++;
        }

        try
        {
            await audit.RecordAsync(actor, "regulation.protocol.draft", $"territory:{territoryId}", $"brouillon v{draft.Number} « {name} »", ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("Ce brouillon a été modifié entre-temps : rechargez-le avant d'enregistrer.", "revision");
        }
        catch (DbUpdateException)
        {
            // Two first drafts at once: the unique version number keeps one.
            throw DomainException.Conflict("Un autre brouillon vient d'être créé : rechargez la page.", "definition");
        }

        return new ProtocolVersionDetails(ProtocolVersions.Row(draft), definition, ProtocolSafety.Check(parsed));
    }
}

/// <summary>
/// Publishes the draft when it is safe and every test case passes; the version in use until then is
/// retired (kept, and still readable by the calls made with it).
/// </summary>
public sealed class PublishProtocol(MaillageDb db, ProtocolVersions versions, AuditLog audit, TimeProvider time)
{
    public async Task<ProtocolReport> ExecuteAsync(int versionId, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var draft = await versions.FindAsync(versionId, scope, ct, tracked: true);
        if (draft.Status != TriageProtocolStatus.Draft)
        {
            throw DomainException.Conflict($"La version {draft.Number} est déjà {(draft.Status == TriageProtocolStatus.Published ? "publiée" : "retirée")}.", "protocolVersionId");
        }

        var report = ProtocolSafety.Check(ProtocolJson.Read<ProtocolDefinition>(draft.Definition, "Protocole"));
        if (!report.Publishable)
        {
            var failed = report.Tests.Count(t => !t.Passed);
            var first = report.Problems.Count > 0 ? report.Problems[0]
                : report.Tests.Where(t => !t.Passed).Select(t => $"Cas « {t.Name} » : {t.Problem}.").FirstOrDefault() ?? "";
            throw DomainException.Invalid(
                $"Publication refusée : {report.Problems.Count} problème(s), {failed} cas de test en échec. {first}", "definition");
        }

        var now = time.GetUtcNow().UtcDateTime;
        foreach (var current in await db.Set<TriageProtocolVersion>().Where(v => v.TerritoryId == draft.TerritoryId && v.Status == TriageProtocolStatus.Published).ToListAsync(ct))
        {
            current.Status = TriageProtocolStatus.Retired;
            current.RetiredAtUtc = now;
        }

        draft.Status = TriageProtocolStatus.Published;
        draft.PublishedAtUtc = now;
        draft.PublishedBy = actor.Name;
        draft.Revision++;
        await audit.RecordAsync(actor, "regulation.protocol.publish", $"territory:{draft.TerritoryId}",
            $"v{draft.Number} « {draft.Name} » publiée ({report.Tests.Count} cas de test, {report.Combinations} combinaisons vérifiées)", ct);
        return report;
    }
}

/// <param name="TerritoryId">Null when the reader has no territory, or asked for one they may not see.</param>
public sealed record RegulationDesk(UserScope Scope, IReadOnlyDictionary<int, string> Territories, int? TerritoryId)
{
    public string TerritoryName => TerritoryId is { } id ? Territories[id] : "";
}

/// <summary>The territory a regulation page works on: the one asked for if the reader may see it, else (none asked) their first.</summary>
public sealed class OpenRegulationDesk(ScopeOfUser scopeOfUser, NameTerritories territories)
{
    public async Task<RegulationDesk> ExecuteAsync(ClaimsPrincipal user, int? requested, CancellationToken ct = default)
    {
        var scope = await scopeOfUser.ExecuteAsync(user, ct);
        var names = await territories.ExecuteAsync(null, ct, scope);
        var chosen = requested is { } r ? (names.ContainsKey(r) ? r : (int?)null) : names.Keys.Order().Cast<int?>().FirstOrDefault();
        return new RegulationDesk(scope, names, chosen);
    }
}
