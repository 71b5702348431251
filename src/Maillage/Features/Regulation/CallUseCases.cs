using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Regulation;

public sealed record CallRequest(
    int TerritoryId,
    int ProtocolVersionId,
    int? TakenAtSiteId,
    DateTime? StartedAtUtc,
    string? CallerName,
    string? CallerPhone,
    string? CallerRelation,
    string? PatientLastName,
    string? PatientFirstName,
    DateOnly? PatientBirthDate,
    string? PatientPhone,
    string? PatientCommuneCode,
    int? RegularDoctorId,
    string? RegularDoctorName,
    IReadOnlyDictionary<string, JsonElement>? Answers,
    string? OverrideOrientation,
    string? OverrideReason,
    int? PlaceSiteId,
    int? SlotId);

public sealed record BookingView(int Id, int SlotId, DateTime StartUtc, DateTime EndUtc, string Place, DateTime BookedAtUtc, string BookedBy, DateTime? CancelledAtUtc, string? CancelledBy, string? CancelReason);

public sealed record CallView(
    int Id, int TerritoryId, int ProtocolVersionId, int ProtocolVersion, string? TakenAt, DateTime StartedAtUtc, DateTime RecordedAtUtc, string TakenBy, int DurationSeconds,
    string? CallerName, string? CallerPhone, string CallerRelation,
    string PatientLastName, string PatientFirstName, DateOnly? PatientBirthDate, string? PatientPhone, string PatientCommuneCode, string PatientCommune,
    int? RegularDoctorId, string? RegularDoctorName,
    IReadOnlyList<AnswerLine> Answers, string ComputedOrientation, string ComputedLabel, string RuleId, string? RuleReason, bool Priority,
    string? OverrideOrientation, string? OverrideReason, string FinalOrientation, string FinalLabel,
    int? PlaceSiteId, string? Place, string? PlacePhone, IReadOnlyList<BookingView> Bookings);

public sealed record AnswerLine(string QuestionId, string Question, string Answer);

public sealed record CallRow(int Id, DateTime RecordedAtUtc, string Patient, string PatientCommune, string FinalOrientation, string FinalLabel, bool Overridden, bool Priority, string? TakenAt, string TakenBy, DateTime? SlotUtc);

public static class CallerRelations
{
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["patient"] = "Le patient lui-même",
        ["proche"] = "Un proche",
        ["professionnel"] = "Un professionnel de santé",
        ["autre"] = "Autre",
    };
}

