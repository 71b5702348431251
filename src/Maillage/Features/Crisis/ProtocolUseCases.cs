using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Crisis;

public sealed record ProtocolSummary(int Id, string Title, int CurrentVersion, DateTime UpdatedAtUtc, string UpdatedBy);

public sealed record ProtocolVersionView(int Number, string Body, string? ChangeNote, DateTime CreatedAtUtc, string CreatedBy);

public sealed record ProtocolDetails(int Id, int EpisodeId, string EpisodeName, bool EpisodeClosed, string Title, IReadOnlyList<ProtocolVersionView> Versions)
{
    public ProtocolVersionView Current => Versions[^1];
}

public sealed class CreateProtocol(MaillageDb db, CrisisAccess access, AuditLog audit, TimeProvider time)
{
    public async Task<int> ExecuteAsync(int episodeId, string? title, string? body, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        CrisisAccess.EnsureOpen(await access.EpisodeAsync(episodeId, scope, tracked: false, ct));
        var now = time.GetUtcNow().UtcDateTime;
        var protocol = new CrisisProtocol { EpisodeId = episodeId, Title = DirectoryRules.Required(title, "Le titre du protocole", "protocolTitle", 200), CreatedAtUtc = now };
        var text = DirectoryRules.Required(body, "Le texte du protocole", "protocolBody", 50000);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(protocol);
        await db.SaveChangesAsync(ct);
        db.Add(new ProtocolVersion { ProtocolId = protocol.Id, Number = 1, Body = text, ChangeNote = "Première version", CreatedAtUtc = now, CreatedBy = actor.Name });
        await audit.RecordAsync(actor, "crisis.protocol", $"crisis:{episodeId}", $"protocole « {protocol.Title} » créé (version 1)", ct);
        await transaction.CommitAsync(ct);
        return protocol.Id;
    }
}

/// <summary>Adds a version: a revision, or a restore of an older text. Refused if someone revised it meanwhile.</summary>
public sealed class ReviseProtocol(MaillageDb db, CrisisAccess access, AuditLog audit, TimeProvider time)
{
    public async Task<int> ExecuteAsync(int protocolId, string? body, string? changeNote, int basedOnVersion, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var protocol = await db.Set<CrisisProtocol>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == protocolId, ct)
            ?? throw DomainException.NotFound($"Aucun protocole {protocolId}.", "protocol");
        CrisisAccess.EnsureOpen(await access.EpisodeAsync(protocol.EpisodeId, scope, tracked: false, ct));
        var current = await db.Set<ProtocolVersion>().Where(v => v.ProtocolId == protocolId).MaxAsync(v => v.Number, ct);
        if (basedOnVersion != current)
        {
            throw DomainException.Conflict($"Le protocole est passé en version {current} pendant votre modification : rechargez la page et reportez vos changements.", "version");
        }

        var text = DirectoryRules.Required(body, "Le texte du protocole", "body", 50000);
        var latest = await db.Set<ProtocolVersion>().AsNoTracking().FirstAsync(v => v.ProtocolId == protocolId && v.Number == current, ct);
        if (latest.Body == text)
        {
            throw DomainException.Invalid("Le texte n'a pas changé : aucune nouvelle version n'est créée.", "body");
        }

        var note = DirectoryRules.Required(changeNote, "Le motif du changement", "changeNote", 500);
        db.Add(new ProtocolVersion
        {
            ProtocolId = protocolId, Number = current + 1, Body = text, ChangeNote = note, CreatedAtUtc = time.GetUtcNow().UtcDateTime, CreatedBy = actor.Name,
        });
        await audit.RecordAsync(actor, "crisis.protocol", $"crisis:{protocol.EpisodeId}", $"protocole « {protocol.Title} » : version {current + 1} ({note})", ct);
        return current + 1;
    }
}

public sealed class ListProtocols(MaillageDb db, CrisisAccess access)
{
    public async Task<IReadOnlyList<ProtocolSummary>> ExecuteAsync(int episodeId, UserScope scope, CancellationToken ct = default)
    {
        await access.EpisodeAsync(episodeId, scope, tracked: false, ct);
        var protocols = await db.Set<CrisisProtocol>().AsNoTracking().Where(p => p.EpisodeId == episodeId).OrderBy(p => p.Title).ToListAsync(ct);
        var ids = protocols.Select(p => p.Id).ToList();
        var latest = (await db.Set<ProtocolVersion>().AsNoTracking().Where(v => ids.Contains(v.ProtocolId))
                .Select(v => new { v.ProtocolId, v.Number, v.CreatedAtUtc, v.CreatedBy }).ToListAsync(ct))
            .GroupBy(v => v.ProtocolId).ToDictionary(g => g.Key, g => g.MaxBy(v => v.Number)!);
        return protocols.Select(p => new ProtocolSummary(p.Id, p.Title, latest[p.Id].Number, latest[p.Id].CreatedAtUtc, latest[p.Id].CreatedBy)).ToList();
    }
}

public sealed class ShowProtocol(MaillageDb db, CrisisAccess access)
{
    public async Task<ProtocolDetails> ExecuteAsync(int protocolId, UserScope scope, CancellationToken ct = default)
    {
        var protocol = await db.Set<CrisisProtocol>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == protocolId, ct)
            ?? throw DomainException.NotFound($"Aucun protocole {protocolId}.", "protocol");
        var episode = await access.EpisodeAsync(protocol.EpisodeId, scope, tracked: false, ct);
        var versions = await db.Set<ProtocolVersion>().AsNoTracking().Where(v => v.ProtocolId == protocolId).OrderBy(v => v.Number)
            .Select(v => new ProtocolVersionView(v.Number, v.Body, v.ChangeNote, v.CreatedAtUtc, v.CreatedBy)).ToListAsync(ct);
        return new ProtocolDetails(protocol.Id, episode.Id, episode.Name, episode.ClosedOn is not null, protocol.Title, versions);
    }
}
