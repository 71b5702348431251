using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Crisis;

public sealed record EpisodeSummary(int Id, int TerritoryId, string TerritoryName, string Name, DateOnly OpenedOn, DateOnly? ClosedOn, int? CurrentStage, int OpenDecisions, int OverdueDecisions, bool IsDemo);

public sealed record MeetingView(int Id, DateTime HeldAtUtc, string Agenda, string? Minutes, IReadOnlyDictionary<string, int> Attendance);

public sealed record DecisionView(int Id, int? MeetingId, string Text, DateOnly DecidedOn, string Owner, DecisionStatus Status, DateOnly? FollowUpOn, bool Overdue, int Version);

public sealed record EpisodeDetails(EpisodeSummary Summary, int Version, IReadOnlyList<StageEntry> Timeline, IReadOnlyList<MeetingView> Meetings, IReadOnlyList<DecisionView> Decisions);

public sealed record NewMeeting(DateTime? HeldAtUtc, string? Agenda, string? Minutes, IReadOnlyDictionary<string, int>? Attendance);

public sealed record NewDecision(int? MeetingId, string? Text, DateOnly? DecidedOn, string? Owner, DateOnly? FollowUpOn);

/// <summary>Loads an episode the user may see, or says it does not exist.</summary>
public sealed class CrisisAccess(MaillageDb db)
{
    public async Task<CrisisEpisode> EpisodeAsync(int id, UserScope scope, bool tracked, CancellationToken ct)
    {
        var query = tracked ? db.Set<CrisisEpisode>() : db.Set<CrisisEpisode>().AsNoTracking();
        var episode = await query.FirstOrDefaultAsync(e => e.Id == id, ct);
        return episode is not null && scope.Covers(episode.TerritoryId) ? episode : throw DomainException.NotFound($"Aucune crise {id}.", "episode");
    }

    public static void EnsureOpen(CrisisEpisode episode)
    {
        if (episode.ClosedOn is not null)
        {
            throw DomainException.Conflict("Cette crise est close : son historique se consulte, il ne se modifie plus.", "episode");
        }
    }
}

