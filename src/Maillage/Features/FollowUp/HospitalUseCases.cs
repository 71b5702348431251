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

        if (request.PatientBirthDate is { } born && (born > French.DateOf(now) || born.Year < 1900))
        {
            throw DomainException.Invalid("La date de naissance n'est pas plausible.", "patientBirthDate");
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
public sealed class RecordDischarge(MaillageDb db, ScopeOfUser scopeOfUser, LoadProfessionalFacts professionals, OpenFollowUpEpisode open, AuditLog audit, TimeProvider time)
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
        var summary = request.Plan is { } p
            ? string.Join(" ; ", new[]
            {
                p.Measure is null ? null : $"{p.Measure} {p.MeasuresPerDay} fois par jour pendant {p.Days} jours",
                p.NurseVisitEveryDays is { } every ? every == 1 ? "visite infirmière chaque jour" : $"visite infirmière tous les {every} jours" : null,
                p.GpWithinHours is { } within ? $"consultation du médecin sous {within} h" : null,
            }.OfType<string>())
            : "sans plan de surveillance";
        var notes = $"Sortie de {stay.Hospital} le {French.DateTime(discharged)} : {summary}.{(string.IsNullOrWhiteSpace(request.Notes) ? "" : " " + request.Notes.Trim())}";
        if (notes.Length > 2000)
        {
            throw DomainException.Invalid("Les notes de sortie sont trop longues (2 000 caractères au plus avec le plan).", "notes");
        }

        // Everything the follow-up could refuse is settled before the stay is claimed, so that a claimed
        // stay always gets its follow-up: a regular doctor who left the directory meanwhile is replaced by
        // the volunteers' turn rather than refusing the discharge.
        var doctor = stay.RegularDoctorId is { } d && (await professionals.ExecuteAsync([d], scope, ct)).ContainsKey(d) ? d : (int?)null;

        // Claim the stay first: a second discharge of the same stay at the same moment fails here, before opening anything.
        stay.DischargedAtUtc = discharged;
        await db.SaveChangesAsync(ct);
        var episodeId = await open.ExecuteAsync(new EpisodeRequest(stay.TerritoryId, stay.PatientLastName, stay.PatientFirstName, stay.PatientBirthDate, null,
            stay.PatientCommuneCode, doctor, EpisodeReason.DischargeSurveillance, notes, tasks.FirstOrDefault()?.DueUtc), user, ct);
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

public sealed record StayView(
    int Id, string Hospital, string PatientLastName, string PatientFirstName, DateOnly? PatientBirthDate, string PatientCommune, string? RegularDoctor,
    DateTime AdmittedAtUtc, DateTime? DischargedAtUtc, int? EpisodeId);

/// <param name="More">How many more stays match than are shown: the search should be narrowed.</param>
public sealed record StayList(IReadOnlyList<StayView> InHospital, IReadOnlyList<StayView> RecentlyDischarged, int More);

/// <summary>The hospital liaison's desk: who is in hospital now, who came out in the last days. Audited like any patient read.</summary>
public sealed class ListHospitalStays(MaillageDb db, ScopeOfUser scopeOfUser, LoadProfessionalFacts professionals, NameCommunes communes, AuditLog audit, TimeProvider time)
{
    public const int RecentDays = 14;
    private const int Shown = 200;

    /// <summary>One stay, for recording its discharge.</summary>
    public async Task<StayView> OneAsync(int stayId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var scope = await scopeOfUser.ExecuteAsync(user, ct);
        var stay = await db.Set<HospitalStay>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == stayId, ct);
        if (stay is null || !scope.Covers(stay.TerritoryId))
        {
            throw DomainException.NotFound($"Aucun séjour {stayId}.", "stayId");
        }

        var doctor = stay.RegularDoctorId is { } d ? (await professionals.ExecuteAsync([d], UserScope.Everything, ct)).GetValueOrDefault(d)?.Name : null;
        var commune = (await communes.ExecuteAsync([stay.PatientCommuneCode], ct)).GetValueOrDefault(stay.PatientCommuneCode, stay.PatientCommuneCode);
        await audit.RecordAsync(Actor.From(user), "followup.stay.read", $"stay:{stayId}", $"{stay.PatientFirstName} {stay.PatientLastName[..1]}.", ct);
        return new StayView(stay.Id, stay.Hospital, stay.PatientLastName, stay.PatientFirstName, stay.PatientBirthDate, commune, doctor, stay.AdmittedAtUtc, stay.DischargedAtUtc, stay.EpisodeId);
    }

    public async Task<StayList> ExecuteAsync(int territoryId, string? search, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var scope = await scopeOfUser.ExecuteAsync(user, ct);
        if (!scope.Covers(territoryId))
        {
            throw DomainException.NotFound("Territoire inconnu.", "territoryId");
        }

        var since = time.GetUtcNow().UtcDateTime.AddDays(-RecentDays);
        var query = db.Set<HospitalStay>().AsNoTracking().Where(s => s.TerritoryId == territoryId && (s.DischargedAtUtc == null || s.DischargedAtUtc >= since));
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLower();
            query = query.Where(s => s.PatientLastName.ToLower().Contains(term) || s.PatientFirstName.ToLower().Contains(term) || s.Hospital.ToLower().Contains(term));
        }

        var total = await query.CountAsync(ct);
        var stays = await query.OrderBy(s => s.DischargedAtUtc != null).ThenByDescending(s => s.DischargedAtUtc).ThenByDescending(s => s.AdmittedAtUtc).Take(Shown).ToListAsync(ct);
        var doctorIds = stays.Where(s => s.RegularDoctorId != null).Select(s => s.RegularDoctorId!.Value).Distinct().ToList();
        var doctors = (await professionals.ExecuteAsync(doctorIds, UserScope.Everything, ct)).ToDictionary(p => p.Key, p => p.Value.Name);
        var names = await communes.ExecuteAsync(stays.Select(s => s.PatientCommuneCode).ToList(), ct);
        var views = stays.Select(s => new StayView(s.Id, s.Hospital, s.PatientLastName, s.PatientFirstName, s.PatientBirthDate, names.GetValueOrDefault(s.PatientCommuneCode, s.PatientCommuneCode),
            s.RegularDoctorId is { } d ? doctors.GetValueOrDefault(d) : null, s.AdmittedAtUtc, s.DischargedAtUtc, s.EpisodeId)).ToList();
        await audit.RecordAsync(Actor.From(user), "followup.stays.read", $"territory:{territoryId}", $"{views.Count} séjour(s) affiché(s)", ct);
        return new StayList(views.Where(v => v.DischargedAtUtc is null).ToList(), views.Where(v => v.DischargedAtUtc is not null).ToList(), total - views.Count);
    }
}

