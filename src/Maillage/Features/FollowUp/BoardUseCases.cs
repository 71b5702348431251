using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.FollowUp;

public sealed record EpisodeRow(
    int Id, string Patient, string PatientCommune, string Reason, string Owner, bool OwnerAccepted, DateTime OpenedAtUtc,
    DateTime? LastContactUtc, DateTime? NextContactDueUtc, bool ContactOverdue, string? PendingWith, DateTime? PendingDeadlineUtc, bool WaitingTooLong);

/// <param name="WithoutOwnerPastDeadline">Open episodes nobody accepted within the handoff deadline: must be zero.</param>
/// <param name="OverdueContacts">Open episodes whose next contact is past: must be zero.</param>
/// <param name="OverdueUrgentTasks">Urgent tasks past their due time and not done: must be zero.</param>
/// <param name="OverdueTasks">Planned tasks past their due time and not done.</param>
public sealed record BoardCounts(int OpenEpisodes, int WithoutOwnerPastDeadline, int OverdueContacts, int OverdueUrgentTasks, int OverdueTasks, int PendingHandoffs, int OpenAlerts);

public sealed record AlertView(int Id, int EpisodeId, FollowUpAlertKind Kind, string Message, DateTime CreatedAtUtc);

public sealed record OwnerLoad(string Owner, int Episodes);

public sealed record BoardView(int TerritoryId, DateTime AtUtc, BoardCounts Counts, IReadOnlyList<AlertView> Alerts, IReadOnlyList<OwnerLoad> Owners, IReadOnlyList<EpisodeRow> Episodes);

/// <summary>
/// "Aucun patient perdu": every open episode of a territory with its owner, last and next contact and
/// pending request, the alerts, and the counts that must stay at zero.
/// </summary>
public sealed class FollowUpBoard(MaillageDb db, HandoffEngine engine, LoadProfessionalFacts professionals, NameCommunes communes, AuditLog audit, TimeProvider time)
{
    public async Task<BoardCounts> CountsAsync(int territoryId, UserScope scope, CancellationToken ct = default) =>
        (await LoadAsync(territoryId, scope, ct)).Counts;

    public async Task<BoardView> ExecuteAsync(int territoryId, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var board = await LoadAsync(territoryId, scope, ct);
        await audit.RecordAsync(actor, "followup.board.read", $"territory:{territoryId}", $"{board.Episodes.Count} épisode(s) ouverts", ct);
        return board;
    }

