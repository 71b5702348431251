using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Notifications;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.FollowUp;

public sealed record ObservationView(int Id, ObservationKind Kind, double? Value, string? Unit, string? Text, DateTime AtUtc, string By);

/// <summary>
/// A home measure, by anyone who follows the patient. An alarming one (below the territory's SpO2
/// threshold, a drop in 24 h…) raises an urgent task for the owner, due within the hour, an alert for the
/// coordination, and a message to the owner.
/// </summary>
public sealed class RecordObservation(MaillageDb db, EpisodeAccess access, Notify notify, AuditLog audit, TimeProvider time)
{
    public async Task<(int Id, IReadOnlyList<string> Alarms)> ExecuteAsync(int episodeId, ObservationKind kind, double? value, string? text, DateTime? atUtc, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (episode, me) = await access.WriteAsync(episodeId, user, tracked: false, ct);
        if (episode.Status == EpisodeStatus.Closed)
        {
            throw DomainException.Conflict("Cet épisode est clos.", "episode");
        }

        if (!Enum.IsDefined(kind))
        {
            throw DomainException.Invalid("Mesure inconnue.", "kind");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var at = (atUtc ?? now).ToUniversalTime();
        if (at > now.AddMinutes(5) || at < episode.OpenedAtUtc.AddDays(-1))
        {
            throw DomainException.Invalid("La mesure doit être passée, et pas antérieure à l'ouverture du suivi.", "atUtc");
        }

        var note = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (kind == ObservationKind.Symptoms)
        {
            note = note is null ? throw DomainException.Invalid("Décrivez les symptômes.", "text") : note.Length > 500 ? throw DomainException.Invalid("500 caractères au plus.", "text") : note;
            value = null;
        }
        else
        {
            var (min, max, unit) = MonitoringRules.Ranges[kind];
            if (value is not { } v || !(v >= min && v <= max))
            {
                throw DomainException.Invalid($"Valeur attendue entre {min} et {max} {unit}.", "value");
            }
        }

        var observation = new Observation { EpisodeId = episodeId, Kind = kind, Value = value, Text = note, AtUtc = at, ByProfessionalId = me, By = Actor.From(user).Name, RecordedAtUtc = now };
        db.Add(observation);
        IReadOnlyList<string> alarms = [];
        if (value is { } measured)
        {
            var thresholds = await ShowFollowUpSettings.ThresholdsAsync(db, episode.TerritoryId, ct);
            var since = at.AddHours(-24);
            var earlier = (await db.Set<Observation>().AsNoTracking().Where(o => o.EpisodeId == episodeId && o.Kind == kind && o.AtUtc >= since && o.AtUtc < at && o.Value != null)
                .Select(o => new { o.Value, o.AtUtc }).ToListAsync(ct)).Select(o => (o.Value!.Value, o.AtUtc));
            alarms = MonitoringRules.Alarms(kind, measured, at, earlier, thresholds);
        }

        if (alarms.Count > 0)
        {
            var summary = string.Join(" ; ", alarms);
            db.Add(new FollowUpTask { EpisodeId = episodeId, Kind = TaskKind.Other, Label = $"Rappeler le patient : {summary}", DueUtc = now.AddHours(1), Urgent = true, CreatedAtUtc = now, CreatedBy = "Maillage (alerte de surveillance)" });
            db.Add(new FollowUpAlert { TerritoryId = episode.TerritoryId, EpisodeId = episodeId, Kind = FollowUpAlertKind.Observation, CreatedAtUtc = now, Message = $"{HandoffEngine.Patient(episode)} : {summary}." });
            if (episode.OwnerId is { } owner)
            {
                notify.Queue(owner, $"Alerte de surveillance pour {HandoffEngine.Patient(episode)} : {summary}.", $"/suivi/episodes/{episodeId}");
            }
        }

        await audit.RecordAsync(Actor.From(user), "followup.observation", $"episode:{episodeId}",
            $"{kind} {(value is { } x ? x.ToString(System.Globalization.CultureInfo.InvariantCulture) : note)}{(alarms.Count > 0 ? " — ALERTE" : "")}", ct);
        return (observation.Id, alarms);
    }
}

public sealed class SetMonitoringSettings(MaillageDb db, AuditLog audit)
{
    /// <summary>The thresholds' ranges, checked before anything is saved.</summary>
    public static void Check(double spo2Below, double spo2DropPoints, double? temperatureAbove, double? respiratoryRateAbove)
    {
        if (spo2Below is < 80 or > 98)
        {
            throw DomainException.Invalid("Le seuil de SpO2 va de 80 à 98 %.", "spo2Below");
        }

        if (spo2DropPoints is < 1 or > 10)
        {
            throw DomainException.Invalid("La baisse de SpO2 en 24 h va de 1 à 10 points.", "spo2DropPoints");
        }

        if (temperatureAbove is < 37 or > 42 || respiratoryRateAbove is < 12 or > 40)
        {
            throw DomainException.Invalid("Seuils : température de 37 à 42 °C, fréquence respiratoire de 12 à 40/min (ou aucun).", temperatureAbove is < 37 or > 42 ? "temperatureAbove" : "respiratoryRateAbove");
        }
    }