/// <param name="Unchanged">Notices already recorded (the same file sent twice records nothing twice).</param>
public sealed record DischargeImportReport(bool DryRun, int Notices, int Admissions, int Discharges, int Unchanged, IReadOnlyList<ImportError> Errors, IReadOnlyList<int> EpisodeIds);

/// <summary>
/// A hospital system's notices, from a file: each admission is recorded, each discharge closes its stay
/// (the patient's open stay in that hospital, or one recorded on the spot) and opens the follow-up like a
/// discharge entered by hand. A notice already recorded is recognised and skipped, so a file can be sent
/// again. Lines with errors are reported and skipped. Each notice is recorded on its own, so a line refused
/// late (a doctor archived meanwhile) loses nothing of the others; a dry run plans the same work and
/// records nothing.
/// </summary>
public sealed class ImportDischarges(
    MaillageDb db, ScopeOfUser scopeOfUser, FindCommune findCommune, LocatePractitioners practitioners, RecordAdmission admit, RecordDischarge discharge, AuditLog audit, TimeProvider time)
{
    private enum Step { Unchanged, Admit, Discharge, AdmitAndDischarge }

    /// <summary>A stay as the import sees it: those of the database, and those the file itself records before.</summary>
    private sealed class KnownStay(int? id, string hospital, string last, string first, DateOnly? born, DateTime admitted, DateTime? discharged)
    {
        public int? Id { get; set; } = id;
        public string Hospital { get; } = TextNormalizer.Fold(hospital);
        public string Last { get; } = TextNormalizer.Fold(last);
        public string First { get; } = TextNormalizer.Fold(first);
        public DateOnly? Born { get; } = born;
        public DateTime Admitted { get; } = admitted;
        public DateTime? Discharged { get; set; } = discharged;

        public bool Is(DischargeNotice n) => Hospital == TextNormalizer.Fold(n.Hospital) && Last == TextNormalizer.Fold(n.LastName) && First == TextNormalizer.Fold(n.FirstName)
            && (Born is null || n.BirthDate is null || Born == n.BirthDate);
    }

    public async Task<DischargeImportReport> ExecuteAsync(int territoryId, string text, bool dryRun, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var scope = await scopeOfUser.ExecuteAsync(user, ct);
        if (!scope.Covers(territoryId))
        {
            throw DomainException.NotFound("Territoire inconnu.", "territoryId");
        }

        var errors = new List<ImportError>();
        var notices = DischargeFiles.Parse(text, errors, time.GetUtcNow().UtcDateTime);
        var total = notices.Count + errors.Select(e => e.Line).Distinct().Count();

        // Resolve communes and doctors before writing anything.
        var ready = new List<(DischargeNotice Notice, string Commune, int? Doctor)>();
        var rppsList = notices.Where(n => n.DoctorRpps is not null).Select(n => n.DoctorRpps!).Distinct().ToList();
        var doctors = await practitioners.ByRppsAsync(territoryId, rppsList, ct);
        foreach (var notice in notices)
        {
            int? doctor = null;
            if (notice.DoctorRpps is { } rpps)
            {
                if (!doctors.TryGetValue(rpps, out var found))
                {
                    errors.Add(new ImportError(notice.Line, "rpps_medecin_traitant", $"RPPS {rpps} absent de l'annuaire du territoire : ajoutez le médecin à l'annuaire, ou laissez la cellule vide."));
                    continue;
                }

                doctor = found;
            }

            try
            {
                ready.Add((notice, (await findCommune.ExecuteAsync(notice.Commune, ct)).Code, doctor));
            }
            catch (DomainException e)
            {
                errors.Add(new ImportError(notice.Line, "commune", e.Message));
            }
        }

        // Names are compared folded (accents and case), in memory, so that both databases match alike.
        var known = (await db.Set<HospitalStay>().AsNoTracking().Where(s => s.TerritoryId == territoryId).ToListAsync(ct))
            .Select(s => new KnownStay(s.Id, s.Hospital, s.PatientLastName, s.PatientFirstName, s.PatientBirthDate, s.AdmittedAtUtc, s.DischargedAtUtc)).ToList();
        var plan = new List<(DischargeNotice Notice, string Commune, int? Doctor, Step Step, KnownStay? Stay)>();
        foreach (var (notice, commune, doctor) in ready)
        {
            var mine = known.Where(s => s.Is(notice)).ToList();
            var open = mine.Where(s => s.Discharged is null).OrderByDescending(s => s.Admitted).FirstOrDefault(s => s.Admitted <= (notice.DischargedAtUtc ?? DateTime.MaxValue));
            var already = notice.DischargedAtUtc is { } out1
                ? mine.Any(s => s.Discharged is { } d && SameMoment(d, out1))
                : open is not null || mine.Any(s => SameMoment(s.Admitted, notice.AdmittedAtUtc));
            if (already)
            {
                plan.Add((notice, commune, doctor, Step.Unchanged, null));
                continue;
            }

            var stay = notice.DischargedAtUtc is null || open is null
                ? new KnownStay(null, notice.Hospital, notice.LastName, notice.FirstName, notice.BirthDate, notice.AdmittedAtUtc, null)
                : open;
            if (stay != open)
            {
                known.Add(stay);
            }

            stay.Discharged = notice.DischargedAtUtc;
            plan.Add((notice, commune, doctor, notice.DischargedAtUtc is null ? Step.Admit : stay == open ? Step.Discharge : Step.AdmitAndDischarge, stay));
        }

        int Count(params Step[] steps) => plan.Count(p => steps.Contains(p.Step));
        if (dryRun)
        {
            return new DischargeImportReport(true, total, Count(Step.Admit, Step.AdmitAndDischarge), Count(Step.Discharge, Step.AdmitAndDischarge), Count(Step.Unchanged),
                errors.OrderBy(e => e.Line).ToList(), []);
        }

        int admissions = 0, discharges = 0;
        var episodes = new List<int>();
        foreach (var (notice, commune, doctor, step, stay) in plan.Where(p => p.Step != Step.Unchanged))
        {
            try
            {
                if (step is Step.Admit or Step.AdmitAndDischarge)
                {
                    stay!.Id = await admit.ExecuteAsync(new AdmissionRequest(territoryId, notice.Hospital, notice.LastName, notice.FirstName, notice.BirthDate, commune, doctor,
                        notice.AdmittedAtUtc), user, ct);
                    admissions++;
                }

                if (step is Step.Discharge or Step.AdmitAndDischarge && stay!.Id is { } stayId)
                {
                    episodes.Add(await discharge.ExecuteAsync(stayId, new DischargeRequest(notice.DischargedAtUtc, notice.Plan, notice.Notes), user, ct));
                    discharges++;
                }
            }
            catch (DomainException e)
            {
                db.ChangeTracker.Clear();
                errors.Add(new ImportError(notice.Line, e.Field ?? "", e.Message));
            }
        }

        await audit.RecordAsync(Actor.From(user), "followup.discharges.imported", $"territory:{territoryId}",
            $"{total} avis : {admissions} admission(s), {discharges} sortie(s), {Count(Step.Unchanged)} déjà connu(s), {errors.Count} erreur(s)", ct);
        return new DischargeImportReport(false, total, admissions, discharges, Count(Step.Unchanged), errors.OrderBy(e => e.Line).ToList(), episodes);
    }

    private static bool SameMoment(DateTime a, DateTime b) => Math.Abs((a - b).TotalMinutes) < 1;
}
