using System.Diagnostics;
using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Maillage.Features.Bulletins;

/// <summary>Section <c>Maillage:Bulletins</c>.</summary>
public sealed class BulletinOptions
{
    /// <summary>Hour (Paris) from which the daily digest leaves.</summary>
    public int DigestHour { get; set; } = 7;

    public int TickSeconds { get; set; } = 60;

    public int MaxAttempts { get; set; } = 5;
}

public sealed record DispatchResult(int Published, int Queued, int Sent, int Retrying, int Failed, bool MailEnabled);

public sealed record DeliveryRow(int Id, int ProfessionalId, string Name, string ToAddress, MailKind Kind, int Bulletins, DeliveryStatus Status, int Attempts,
    DateTime CreatedAtUtc, DateTime? SentAtUtc, DateTime NextAttemptAtUtc, string? LastError);

public sealed record AttemptView(DateTime AttemptedAtUtc, bool Succeeded, string? Error);

/// <summary>
/// The e-mail side of bulletins, run by a background job and by <c>./maillage bulletins dispatch</c>:
/// publishes what is due, queues one e-mail per professional (at once, or in the daily digest), and
/// hands e-mails to the SMTP server, retrying transient failures with growing delays.
/// </summary>
public sealed class MailDispatcher(
    MaillageDb db, BulletinDesk desk, MailPreferences preferences, ListAudienceMembers people, MailSender sender,
    IOptions<SmtpOptions> smtp, IOptions<BulletinOptions> options, ScopeOfUser scopes, AuditLog audit, TimeProvider time)
{
    /// <summary>Older unread bulletins are not mailed any more: a server configured late must not flood people.</summary>
    public static readonly TimeSpan MailWindow = TimeSpan.FromDays(7);

    public async Task<DispatchResult> RunOnceAsync(CancellationToken ct = default)
    {
        var published = await desk.PublishDueAsync(ct);
        if (!sender.Enabled)
        {
            return new DispatchResult(published, 0, 0, 0, 0, false);
        }

        var queued = await QueueAsync(ct);
        var (sent, retrying, failed) = await SendDueAsync(ct);
        return new DispatchResult(published, queued, sent, retrying, failed, true);
    }

    /// <summary>Groups the bulletins not yet mailed into one e-mail per professional, according to each one's preference.</summary>
    public async Task<int> QueueAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = now - MailWindow;
        var rows = await db.Set<BulletinRecipient>().AsNoTracking()
            .Where(r => r.MailedAtUtc == null && r.ReadAtUtc == null)
            .Join(db.Set<Bulletin>().Where(b => b.Status == BulletinStatus.Published && b.PublishedAtUtc >= since), r => r.BulletinId, b => b.Id, (r, b) => new { Row = r, b.Urgent })
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return 0;
        }

        var ids = rows.Select(r => r.Row.ProfessionalId).Distinct().ToList();
        var contacts = (await people.ByIdAsync(ids, ct)).ToDictionary(p => p.Id);
        var existing = await db.Set<MailPreference>().Where(p => ids.Contains(p.ProfessionalId)).ToDictionaryAsync(p => p.ProfessionalId, ct);
        var today = French.DateOf(now);
        var dailyDue = French.ToParis(now).Hour >= Math.Clamp(options.Value.DigestHour, 0, 23);
        var queued = 0;
        foreach (var group in rows.GroupBy(r => r.Row.ProfessionalId))
        {
            var preference = existing.GetValueOrDefault(group.Key) ?? await preferences.EnsureAsync(group.Key, ct);
            var email = contacts.GetValueOrDefault(group.Key)?.Email;
            if (preference.Mode == MailMode.None || string.IsNullOrWhiteSpace(email))
            {
                var passedOver = group.Select(r => r.Row.Id).ToList();
                await db.Set<BulletinRecipient>().Where(r => passedOver.Contains(r.Id) && r.MailedAtUtc == null)
                    .ExecuteUpdateAsync(u => u.SetProperty(r => r.MailedAtUtc, now), ct);
                await db.SaveChangesAsync(ct);
                continue;
            }

            var immediate = group.Where(r => preference.Mode == MailMode.Immediate || r.Urgent).Select(r => r.Row).ToList();
            var later = group.Where(r => preference.Mode == MailMode.Daily && !r.Urgent).Select(r => r.Row).ToList();
            if (immediate.Count > 0 && await ClaimAndQueueAsync(group.Key, immediate, email, MailKind.Immediate, now, ct))
            {
                queued++;
            }

            if (later.Count > 0 && dailyDue && preference.LastDailyDigestOn != today)
            {
                preference.LastDailyDigestOn = today;
                if (await ClaimAndQueueAsync(group.Key, later, email, MailKind.Daily, now, ct))
                {
                    queued++;
                }
            }

            await db.SaveChangesAsync(ct);
        }

        return queued;
    }

    /// <summary>
    /// Marks the rows as dealt with and queues their e-mail in one transaction, only if no other pass (a
    /// second server, the command line) marked any of them first; otherwise nothing is kept, and the
    /// rows are left to the pass that holds them. So nobody gets an e-mail twice, and none is lost.
    /// </summary>
    private async Task<bool> ClaimAndQueueAsync(int professionalId, IReadOnlyList<BulletinRecipient> rows, string email, MailKind kind, DateTime now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var claimed = await db.Set<BulletinRecipient>().Where(r => ids.Contains(r.Id) && r.MailedAtUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.MailedAtUtc, now), ct);
        if (claimed != ids.Count)
        {
            await transaction.RollbackAsync(ct);
            return false;
        }

        Queue(professionalId, rows, email, kind, now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    private void Queue(int professionalId, IReadOnlyList<BulletinRecipient> rows, string email, MailKind kind, DateTime now) =>
        db.Add(new MailDelivery
        {
            ProfessionalId = professionalId, TerritoryId = rows[0].TerritoryId, ToAddress = email, Kind = kind,
            BulletinIds = InformationVocabulary.JoinIds(rows.Select(r => r.BulletinId)), Status = DeliveryStatus.Pending, NextAttemptAtUtc = now, CreatedAtUtc = now,
        });

    /// <summary>Sends the e-mails whose time has come. Each attempt is kept; a refusal for good (5xx) fails at once.</summary>
    public async Task<(int Sent, int Retrying, int Failed)> SendDueAsync(CancellationToken ct = default)
    {
        int sent = 0, retrying = 0, failed = 0;
        var started = Stopwatch.GetTimestamp();

        // Batch after batch until nothing is due: 5,000 urgent e-mails must not wait for 50 passes a minute
        // apart. A pass stops after a few minutes so that scheduled publications are not held up behind it.
        while (Stopwatch.GetElapsedTime(started) < MaxPassDuration)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var due = await db.Set<MailDelivery>().Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAtUtc <= now)
                .OrderBy(d => d.NextAttemptAtUtc).ThenBy(d => d.Id).Take(100).ToListAsync(ct);
            if (due.Count == 0)
            {
                break;
            }

            var (s, r, f) = await SendAsync(due, now, ct);
            (sent, retrying, failed) = (sent + s, retrying + r, failed + f);
        }

        return (sent, retrying, failed);
    }

    private static readonly TimeSpan MaxPassDuration = TimeSpan.FromMinutes(5);

    private async Task<(int Sent, int Retrying, int Failed)> SendAsync(IReadOnlyList<MailDelivery> due, DateTime now, CancellationToken ct)
    {
        int sent = 0, retrying = 0, failed = 0;
        foreach (var delivery in due)
        {
            // A lease: another pass that read the same row finds it moved and leaves it.
            var planned = delivery.NextAttemptAtUtc;
            var lease = now + TimeSpan.FromMinutes(10);
            if (await db.Set<MailDelivery>().Where(d => d.Id == delivery.Id && d.Status == DeliveryStatus.Pending && d.NextAttemptAtUtc == planned)
                    .ExecuteUpdateAsync(u => u.SetProperty(d => d.NextAttemptAtUtc, lease), ct) == 0)
            {
                db.Entry(delivery).State = EntityState.Detached;
                continue;
            }

            db.Entry(delivery).Property(d => d.NextAttemptAtUtc).OriginalValue = lease;
            delivery.NextAttemptAtUtc = lease;
            var mail = await ComposeAsync(delivery, ct);
            if (mail is null)
            {
                delivery.Status = DeliveryStatus.Cancelled;
                delivery.LastError = "Tous les bulletins de cet envoi ont été retirés avant son départ.";
                await db.SaveChangesAsync(ct);
                continue;
            }

            var attemptedAt = time.GetUtcNow().UtcDateTime;
            delivery.Attempts++;
            try
            {
                await sender.SendAsync(mail, ct);
                delivery.Status = DeliveryStatus.Sent;
                delivery.SentAtUtc = attemptedAt;
                delivery.LastError = null;
                db.Add(new MailAttempt { DeliveryId = delivery.Id, AttemptedAtUtc = attemptedAt, Succeeded = true });
                sent++;
            }
            catch (MailDeliveryException e)
            {
                var error = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
                delivery.LastError = error;
                db.Add(new MailAttempt { DeliveryId = delivery.Id, AttemptedAtUtc = attemptedAt, Succeeded = false, Error = error });
                if (e.Permanent || delivery.Attempts >= Math.Max(1, options.Value.MaxAttempts))
                {
                    delivery.Status = DeliveryStatus.Failed;
                    failed++;
                }
                else
                {
                    delivery.NextAttemptAtUtc = attemptedAt + Backoff(delivery.Attempts);
                    retrying++;
                }
            }

            await db.SaveChangesAsync(ct);
        }

        return (sent, retrying, failed);
    }

    /// <summary>1 min, 5 min, 30 min, then every 2 h: a server restart is absorbed, a long outage does not hammer it.</summary>
    public static TimeSpan Backoff(int attempts) => attempts switch
    {
        <= 1 => TimeSpan.FromMinutes(1),
        2 => TimeSpan.FromMinutes(5),
        3 => TimeSpan.FromMinutes(30),
        _ => TimeSpan.FromHours(2),
    };

    /// <summary>The e-mail as it leaves now: withdrawn bulletins are left out, and null when none is left.</summary>
    public async Task<OutgoingMail?> ComposeAsync(MailDelivery delivery, CancellationToken ct = default)
    {
        var ids = InformationVocabulary.SplitIds(delivery.BulletinIds);
        var bulletins = await db.Set<Bulletin>().AsNoTracking().Where(b => ids.Contains(b.Id) && b.Status == BulletinStatus.Published).ToListAsync(ct);
        if (bulletins.Count == 0)
        {
            return null;
        }

        var subjects = (await db.Set<BulletinMessage>().AsNoTracking().Where(l => ids.Contains(l.BulletinId))
                .Join(db.Set<IncomingMessage>(), l => l.MessageId, m => m.Id, (l, m) => new { l.BulletinId, l.Position, m.Subject }).ToListAsync(ct))
            .OrderBy(x => x.Position).ToLookup(x => x.BulletinId, x => x.Subject);
        var person = (await people.ByIdAsync([delivery.ProfessionalId], ct)).FirstOrDefault();
        var preference = await preferences.EnsureAsync(delivery.ProfessionalId, ct);
        var baseUrl = smtp.Value.PublicUrl.TrimEnd('/');
        var unsubscribePage = $"{baseUrl}/information/desabonnement/{preference.UnsubscribeToken}";
        var digest = Digest.Build(new DigestInput(person?.Name ?? "", delivery.Kind,
            bulletins.Select(b => new DigestItem(b.Id, b.Title, b.Urgent, b.PublishedAtUtc!.Value, b.BodyMarkdown, subjects[b.Id].ToList())).ToList(), baseUrl, unsubscribePage));

        // The header is for the mail client's one-click unsubscribe (RFC 8058): a POST without a session or an antiforgery
        // token, which only the API endpoint accepts; people clicking the link in the text get the confirmation page.
        return new OutgoingMail(delivery.ToAddress, person?.Name, digest.Subject, digest.Text, digest.Html, $"{baseUrl}/api/mail/unsubscribe/{preference.UnsubscribeToken}");
    }

    public async Task<Page<DeliveryRow>> ListAsync(int? territoryId, DeliveryStatus? status, int? page, int? size, ClaimsPrincipal user, CancellationToken ct = default)
    {
        BulletinAccess.RequirePublisher(user);
        var scope = await scopes.ExecuteAsync(user, ct);
        var query = db.Set<MailDelivery>().AsNoTracking().InScope(scope, d => d.TerritoryId, territoryId);
        if (status is { } s)
        {
            query = query.Where(d => d.Status == s);
        }

        var (p, n) = Paging.Normalize(page, size ?? 25);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(d => d.Status == DeliveryStatus.Failed ? 0 : d.Status == DeliveryStatus.Pending ? 1 : 2)
            .ThenByDescending(d => d.CreatedAtUtc).ThenByDescending(d => d.Id).Skip((p - 1) * n).Take(n).ToListAsync(ct);
        var names = (await people.ByIdAsync(rows.Select(r => r.ProfessionalId).Distinct().ToList(), ct)).ToDictionary(x => x.Id, x => x.Name);
        return new Page<DeliveryRow>(rows.Select(d => new DeliveryRow(d.Id, d.ProfessionalId, names.GetValueOrDefault(d.ProfessionalId, "?"), d.ToAddress, d.Kind,
            InformationVocabulary.SplitIds(d.BulletinIds).Count, d.Status, d.Attempts, d.CreatedAtUtc, d.SentAtUtc, d.NextAttemptAtUtc, d.LastError)).ToList(), p, n, total);
    }

    public async Task<IReadOnlyList<AttemptView>> AttemptsAsync(int deliveryId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        await FindAsync(deliveryId, user, ct);
        return await db.Set<MailAttempt>().AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.Id)
            .Select(a => new AttemptView(a.AttemptedAtUtc, a.Succeeded, a.Error)).ToListAsync(ct);
    }

    /// <summary>Puts a failed e-mail back in the queue, with a fresh count of attempts (the past ones stay listed).</summary>
    public async Task RetryAsync(int deliveryId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var delivery = await FindAsync(deliveryId, user, ct);
        if (delivery.Status != DeliveryStatus.Failed)
        {
            throw DomainException.Conflict("Seul un envoi en échec peut être relancé.", "status");
        }

        delivery.Status = DeliveryStatus.Pending;
        delivery.Attempts = 0;
        delivery.NextAttemptAtUtc = time.GetUtcNow().UtcDateTime;
        await audit.RecordAsync(Actor.From(user), "information.mail", $"delivery:{deliveryId}", $"envoi à {delivery.ToAddress} relancé", ct);
    }

    private async Task<MailDelivery> FindAsync(int id, ClaimsPrincipal user, CancellationToken ct)
    {
        BulletinAccess.RequirePublisher(user);
        var delivery = await db.Set<MailDelivery>().FirstOrDefaultAsync(d => d.Id == id, ct);
        return delivery is not null && (await scopes.ExecuteAsync(user, ct)).Covers(delivery.TerritoryId)
            ? delivery
            : throw DomainException.NotFound($"Aucun envoi n° {id}.");
    }
}

/// <summary>Runs the dispatcher every minute (<c>Maillage:Bulletins:TickSeconds</c>).</summary>
public sealed class BulletinJob(IServiceScopeFactory scopes, IOptions<BulletinOptions> options, ILogger<BulletinJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromSeconds(Math.Clamp(options.Value.TickSeconds, 1, 3600));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<MailDispatcher>().RunOnceAsync(stoppingToken);
                if (result.Published + result.Sent + result.Failed + result.Retrying > 0)
                {
                    logger.LogInformation("Bulletins: {Published} published, {Sent} e-mails sent, {Retrying} to retry, {Failed} failed", result.Published, result.Sent, result.Retrying, result.Failed);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The queue is in the database: the next tick picks it up again.
                logger.LogError(e, "Bulletin dispatch pass failed");
            }

            try
            {
                await Task.Delay(every, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
