using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Maillage.Data;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Accounts;

public sealed record AuditVerification(bool IsValid, long EntryCount, long? FirstBrokenSequence, string? Problem, string HeadHash);

public sealed record AuditFilter(string? Action = null, string? Actor = null, string? Target = null, long? UpToSequence = null);

/// <summary>
/// The append-only audit log. Each entry carries the hash of the previous one, so that changing or
/// removing an entry breaks the chain and <see cref="VerifyAsync"/> finds it.
/// </summary>
public sealed class AuditLog(MaillageDb db, TimeProvider time, IHttpContextAccessor httpContext)
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    // Appends are serialised in the process so the chain never forks; the unique index on Sequence
    // makes a concurrent writer in another process fail instead of forking it.
    private static readonly SemaphoreSlim AppendLock = new(1, 1);

    /// <summary>
    /// Appends an entry and saves the context: pending changes of the caller and their audit entry
    /// are written together.
    /// </summary>
    public async Task RecordAsync(Actor actor, string action, string? target = null, string? details = null, CancellationToken ct = default)
    {
        await AppendLock.WaitAsync(ct);
        try
        {
            var last = await db.Set<AuditEntry>().AsNoTracking()
                .OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Hash })
                .FirstOrDefaultAsync(ct);
            var now = time.GetUtcNow().UtcDateTime;
            var entry = new AuditEntry
            {
                Sequence = (last?.Sequence ?? 0) + 1,
                // Millisecond precision survives every provider's round trip, so the hash stays verifiable.
                AtUtc = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc),
                ActorId = Truncate(actor.Id, 100)!,
                ActorName = Truncate(actor.Name, 256)!,
                Action = action,
                Target = Truncate(target, 200),
                Details = Truncate(details, 4000),
                IpAddress = httpContext.HttpContext?.Connection.RemoteIpAddress?.ToString(),
                PreviousHash = last?.Hash ?? GenesisHash,
                Hash = "",
            };
            entry.Hash = ComputeHash(entry);
            db.Set<AuditEntry>().Add(entry);
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            AppendLock.Release();
        }
    }

    public async Task<Page<AuditEntry>> PageAsync(AuditFilter filter, int? page, int? size, CancellationToken ct = default)
    {
        var (p, s) = Paging.Normalize(page, size);
        var query = db.Set<AuditEntry>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            query = query.Where(e => e.Action.StartsWith(filter.Action.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var actorText = filter.Actor.Trim().ToLower();
            query = query.Where(e => e.ActorName.ToLower().Contains(actorText));
        }

        if (!string.IsNullOrWhiteSpace(filter.Target))
        {
            query = query.Where(e => e.Target == filter.Target.Trim());
        }

        if (filter.UpToSequence is { } upTo)
        {
            query = query.Where(e => e.Sequence <= upTo);
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(e => e.Sequence).Skip((p - 1) * s).Take(s).ToListAsync(ct);
        return new Page<AuditEntry>(items, p, s, total);
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        var expectedSequence = 1L;
        var previous = GenesisHash;
        await foreach (var entry in db.Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            string? problem = null;
            if (entry.Sequence != expectedSequence)
            {
                problem = $"entrée {expectedSequence} manquante (suivante trouvée : {entry.Sequence})";
            }
            else if (entry.PreviousHash != previous)
            {
                problem = $"l'entrée {entry.Sequence} ne suit pas la précédente (chaînage rompu)";
            }
            else if (entry.Hash != ComputeHash(entry))
            {
                problem = $"le contenu de l'entrée {entry.Sequence} a été modifié";
            }

            if (problem is not null)
            {
                return new AuditVerification(false, expectedSequence - 1, expectedSequence, problem, previous);
            }

            previous = entry.Hash;
            expectedSequence++;
        }

        return new AuditVerification(true, expectedSequence - 1, null, null, previous);
    }

    internal static string ComputeHash(AuditEntry e)
    {
        var canonical = string.Join('\u001f',
            e.Sequence.ToString(CultureInfo.InvariantCulture),
            e.AtUtc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            e.ActorId,
            e.ActorName,
            e.Action,
            e.Target ?? "",
            e.Details ?? "",
            e.IpAddress ?? "",
            e.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}