/// <summary>
/// Saves the "fiche de régulation". The orientation is computed again here from the answers — the screen
/// may have been tampered with — and a different decision by the professional needs a reason. When a
/// slot is chosen it is booked in the same transaction: if someone took it meanwhile nothing is saved
/// and the secretary, whose form is intact, picks another.
/// </summary>
public sealed class RecordCall(
    MaillageDb db, ProtocolVersions versions, ShowCommune communes, LoadProfessionalFacts professionals, LabelSites sites, BookSlot book, AuditLog audit, TimeProvider time)
{
    public async Task<int> ExecuteAsync(CallRequest request, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var (version, protocol) = await versions.PublishedAsync(request.ProtocolVersionId, scope, ct);
        if (version.TerritoryId != request.TerritoryId)
        {
            throw DomainException.Invalid("Cette version de protocole est celle d'un autre territoire.", "protocolVersionId");
        }

        var relation = request.CallerRelation is { } r && CallerRelations.Labels.ContainsKey(r) ? r
            : throw DomainException.Invalid($"Qui appelle ? ({string.Join(", ", CallerRelations.Labels.Keys)})", "callerRelation");
        var lastName = DirectoryRules.Required(request.PatientLastName, "Le nom du patient", "patientLastName", 100);
        var firstName = DirectoryRules.Required(request.PatientFirstName, "Le prénom du patient", "patientFirstName", 100);
        var now = time.GetUtcNow().UtcDateTime;
        var today = French.DateOf(now);
        if (request.PatientBirthDate is { } born && (born > today || born.Year < 1900))
        {
            throw DomainException.Invalid("La date de naissance n'est pas plausible.", "patientBirthDate");
        }

        var commune = await communes.PatientCommuneAsync(request.PatientCommuneCode, "patientCommuneCode", ct);

        if (request.RegularDoctorId is { } doctor && !(await professionals.ExecuteAsync([doctor], scope, ct)).ContainsKey(doctor))
        {
            throw DomainException.Invalid("Médecin traitant introuvable dans l'annuaire.", "regularDoctorId");
        }

        var (answers, problems) = protocol.ReadAnswers(request.Answers);
        if (problems.Count > 0)
        {
            throw DomainException.Invalid(problems[0], "answers");
        }

        var orientation = protocol.Evaluate(answers);
        if (!orientation.Decided)
        {
            throw DomainException.Invalid("Le questionnaire n'a pas encore abouti à une orientation : répondez aux questions suivantes.", "answers");
        }

        var final = orientation.Code!;
        string? overrideReason = null;
        if (!string.IsNullOrWhiteSpace(request.OverrideOrientation) && request.OverrideOrientation != orientation.Code)
        {
            final = Orientations.Find(request.OverrideOrientation)?.Code
                ?? throw DomainException.Invalid($"Orientation inconnue « {request.OverrideOrientation} ».", "overrideOrientation");
            overrideReason = string.IsNullOrWhiteSpace(request.OverrideReason)
                ? throw DomainException.Invalid("Changer l'orientation du protocole demande une raison, gardée dans la fiche.", "overrideReason")
                : DirectoryRules.Required(request.OverrideReason, "La raison", "overrideReason", 500);
        }

        var slot = request.SlotId is { } slotId ? await db.Set<Slot>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == slotId, ct) : null;
        if (request.SlotId is not null && (slot is null || slot.TerritoryId != request.TerritoryId))
        {
            throw DomainException.Invalid("Ce créneau n'existe pas sur ce territoire.", "slotId");
        }

        var placeId = request.PlaceSiteId ?? slot?.SiteId;
        if (slot is not null && placeId != slot.SiteId)
        {
            throw DomainException.Invalid("Le créneau choisi n'est pas celui du lieu choisi.", "slotId");
        }

        var named = await sites.ExecuteAsync(new[] { placeId, request.TakenAtSiteId }.OfType<int>().ToList(), ct);
        if (placeId is { } p && (!named.TryGetValue(p, out var place) || !scope.Covers(place.TerritoryId)))
        {
            throw DomainException.Invalid("Lieu inconnu dans l'annuaire.", "placeSiteId");
        }

        if (request.TakenAtSiteId is { } t && (!named.TryGetValue(t, out var taken) || taken.TerritoryId != request.TerritoryId))
        {
            throw DomainException.Invalid("Le site qui prend l'appel doit être un site du territoire.", "takenAtSiteId");
        }

        var started = request.StartedAtUtc is { } s && s <= now && s > now.AddHours(-4) ? DateTime.SpecifyKind(s, DateTimeKind.Utc) : now;
        var call = new RegulationCall
        {
            TerritoryId = request.TerritoryId, ProtocolVersionId = version.Id, TakenAtSiteId = request.TakenAtSiteId, StartedAtUtc = started, RecordedAtUtc = now, TakenBy = actor.Name,
            CallerName = Optional(request.CallerName, "callerName", 200), CallerPhone = DirectoryRules.Phone(request.CallerPhone, "callerPhone"), CallerRelation = relation,
            PatientLastName = lastName, PatientFirstName = firstName, PatientBirthDate = request.PatientBirthDate, PatientPhone = DirectoryRules.Phone(request.PatientPhone, "patientPhone"),
            PatientCommuneCode = commune, RegularDoctorId = request.RegularDoctorId, RegularDoctorName = Optional(request.RegularDoctorName, "regularDoctorName", 200),
            Answers = JsonSerializer.Serialize(answers), ComputedOrientation = orientation.Code!, RuleId = orientation.RuleId!, Priority = orientation.Priority == true,
            OverrideOrientation = overrideReason is null ? null : final, OverrideReason = overrideReason, FinalOrientation = final, PlaceSiteId = placeId,
            DurationSeconds = (int)(now - started).TotalSeconds,
        };
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            db.Add(call);
            await db.SaveChangesAsync(ct);
            if (slot is not null)
            {
                try
                {
                    await book.AddAsync(slot.Id, call.Id, actor, scope, ct);
                }
                catch (DomainException)
                {
                    db.Entry(call).State = EntityState.Detached;
                    throw;
                }
            }

            await transaction.CommitAsync(ct);
        }

        await audit.RecordAsync(actor, "regulation.call.record", $"call:{call.Id}",
            $"orientation {final}{(overrideReason is null ? "" : $" (protocole : {orientation.Code}, changée : {overrideReason})")}, règle {orientation.RuleId}, protocole v{version.Number}"
            + (slot is null ? "" : $", créneau {slot.Id} ({French.DateTime(slot.StartUtc)})"), ct);
        return call.Id;
    }

    private static string? Optional(string? value, string field, int max) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim().Length > max ? throw DomainException.Invalid($"{max} caractères au plus.", field) : value.Trim();
}

