using Maillage.Data;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Notifications;

public sealed record NotificationView(int Id, string Text, string? Link, DateTime CreatedAtUtc, bool Read);

/// <summary>Queues in-app messages; the caller's save writes them with the change they announce.</summary>
public sealed class Notify(MaillageDb db, TimeProvider time)
{
    public void Queue(int professionalId, string text, string? link) =>
        db.Add(new Notification { ProfessionalId = professionalId, Text = text.Length > 2000 ? text[..2000] : text, Link = link, CreatedAtUtc = time.GetUtcNow().UtcDateTime });
}

public sealed class ListNotifications(MaillageDb db)
{
    public async Task<(IReadOnlyList<NotificationView> Items, int Unread)> ExecuteAsync(int professionalId, int take, CancellationToken ct = default)
    {
        var items = await db.Set<Notification>().AsNoTracking().Where(n => n.ProfessionalId == professionalId)
            .OrderByDescending(n => n.Id).Take(Math.Clamp(take, 1, 200))
            .Select(n => new NotificationView(n.Id, n.Text, n.Link, n.CreatedAtUtc, n.ReadAtUtc != null)).ToListAsync(ct);
        var unread = await db.Set<Notification>().CountAsync(n => n.ProfessionalId == professionalId && n.ReadAtUtc == null, ct);
        return (items, unread);
    }
}

public sealed class MarkNotificationsRead(MaillageDb db, TimeProvider time)
{
    public async Task<int> ExecuteAsync(int professionalId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var unread = await db.Set<Notification>().Where(n => n.ProfessionalId == professionalId && n.ReadAtUtc == null).ToListAsync(ct);
        unread.ForEach(n => n.ReadAtUtc = now);
        await db.SaveChangesAsync(ct);
        return unread.Count;
    }
}
