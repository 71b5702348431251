using System.Security.Claims;
using System.Security.Cryptography;
using Maillage.Data;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Bulletins;

public sealed record InboxItem(int BulletinId, string Title, bool Urgent, DateTime PublishedAtUtc, DateTime? ReadAtUtc, int Messages);

public sealed record InboxCounts(int Unread, int UrgentUnread);

public sealed record InboxBulletin(BulletinView Bulletin, DateTime? ReadAtUtc);

/// <summary>
/// A professional's bulletins: only those published for them, newest first, urgent unread ones on top.
/// The professional is the directory entry linked to the signed-in account.
/// </summary>
public sealed class Inbox(MaillageDb db, FindOwnEntry ownEntry, BulletinDesk desk, TimeProvider time)
{
    /// <summary>The reader's directory entry; an account without one has no inbox.</summary>
    public async Task<int> ReaderAsync(ClaimsPrincipal user, CancellationToken ct = default) =>
        await ownEntry.ExecuteAsync(user, ct)
        ?? throw DomainException.NotFound("Votre compte n'est relié à aucune fiche de l'annuaire : demandez à la coordination de vérifier votre adresse e-mail.");

    private IQueryable<BulletinRecipient> Mine(int professionalId) =>
        db.Set<BulletinRecipient>().AsNoTracking().Where(r => r.ProfessionalId == professionalId
            && db.Set<Bulletin>().Any(b => b.Id == r.BulletinId && b.Status == BulletinStatus.Published));

    public async Task<Page<InboxItem>> ListAsync(int professionalId, bool onlyUnread, string? query, int? page, int? size, CancellationToken ct = default)
    {
        var rows = Mine(professionalId);
        if (onlyUnread)
        {
            rows = rows.Where(r => r.ReadAtUtc == null);
        }

        var joined = rows.Join(db.Set<Bulletin>(), r => r.BulletinId, b => b.Id, (r, b) => new { r.ReadAtUtc, b.Id, b.Title, b.Urgent, b.PublishedAtUtc });
        if (!string.IsNullOrWhiteSpace(query))
        {
            var text = query.Trim().ToLower();
            joined = joined.Where(x => x.Title.ToLower().Contains(text));
        }

        var (p, s) = Paging.Normalize(page, size ?? 20);
        var total = await joined.CountAsync(ct);
        var items = await joined
            .OrderBy(x => x.Urgent && x.ReadAtUtc == null ? 0 : 1).ThenByDescending(x => x.PublishedAtUtc).ThenByDescending(x => x.Id)
            .Skip((p - 1) * s).Take(s)
            .Select(x => new InboxItem(x.Id, x.Title, x.Urgent, x.PublishedAtUtc!.Value, x.ReadAtUtc, db.Set<BulletinMessage>().Count(l => l.BulletinId == x.Id)))
            .ToListAsync(ct);
        return new Page<InboxItem>(items, p, s, total);
    }

    /// <summary>One count, for the navigation badge on every page.</summary>
    public Task<int> UnreadAsync(int professionalId, CancellationToken ct = default) => Mine(professionalId).CountAsync(r => r.ReadAtUtc == null, ct);

    public async Task<InboxCounts> CountsAsync(int professionalId, CancellationToken ct = default)
    {
        var unread = Mine(professionalId).Where(r => r.ReadAtUtc == null);
        return new InboxCounts(await unread.CountAsync(ct), await unread.CountAsync(r => db.Set<Bulletin>().Any(b => b.Id == r.BulletinId && b.Urgent), ct));
    }

    /// <summary>A bulletin sent to the reader. A withdrawn one shows only its title and the reason.</summary>
    public async Task<InboxBulletin> OpenAsync(int professionalId, int bulletinId, CancellationToken ct = default)
    {
        var row = await db.Set<BulletinRecipient>().AsNoTracking().FirstOrDefaultAsync(r => r.ProfessionalId == professionalId && r.BulletinId == bulletinId, ct);
        var bulletin = row is null ? null : await db.Set<Bulletin>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == bulletinId, ct);
        if (row is null || bulletin is null)
        {
            throw DomainException.NotFound($"Aucun bulletin n° {bulletinId} ne vous a été adressé.");
        }

