using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maillage.Features.Directory;
using Maillage.Infrastructure;

namespace Maillage.Features.FollowUp;

/// <summary>
/// One hospital notice read from a file: an admission (no discharge time) or a discharge, with its
/// surveillance plan. <paramref name="Commune"/> is as written (INSEE code, postal code or name) and is
/// resolved against the geography later.
/// </summary>
public sealed record DischargeNotice(
    int Line, string Hospital, string LastName, string FirstName, DateOnly? BirthDate, string Commune, string? DoctorRpps,
    DateTime AdmittedAtUtc, DateTime? DischargedAtUtc, SurveillancePlan? Plan, string? Notes);

/// <summary>
/// Reads hospital notices from what a hospital system can produce: a CSV file (one line a stay) or FHIR R4
/// JSON (an Encounter, or a Bundle of Encounters with their Patient, Organization and Practitioner). An
/// Encounter in progress is an admission; a finished one is a discharge. Every line is checked whole and
/// its errors are all reported; a line with errors is left out.
/// </summary>
public static class DischargeFiles
{
    public static readonly IReadOnlyList<string> CsvColumns =
    [
        "etablissement", "nom", "prenom", "date_naissance", "commune", "rpps_medecin_traitant", "admission", "sortie",
        "mesure", "mesures_par_jour", "jours", "visite_infirmiere_tous_les_n_jours", "consultation_medecin_sous_n_heures", "notes",
    ];

    /// <summary>Our extension on Encounter for the surveillance plan, which FHIR's Encounter has no element for.</summary>
    public const string PlanExtension = "urn:maillage:surveillance-plan";

    private const int MaxNotices = 10_000;

    /// <param name="nowUtc">Nothing may happen after now, nor anyone be born before 1900.</param>
    public static IReadOnlyList<DischargeNotice> Parse(string text, List<ImportError> errors, DateTime nowUtc)
    {
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.Length == 0)
        {
            throw DomainException.Invalid("Le fichier est vide.", "file");
        }

        if (trimmed[0] != '{')
        {
            return ParseCsv(trimmed, errors, nowUtc);
        }