/// <summary>
/// Reads one call record. Regulation staff of the territory read them all; a professional reads those
/// of patients sent to them (as regular doctor, or to a structure they belong to). Every read is audited.
/// </summary>
public sealed class ShowCall(MaillageDb db, ScopeOfUser scopeOfUser, FindOwnEntry ownEntry, ShowProfessional showProfessional, ProtocolVersions versions, LabelSites sites, NameCommunes communes, AuditLog audit)
{
    public async Task<CallView> ExecuteAsync(int id, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var scope = await scopeOfUser.ExecuteAsync(user, ct);
        var call = await db.Set<RegulationCall>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (call is null || !scope.Covers(call.TerritoryId) || !await MayReadAsync(call, user, scope, ct))
        {
            throw DomainException.NotFound($"Aucune fiche d'appel {id}.", "id");
        }

        var (version, protocol) = await versions.PublishedAsync(call.ProtocolVersionId, UserScope.Everything, ct);
        var answers = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(call.Answers) ?? [];
        var lines = protocol.Questions.Where(q => answers.ContainsKey(q.Id!)).Select(q => new AnswerLine(q.Id!, q.Label!, Describe(q, answers[q.Id!]))).ToList();
        var bookings = await db.Set<SlotBooking>().AsNoTracking().Where(b => b.CallId == id).OrderBy(b => b.BookedAtUtc)
            .Join(db.Set<Slot>(), b => b.SlotId, s => s.Id, (b, s) => new { b, s }).ToListAsync(ct);
        var named = await sites.ExecuteAsync(bookings.Select(x => x.s.SiteId).Append(call.PlaceSiteId ?? 0).Append(call.TakenAtSiteId ?? 0).ToList(), ct);
        string? Name(int? site) => site is { } s && named.TryGetValue(s, out var n) ? $"{n.StructureName} — {n.SiteName}" : null;
        var commune = (await communes.ExecuteAsync([call.PatientCommuneCode], ct)).GetValueOrDefault(call.PatientCommuneCode, call.PatientCommuneCode);
        var rule = protocol.Definition.Rules!.FirstOrDefault(r => r.Id == call.RuleId);
        await audit.RecordAsync(Actor.From(user), "regulation.call.read", $"call:{id}", $"fiche de {call.PatientFirstName} {call.PatientLastName[..1]}.", ct);
        return new CallView(call.Id, call.TerritoryId, version.Id, version.Number, Name(call.TakenAtSiteId), call.StartedAtUtc, call.RecordedAtUtc, call.TakenBy, call.DurationSeconds,
            call.CallerName, call.CallerPhone, CallerRelations.Labels[call.CallerRelation],
            call.PatientLastName, call.PatientFirstName, call.PatientBirthDate, call.PatientPhone, call.PatientCommuneCode, commune,
            call.RegularDoctorId, call.RegularDoctorName,
            lines, call.ComputedOrientation, Orientations.Find(call.ComputedOrientation)?.Label ?? call.ComputedOrientation, call.RuleId, rule?.Reason, call.Priority,
            call.OverrideOrientation, call.OverrideReason, call.FinalOrientation, Orientations.Find(call.FinalOrientation)?.Label ?? call.FinalOrientation,
            call.PlaceSiteId, Name(call.PlaceSiteId), call.PlaceSiteId is { } ps && named.TryGetValue(ps, out var pl) ? pl.Phone : null,
            bookings.Select(x => new BookingView(x.b.Id, x.s.Id, x.s.StartUtc, x.s.EndUtc, Name(x.s.SiteId) ?? "", x.b.BookedAtUtc, x.b.BookedBy, x.b.CancelledAtUtc, x.b.CancelledBy, x.b.CancelReason)).ToList());
    }