    private async Task<BoardView> LoadAsync(int territoryId, UserScope scope, CancellationToken ct)
    {
        if (!scope.Covers(territoryId))
        {
            throw DomainException.NotFound("Territoire inconnu.", "territoryId");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var settings = await engine.SettingsAsync(territoryId, ct);
        var episodes = await db.Set<FollowUpEpisode>().AsNoTracking().Where(e => e.TerritoryId == territoryId && e.Status == EpisodeStatus.Open).ToListAsync(ct);
        var ids = episodes.Select(e => e.Id).ToList();
        var pending = (await db.Set<Handoff>().AsNoTracking().Where(h => ids.Contains(h.EpisodeId) && h.Status == HandoffStatus.Pending).ToListAsync(ct))
            .GroupBy(h => h.EpisodeId).ToDictionary(g => g.Key, g => g.OrderByDescending(h => h.Attempt).First());
        var alerts = await db.Set<FollowUpAlert>().AsNoTracking().Where(a => a.TerritoryId == territoryId && a.AcknowledgedAtUtc == null)
            .OrderByDescending(a => a.CreatedAtUtc).ToListAsync(ct);
        var names = await professionals.ExecuteAsync(episodes.Select(e => e.OwnerId ?? 0).Concat(pending.Values.Select(h => h.ProfessionalId)).ToList(), UserScope.Everything, ct);
        var communeNames = await communes.ExecuteAsync(episodes.Select(e => e.PatientCommuneCode).ToList(), ct);
        string Owner(FollowUpEpisode e) => e.OwnerId is { } o && names.TryGetValue(o, out var p) ? p.Name : "coordination du territoire";
        var limit = TimeSpan.FromHours(settings.HandoffDeadlineHours);
        var rows = episodes.Select(e => new EpisodeRow(
                e.Id, $"{e.PatientLastName.ToUpperInvariant()} {e.PatientFirstName}", communeNames.GetValueOrDefault(e.PatientCommuneCode, e.PatientCommuneCode),
                Reasons.Label(e.Reason), Owner(e), e.OwnerAccepted, e.OpenedAtUtc, e.LastContactUtc, e.NextContactDueUtc, e.NextContactDueUtc < now,
                pending.TryGetValue(e.Id, out var h) && names.TryGetValue(h.ProfessionalId, out var who) ? who.Name : null, pending.GetValueOrDefault(e.Id)?.DeadlineUtc,
                !e.OwnerAccepted && now - e.OpenedAtUtc > limit))
            .OrderByDescending(r => r.WaitingTooLong).ThenByDescending(r => r.ContactOverdue).ThenBy(r => r.NextContactDueUtc ?? DateTime.MaxValue).ThenBy(r => r.OpenedAtUtc)
            .ToList();
        var overdue = await db.Set<FollowUpTask>().AsNoTracking().Where(t => ids.Contains(t.EpisodeId) && t.DoneAtUtc == null && t.DueUtc < now)
            .Select(t => t.Urgent).ToListAsync(ct);
        var counts = new BoardCounts(rows.Count, rows.Count(r => r.WaitingTooLong), rows.Count(r => r.ContactOverdue), overdue.Count(u => u), overdue.Count, pending.Count, alerts.Count);
        return new BoardView(territoryId, now, counts,
            alerts.Select(a => new AlertView(a.Id, a.EpisodeId, a.Kind, a.Message, a.CreatedAtUtc)).ToList(),
            rows.GroupBy(r => r.Owner).Select(g => new OwnerLoad(g.Key, g.Count())).OrderByDescending(o => o.Episodes).ToList(),
            rows);
    }
}

/// <summary>A professional's own patients: those they own, follow in a care team, or are asked to take over.</summary>
public sealed class ListMyEpisodes(MaillageDb db, FindOwnEntry ownEntry, ScopeOfUser scopeOfUser, LoadProfessionalFacts professionals, NameCommunes communes, AuditLog audit, TimeProvider time)
{
    public async Task<IReadOnlyList<EpisodeRow>> ExecuteAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (await ownEntry.ExecuteAsync(user, ct) is not { } me)
        {
            return [];
        }

        var now = time.GetUtcNow().UtcDateTime;
        var team = db.Set<CareTeamMember>().Where(m => m.ProfessionalId == me).Select(m => m.EpisodeId);
        var asked = db.Set<Handoff>().Where(h => h.ProfessionalId == me && h.Status == HandoffStatus.Pending).Select(h => h.EpisodeId);
        var scope = await scopeOfUser.ExecuteAsync(user, ct);
        var episodes = await db.Set<FollowUpEpisode>().AsNoTracking().InScope(scope, e => e.TerritoryId)
            .Where(e => e.Status == EpisodeStatus.Open && (e.OwnerId == me || team.Contains(e.Id) || asked.Contains(e.Id))).ToListAsync(ct);
        if (episodes.Count > 0)
        {
            await audit.RecordAsync(Actor.From(user), "followup.episodes.list", $"professional:{me}", $"{episodes.Count} patient(s) suivi(s) ou proposé(s)", ct);
        }

