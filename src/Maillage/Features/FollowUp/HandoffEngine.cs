using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Notifications;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.FollowUp;

/// <summary>
/// Moves handoffs along: asks the next professional, times out unanswered requests, and warns the
/// coordination when too many have failed or nobody is left to ask. Everything it needs is in the
/// database (deadlines included), so a restart loses nothing: the next pass picks up where it stood.
/// </summary>
public sealed class HandoffEngine(MaillageDb db, LocatePractitioners practitioners, Notify notify, AuditLog audit, TimeProvider time)
{
    public static readonly FollowUpSettings Defaults = new() { HandoffDeadlineHours = 12, MaxFailuresBeforeAlert = 3 };

    public async Task<FollowUpSettings> SettingsAsync(int territoryId, CancellationToken ct) =>
        await db.Set<FollowUpSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.TerritoryId == territoryId, ct)
        ?? new FollowUpSettings { TerritoryId = territoryId, HandoffDeadlineHours = Defaults.HandoffDeadlineHours, MaxFailuresBeforeAlert = Defaults.MaxFailuresBeforeAlert };

    /// <summary>Asks the next professional in line, or alerts the coordination when there is none. The caller saves.</summary>
    public async Task<Handoff?> RequestNextAsync(FollowUpEpisode episode, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var asked = await db.Set<Handoff>().Where(h => h.EpisodeId == episode.Id).ToListAsync(ct);
        var gps = await practitioners.ExecuteAsync(episode.TerritoryId, Professions.GeneralPractitioner, UserScope.Everything, ct);
        var ids = gps.Select(g => g.Id).ToList();
        var loads = await db.Set<FollowUpEpisode>().Where(e => e.Status == EpisodeStatus.Open && e.OwnerAccepted && e.OwnerId != null && ids.Contains(e.OwnerId.Value))
            .GroupBy(e => e.OwnerId!.Value).Select(g => new { Id = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Id, x => x.Count, ct);
        var patient = await practitioners.CommuneAsync(episode.PatientCommuneCode, ct);
        var candidates = gps.Select(g => new HandoffCandidate(g.Id, g.Name, g.AcceptsNewPatients, loads.GetValueOrDefault(g.Id),
            patient is { } p && g.Latitude is { } lat && g.Longitude is { } lon ? DirectoryRules.DistanceKm(p.Latitude, p.Longitude, lat, lon) : null)).ToList();
        var next = HandoffRules.Order(episode.RegularDoctorId, candidates, asked.Select(h => h.ProfessionalId).ToHashSet()).FirstOrDefault();
        if (next is null)
        {
            if (!await db.Set<FollowUpAlert>().AnyAsync(a => a.EpisodeId == episode.Id && a.Kind == FollowUpAlertKind.NoCandidateLeft, ct))
            {
                db.Add(new FollowUpAlert
                {
                    TerritoryId = episode.TerritoryId, EpisodeId = episode.Id, Kind = FollowUpAlertKind.NoCandidateLeft, CreatedAtUtc = now,
                    Message = $"{Patient(episode)} : plus aucun médecin à solliciter ({asked.Count} demande(s) sans acceptation). La coordination garde le patient : trouvez-lui un médecin.",
                });
            }

            return null;
        }

        var settings = await SettingsAsync(episode.TerritoryId, ct);
        var handoff = new Handoff
        {
            EpisodeId = episode.Id, Attempt = asked.Count + 1, ProfessionalId = next.ProfessionalId,
            Basis = next.ProfessionalId == episode.RegularDoctorId ? "médecin traitant" : "volontaire",
            Status = HandoffStatus.Pending, RequestedAtUtc = now, DeadlineUtc = now.AddHours(settings.HandoffDeadlineHours),
        };
        db.Add(handoff);
        notify.Queue(next.ProfessionalId,
            $"Demande de prise en charge : {Patient(episode)} ({Reasons.Label(episode.Reason)}), à accepter ou refuser avant le {French.DateTime(handoff.DeadlineUtc)}.",
            $"/suivi/episodes/{episode.Id}");
        return handoff;
    }

    /// <summary>
    /// After a refusal or a timeout (already saved): alert the coordination when the failures reach the
    /// territory's limit, then ask the next professional. The caller saves.
    /// </summary>
    public async Task AfterFailureAsync(FollowUpEpisode episode, CancellationToken ct)
    {
        var failures = await db.Set<Handoff>().CountAsync(h => h.EpisodeId == episode.Id && (h.Status == HandoffStatus.Declined || h.Status == HandoffStatus.TimedOut), ct);
        var settings = await SettingsAsync(episode.TerritoryId, ct);
        if (HandoffRules.AlertsCoordinator(failures, settings.MaxFailuresBeforeAlert))
        {
            db.Add(new FollowUpAlert
            {
                TerritoryId = episode.TerritoryId, EpisodeId = episode.Id, Kind = FollowUpAlertKind.HandoffUnanswered, CreatedAtUtc = time.GetUtcNow().UtcDateTime,
                Message = $"{Patient(episode)} : {failures} demandes de prise en charge refusées ou sans réponse. La demande continue vers d'autres médecins.",
            });
        }

        await RequestNextAsync(episode, ct);
    }

    /// <summary>Times out every request past its deadline and moves each episode to the next professional. Returns how many timed out.</summary>
    public async Task<int> ProcessDeadlinesAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var overdue = await db.Set<Handoff>().Where(h => h.Status == HandoffStatus.Pending && h.DeadlineUtc <= now).OrderBy(h => h.DeadlineUtc).Take(200).ToListAsync(ct);
        foreach (var handoff in overdue)
        {
            var episode = await db.Set<FollowUpEpisode>().FirstAsync(e => e.Id == handoff.EpisodeId, ct);
            handoff.Status = HandoffStatus.TimedOut;
            handoff.AnsweredAtUtc = now;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Answered in the same instant: the answer stands.
                db.Entry(handoff).State = EntityState.Detached;
                continue;
            }

            if (episode.Status == EpisodeStatus.Open && !episode.OwnerAccepted)
            {
                await AfterFailureAsync(episode, ct);
            }

            await audit.RecordAsync(Actor.System, "followup.handoff.timeout", $"episode:{episode.Id}",
                $"demande n° {handoff.Attempt} au professionnel n° {handoff.ProfessionalId} sans réponse avant le {French.DateTime(handoff.DeadlineUtc)}", ct);
        }

        return overdue.Count;
    }

    public static string Patient(FollowUpEpisode e) => $"{e.PatientFirstName} {e.PatientLastName[..1].ToUpperInvariant()}.";
}

/// <summary>Runs the handoff deadlines in the background, every minute by default (<c>Maillage:FollowUp:TickSeconds</c>).</summary>
public sealed class HandoffDeadlineJob(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<HandoffDeadlineJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Maillage:FollowUp:TickSeconds", 60), 1, 3600));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var timedOut = await scope.ServiceProvider.GetRequiredService<HandoffEngine>().ProcessDeadlinesAsync(stoppingToken);
                if (timedOut > 0)
                {
                    logger.LogInformation("{Count} handoff request(s) timed out and moved on", timedOut);
                }

                var reminded = await scope.ServiceProvider.GetRequiredService<OutreachReminders>().ProcessAsync(stoppingToken);
                if (reminded > 0)
                {
                    logger.LogInformation("{Count} outreach patient(s) due to be called again, professionals reminded", reminded);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed pass is retried at the next tick; the deadlines are still in the database.
                logger.LogError(e, "Handoff deadline pass failed");
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