    private async Task<bool> MayReadAsync(RegulationCall call, ClaimsPrincipal user, UserScope scope, CancellationToken ct)
    {
        if (RegulationAccess.IsStaff(user))
        {
            return true;
        }

        if (await ownEntry.ExecuteAsync(user, ct) is not { } me)
        {
            return false;
        }

        if (call.RegularDoctorId == me)
        {
            return true;
        }

        if (call.PlaceSiteId is not { } site)
        {
            return false;
        }

        var structure = (await sites.ExecuteAsync([site], ct)).GetValueOrDefault(site)?.StructureId;
        var mine = await showProfessional.ExecuteAsync(me, new DirectoryReader(scope, false), ct);
        return mine.Memberships.Any(m => m.StructureId == structure);
    }

    private static string Describe(ProtocolQuestion q, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "ne sait pas",
        JsonValueKind.True => "oui",
        JsonValueKind.False => "non",
        JsonValueKind.Number => $"{value.GetDouble().ToString(CultureInfo.GetCultureInfo("fr-FR"))}{(q.Unit is null ? "" : " " + q.Unit)}",
        _ => q.Options?.FirstOrDefault(o => o.Value == value.GetString())?.Label ?? value.GetString() ?? "",
    };
}

/// <summary>The territory's calls, newest first, for regulation staff; listing names patients, so it is audited too.</summary>
public sealed class ListCalls(MaillageDb db, LabelSites sites, NameCommunes communes, AuditLog audit)
{
    public async Task<Page<CallRow>> ExecuteAsync(int territoryId, DateOnly? day, string? text, int? page, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        ProtocolVersions.Ensure(scope, territoryId);
        var (number, size) = Paging.Normalize(page, 50);
        var query = db.Set<RegulationCall>().AsNoTracking().Where(c => c.TerritoryId == territoryId);
        if (day is { } d)
        {
            var from = French.ToUtc(d.ToDateTime(TimeOnly.MinValue));
            var to = French.ToUtc(d.AddDays(1).ToDateTime(TimeOnly.MinValue));
            query = query.Where(c => c.RecordedAtUtc >= from && c.RecordedAtUtc < to);
        }

        if (!string.IsNullOrWhiteSpace(text))
        {
            var needle = text.Trim().ToUpperInvariant();
            query = query.Where(c => c.PatientLastName.ToUpper().Contains(needle) || c.PatientFirstName.ToUpper().Contains(needle));
        }

        var total = await query.CountAsync(ct);
        var calls = await query.OrderByDescending(c => c.RecordedAtUtc).ThenByDescending(c => c.Id).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        var rows = await RowsAsync(db, sites, communes, calls, ct);
        await audit.RecordAsync(actor, "regulation.calls.list", $"territory:{territoryId}", $"{calls.Count} fiche(s), page {number}{(day is null ? "" : $", le {day:dd/MM/yyyy}")}", ct);
        return new Page<CallRow>(rows, number, size, total);
    }

