using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.FollowUp;

/// <summary>
/// One follow-up episode as a FHIR R4 collection Bundle, for the people who read the episode (others are
/// told it does not exist); every export is audited. Resources: the Patient; the episode as an Encounter
/// (owner and care team as participants); each handoff as a ServiceRequest to the professional asked; each
/// planned step as a Task; each home measure or symptom note as an Observation (LOINC codes, UCUM units);
/// and the Practitioners they refer to, with the ids and identifiers of the directory export. References
/// are relative and resolve inside the Bundle; empty elements are left out.
/// The Patient carries no national identifier, neither NIR nor INS: the INS may be shared only once the
/// identity is qualified, and Maillage stores no qualified identity, so that case is out of scope.
/// </summary>
public sealed class EpisodeFhir(MaillageDb db, EpisodeAccess access, DirectoryFhir directory, NameCommunes communes, AuditLog audit, TimeProvider time)
{
    private const string Loinc = "http://loinc.org";
    private const string Ucum = "http://unitsofmeasure.org";
    private const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    private const string ParticipationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    private const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";

    // Our own code systems, for what no national terminology covers here.
    public const string ReasonSystem = "urn:maillage:followup-reason";
    public const string TaskKindSystem = "urn:maillage:followup-task-kind";

    public async Task<JsonObject> ExecuteAsync(int episodeId, ClaimsPrincipal user, string baseUrl, CancellationToken ct = default)
    {
        var (e, _, _) = await access.ReadAsync(episodeId, user, tracked: false, ct);
        var handoffs = await db.Set<Handoff>().AsNoTracking().Where(h => h.EpisodeId == episodeId).OrderBy(h => h.Attempt).ToListAsync(ct);
        var team = await db.Set<CareTeamMember>().AsNoTracking().Where(m => m.EpisodeId == episodeId).OrderBy(m => m.AddedAtUtc).ThenBy(m => m.ProfessionalId).ToListAsync(ct);
        var tasks = await db.Set<FollowUpTask>().AsNoTracking().Where(t => t.EpisodeId == episodeId).OrderBy(t => t.DueUtc).ThenBy(t => t.Id).ToListAsync(ct);
        var observations = await db.Set<Observation>().AsNoTracking().Where(o => o.EpisodeId == episodeId).OrderBy(o => o.AtUtc).ThenBy(o => o.Id).ToListAsync(ct);
        var commune = (await communes.ExecuteAsync([e.PatientCommuneCode], ct)).GetValueOrDefault(e.PatientCommuneCode, e.PatientCommuneCode);
        var practitionerIds = new[] { e.OwnerId, e.RegularDoctorId }.OfType<int>()
            .Concat(team.Select(m => m.ProfessionalId))
            .Concat(handoffs.Select(h => h.ProfessionalId))
            .Concat(observations.Select(o => o.ByProfessionalId).OfType<int>())
            .ToList();
        var practitioners = await directory.PractitionersAsync(practitionerIds, ct);
        var known = practitioners.Select(p => (string)p["id"]!).ToHashSet();
        JsonObject? PractitionerRef(int? id) => id is { } i && known.Contains(DirectoryFhir.PractitionerId(i)) ? Reference("Practitioner", DirectoryFhir.PractitionerId(i)) : null;

        var patient = Reference("Patient", $"patient-{e.Id}");
        var encounter = Reference("Encounter", $"encounter-{e.Id}");
        var resources = new List<JsonObject> { PatientResource(e, commune, PractitionerRef(e.RegularDoctorId)), EncounterResource(e, team, PractitionerRef, patient) };
        resources.AddRange(practitioners);
        resources.AddRange(handoffs.Select(h => ServiceRequestResource(h, PractitionerRef(h.ProfessionalId), patient, encounter)));
        resources.AddRange(tasks.Select(t => TaskResource(t, patient, encounter)));
        resources.AddRange(observations.Select(o => ObservationResource(o, PractitionerRef(o.ByProfessionalId), patient, encounter)));

        var bundle = DirectoryFhir.Collection(resources, baseUrl, time.GetUtcNow().UtcDateTime);
        await audit.RecordAsync(Actor.From(user), "followup.episode.export", $"episode:{episodeId}", $"{HandoffEngine.Patient(e)}, FHIR ({resources.Count} ressources)", ct);
        return bundle;
    }