        var ids = episodes.Select(e => e.Id).ToList();
        var pending = (await db.Set<Handoff>().AsNoTracking().Where(h => ids.Contains(h.EpisodeId) && h.Status == HandoffStatus.Pending).ToListAsync(ct))
            .GroupBy(h => h.EpisodeId).ToDictionary(g => g.Key, g => g.First());
        var names = await professionals.ExecuteAsync(episodes.Select(e => e.OwnerId ?? 0).Concat(pending.Values.Select(p => p.ProfessionalId)).ToList(), UserScope.Everything, ct);
        var communeNames = await communes.ExecuteAsync(episodes.Select(e => e.PatientCommuneCode).ToList(), ct);
        return episodes.Select(e => new EpisodeRow(
                e.Id, $"{e.PatientLastName.ToUpperInvariant()} {e.PatientFirstName}", communeNames.GetValueOrDefault(e.PatientCommuneCode, e.PatientCommuneCode),
                Reasons.Label(e.Reason), e.OwnerId is { } o && names.TryGetValue(o, out var p) ? p.Name : "coordination du territoire", e.OwnerAccepted, e.OpenedAtUtc,
                e.LastContactUtc, e.NextContactDueUtc, e.NextContactDueUtc < now,
                pending.TryGetValue(e.Id, out var h) && names.TryGetValue(h.ProfessionalId, out var w) ? w.Name : null, pending.GetValueOrDefault(e.Id)?.DeadlineUtc, false))
            .OrderByDescending(r => r.PendingWith is not null).ThenBy(r => r.NextContactDueUtc ?? DateTime.MaxValue).ToList();
    }
}

public sealed class AcknowledgeAlert(MaillageDb db, AuditLog audit, TimeProvider time)
{
    public async Task ExecuteAsync(int alertId, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var alert = await db.Set<FollowUpAlert>().FirstOrDefaultAsync(a => a.Id == alertId, ct);
        if (alert is null || !scope.Covers(alert.TerritoryId))
        {
            throw DomainException.NotFound($"Aucune alerte {alertId}.", "alertId");
        }

        if (alert.AcknowledgedAtUtc is not null)
        {
            throw DomainException.Conflict($"Alerte déjà prise en compte par {alert.AcknowledgedBy}.", "alertId");
        }

        alert.AcknowledgedAtUtc = time.GetUtcNow().UtcDateTime;
        alert.AcknowledgedBy = actor.Name;
        await audit.RecordAsync(actor, "followup.alert.ack", $"episode:{alert.EpisodeId}", alert.Message, ct);
    }
}

public sealed class SetFollowUpSettings(MaillageDb db, AuditLog audit)
{
    public static void Check(int handoffDeadlineHours, int maxFailuresBeforeAlert)
    {
        if (handoffDeadlineHours is < 1 or > 168)
        {
            throw DomainException.Invalid("Le délai de réponse va de 1 à 168 heures.", "handoffDeadlineHours");
        }

        if (maxFailuresBeforeAlert is < 1 or > 20)
        {
            throw DomainException.Invalid("L'alerte se déclenche après 1 à 20 refus ou absences de réponse.", "maxFailuresBeforeAlert");
        }
    }

    public async Task ExecuteAsync(int territoryId, int handoffDeadlineHours, int maxFailuresBeforeAlert, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        if (!scope.Covers(territoryId))
        {
            throw DomainException.NotFound("Territoire inconnu.", "territoryId");
        }

        Check(handoffDeadlineHours, maxFailuresBeforeAlert);

        var settings = await db.Set<FollowUpSettings>().FirstOrDefaultAsync(s => s.TerritoryId == territoryId, ct);
        if (settings is null)
        {
            settings = new FollowUpSettings { TerritoryId = territoryId };
            db.Add(settings);
        }

        settings.HandoffDeadlineHours = handoffDeadlineHours;
        settings.MaxFailuresBeforeAlert = maxFailuresBeforeAlert;
        await audit.RecordAsync(actor, "followup.settings", $"territory:{territoryId}", $"délai {handoffDeadlineHours} h, alerte après {maxFailuresBeforeAlert} échec(s)", ct);
    }
}