    public async Task ExecuteAsync(int territoryId, double spo2Below, double spo2DropPoints, double? temperatureAbove, double? respiratoryRateAbove, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        if (!scope.Covers(territoryId))
        {
            throw DomainException.NotFound("Territoire inconnu.", "territoryId");
        }

        Check(spo2Below, spo2DropPoints, temperatureAbove, respiratoryRateAbove);
        var settings = await db.Set<MonitoringSettings>().FirstOrDefaultAsync(s => s.TerritoryId == territoryId, ct);
        if (settings is null)
        {
            settings = new MonitoringSettings { TerritoryId = territoryId };
            db.Add(settings);
        }

        (settings.Spo2Below, settings.Spo2DropPoints, settings.TemperatureAbove, settings.RespiratoryRateAbove) = (spo2Below, spo2DropPoints, temperatureAbove, respiratoryRateAbove);
        await audit.RecordAsync(actor, "followup.monitoring.settings", $"territory:{territoryId}",
            $"SpO2 < {spo2Below} %, baisse de {spo2DropPoints} points en 24 h, température > {temperatureAbove?.ToString() ?? "—"}, FR > {respiratoryRateAbove?.ToString() ?? "—"}", ct);
    }
}

public sealed record FollowUpSettingsView(int TerritoryId, int HandoffDeadlineHours, int MaxFailuresBeforeAlert, MonitoringThresholds Monitoring);

/// <summary>A territory's follow-up rules as they apply now: its own, or the defaults.</summary>
public sealed class ShowFollowUpSettings(MaillageDb db, HandoffEngine engine)
{
    public async Task<FollowUpSettingsView> ExecuteAsync(int territoryId, UserScope scope, CancellationToken ct = default)
    {
        if (!scope.Covers(territoryId))
        {
            throw DomainException.NotFound("Territoire inconnu.", "territoryId");
        }

        var handoffs = await engine.SettingsAsync(territoryId, ct);
        return new FollowUpSettingsView(territoryId, handoffs.HandoffDeadlineHours, handoffs.MaxFailuresBeforeAlert, await ThresholdsAsync(db, territoryId, ct));
    }

    public static async Task<MonitoringThresholds> ThresholdsAsync(MaillageDb db, int territoryId, CancellationToken ct)
    {
        var settings = await db.Set<MonitoringSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.TerritoryId == territoryId, ct);
        return settings is null ? new MonitoringThresholds() : new MonitoringThresholds(settings.Spo2Below, settings.Spo2DropPoints, settings.TemperatureAbove, settings.RespiratoryRateAbove);
    }
}