    /// <summary>List lines for some calls: patient, commune and site names, and the slot still booked.</summary>
    internal static async Task<IReadOnlyList<CallRow>> RowsAsync(MaillageDb db, LabelSites sites, NameCommunes communes, IReadOnlyList<RegulationCall> calls, CancellationToken ct)
    {
        var ids = calls.Select(c => c.Id).ToList();
        var slots = await db.Set<SlotBooking>().AsNoTracking().Where(b => ids.Contains(b.CallId) && b.CancelledAtUtc == null)
            .Join(db.Set<Slot>(), b => b.SlotId, s => s.Id, (b, s) => new { b.CallId, s.StartUtc }).ToDictionaryAsync(x => x.CallId, x => x.StartUtc, ct);
        var named = await sites.ExecuteAsync(calls.Select(c => c.TakenAtSiteId ?? 0).ToList(), ct);
        var communeNames = await communes.ExecuteAsync(calls.Select(c => c.PatientCommuneCode).ToList(), ct);
        return calls.Select(c => new CallRow(c.Id, c.RecordedAtUtc, $"{c.PatientLastName.ToUpperInvariant()} {c.PatientFirstName}",
            communeNames.GetValueOrDefault(c.PatientCommuneCode, c.PatientCommuneCode), c.FinalOrientation, Orientations.Find(c.FinalOrientation)?.Label ?? c.FinalOrientation,
            c.OverrideOrientation is not null, c.Priority, c.TakenAtSiteId is { } t && named.TryGetValue(t, out var n) ? $"{n.StructureName} — {n.SiteName}" : null, c.TakenBy,
            slots.TryGetValue(c.Id, out var at) ? at : null)).ToList();
    }
}

/// <summary>
/// The calls of patients sent to a professional — as their regular doctor, or to a structure they
/// belong to — newest first, over the last 30 days. Reading the list is audited like reading a record.
/// </summary>
public sealed class ListCallsForRecipient(MaillageDb db, FindOwnEntry ownEntry, ScopeOfUser scopeOfUser, ShowProfessional showProfessional, LabelSites sites, NameCommunes communes, AuditLog audit, TimeProvider time)
{
    public async Task<IReadOnlyList<CallRow>> ExecuteAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (await ownEntry.ExecuteAsync(user, ct) is not { } me)
        {
            return [];
        }

        var scope = await scopeOfUser.ExecuteAsync(user, ct);
        var mine = await showProfessional.ExecuteAsync(me, new DirectoryReader(scope, false), ct);
        var siteIds = await sites.OfStructuresAsync(mine.Memberships.Select(m => m.StructureId).ToList(), ct);
        var since = time.GetUtcNow().UtcDateTime.AddDays(-30);
        var calls = await db.Set<RegulationCall>().AsNoTracking()
            .InScope(scope, c => c.TerritoryId)
            .Where(c => c.RecordedAtUtc >= since && (c.RegularDoctorId == me || (c.PlaceSiteId != null && siteIds.Contains(c.PlaceSiteId.Value))))
            .OrderByDescending(c => c.RecordedAtUtc).Take(100).ToListAsync(ct);
        if (calls.Count == 0)
        {
            return [];
        }

        var rows = await ListCalls.RowsAsync(db, sites, communes, calls, ct);
        await audit.RecordAsync(Actor.From(user), "regulation.calls.list", $"professional:{me}", $"{calls.Count} fiche(s) de patients adressés", ct);
        return rows;
    }
}

/// <summary>The territory of a call record, without reading patient data: for features that refer to a call.</summary>
public sealed class LocateCall(MaillageDb db)
{
    public async Task<int?> TerritoryOfAsync(int callId, CancellationToken ct = default) =>
        await db.Set<RegulationCall>().Where(c => c.Id == callId).Select(c => (int?)c.TerritoryId).FirstOrDefaultAsync(ct);
}
