using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Features.Notifications;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.FollowUp;

public sealed record AdmissionRequest(
    int TerritoryId, string? Hospital, string? PatientLastName, string? PatientFirstName, DateOnly? PatientBirthDate, string? PatientCommuneCode, int? RegularDoctorId, DateTime? AdmittedAtUtc);

public sealed record DischargeRequest(DateTime? DischargedAtUtc, SurveillancePlan? Plan, string? Notes);

public sealed record TaskView(int Id, TaskKind Kind, string Label, DateTime DueUtc, bool Urgent, bool Overdue, DateTime? DoneAtUtc, string? DoneBy);

/// <summary>Hospital liaisons and coordinators tell primary care about hospital stays.</summary>
public static class HospitalAccess
{
    public static bool MayRecord(ClaimsPrincipal user) => user.IsInRole(Roles.HospitalLiaison) || EpisodeAccess.IsCoordinator(user);
}

/// <summary>An admission: recorded so that the regular doctor knows their patient is in hospital.</summary>
public sealed class RecordAdmission(MaillageDb db, ScopeOfUser scopeOfUser, ShowCommune communes, LoadProfessionalFacts professionals, Notify notify, AuditLog audit, TimeProvider time)
{
    public async Task<int> ExecuteAsync(AdmissionRequest request, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var scope = await scopeOfUser.ExecuteAsync(user, ct);
        if (!scope.Covers(request.TerritoryId))
        {
            throw DomainException.NotFound("Territoire inconnu.", "territoryId");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var admitted = (request.AdmittedAtUtc ?? now).ToUniversalTime();
        if (admitted > now.AddMinutes(5))
        {
            throw DomainException.Invalid("L'admission ne peut pas être dans le futur.", "admittedAtUtc");
        }

        var commune = await communes.PatientCommuneAsync(request.PatientCommuneCode, "patientCommuneCode", ct);

        var doctor = request.RegularDoctorId is { } d ? (await professionals.ExecuteAsync([d], scope, ct)).GetValueOrDefault(d)
            ?? throw DomainException.Invalid("Médecin traitant introuvable dans l'annuaire.", "regularDoctorId") : null;
        var stay = new HospitalStay
        {
            TerritoryId = request.TerritoryId, Hospital = DirectoryRules.Required(request.Hospital, "L'établissement", "hospital", 200),
            PatientLastName = DirectoryRules.Required(request.PatientLastName, "Le nom du patient", "patientLastName", 100),
            PatientFirstName = DirectoryRules.Required(request.PatientFirstName, "Le prénom du patient", "patientFirstName", 100),
            PatientBirthDate = request.PatientBirthDate, PatientCommuneCode = commune, RegularDoctorId = doctor?.Id, AdmittedAtUtc = admitted,
            RecordedAtUtc = now, RecordedBy = Actor.From(user).Name, RecordedByUserId = Actor.From(user).Id,
        };
        db.Add(stay);
        if (doctor is not null)
        {
            notify.Queue(doctor.Id, $"Votre patient {stay.PatientFirstName} {stay.PatientLastName} est hospitalisé à {stay.Hospital} depuis le {French.DateTime(admitted)}.", null);
        }

        await audit.RecordAsync(Actor.From(user), "followup.admission", $"territory:{request.TerritoryId}",
            $"{stay.PatientFirstName} {stay.PatientLastName[..1]}. à {stay.Hospital}{(doctor is null ? "" : ", médecin traitant prévenu")}", ct);
        return stay.Id;
    }
}

/// <summary>
/// A discharge: the follow-up opens (surveillance after hospitalisation), is handed to the regular doctor
/// or a volunteer, and its plan becomes dated tasks.
/// </summary>
public sealed class RecordDischarge(MaillageDb db, ScopeOfUser scopeOfUser, OpenFollowUpEpisode open, AuditLog audit, TimeProvider time)
{
    public async Task<int> ExecuteAsync(int stayId, DischargeRequest request, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var scope = await scopeOfUser.ExecuteAsync(user, ct);
        var stay = await db.Set<HospitalStay>().FirstOrDefaultAsync(s => s.Id == stayId, ct);
        if (stay is null || !scope.Covers(stay.TerritoryId))
        {
            throw DomainException.NotFound($"Aucun séjour {stayId}.", "stayId");
        }

        if (stay.DischargedAtUtc is not null)
        {
            throw DomainException.Conflict($"Sortie déjà enregistrée le {French.DateTime(stay.DischargedAtUtc.Value)}.", "stayId");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var discharged = (request.DischargedAtUtc ?? now).ToUniversalTime();
        if (discharged > now.AddMinutes(5) || discharged < stay.AdmittedAtUtc)
        {
            throw DomainException.Invalid("La sortie doit suivre l'admission et ne pas être dans le futur.", "dischargedAtUtc");
        }

        var tasks = request.Plan is { } plan ? SurveillancePlanner.Tasks(plan, discharged) : [];

        // Claim the stay first: a second discharge of the same stay at the same moment fails here, before opening anything.
        stay.DischargedAtUtc = discharged;
        await db.SaveChangesAsync(ct);
        var summary = request.Plan is { } p
            ? string.Join(" ; ", new[]
            {
                p.Measure is null ? null : $"{p.Measure} {p.MeasuresPerDay} fois par jour pendant {p.Days} jours",
                p.NurseVisitEveryDays is { } every ? $"visite infirmière tous les {every} jour(s)" : null,
                p.GpWithinHours is { } within ? $"consultation du médecin sous {within} h" : null,
            }.OfType<string>())
            : "sans plan de surveillance";
        var episodeId = await open.ExecuteAsync(new EpisodeRequest(stay.TerritoryId, stay.PatientLastName, stay.PatientFirstName, stay.PatientBirthDate, null,
            stay.PatientCommuneCode, stay.RegularDoctorId, EpisodeReason.DischargeSurveillance,
            $"Sortie de {stay.Hospital} le {French.DateTime(discharged)} : {summary}.{(string.IsNullOrWhiteSpace(request.Notes) ? "" : " " + request.Notes.Trim())}",
            tasks.FirstOrDefault()?.DueUtc), user, ct);
        stay.EpisodeId = episodeId;
        db.AddRange(tasks.Select(t => new FollowUpTask
        {
            EpisodeId = episodeId, Kind = t.Kind, Label = t.Label, DueUtc = t.DueUtc, CreatedAtUtc = now, CreatedBy = Actor.From(user).Name,
        }));
        await audit.RecordAsync(Actor.From(user), "followup.discharge", $"episode:{episodeId}", $"sortie de {stay.Hospital}, {tasks.Count} tâche(s) prévue(s)", ct);
        return episodeId;
    }
}

/// <summary>Marks a planned task done; anyone who follows the patient may.</summary>
public sealed class CompleteTask(MaillageDb db, EpisodeAccess access, AuditLog audit, TimeProvider time)
{
    public async Task ExecuteAsync(int taskId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var task = await db.Set<FollowUpTask>().FirstOrDefaultAsync(t => t.Id == taskId, ct) ?? throw DomainException.NotFound($"Aucune tâche {taskId}.", "taskId");
        await access.WriteAsync(task.EpisodeId, user, tracked: false, ct);
        if (task.DoneAtUtc is not null)
        {
            throw DomainException.Conflict($"Déjà faite le {French.DateTime(task.DoneAtUtc.Value)} ({task.DoneBy}).", "taskId");
        }

        task.DoneAtUtc = time.GetUtcNow().UtcDateTime;
        task.DoneBy = Actor.From(user).Name;
        await audit.RecordAsync(Actor.From(user), "followup.task.done", $"episode:{task.EpisodeId}", task.Label, ct);
    }
}
