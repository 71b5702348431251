using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.FollowUp;

public sealed record RoundTask(int Id, TaskKind Kind, string Label, DateTime DueUtc, bool Urgent, bool Late);

public sealed record RoundPatient(int EpisodeId, string Name, DateOnly? BirthDate, string? Phone, string Followers, double? LastSpo2, IReadOnlyList<RoundTask> Tasks);

public sealed record RoundSector(string CommuneCode, string Commune, IReadOnlyList<RoundPatient> Patients);

/// <param name="ForProfessional">Whose round it is; null for the whole territory (coordinators).</param>
/// <param name="IncludesLate">Today's round also lists what is still undone from the days before.</param>
public sealed record RoundsView(DateOnly Day, int TerritoryId, int? ForProfessional, string? ForName, IReadOnlyList<RoundSector> Sectors, int Tasks, bool IncludesLate);

/// <summary>
/// The home round of a day: the visits and measures due that day (and, on today's round, those still
/// undone from before), grouped by the patient's commune so that a nurse plans a sector at a time. A
/// professional sees the patients they follow (owner or care team); a coordinator sees the territory's, or
/// one professional's.
/// </summary>
public sealed class ListRounds(MaillageDb db, ScopeOfUser scopeOfUser, FindOwnEntry ownEntry, LoadProfessionalFacts professionals, NameCommunes communes, AuditLog audit, TimeProvider time)
{
    private static readonly TaskKind[] AtHome = [TaskKind.Measure, TaskKind.NurseVisit];

    public async Task<RoundsView> ExecuteAsync(DateOnly day, int territoryId, int? professionalId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var scope = await scopeOfUser.ExecuteAsync(user, ct);
        if (!scope.Covers(territoryId))
        {
            throw DomainException.NotFound("Territoire inconnu.", "territoryId");
        }

        if (day.Year is < 2000 or > 2100)
        {
            throw DomainException.Invalid("Choisissez un jour entre 2000 et 2100.", "day");
        }

        var me = await ownEntry.ExecuteAsync(user, ct);
        if (!EpisodeAccess.IsCoordinator(user))
        {
            // A professional's round is their own.
            professionalId = me ?? throw DomainException.NotFound("Pas de tournée : elle est celle des professionnels inscrits dans l'annuaire.", "professionalId");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var (start, end) = (French.ToUtc(day.ToDateTime(TimeOnly.MinValue)), French.ToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue)));
        var includeLate = day == French.DateOf(now);
        var episodes = db.Set<FollowUpEpisode>().Where(e => e.TerritoryId == territoryId && e.Status == EpisodeStatus.Open);
        if (professionalId is { } who)
        {
            var team = db.Set<CareTeamMember>().Where(m => m.ProfessionalId == who).Select(m => m.EpisodeId);
            episodes = episodes.Where(e => e.OwnerId == who || team.Contains(e.Id));
        }

        var rows = await (from t in db.Set<FollowUpTask>()
                          join e in episodes on t.EpisodeId equals e.Id
                          where t.DoneAtUtc == null && AtHome.Contains(t.Kind) && t.DueUtc < end && (t.DueUtc >= start || (includeLate && t.DueUtc < now))
                          select new { Task = t, Episode = e }).AsNoTracking().ToListAsync(ct);
        var episodeIds = rows.Select(r => r.Episode.Id).Distinct().ToList();
        var teams = await db.Set<CareTeamMember>().AsNoTracking().Where(m => episodeIds.Contains(m.EpisodeId)).ToListAsync(ct);
        var spo2 = (await db.Set<Observation>().AsNoTracking().Where(o => episodeIds.Contains(o.EpisodeId) && o.Kind == ObservationKind.Spo2).ToListAsync(ct))
            .GroupBy(o => o.EpisodeId).ToDictionary(g => g.Key, g => g.MaxBy(o => o.AtUtc)!.Value);
        var names = await professionals.ExecuteAsync(rows.Select(r => r.Episode.OwnerId ?? 0).Concat(teams.Select(m => m.ProfessionalId)).Append(professionalId ?? 0).ToList(), UserScope.Everything, ct);
        string Name(int id) => names.TryGetValue(id, out var p) ? p.Name : "?";
        var communeNames = await communes.ExecuteAsync(rows.Select(r => r.Episode.PatientCommuneCode).ToList(), ct);

        var sectors = rows.GroupBy(r => r.Episode.PatientCommuneCode)
            .Select(c => new RoundSector(c.Key, communeNames.GetValueOrDefault(c.Key, c.Key), c.GroupBy(r => r.Episode.Id).Select(p =>
            {
                var e = p.First().Episode;
                var followers = new[] { e.OwnerId is { } o ? $"{Name(o)} (responsable)" : "coordination (responsable)" }
                    .Concat(teams.Where(m => m.EpisodeId == e.Id).Select(m => $"{Name(m.ProfessionalId)} ({m.Role})"));
                return new RoundPatient(e.Id, $"{e.PatientLastName.ToUpperInvariant()} {e.PatientFirstName}", e.PatientBirthDate, e.PatientPhone, string.Join(", ", followers),
                    spo2.GetValueOrDefault(e.Id), p.Select(r => r.Task).OrderBy(t => t.DueUtc).ThenBy(t => t.Id)
                        .Select(t => new RoundTask(t.Id, t.Kind, t.Label, t.DueUtc, t.Urgent, t.DueUtc < start)).ToList());
            }).OrderBy(p => p.Tasks.Any(t => t.Urgent) ? 0 : 1).ThenBy(p => p.Tasks[0].DueUtc).ThenBy(p => p.Name, StringComparer.Create(French.Culture, true)).ToList()))
            .OrderBy(s => s.Commune, StringComparer.Create(French.Culture, true)).ToList();
        await audit.RecordAsync(Actor.From(user), "followup.rounds.read", professionalId is { } p ? $"professional:{p}" : $"territory:{territoryId}",
            $"tournée du {day:dd/MM/yyyy} : {episodeIds.Count} patient(s), {rows.Count} tâche(s)", ct);
        return new RoundsView(day, territoryId, professionalId, professionalId is { } x ? Name(x) : null, sectors, rows.Count, includeLate);
    }
}