    private static JsonObject PatientResource(FollowUpEpisode e, string communeName, JsonObject? regularDoctor)
    {
        var resource = Resource("Patient", $"patient-{e.Id}");
        resource["name"] = new JsonArray(new JsonObject { ["use"] = "official", ["family"] = e.PatientLastName, ["given"] = new JsonArray(e.PatientFirstName) });
        if (e.PatientPhone is not null)
        {
            resource["telecom"] = new JsonArray(new JsonObject { ["system"] = "phone", ["value"] = e.PatientPhone });
        }

        if (e.PatientBirthDate is { } born)
        {
            resource["birthDate"] = born.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        resource["address"] = new JsonArray(new JsonObject
        {
            ["extension"] = new JsonArray(new JsonObject { ["url"] = DirectoryFhir.CommuneExtension, ["valueCode"] = e.PatientCommuneCode }),
            ["use"] = "home",
            ["city"] = communeName,
            ["country"] = "FR",
        });
        if (regularDoctor is not null)
        {
            resource["generalPractitioner"] = new JsonArray(regularDoctor);
        }

        return resource;
    }

    private static JsonObject EncounterResource(FollowUpEpisode e, IReadOnlyList<CareTeamMember> team, Func<int?, JsonObject?> practitioner, JsonObject patient)
    {
        var resource = Resource("Encounter", $"encounter-{e.Id}");
        resource["status"] = e.Status == EpisodeStatus.Open ? "in-progress" : "finished";
        resource["class"] = e.Reason == EpisodeReason.DischargeSurveillance
            ? Coding(ActCode, "HH", "home health")
            : Coding(ActCode, "AMB", "ambulatory");
        resource["subject"] = patient.DeepClone();
        var participants = new JsonArray();
        if (practitioner(e.OwnerId) is { } owner)
        {
            participants.Add(new JsonObject
            {
                ["type"] = new JsonArray(Concept(ParticipationType, "PPRF", "primary performer", "responsable du suivi")),
                ["individual"] = owner,
            });
        }

        foreach (var member in team)
        {
            if (practitioner(member.ProfessionalId) is { } individual)
            {
                participants.Add(new JsonObject
                {
                    ["type"] = new JsonArray(Concept(ParticipationType, "PART", "Participation", member.Role)),
                    ["period"] = new JsonObject { ["start"] = Instant(member.AddedAtUtc) },
                    ["individual"] = individual,
                });
            }
        }

        Add(resource, "participant", participants);
        var period = new JsonObject { ["start"] = Instant(e.OpenedAtUtc) };
        if (e.ClosedAtUtc is { } closed)
        {
            period["end"] = Instant(closed);
        }

        resource["period"] = period;
        resource["reasonCode"] = new JsonArray(Concept(ReasonSystem, Code(e.Reason), Reasons.Label(e.Reason), Reasons.Label(e.Reason)));
        return resource;
    }

    /// <summary>A request to take the patient over: pending is active, accepted is completed; declined, timed out or cancelled is revoked.</summary>
    private static JsonObject ServiceRequestResource(Handoff h, JsonObject? performer, JsonObject patient, JsonObject encounter)
    {
        var resource = Resource("ServiceRequest", $"handoff-{h.Id}");
        resource["status"] = h.Status switch
        {
            HandoffStatus.Pending => "active",
            HandoffStatus.Accepted => "completed",
            _ => "revoked",
        };
        resource["intent"] = "order";
        resource["code"] = new JsonObject { ["text"] = "Prise en charge du suivi" };
        resource["subject"] = patient.DeepClone();
        resource["encounter"] = encounter.DeepClone();
        resource["occurrencePeriod"] = new JsonObject { ["start"] = Instant(h.RequestedAtUtc), ["end"] = Instant(h.DeadlineUtc) };
        resource["authoredOn"] = Instant(h.RequestedAtUtc);
        resource["performerType"] = new JsonObject { ["text"] = h.Basis };
        if (performer is not null)
        {
            resource["performer"] = new JsonArray(performer);
        }

        var note = h.Status switch
        {
            HandoffStatus.Declined => $"Refusée : {h.DeclineReason}",
            HandoffStatus.TimedOut or HandoffStatus.Cancelled => char.ToUpperInvariant(HandoffStatuses.Label(h.Status)[0]) + HandoffStatuses.Label(h.Status)[1..],
            _ => null,
        };
        if (note is not null)
        {
            var annotation = new JsonObject { ["text"] = note };
            if (h.AnsweredAtUtc is { } answered)
            {
                annotation["time"] = Instant(answered);
            }

            resource["note"] = new JsonArray(annotation);
        }

        return resource;
    }

    private static JsonObject TaskResource(FollowUpTask t, JsonObject patient, JsonObject encounter)
    {
        var resource = Resource("Task", $"task-{t.Id}");
        resource["status"] = t.DoneAtUtc is null ? "requested" : "completed";
        resource["intent"] = "plan";
        resource["priority"] = t.Urgent ? "urgent" : "routine";
        resource["code"] = Concept(TaskKindSystem, Code(t.Kind), TaskKinds.Label(t.Kind), TaskKinds.Label(t.Kind));
        resource["description"] = t.Label;
        resource["for"] = patient.DeepClone();
        resource["encounter"] = encounter.DeepClone();
        resource["executionPeriod"] = new JsonObject { ["end"] = Instant(t.DueUtc) };
        resource["authoredOn"] = Instant(t.CreatedAtUtc);
        if (t.DoneAtUtc is { } done)
        {
            resource["lastModified"] = Instant(done);
        }

        return resource;
    }

    private static JsonObject ObservationResource(Observation o, JsonObject? performer, JsonObject patient, JsonObject encounter)
    {
        var resource = Resource("Observation", $"obs-{o.Id}");
        resource["status"] = "final";
        var label = Observations.Label(o.Kind);
        label = char.ToUpperInvariant(label[0]) + label[1..];
        resource["category"] = new JsonArray(o.Kind == ObservationKind.Symptoms
            ? Concept(ObservationCategory, "survey", "Survey", "Symptômes rapportés")
            : Concept(ObservationCategory, "vital-signs", "Vital Signs", "Signes vitaux"));
        var coding = o.Kind switch
        {
            ObservationKind.Spo2 => new JsonArray(
                Coding(Loinc, "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry"),
                Coding(Loinc, "2708-6", "Oxygen saturation in Arterial blood")),
            ObservationKind.Temperature => new JsonArray(Coding(Loinc, "8310-5", "Body temperature")),
            ObservationKind.RespiratoryRate => new JsonArray(Coding(Loinc, "9279-1", "Respiratory rate")),
            _ => new JsonArray(Coding(Loinc, "75325-1", "Symptom")),
        };
        resource["code"] = new JsonObject { ["coding"] = coding, ["text"] = label };
        resource["subject"] = patient.DeepClone();
        resource["encounter"] = encounter.DeepClone();
        resource["effectiveDateTime"] = Instant(o.AtUtc);
        resource["issued"] = Instant(o.RecordedAtUtc);
        if (performer is not null)
        {
            resource["performer"] = new JsonArray(performer);
        }

        if (o.Value is { } value && MonitoringRules.Ranges.TryGetValue(o.Kind, out var range))
        {
            resource["valueQuantity"] = new JsonObject
            {
                ["value"] = value,
                ["unit"] = range.Unit,
                ["system"] = Ucum,
                ["code"] = o.Kind switch
                {
                    ObservationKind.Spo2 => "%",
                    ObservationKind.Temperature => "Cel",
                    _ => "/min",
                },
            };
            if (o.Text is not null)
            {
                resource["note"] = new JsonArray(new JsonObject { ["text"] = o.Text });
            }
        }
        else if (o.Text is not null)
        {
            resource["valueString"] = o.Text;
        }

        return resource;
    }

    /// <summary>FHIR instant: UTC to the second, with Z.</summary>
    private static string Instant(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>The code of an enum value as the API writes it: "discharge-surveillance".</summary>
    private static string Code<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static JsonObject Resource(string type, string id) => new() { ["resourceType"] = type, ["id"] = id };

    private static JsonObject Reference(string type, string id) => new() { ["reference"] = $"{type}/{id}" };

    private static JsonObject Coding(string system, string code, string display) => new() { ["system"] = system, ["code"] = code, ["display"] = display };

    private static JsonObject Concept(string system, string code, string display, string text) => new()
    {
        ["coding"] = new JsonArray(Coding(system, code, display)),
        ["text"] = text,
    };

    /// <summary>FHIR forbids empty arrays: only non-empty ones are added.</summary>
    private static void Add(JsonObject resource, string name, JsonArray values)
    {
        if (values.Count > 0)
        {
            resource[name] = values;
        }
    }
}