        if (bulletin.Status == BulletinStatus.Withdrawn)
        {
            var view = await desk.ViewAsync(bulletin, ct);
            return new InboxBulletin(view with { BodyMarkdown = "", BodyHtml = "", Messages = [] }, row.ReadAtUtc);
        }

        return new InboxBulletin(await desk.ViewAsync(bulletin, ct), row.ReadAtUtc);
    }

    /// <summary>The read acknowledgement: kept at its first time, asking again changes nothing.</summary>
    public async Task<DateTime> MarkReadAsync(int professionalId, int bulletinId, CancellationToken ct = default)
    {
        var row = await db.Set<BulletinRecipient>().FirstOrDefaultAsync(r => r.ProfessionalId == professionalId && r.BulletinId == bulletinId
                      && db.Set<Bulletin>().Any(b => b.Id == r.BulletinId && b.Status == BulletinStatus.Published), ct)
                  ?? throw DomainException.NotFound($"Aucun bulletin n° {bulletinId} ne vous a été adressé.");
        if (row.ReadAtUtc is null)
        {
            // To the microsecond, as PostgreSQL keeps it: the time returned now is the one read later.
            var now = time.GetUtcNow().UtcDateTime;
            row.ReadAtUtc = new DateTime(now.Ticks - (now.Ticks % 10), DateTimeKind.Utc);
            await db.SaveChangesAsync(ct);
        }

        return row.ReadAtUtc.Value;
    }

    public async Task<int> MarkAllReadAsync(int professionalId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return await db.Set<BulletinRecipient>()
            .Where(r => r.ProfessionalId == professionalId && r.ReadAtUtc == null && db.Set<Bulletin>().Any(b => b.Id == r.BulletinId && b.Status == BulletinStatus.Published))
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.ReadAtUtc, now), ct);
    }
}

public sealed record MailSettings(MailMode Mode, string? Email, bool Enabled);

/// <summary>How each professional wants bulletins by e-mail, and the unsubscribe link that needs no sign-in.</summary>
public sealed class MailPreferences(MaillageDb db, ListAudienceMembers people, MailSender sender, TimeProvider time)
{
    public const MailMode DefaultMode = MailMode.Daily;

    public async Task<MailSettings> GetAsync(int professionalId, CancellationToken ct = default)
    {
        var mode = await db.Set<MailPreference>().AsNoTracking().Where(p => p.ProfessionalId == professionalId).Select(p => (MailMode?)p.Mode).FirstOrDefaultAsync(ct);
        var email = (await people.ByIdAsync([professionalId], ct)).FirstOrDefault()?.Email;
        return new MailSettings(mode ?? DefaultMode, email, sender.Enabled);
    }

    public async Task SetAsync(int professionalId, MailMode mode, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(mode))
        {
            throw DomainException.Invalid("Fréquence inconnue : aucun, quotidien ou immédiat.", "mode");
        }

        var preference = await EnsureAsync(professionalId, ct);
        preference.Mode = mode;
        preference.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Stops the e-mails of whoever holds the link. False when the link is unknown.</summary>
    public async Task<bool> UnsubscribeAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 64)
        {
            return false;
        }

        var preference = await db.Set<MailPreference>().FirstOrDefaultAsync(p => p.UnsubscribeToken == token, ct);
        if (preference is null)
        {
            return false;
        }

        preference.Mode = MailMode.None;
        preference.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<bool> KnownTokenAsync(string? token, CancellationToken ct = default) =>
        !string.IsNullOrWhiteSpace(token) && await db.Set<MailPreference>().AnyAsync(p => p.UnsubscribeToken == token, ct);

    /// <summary>The professional's row, created with the default mode and a fresh token when missing (not saved).</summary>
    public async Task<MailPreference> EnsureAsync(int professionalId, CancellationToken ct = default)
    {
        var preference = await db.Set<MailPreference>().FirstOrDefaultAsync(p => p.ProfessionalId == professionalId, ct);
        if (preference is null)
        {
            preference = new MailPreference
            {
                ProfessionalId = professionalId, Mode = DefaultMode, UnsubscribeToken = NewToken(), UpdatedAtUtc = time.GetUtcNow().UtcDateTime,
            };
            db.Add(preference);
        }

        return preference;
    }

    public static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
}
