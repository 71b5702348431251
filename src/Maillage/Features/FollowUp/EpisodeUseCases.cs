using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.FollowUp;

public sealed record EpisodeRequest(
    int TerritoryId,
    string? PatientLastName,
    string? PatientFirstName,
    DateOnly? PatientBirthDate,
    string? PatientPhone,
    string? PatientCommuneCode,
    int? RegularDoctorId,
    EpisodeReason Reason,
    string? Notes,
    DateTime? NextContactDueUtc,
    bool KeepOwnership = false,
    int? SourceCallId = null);

public sealed record HandoffView(int Id, int Attempt, int ProfessionalId, string Professional, string Basis, HandoffStatus Status, string StatusLabel, DateTime RequestedAtUtc, DateTime DeadlineUtc, DateTime? AnsweredAtUtc, string? DeclineReason);

public sealed record ContactView(int Id, DateTime AtUtc, ContactChannel Channel, string ChannelLabel, string Outcome, string? Notes, string By);

public sealed record TeamMemberView(int ProfessionalId, string Name, string Role);

public sealed record EpisodeView(
    int Id, int TerritoryId, string PatientLastName, string PatientFirstName, DateOnly? PatientBirthDate, string? PatientPhone, string PatientCommuneCode, string PatientCommune,
    int? RegularDoctorId, string? RegularDoctor, EpisodeReason Reason, string ReasonLabel, EpisodeStatus Status, string? Notes,
    DateTime OpenedAtUtc, string OpenedBy, int? OwnerId, string Owner, bool OwnerAccepted, DateTime? NextContactDueUtc, DateTime? LastContactUtc,
    DateTime? ClosedAtUtc, string? CloseReason, int Version,
    IReadOnlyList<HandoffView> Handoffs, IReadOnlyList<ContactView> Contacts, IReadOnlyList<TeamMemberView> Team, IReadOnlyList<TaskView> Tasks, IReadOnlyList<ObservationView> Observations,
    bool MayAnswerHandoff, int? PendingHandoffId, bool MayManage);

/// <summary>
/// Who reads and changes an episode. Coordinators of the territory read and manage all of them. A
/// professional reads the episodes of patients they are involved with — owner, care team, asked to take
/// the patient over — and the owner manages them. Whoever opened an episode keeps reading it. Anyone
/// else is told it does not exist.
/// </summary>
public sealed class EpisodeAccess(MaillageDb db, ScopeOfUser scopeOfUser, FindOwnEntry ownEntry)
{
    public static bool IsCoordinator(ClaimsPrincipal user) => user.IsInRole(Roles.Coordinator) || user.IsInRole(Roles.Administrator);

    public static bool MayOpen(ClaimsPrincipal user) =>
        IsCoordinator(user) || user.IsInRole(Roles.Professional) || user.IsInRole(Roles.HospitalLiaison) || user.IsInRole(Roles.Secretary);

    public async Task<(FollowUpEpisode Episode, int? Me, bool Manages)> ReadAsync(int id, ClaimsPrincipal user, bool tracked, CancellationToken ct)
    {
        var scope = await scopeOfUser.ExecuteAsync(user, ct);
        var query = tracked ? db.Set<FollowUpEpisode>() : db.Set<FollowUpEpisode>().AsNoTracking();
        var episode = await query.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (episode is null || !scope.Covers(episode.TerritoryId))
        {
            throw DomainException.NotFound($"Aucun épisode de suivi {id}.", "id");
        }

        var me = await ownEntry.ExecuteAsync(user, ct);
        if (IsCoordinator(user))
        {
            return (episode, me, true);
        }

        var follows = me is { } p && (episode.OwnerId == p || await db.Set<CareTeamMember>().AnyAsync(m => m.EpisodeId == id && m.ProfessionalId == p, ct));
        var asked = me is { } q && await db.Set<Handoff>().AnyAsync(h => h.EpisodeId == id && h.ProfessionalId == q && h.Status == HandoffStatus.Pending, ct);
        var opener = episode.OpenedByUserId == user.FindFirstValue(ClaimTypes.NameIdentifier);
        return follows || asked || opener ? (episode, me, me is not null && episode.OwnerId == me) : throw DomainException.NotFound($"Aucun épisode de suivi {id}.", "id");
    }