public sealed class OpenEpisode(MaillageDb db, NameTerritories territories, AuditLog audit, TimeProvider time)
{
    public async Task<int> ExecuteAsync(int territoryId, string? name, DateOnly? openedOn, Actor actor, UserScope scope, bool isDemo = false, CancellationToken ct = default)
    {
        if (!scope.Covers(territoryId) || (await territories.ExecuteAsync([territoryId], ct)).Count == 0)
        {
            throw DomainException.NotFound("Territoire inconnu.", "territoryId");
        }

        var title = DirectoryRules.Required(name, "Le nom de la crise", "name", 200);
        if (await db.Set<CrisisEpisode>().AnyAsync(e => e.TerritoryId == territoryId && e.ClosedOn == null, ct))
        {
            throw DomainException.Conflict("Une crise est déjà ouverte sur ce territoire : clôturez-la avant d'en ouvrir une autre.", "name");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var episode = new CrisisEpisode
        {
            TerritoryId = territoryId,
            Name = title,
            OpenedOn = openedOn ?? French.DateOf(now),
            CreatedAtUtc = now,
            IsDemo = isDemo,
            Version = 1,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(episode);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(actor, "crisis.opened", $"crisis:{episode.Id}", $"{title}, ouverte le {episode.OpenedOn:dd/MM/yyyy}", ct);
        await transaction.CommitAsync(ct);
        return episode.Id;
    }
}

public sealed class CloseEpisode(CrisisAccess access, AuditLog audit)
{
    public async Task ExecuteAsync(int id, DateOnly? closedOn, int? expectedVersion, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var episode = await access.EpisodeAsync(id, scope, tracked: true, ct);
        CrisisAccess.EnsureOpen(episode);
        if (expectedVersion is { } v && v != episode.Version)
        {
            throw DomainException.Conflict("La crise a été modifiée entre-temps : rechargez la page.", "version");
        }

        var date = closedOn ?? throw DomainException.Invalid("Indiquez la date de clôture.", "closedOn");
        if (date < episode.OpenedOn)
        {
            throw DomainException.Invalid("La clôture ne peut pas précéder l'ouverture.", "closedOn");
        }

        episode.ClosedOn = date;
        episode.Version++;
        await audit.RecordAsync(actor, "crisis.closed", $"crisis:{id}", $"close le {date:dd/MM/yyyy}", ct);
    }
}

public sealed class RecordStage(MaillageDb db, CrisisAccess access, AuditLog audit, TimeProvider time)
{
    public async Task ExecuteAsync(int episodeId, int? stage, DateOnly? effectiveOn, string? note, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var episode = await access.EpisodeAsync(episodeId, scope, tracked: false, ct);
        CrisisAccess.EnsureOpen(episode);
        var value = CrisisRules.Stage(stage);
        var date = effectiveOn ?? throw DomainException.Invalid("Indiquez la date d'entrée en vigueur du stade.", "effectiveOn");
        db.Add(new AlertStageChange
        {
            EpisodeId = episodeId,
            Stage = value,
            EffectiveOn = date,
            Note = DirectoryRules.Optional(note, "La note", "note", 500),
            RecordedAtUtc = time.GetUtcNow().UtcDateTime,
            RecordedBy = actor.Name,
        });
        await audit.RecordAsync(actor, "crisis.stage", $"crisis:{episodeId}", $"stade {value} au {date:dd/MM/yyyy}", ct);
    }
}

public sealed class AddMeeting(MaillageDb db, CrisisAccess access, AuditLog audit)
{
    public async Task<int> ExecuteAsync(int episodeId, NewMeeting meeting, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var episode = await access.EpisodeAsync(episodeId, scope, tracked: false, ct);
        CrisisAccess.EnsureOpen(episode);
        var heldAt = meeting.HeldAtUtc ?? throw DomainException.Invalid("Indiquez la date et l'heure de la réunion.", "heldAt");
        var attendance = new List<MeetingAttendance>();
        foreach (var (profession, count) in meeting.Attendance ?? new Dictionary<string, int>())
        {
            if (Professions.Find(profession) is null)
            {
                throw DomainException.Invalid($"Profession inconnue « {profession} ».", "attendance");
            }

            if (count is < 0 or > 1000)
            {
                throw DomainException.Invalid("Le nombre de participants doit être compris entre 0 et 1000.", "attendance");
            }

            if (count > 0)
            {
                attendance.Add(new MeetingAttendance { Profession = profession, Count = count });
            }
        }

        var entity = new CrisisMeeting
        {
            EpisodeId = episodeId,
            HeldAtUtc = heldAt,
            Agenda = DirectoryRules.Required(meeting.Agenda, "L'ordre du jour", "agenda", 2000),
            Minutes = DirectoryRules.Optional(meeting.Minutes, "Le compte rendu", "minutes", 20000),
            Attendance = attendance,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(entity);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(actor, "crisis.meeting", $"crisis:{episodeId}", $"réunion du {French.DateTime(heldAt)} ({attendance.Sum(a => a.Count)} participants)", ct);
        await transaction.CommitAsync(ct);
        return entity.Id;
    }
}

public sealed class AddDecision(MaillageDb db, CrisisAccess access, AuditLog audit)
{
    public async Task<int> ExecuteAsync(int episodeId, NewDecision decision, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var episode = await access.EpisodeAsync(episodeId, scope, tracked: false, ct);
        CrisisAccess.EnsureOpen(episode);
        if (decision.MeetingId is { } meetingId && !await db.Set<CrisisMeeting>().AnyAsync(m => m.Id == meetingId && m.EpisodeId == episodeId, ct))
        {
            throw DomainException.Invalid("Cette réunion n'appartient pas à la crise.", "meetingId");
        }

        var decidedOn = decision.DecidedOn ?? throw DomainException.Invalid("Indiquez la date de la décision.", "decidedOn");
        if (decision.FollowUpOn is { } followUp && followUp < decidedOn)
        {
            throw DomainException.Invalid("Le suivi ne peut pas précéder la décision.", "followUpOn");
        }

        var entity = new CrisisDecision
        {
            EpisodeId = episodeId,
            MeetingId = decision.MeetingId,
            Text = DirectoryRules.Required(decision.Text, "La décision", "text", 2000),
            DecidedOn = decidedOn,
            Owner = DirectoryRules.Required(decision.Owner, "Le responsable", "owner", 200),
            Status = DecisionStatus.Open,
            FollowUpOn = decision.FollowUpOn,
            Version = 1,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(entity);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(actor, "crisis.decision", $"crisis:{episodeId}", $"décision n° {entity.Id} : {entity.Text}", ct);
        await transaction.CommitAsync(ct);
        return entity.Id;
    }
}

public sealed class ChangeDecisionStatus(MaillageDb db, CrisisAccess access, AuditLog audit)
{
    public async Task ExecuteAsync(int decisionId, DecisionStatus status, DateOnly? followUpOn, int? expectedVersion, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var decision = await db.Set<CrisisDecision>().FirstOrDefaultAsync(d => d.Id == decisionId, ct)
            ?? throw DomainException.NotFound($"Aucune décision {decisionId}.", "decision");
        CrisisAccess.EnsureOpen(await access.EpisodeAsync(decision.EpisodeId, scope, tracked: false, ct));
        if (expectedVersion is { } v && v != decision.Version)
        {
            throw DomainException.Conflict("La décision a été modifiée entre-temps : rechargez la page.", "version");
        }

        if (followUpOn is { } date && date < decision.DecidedOn)
        {
            throw DomainException.Invalid("Le suivi ne peut pas précéder la décision.", "followUpOn");
        }

        var before = decision.Status;
        decision.Status = status;
        decision.FollowUpOn = followUpOn ?? decision.FollowUpOn;
        decision.Version++;
        try
        {
            await audit.RecordAsync(actor, "crisis.decision-status", $"crisis:{decision.EpisodeId}",
                $"décision n° {decision.Id} : {CrisisRules.StatusLabels[before]} → {CrisisRules.StatusLabels[status]}", ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("La décision a été modifiée entre-temps : rechargez la page.", "version");
        }
    }
}

public sealed class ListEpisodes(MaillageDb db, NameTerritories territories, TimeProvider time)
{
    public async Task<IReadOnlyList<EpisodeSummary>> ExecuteAsync(UserScope scope, CancellationToken ct = default)
    {
        var names = await territories.ExecuteAsync(null, ct, scope);
        var ids = names.Keys.ToList();
        var episodes = await db.Set<CrisisEpisode>().AsNoTracking().Where(e => ids.Contains(e.TerritoryId))
            .OrderBy(e => e.ClosedOn != null).ThenByDescending(e => e.OpenedOn).ToListAsync(ct);
        var summaries = new List<EpisodeSummary>();
        foreach (var episode in episodes)
        {
            summaries.Add(await EpisodeViews.SummaryAsync(db, episode, names[episode.TerritoryId], Today(time), ct));
        }

        return summaries;
    }

    internal static DateOnly Today(TimeProvider time) => French.Today(time);
}

public sealed class ShowEpisode(MaillageDb db, CrisisAccess access, NameTerritories territories, TimeProvider time)
{
    public async Task<EpisodeDetails> ExecuteAsync(int id, UserScope scope, CancellationToken ct = default)
    {
        var episode = await access.EpisodeAsync(id, scope, tracked: false, ct);
        var today = ListEpisodes.Today(time);
        var name = (await territories.ExecuteAsync([episode.TerritoryId], ct)).GetValueOrDefault(episode.TerritoryId, "");
        var timeline = await EpisodeViews.TimelineAsync(db, id, ct);
        var meetings = await db.Set<CrisisMeeting>().AsNoTracking().Include(m => m.Attendance).Where(m => m.EpisodeId == id)
            .OrderByDescending(m => m.HeldAtUtc).ToListAsync(ct);
        var decisions = await db.Set<CrisisDecision>().AsNoTracking().Where(d => d.EpisodeId == id)
            .OrderBy(d => d.Status == DecisionStatus.Done || d.Status == DecisionStatus.Abandoned).ThenBy(d => d.FollowUpOn == null).ThenBy(d => d.FollowUpOn).ThenBy(d => d.Id)
            .ToListAsync(ct);
        return new EpisodeDetails(
            await EpisodeViews.SummaryAsync(db, episode, name, today, ct),
            episode.Version,
            timeline,
            meetings.Select(m => new MeetingView(m.Id, m.HeldAtUtc, m.Agenda, m.Minutes,
                m.Attendance.OrderBy(a => Professions.Label(a.Profession)).ToDictionary(a => a.Profession, a => a.Count))).ToList(),
            decisions.Select(d => new DecisionView(d.Id, d.MeetingId, d.Text, d.DecidedOn, d.Owner, d.Status, d.FollowUpOn,
                CrisisRules.IsOverdue(d.Status, d.FollowUpOn, today), d.Version)).ToList());
    }
}

internal static class EpisodeViews
{
    public static async Task<IReadOnlyList<StageEntry>> TimelineAsync(MaillageDb db, int episodeId, CancellationToken ct) =>
        (await db.Set<AlertStageChange>().AsNoTracking().Where(s => s.EpisodeId == episodeId).ToListAsync(ct))
            .OrderBy(s => s.EffectiveOn).ThenBy(s => s.RecordedAtUtc)
            .Select(s => new StageEntry(s.Stage, s.EffectiveOn, s.Note, s.RecordedAtUtc, s.RecordedBy)).ToList();

    public static async Task<EpisodeSummary> SummaryAsync(MaillageDb db, CrisisEpisode e, string territoryName, DateOnly today, CancellationToken ct)
    {
        var timeline = await TimelineAsync(db, e.Id, ct);
        var decisions = await db.Set<CrisisDecision>().AsNoTracking().Where(d => d.EpisodeId == e.Id)
            .Select(d => new { d.Status, d.FollowUpOn }).ToListAsync(ct);
        var asOf = e.ClosedOn is { } closed && closed < today ? closed : today;
        return new EpisodeSummary(e.Id, e.TerritoryId, territoryName, e.Name, e.OpenedOn, e.ClosedOn, CrisisRules.StageOn(timeline, asOf),
            decisions.Count(d => d.Status is DecisionStatus.Open or DecisionStatus.InProgress),
            decisions.Count(d => CrisisRules.IsOverdue(d.Status, d.FollowUpOn, today)), e.IsDemo);
    }
}