        try
        {
            return ParseFhir(trimmed, errors, nowUtc);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            // Duplicate properties or a value of the wrong type where the FHIR structure expects another.
            throw DomainException.Invalid($"FHIR mal formé : {e.Message}", "file");
        }
    }

    private static List<DischargeNotice> ParseCsv(string text, List<ImportError> errors, DateTime nowUtc)
    {
        var records = Csv.Read(text).GetEnumerator();
        records.MoveNext();
        var index = Csv.Columns(records.Current.Fields, CsvColumns, ["etablissement", "nom", "prenom", "commune", "admission"]);
        var notices = new List<DischargeNotice>();
        var count = 0;
        while (records.MoveNext())
        {
            if (++count > MaxNotices)
            {
                throw DomainException.Invalid($"Le fichier dépasse {MaxNotices:N0} lignes : découpez-le.", "file");
            }

            var (line, fields) = records.Current;
            string Cell(string name) => index.TryGetValue(name, out var i) && i < fields.Count ? fields[i].Trim() : "";
            var row = new Row(line, errors, nowUtc);
            var plan = row.Plan(Cell("mesure"), Cell("mesures_par_jour"), Cell("jours"), Cell("visite_infirmiere_tous_les_n_jours"), Cell("consultation_medecin_sous_n_heures"));
            row.Finish(notices, Cell("etablissement"), Cell("nom"), Cell("prenom"), Cell("date_naissance"), Cell("commune"), Cell("rpps_medecin_traitant"),
                Cell("admission"), Cell("sortie"), plan, Cell("notes"));
        }

        return notices;
    }

    private static List<DischargeNotice> ParseFhir(string text, List<ImportError> errors, DateTime nowUtc)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) as JsonObject
                ?? throw DomainException.Invalid("Le fichier JSON doit contenir une ressource FHIR (un objet).", "file");
        }
        catch (JsonException e)
        {
            throw DomainException.Invalid($"JSON illisible (ligne {e.LineNumber + 1}) : {e.Message.Split(" LineNumber")[0]}", "file");
        }

        // References inside a Bundle: "Patient/12" and fullUrl both lead to the resource.
        var resources = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var encounters = new List<JsonObject>();
        switch (Str(root, "resourceType"))
        {
            case "Encounter":
                encounters.Add(root);
                break;
            case "Bundle":
                foreach (var entry in (root["entry"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    if (entry["resource"] is not JsonObject resource)
                    {
                        continue;
                    }

                    if (Str(resource, "resourceType") is { } type && Str(resource, "id") is { } id)
                    {
                        resources[$"{type}/{id}"] = resource;
                    }

                    if (Str(entry, "fullUrl") is { } url)
                    {
                        resources[url] = resource;
                    }

                    if (Str(resource, "resourceType") == "Encounter")
                    {
                        encounters.Add(resource);
                    }
                }

                break;
            default:
                throw DomainException.Invalid("La ressource FHIR doit être un Encounter ou un Bundle d'Encounter.", "file");
        }

        if (encounters.Count == 0)
        {
            throw DomainException.Invalid("Le Bundle ne contient aucun Encounter.", "file");
        }

        if (encounters.Count > MaxNotices)
        {
            throw DomainException.Invalid($"Le fichier dépasse {MaxNotices:N0} séjours : découpez-le.", "file");
        }

        var notices = new List<DischargeNotice>();
        for (var n = 0; n < encounters.Count; n++)
        {
            var encounter = encounters[n];
            var row = new Row(n + 1, errors, nowUtc);
            JsonObject? Resolve(JsonNode? reference)
            {
                var target = Str(reference, "reference");
                return target is null ? null
                    : target.StartsWith('#') ? (encounter["contained"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => Str(c, "id") == target[1..])
                    : resources.GetValueOrDefault(target);
            }

            var status = Str(encounter, "status");
            var finished = status == "finished";
            if (status is not ("finished" or "in-progress"))
            {
                row.Error("Encounter.status", $"Statut « {status} » : seuls « in-progress » (admission) et « finished » (sortie) sont lus.");
            }

            var patient = Resolve(encounter["subject"]);
            if (patient is null || Str(patient, "resourceType") != "Patient")
            {
                row.Error("Encounter.subject", "Le patient (Patient) référencé est introuvable dans le fichier.");
                continue;
            }

            var name = (patient["name"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault();
            var given = (name?["given"] as JsonArray)?.Select(g => g is JsonValue v && v.TryGetValue<string>(out var text) ? text : null).FirstOrDefault();
            var address = (patient["address"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault();
            var insee = (address?["extension"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(x => Str(x, "url") is { } u && (u == DirectoryFhir.CommuneExtension || u.Contains("insee", StringComparison.OrdinalIgnoreCase)))
                .Select(x => Str(x, "valueString") ?? Str(x, "valueCode") ?? Str(x["valueCoding"], "code")).FirstOrDefault(v => v is not null);
            var commune = insee ?? Str(address, "city") ?? Str(address, "postalCode") ?? "";

            var doctorReference = (patient["generalPractitioner"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault();
            var doctorIdentifiers = (Resolve(doctorReference)?["identifier"] as JsonArray ?? []).OfType<JsonObject>()
                .Concat(doctorReference?["identifier"] is JsonObject logical ? [logical] : []);
            var rpps = doctorIdentifiers.Select(RppsOf).FirstOrDefault(r => r is not null) ?? "";

            var hospital = Str(encounter["serviceProvider"], "display") ?? Str(Resolve(encounter["serviceProvider"]), "name") ?? "";
            var start = Str(encounter["period"], "start") ?? "";
            var end = finished ? Str(encounter["period"], "end") ?? "" : "";
            if (finished && end.Length == 0)
            {
                row.Error("Encounter.period.end", "Un séjour terminé (finished) a besoin de sa date de sortie.");
            }

            var planFields = (encounter["extension"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(x => Str(x, "url") == PlanExtension)?["extension"] as JsonArray ?? [];
            string PlanValue(string url) => planFields.OfType<JsonObject>().Where(x => Str(x, "url") == url)
                .Select(x => Str(x, "valueString") ?? x["valueInteger"]?.ToJsonString() ?? x["valuePositiveInt"]?.ToJsonString()).FirstOrDefault() ?? "";
            var plan = row.Plan(PlanValue("measure"), PlanValue("measuresPerDay"), PlanValue("days"), PlanValue("nurseVisitEveryDays"), PlanValue("gpWithinHours"));
            var notes = Str(encounter["hospitalization"]?["dischargeDisposition"], "text") ?? "";
            row.Finish(notices, hospital, Str(name, "family") ?? "", given ?? "", Str(patient, "birthDate") ?? "", commune, rpps, start, end, plan, notes);
        }

        return notices;
    }

    private static string? RppsOf(JsonObject identifier)
    {
        var value = Identifiers.Clean(Str(identifier, "value") ?? "");
        return Str(identifier, "system") switch
        {
            "https://rpps.esante.gouv.fr" => value,
            // The national IDNPS of a practitioner with an RPPS number is "8" followed by it.
            "urn:oid:1.2.250.1.71.4.2.1" when value.Length == 12 && value[0] == '8' => value[1..],
            _ => null,
        };
    }

    private static string? Str(JsonNode? node, string property) =>
        node is JsonObject o && o[property] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

    /// <summary>One line being checked: collects every error of the line before deciding whether it is kept.</summary>
    private sealed class Row(int line, List<ImportError> errors, DateTime nowUtc)
    {
        private readonly LineCheck check = new(line, errors);

        public void Error(string field, string message) => check.Error(field, message);

        private T? Check<T>(string field, Func<T?> parse) => check.Value(field, parse);

        public PlanCells? Plan(string measure, string perDay, string days, string nurseEvery, string gpWithin)
        {
            if (new[] { measure, perDay, days, nurseEvery, gpWithin }.All(string.IsNullOrWhiteSpace))
            {
                return null;
            }

            int? Int(string field, string text) => Check(field, () => text.Length == 0 ? (int?)null
                : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                : throw DomainException.Invalid($"« {text} » n'est pas un nombre entier."));
            var measureName = TextNormalizer.Fold(measure) switch
            {
                "" => null,
                "spo2" or "saturation" => "SpO2",
                "temperature" => "température",
                "frequence respiratoire" or "frequence_respiratoire" or "fr" => "fréquence respiratoire",
                _ => measure.Trim(),
            };
            var plan = new PlanCells(measureName, Int("mesures_par_jour", perDay), Int("jours", days), Int("visite_infirmiere_tous_les_n_jours", nurseEvery), Int("consultation_medecin_sous_n_heures", gpWithin));
            if (plan.Days is null && (plan.Measure is not null || plan.NurseEvery is not null))
            {
                Error("jours", "Indiquez la durée de la surveillance en jours.");
            }

            return plan;
        }

        public void Finish(List<DischargeNotice> notices, string hospital, string last, string first, string born, string commune, string rpps,
            string admitted, string discharged, PlanCells? cells, string notes)
        {
            var hospitalName = Check("etablissement", () => DirectoryRules.Required(hospital, "L'établissement", "", 200));
            var lastName = Check("nom", () => DirectoryRules.Required(last, "Le nom du patient", "", 100));
            var firstName = Check("prenom", () => DirectoryRules.Required(first, "Le prénom du patient", "", 100));
            var birthDate = Check("date_naissance", () => born.Length == 0 ? (DateOnly?)null
                : DateOnly.TryParseExact(born, ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? d.Year < 1900 || d > French.DateOf(nowUtc) ? throw DomainException.Invalid($"« {born} » n'est pas une date de naissance plausible.") : d
                : throw DomainException.Invalid($"« {born} » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)."));
            if (commune.Length == 0)
            {
                Error("commune", "Indiquez la commune du patient (code INSEE de préférence).");
            }

            var doctor = Check("rpps_medecin_traitant", () => Identifiers.Clean(rpps) is { Length: > 0 } r
                ? Identifiers.IsRpps(r) ? r : throw DomainException.Invalid($"« {rpps} » n'est pas un RPPS valide (11 chiffres, clé de contrôle).")
                : null);
            var admittedAt = Check("admission", () => admitted.Length == 0 ? throw DomainException.Invalid("Indiquez la date d'admission.") : (DateTime?)Past(Moment(admitted)));
            var dischargedAt = Check("sortie", () => discharged.Length == 0 ? null : (DateTime?)Past(Moment(discharged)));
            if (admittedAt is { } a && dischargedAt is { } o && o < a)
            {
                Error("sortie", "La sortie précède l'admission.");
            }

            SurveillancePlan? plan = null;
            if (cells is not null && cells.Days is { } days)
            {
                if (discharged.Length == 0)
                {
                    Error("sortie", "Un plan de surveillance accompagne une sortie : indiquez la date de sortie.");
                }
                else if (dischargedAt is not null)
                {
                    plan = new SurveillancePlan(cells.Measure, cells.MeasuresPerDay ?? 2, days, cells.NurseEvery, cells.GpWithin);
                    Check("jours", () => SurveillancePlanner.Tasks(plan, dischargedAt.Value));
                }
            }
            else if (cells is { Days: null, GpWithin: { } within } && dischargedAt is { } end)
            {
                // A consultation alone needs no duration.
                plan = new SurveillancePlan(null, 1, 1, null, within);
                Check("consultation_medecin_sous_n_heures", () => SurveillancePlanner.Tasks(plan, end));
            }

            if (notes.Length > 1000)
            {
                Error("notes", "Les notes font au plus 1 000 caractères.");
            }

            if (check.Clean)
            {
                notices.Add(new DischargeNotice(line, hospitalName!, lastName!, firstName!, birthDate, commune, doctor, admittedAt!.Value, dischargedAt, plan,
                    notes.Length == 0 ? null : notes));
            }
        }

        private DateTime Past(DateTime utc) => utc.Year < 2000 || utc > nowUtc.AddMinutes(5)
            ? throw DomainException.Invalid("Date non plausible : ni avant 2000, ni dans le futur.")
            : utc;

        /// <summary>A time as hospital systems write it: with its offset (ISO 8601), or Paris local time.</summary>
        private static DateTime Moment(string text)
        {
            if ((text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > 10)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
            {
                return withOffset.UtcDateTime;
            }

            string[] formats = ["yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss", "dd/MM/yyyy HH:mm", "yyyy-MM-dd", "dd/MM/yyyy"];
            return System.DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
                ? French.ToUtc(local)
                : throw DomainException.Invalid($"« {text} » n'est pas une date et heure (AAAA-MM-JJ HH:MM, heure de Paris, ou ISO 8601 avec fuseau).");
        }
    }

    private sealed record PlanCells(string? Measure, int? MeasuresPerDay, int? Days, int? NurseEvery, int? GpWithin);
}