    /// <summary>Like <see cref="ReadAsync"/>, for recording care: only those who follow the patient (owner, care team) and the coordination.</summary>
    public async Task<(FollowUpEpisode Episode, int? Me)> WriteAsync(int id, ClaimsPrincipal user, bool tracked, CancellationToken ct)
    {
        var (episode, me, _) = await ReadAsync(id, user, tracked, ct);
        var follows = IsCoordinator(user) || (me is { } p && (episode.OwnerId == p || await db.Set<CareTeamMember>().AnyAsync(m => m.EpisodeId == id && m.ProfessionalId == p, ct)));
        return follows ? (episode, me) : throw DomainException.Conflict("Seuls le médecin responsable, l'équipe de suivi et la coordination enregistrent les soins de ce patient.", "episode");
    }
}

/// <summary>
/// Opens an episode and starts looking for who takes the patient over. The opener holds the patient
/// until then; a GP who opens an episode for their own patient, or says they keep it, owns it at once.
/// </summary>
public sealed class OpenFollowUpEpisode(
    MaillageDb db, ScopeOfUser scopeOfUser, FindOwnEntry ownEntry, ShowCommune communes, LoadProfessionalFacts professionals, Regulation.LocateCall calls, HandoffEngine handoffs, AuditLog audit, TimeProvider time)
{
    public async Task<int> ExecuteAsync(EpisodeRequest request, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var scope = await scopeOfUser.ExecuteAsync(user, ct);
        if (!scope.Covers(request.TerritoryId))
        {
            throw DomainException.NotFound("Territoire inconnu.", "territoryId");
        }

        var lastName = DirectoryRules.Required(request.PatientLastName, "Le nom du patient", "patientLastName", 100);
        var firstName = DirectoryRules.Required(request.PatientFirstName, "Le prénom du patient", "patientFirstName", 100);
        var now = time.GetUtcNow().UtcDateTime;
        if (request.PatientBirthDate is { } born && (born > French.DateOf(now) || born.Year < 1900))
        {
            throw DomainException.Invalid("La date de naissance n'est pas plausible.", "patientBirthDate");
        }

        var commune = await communes.PatientCommuneAsync(request.PatientCommuneCode, "patientCommuneCode", ct);

        if (request.RegularDoctorId is { } doctor && !(await professionals.ExecuteAsync([doctor], scope, ct)).ContainsKey(doctor))
        {
            throw DomainException.Invalid("Médecin traitant introuvable dans l'annuaire.", "regularDoctorId");
        }

        if (!Enum.IsDefined(request.Reason))
        {
            throw DomainException.Invalid("Motif de suivi inconnu.", "reason");
        }

        if (request.SourceCallId is { } call && await calls.TerritoryOfAsync(call, ct) != request.TerritoryId)
        {
            throw DomainException.Invalid("Fiche de régulation introuvable sur ce territoire.", "sourceCallId");
        }

        if (request.Notes?.Length > 2000)
        {
            throw DomainException.Invalid("Les notes font au plus 2 000 caractères.", "notes");
        }

        var me = await ownEntry.ExecuteAsync(user, ct);
        var ownsAtOnce = me is { } self && (request.KeepOwnership || self == request.RegularDoctorId);
        if (request.KeepOwnership && me is null)
        {
            throw DomainException.Invalid("Seul un professionnel de l'annuaire peut garder le patient.", "keepOwnership");
        }

        var episode = new FollowUpEpisode
        {
            TerritoryId = request.TerritoryId, PatientLastName = lastName, PatientFirstName = firstName, PatientBirthDate = request.PatientBirthDate,
            PatientPhone = DirectoryRules.Phone(request.PatientPhone, "patientPhone"), PatientCommuneCode = commune, RegularDoctorId = request.RegularDoctorId,
            Reason = request.Reason, Status = EpisodeStatus.Open, Notes = string.IsNullOrWhiteSpace(request.Notes) ? null : request.Notes.Trim(),
            OpenedAtUtc = now, OpenedBy = Actor.From(user).Name, OpenedByUserId = Actor.From(user).Id, OwnerId = me, OwnerAccepted = ownsAtOnce,
            NextContactDueUtc = request.NextContactDueUtc?.ToUniversalTime(), SourceCallId = request.SourceCallId,
        };
        db.Add(episode);
        await db.SaveChangesAsync(ct);
        if (!ownsAtOnce)
        {
            await handoffs.RequestNextAsync(episode, ct);
        }

        await audit.RecordAsync(Actor.From(user), "followup.episode.open", $"episode:{episode.Id}",
            $"{HandoffEngine.Patient(episode)}, {Reasons.Label(episode.Reason)}{(ownsAtOnce ? ", gardé par l'ouvreur" : "")}", ct);
        return episode.Id;
    }
}

/// <summary>The professional asked answers: accepting makes them the owner; declining (with a reason) moves the request on.</summary>
public sealed class AnswerHandoff(MaillageDb db, FindOwnEntry ownEntry, HandoffEngine handoffs, AuditLog audit, TimeProvider time)
{
    public async Task ExecuteAsync(int handoffId, bool accept, string? reason, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var me = await ownEntry.ExecuteAsync(user, ct);
        var handoff = await db.Set<Handoff>().FirstOrDefaultAsync(h => h.Id == handoffId, ct);
        if (handoff is null || me != handoff.ProfessionalId)
        {
            throw DomainException.NotFound($"Aucune demande de prise en charge {handoffId} pour vous.", "handoffId");
        }

        if (handoff.Status != HandoffStatus.Pending)
        {
            throw DomainException.Conflict(handoff.Status == HandoffStatus.TimedOut
                ? "Le délai de réponse est passé : la demande a été adressée à un autre professionnel."
                : $"Cette demande est déjà {HandoffStatuses.Label(handoff.Status)}.", "handoffId");
        }

        var episode = await db.Set<FollowUpEpisode>().FirstAsync(e => e.Id == handoff.EpisodeId, ct);
        if (episode.Status == EpisodeStatus.Closed || (accept && episode.OwnerAccepted))
        {
            throw DomainException.Conflict(episode.Status == EpisodeStatus.Closed ? "Ce suivi est clos." : "Un autre médecin a déjà accepté ce patient.", "handoffId");
        }

        var now = time.GetUtcNow().UtcDateTime;
        handoff.AnsweredAtUtc = now;
        if (accept)
        {
            handoff.Status = HandoffStatus.Accepted;
            episode.OwnerId = me;
            episode.OwnerAccepted = true;
            episode.Version++;
            await audit.RecordAsync(Actor.From(user), "followup.handoff.accept", $"episode:{episode.Id}", $"demande n° {handoff.Attempt} acceptée", ct);
            return;
        }

        handoff.Status = HandoffStatus.Declined;
        handoff.DeclineReason = DirectoryRules.Required(reason, "La raison du refus", "reason", 500);
        await db.SaveChangesAsync(ct);
        await handoffs.AfterFailureAsync(episode, ct);
        await audit.RecordAsync(Actor.From(user), "followup.handoff.decline", $"episode:{episode.Id}", $"demande n° {handoff.Attempt} refusée : {handoff.DeclineReason}", ct);
    }
}

/// <summary>A contact with the patient, by the owner, the care team or the coordination; it sets when the next one is due.</summary>
public sealed class RecordContact(MaillageDb db, EpisodeAccess access, AuditLog audit, TimeProvider time)
{
    public async Task<int> ExecuteAsync(int episodeId, DateTime? atUtc, ContactChannel channel, string? outcome, string? notes, DateTime? nextContactDueUtc, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (episode, me) = await access.WriteAsync(episodeId, user, tracked: true, ct);
        if (episode.Status == EpisodeStatus.Closed)
        {
            throw DomainException.Conflict("Cet épisode est clos.", "episode");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var at = (atUtc ?? now).ToUniversalTime();
        if (at > now.AddMinutes(5) || at < episode.OpenedAtUtc.AddDays(-1))
        {
            throw DomainException.Invalid("La date du contact doit être passée, et pas antérieure à l'ouverture de l'épisode.", "atUtc");
        }

        if (nextContactDueUtc is { } next && next.ToUniversalTime() < now)
        {
            throw DomainException.Invalid("Le prochain contact doit être dans le futur.", "nextContactDueUtc");
        }

        if (!Enum.IsDefined(channel))
        {
            throw DomainException.Invalid("Canal inconnu.", "channel");
        }

        var contact = new EpisodeContact
        {
            EpisodeId = episodeId, AtUtc = at, Channel = channel, Outcome = DirectoryRules.Required(outcome, "Le résultat du contact", "outcome", 200),
            Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim().Length > 2000 ? throw DomainException.Invalid("Les notes font au plus 2 000 caractères.", "notes") : notes.Trim(),
            ByProfessionalId = me, By = Actor.From(user).Name, RecordedAtUtc = now,
        };
        db.Add(contact);
        episode.LastContactUtc = episode.LastContactUtc is { } last && last > at ? last : at;
        episode.NextContactDueUtc = nextContactDueUtc?.ToUniversalTime();
        episode.Version++;
        await audit.RecordAsync(Actor.From(user), "followup.contact", $"episode:{episodeId}", $"{Channels.Label(channel)} : {contact.Outcome}", ct);
        return contact.Id;
    }
}

/// <summary>Adds a professional to the care team (a nurse for home visits, a pharmacist…); the owner or the coordination does it.</summary>
public sealed class AddCareTeamMember(MaillageDb db, EpisodeAccess access, LoadProfessionalFacts professionals, ScopeOfUser scopeOfUser, Notifications.Notify notify, AuditLog audit, TimeProvider time)
{
    public async Task ExecuteAsync(int episodeId, int professionalId, string? role, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (episode, _, manages) = await access.ReadAsync(episodeId, user, tracked: true, ct);
        if (!manages)
        {
            throw DomainException.Conflict("Seuls le médecin qui suit le patient et la coordination composent l'équipe.", "professionalId");
        }

        var person = (await professionals.ExecuteAsync([professionalId], await scopeOfUser.ExecuteAsync(user, ct), ct)).GetValueOrDefault(professionalId)
            ?? throw DomainException.Invalid("Professionnel introuvable dans l'annuaire.", "professionalId");
        if (professionalId == episode.OwnerId || await db.Set<CareTeamMember>().AnyAsync(m => m.EpisodeId == episodeId && m.ProfessionalId == professionalId, ct))
        {
            throw DomainException.Conflict($"{person.Name} suit déjà ce patient.", "professionalId");
        }

        db.Add(new CareTeamMember
        {
            EpisodeId = episodeId, ProfessionalId = professionalId, Role = DirectoryRules.Required(role, "Le rôle", "role", 60),
            AddedAtUtc = time.GetUtcNow().UtcDateTime, AddedBy = Actor.From(user).Name,
        });
        notify.Queue(professionalId, $"Vous rejoignez l'équipe de suivi de {HandoffEngine.Patient(episode)} ({Reasons.Label(episode.Reason)}).", $"/suivi/episodes/{episodeId}");
        episode.Version++;
        await audit.RecordAsync(Actor.From(user), "followup.team.add", $"episode:{episodeId}", $"{person.Name} ({role})", ct);
    }
}

/// <summary>Ends the follow-up, with a reason; pending requests are cancelled and the history stays.</summary>
public sealed class CloseEpisode(MaillageDb db, EpisodeAccess access, AuditLog audit, TimeProvider time)
{
    public async Task ExecuteAsync(int episodeId, string? reason, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (episode, _, manages) = await access.ReadAsync(episodeId, user, tracked: true, ct);
        if (!manages)
        {
            throw DomainException.Conflict("Seuls le médecin qui suit le patient et la coordination clôturent un épisode.", "episode");
        }

        if (episode.Status == EpisodeStatus.Closed)
        {
            throw DomainException.Conflict("Cet épisode est déjà clos.", "episode");
        }

        var now = time.GetUtcNow().UtcDateTime;
        episode.Status = EpisodeStatus.Closed;
        episode.ClosedAtUtc = now;
        episode.CloseReason = DirectoryRules.Required(reason, "La raison de la clôture", "reason", 500);
        episode.Version++;
        foreach (var pending in await db.Set<Handoff>().Where(h => h.EpisodeId == episodeId && h.Status == HandoffStatus.Pending).ToListAsync(ct))
        {
            pending.Status = HandoffStatus.Cancelled;
            pending.AnsweredAtUtc = now;
        }

        await audit.RecordAsync(Actor.From(user), "followup.episode.close", $"episode:{episodeId}", episode.CloseReason, ct);
    }
}

/// <summary>One episode with its whole history; every read is audited.</summary>
public sealed class ShowEpisode(MaillageDb db, EpisodeAccess access, LoadProfessionalFacts professionals, NameCommunes communes, AuditLog audit, TimeProvider time)
{
    public async Task<EpisodeView> ExecuteAsync(int episodeId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (e, me, manages) = await access.ReadAsync(episodeId, user, tracked: false, ct);
        var handoffs = await db.Set<Handoff>().AsNoTracking().Where(h => h.EpisodeId == episodeId).OrderBy(h => h.Attempt).ToListAsync(ct);
        var contacts = await db.Set<EpisodeContact>().AsNoTracking().Where(c => c.EpisodeId == episodeId).OrderByDescending(c => c.AtUtc).ThenByDescending(c => c.Id).ToListAsync(ct);
        var team = await db.Set<CareTeamMember>().AsNoTracking().Where(m => m.EpisodeId == episodeId).ToListAsync(ct);
        var tasks = await db.Set<FollowUpTask>().AsNoTracking().Where(t => t.EpisodeId == episodeId).OrderBy(t => t.DueUtc).ThenBy(t => t.Id).ToListAsync(ct);
        var observations = await db.Set<Observation>().AsNoTracking().Where(o => o.EpisodeId == episodeId).OrderByDescending(o => o.AtUtc).ThenByDescending(o => o.Id).Take(200).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var names = await professionals.ExecuteAsync(handoffs.Select(h => h.ProfessionalId).Concat(team.Select(t => t.ProfessionalId))
            .Append(e.OwnerId ?? 0).Append(e.RegularDoctorId ?? 0).ToList(), UserScope.Everything, ct);
        string Name(int? id) => id is { } i && names.TryGetValue(i, out var p) ? p.Name : "?";
        var commune = (await communes.ExecuteAsync([e.PatientCommuneCode], ct)).GetValueOrDefault(e.PatientCommuneCode, e.PatientCommuneCode);
        var pending = handoffs.FirstOrDefault(h => h.Status == HandoffStatus.Pending && h.ProfessionalId == me);
        await audit.RecordAsync(Actor.From(user), "followup.episode.read", $"episode:{episodeId}", HandoffEngine.Patient(e), ct);
        return new EpisodeView(e.Id, e.TerritoryId, e.PatientLastName, e.PatientFirstName, e.PatientBirthDate, e.PatientPhone, e.PatientCommuneCode, commune,
            e.RegularDoctorId, e.RegularDoctorId is null ? null : Name(e.RegularDoctorId), e.Reason, Reasons.Label(e.Reason), e.Status, e.Notes,
            e.OpenedAtUtc, e.OpenedBy, e.OwnerId, e.OwnerId is null ? "la coordination du territoire" : Name(e.OwnerId), e.OwnerAccepted,
            e.NextContactDueUtc, e.LastContactUtc, e.ClosedAtUtc, e.CloseReason, e.Version,
            handoffs.Select(h => new HandoffView(h.Id, h.Attempt, h.ProfessionalId, Name(h.ProfessionalId), h.Basis, h.Status, HandoffStatuses.Label(h.Status), h.RequestedAtUtc, h.DeadlineUtc, h.AnsweredAtUtc, h.DeclineReason)).ToList(),
            contacts.Select(c => new ContactView(c.Id, c.AtUtc, c.Channel, Channels.Label(c.Channel), c.Outcome, c.Notes, c.By)).ToList(),
            team.Select(t => new TeamMemberView(t.ProfessionalId, Name(t.ProfessionalId), t.Role)).ToList(),
            tasks.Select(t => new TaskView(t.Id, t.Kind, t.Label, t.DueUtc, t.Urgent, t.DoneAtUtc is null && t.DueUtc < now, t.DoneAtUtc, t.DoneBy)).ToList(),
            observations.Select(o => new ObservationView(o.Id, o.Kind, o.Value, MonitoringRules.Ranges.TryGetValue(o.Kind, out var r) ? r.Unit : null, o.Text, o.AtUtc, o.By)).ToList(),
            pending is not null, pending?.Id, manages);
    }
}
