using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maillage.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Tests.Features.FollowUp;

public abstract class FollowUpTests(AppFixture app)
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    private sealed record Team(int Territory, string Name, HttpClient Coordinator, int RegularDoctor, string RegularDoctorEmail, int Volunteer, string VolunteerEmail, int Nurse, string NurseEmail);

    /// <summary>A territory with a patient's regular doctor, one volunteer GP accepting new patients, and a nurse, all with accounts.</summary>
    private async Task<Team> TeamAsync(string prefix, HttpClient? coordinator = null)
    {
        var name = $"{prefix} {Guid.NewGuid():N}"[..22];
        var territory = JsonDocument.Parse((await app.CliAsync("territory", "create", "--name", name, "--epci", "243400355", "--json")).Output).RootElement.GetProperty("id").GetInt32();
        coordinator ??= await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        async Task<(int Id, string Email)> ProfessionalAsync(string last, string profession, bool acceptsNew)
        {
            var email = await app.CreateUserAsync(TestRoles.Professional, name);
            var id = (await JsonAsync(await coordinator.PostAsJsonAsync("/api/directory/professionals", new
            {
                territoryId = territory, firstName = "Test", lastName = last, profession, email, acceptsNewPatients = acceptsNew,
            }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
            return (id, email);
        }

        var regular = await ProfessionalAsync("Traitant", "medecin-generaliste", false);
        var volunteer = await ProfessionalAsync("Volontaire", "medecin-generaliste", true);
        var nurse = await ProfessionalAsync("Infirmière", "infirmier", false);
        return new Team(territory, name, coordinator, regular.Id, regular.Email, volunteer.Id, volunteer.Email, nurse.Id, nurse.Email);
    }

    private static object Episode(Team t, string reason = "confirmed-infection") => new
    {
        territoryId = t.Territory, patientLastName = "Fictif", patientFirstName = "Suivi", patientBirthDate = "1950-02-03", patientCommuneCode = "34079",
        regularDoctorId = t.RegularDoctor, reason, nextContactDueUtc = DateTime.UtcNow.AddDays(1),
    };

    [SkippableFact]
    public async Task An_episode_goes_from_the_regular_doctor_to_a_volunteer_who_takes_the_patient_with_a_nurse()
    {
        await app.StartAsync();
        var t = await TeamAsync("Suivi");
        var id = (await JsonAsync(await t.Coordinator.PostAsJsonAsync("/api/followup/episodes", Episode(t)), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await JsonAsync(await t.Coordinator.PostAsJsonAsync("/api/followup/episodes", new { territoryId = t.Territory, patientLastName = "X", patientFirstName = "Y", patientCommuneCode = "75000", reason = "outreach" }), HttpStatusCode.BadRequest);

        var episode = await JsonAsync(await t.Coordinator.GetAsync($"/api/followup/episodes/{id}"));
        Assert.Equal("la coordination du territoire", episode.GetProperty("owner").GetString());
        var first = episode.GetProperty("handoffs").EnumerateArray().Single();
        Assert.Equal(t.RegularDoctor, first.GetProperty("professionalId").GetInt32());
        Assert.Equal("médecin traitant", first.GetProperty("basis").GetString());

        // The regular doctor is told, declines with a reason; the volunteer is asked next.
        var doctor = await app.LoginAsync(t.RegularDoctorEmail);
        Assert.Contains("Demande de prise en charge", await doctor.GetStringAsync("/api/notifications"));
        var handoff = first.GetProperty("id").GetInt32();
        await JsonAsync(await doctor.PostAsJsonAsync($"/api/followup/handoffs/{handoff}/answer", new { accept = false, reason = "" }), HttpStatusCode.BadRequest);
        await JsonAsync(await doctor.PostAsJsonAsync($"/api/followup/handoffs/{handoff}/answer", new { accept = false, reason = "En congé cette semaine" }), HttpStatusCode.NoContent);
        await JsonAsync(await doctor.PostAsJsonAsync($"/api/followup/handoffs/{handoff}/answer", new { accept = true }), HttpStatusCode.Conflict);

        var volunteer = await app.LoginAsync(t.VolunteerEmail);
        var mine = await JsonAsync(await volunteer.GetAsync("/api/followup/me/episodes"));
        Assert.Equal(id, mine.EnumerateArray().Single().GetProperty("id").GetInt32());
        var asked = await JsonAsync(await volunteer.GetAsync($"/api/followup/episodes/{id}"));
        Assert.True(asked.GetProperty("mayAnswerHandoff").GetBoolean());
        await JsonAsync(await volunteer.PostAsJsonAsync($"/api/followup/handoffs/{asked.GetProperty("pendingHandoffId").GetInt32()}/answer", new { accept = true }), HttpStatusCode.NoContent);

        // The new owner brings in a nurse, who reads the episode and records a home visit; the first doctor, who declined, no longer sees it, nor does a stranger.
        await JsonAsync(await volunteer.PostAsJsonAsync($"/api/followup/episodes/{id}/team", new { professionalId = t.Nurse, role = "soins à domicile" }), HttpStatusCode.NoContent);
        var nurse = await app.LoginAsync(t.NurseEmail);
        var seen = await JsonAsync(await nurse.GetAsync($"/api/followup/episodes/{id}"));
        Assert.Equal("Test Volontaire", seen.GetProperty("owner").GetString());
        Assert.True(seen.GetProperty("ownerAccepted").GetBoolean());
        Assert.False(seen.GetProperty("mayManage").GetBoolean());
        await JsonAsync(await nurse.PostAsJsonAsync($"/api/followup/episodes/{id}/contacts", new { channel = "home-visit", outcome = "Patient stable, SpO2 95 %", nextContactDueUtc = DateTime.UtcNow.AddDays(1) }), HttpStatusCode.Created);
        await JsonAsync(await nurse.PostAsJsonAsync($"/api/followup/episodes/{id}/contacts", new { channel = "home-visit", outcome = "Demain", atUtc = DateTime.UtcNow.AddDays(1) }), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Conflict, (await nurse.PostAsJsonAsync($"/api/followup/episodes/{id}/close", new { reason = "Guéri" })).StatusCode);
        var stranger = await app.LoginAsNewUserAsync(TestRoles.Professional, t.Name);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/followup/episodes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await doctor.GetAsync($"/api/followup/episodes/{id}")).StatusCode);

        var board = await JsonAsync(await t.Coordinator.GetAsync($"/api/followup/territories/{t.Territory}/board"));
        var row = board.GetProperty("episodes").EnumerateArray().Single();
        Assert.Equal("Test Volontaire", row.GetProperty("owner").GetString());
        Assert.NotEqual(JsonValueKind.Null, row.GetProperty("lastContactUtc").ValueKind);
        Assert.Equal(0, board.GetProperty("counts").GetProperty("withoutOwnerPastDeadline").GetInt32());
        Assert.Equal(0, board.GetProperty("counts").GetProperty("pendingHandoffs").GetInt32());

        await JsonAsync(await volunteer.PostAsJsonAsync($"/api/followup/episodes/{id}/close", new { reason = "Guérison, plus de surveillance" }), HttpStatusCode.NoContent);
        Assert.Equal(0, (await JsonAsync(await t.Coordinator.GetAsync($"/api/followup/territories/{t.Territory}/board"))).GetProperty("counts").GetProperty("openEpisodes").GetInt32());
    }

    [SkippableFact]
    public async Task The_pages_open_a_follow_up_keep_typed_input_on_error_and_let_the_asked_gp_accept()
    {
        await app.StartAsync();
        var t = await TeamAsync("Pages suivi");
        const string url = "/suivi/episodes/nouveau";
        Assert.Contains("<option value=\"TRAITANT Test\">", await t.Coordinator.GetStringAsync(url + $"?territoire={t.Territory}"));
        var refused = await AppFixture.PostFormAsync(t.Coordinator, url, url + $"?territoire={t.Territory}", new()
        {
            ["PatientLastName"] = "Fictif", ["PatientFirstName"] = "Page", ["Commune"] = "Clermont-l'Hérault", ["RegularDoctor"] = "Dr Inconnu", ["Reason"] = "DischargeSurveillance",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("pas un médecin généraliste de", html);
        Assert.Contains("value=\"Fictif\"", html);
        Assert.Contains("value=\"Clermont-l&#x27;H\u00E9rault\"", html);

        var opened = await AppFixture.PostFormAsync(t.Coordinator, url, url + $"?territoire={t.Territory}", new()
        {
            ["PatientLastName"] = "Fictif", ["PatientFirstName"] = "Page", ["Commune"] = "Clermont-l'Hérault", ["RegularDoctor"] = "TRAITANT Test", ["Reason"] = "DischargeSurveillance",
        });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var episodeUrl = opened.Headers.Location!.OriginalString;
        Assert.Contains("en attente d'acceptation", await t.Coordinator.GetStringAsync(episodeUrl));
        var board = await t.Coordinator.GetStringAsync($"/suivi?territoire={t.Territory}");
        Assert.Contains("FICTIF Page", board);
        Assert.Contains("pas encore accepté", board);

        var doctor = await app.LoginAsync(t.RegularDoctorEmail);
        Assert.Contains("demande à Test Traitant", await doctor.GetStringAsync("/suivi"));
        var page = await doctor.GetStringAsync(episodeUrl);
        Assert.Contains("On vous demande de prendre ce patient en charge", page);
        var accepted = await AppFixture.PostFormAsync(doctor, episodeUrl, episodeUrl + "?handler=Accept", []);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var after = await doctor.GetStringAsync(episodeUrl);
        Assert.Contains("Responsable : Test Traitant", after);
        Assert.Contains("Vous êtes désormais responsable", after);

        var noOutcome = await AppFixture.PostFormAsync(doctor, episodeUrl, episodeUrl + "?handler=Contact", new() { ["Channel"] = "Phone", ["ContactNotes"] = "Rappeler demain" });
        var noOutcomeHtml = await noOutcome.Content.ReadAsStringAsync();
        Assert.Contains("Le résultat du contact", noOutcomeHtml);
        Assert.Contains("Rappeler demain", noOutcomeHtml);
    }

    [SkippableFact]
    public async Task A_discharge_opens_a_follow_up_with_its_surveillance_tasks_and_hands_it_to_the_regular_doctor()
    {
        await app.StartAsync();
        var t = await TeamAsync("Sortie");
        var liaison = await app.LoginAsNewUserAsync(Maillage.Features.Accounts.Roles.HospitalLiaison, t.Name);
        var professional = await app.LoginAsync(t.NurseEmail);
        var admission = new
        {
            territoryId = t.Territory, hospital = "Centre hospitalier (fictif)", patientLastName = "Fictif", patientFirstName = "Hospitalisé", patientCommuneCode = "34079",
            regularDoctorId = t.RegularDoctor, admittedAtUtc = DateTime.UtcNow.AddDays(-5),
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await professional.PostAsJsonAsync("/api/followup/admissions", admission)).StatusCode);
        var stay = (await JsonAsync(await liaison.PostAsJsonAsync("/api/followup/admissions", admission), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var doctor = await app.LoginAsync(t.RegularDoctorEmail);
        Assert.Contains("est hospitalisé à Centre hospitalier (fictif)", await doctor.GetStringAsync("/api/notifications"));

        await JsonAsync(await liaison.PostAsJsonAsync($"/api/followup/admissions/{stay}/discharge", new { plan = new { measure = "SpO2", measuresPerDay = 2, days = 40 } }), HttpStatusCode.BadRequest);
        var discharge = await JsonAsync(await liaison.PostAsJsonAsync($"/api/followup/admissions/{stay}/discharge", new
        {
            plan = new { measure = "SpO2", measuresPerDay = 2, days = 7, nurseVisitEveryDays = 1, gpWithinHours = 48 }, notes = "Pneumopathie (exemple fictif).",
        }), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Conflict, (await liaison.PostAsJsonAsync($"/api/followup/admissions/{stay}/discharge", new { })).StatusCode);
        var id = discharge.GetProperty("episodeId").GetInt32();

        // The liaison who recorded it keeps reading the follow-up; the regular doctor is asked and accepts.
        var episode = await JsonAsync(await liaison.GetAsync($"/api/followup/episodes/{id}"));
        Assert.Equal("discharge-surveillance", episode.GetProperty("reason").GetString());
        Assert.Equal(14 + 7 + 1, episode.GetProperty("tasks").GetArrayLength());
        Assert.Contains("SpO2 2 fois par jour pendant 7 jours", episode.GetProperty("notes").GetString());
        var handoff = episode.GetProperty("handoffs").EnumerateArray().Single();
        Assert.Equal(t.RegularDoctor, handoff.GetProperty("professionalId").GetInt32());
        await JsonAsync(await doctor.PostAsJsonAsync($"/api/followup/handoffs/{handoff.GetProperty("id").GetInt32()}/answer", new { accept = true }), HttpStatusCode.NoContent);
        await JsonAsync(await doctor.PostAsJsonAsync($"/api/followup/episodes/{id}/team", new { professionalId = t.Nurse, role = "mesures à domicile" }), HttpStatusCode.NoContent);

        // The nurse ticks the first measure; nobody ticks it twice; the board counts what is late.
        var first = (await JsonAsync(await professional.GetAsync($"/api/followup/episodes/{id}"))).GetProperty("tasks")[0].GetProperty("id").GetInt32();
        await JsonAsync(await professional.PostAsync($"/api/followup/tasks/{first}/done", null), HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.Conflict, (await professional.PostAsync($"/api/followup/tasks/{first}/done", null)).StatusCode);
        var counts = await JsonAsync(await t.Coordinator.GetAsync($"/api/followup/territories/{t.Territory}/board/counts"));
        Assert.Equal(0, counts.GetProperty("overdueUrgentTasks").GetInt32());
        Assert.Equal(0, counts.GetProperty("overdueTasks").GetInt32()); // the plan starts the day after discharge
        var stranger = await app.LoginAsNewUserAsync(TestRoles.Professional, t.Name);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/followup/tasks/{first + 1}/done", null)).StatusCode);

        // Home monitoring: a normal SpO2, then a drop of 3 points the same day raises an urgent task, an alert and a message.
        await JsonAsync(await professional.PostAsJsonAsync($"/api/followup/episodes/{id}/observations", new { kind = "spo2", value = 101 }), HttpStatusCode.BadRequest);
        await JsonAsync(await professional.PostAsJsonAsync($"/api/followup/episodes/{id}/observations", new { kind = "symptoms" }), HttpStatusCode.BadRequest);
        var calm = await JsonAsync(await professional.PostAsJsonAsync($"/api/followup/episodes/{id}/observations", new { kind = "spo2", value = 96, atUtc = DateTime.UtcNow.AddHours(-3) }), HttpStatusCode.Created);
        Assert.Empty(calm.GetProperty("alarms").EnumerateArray());
        var bad = await JsonAsync(await professional.PostAsJsonAsync($"/api/followup/episodes/{id}/observations", new { kind = "spo2", value = 93 }), HttpStatusCode.Created);
        Assert.Equal("SpO2 en baisse de 3 points en 24 h (96 → 93 %)", Assert.Single(bad.GetProperty("alarms").EnumerateArray()).GetString());
        var after = await JsonAsync(await doctor.GetAsync($"/api/followup/episodes/{id}"));
        Assert.Contains(after.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("urgent").GetBoolean() && t.GetProperty("label").GetString()!.StartsWith("Rappeler le patient", StringComparison.Ordinal));
        Assert.Equal(2, after.GetProperty("observations").GetArrayLength());
        Assert.Contains("Alerte de surveillance", await doctor.GetStringAsync("/api/notifications"));
        var board = await JsonAsync(await t.Coordinator.GetAsync($"/api/followup/territories/{t.Territory}/board"));
        Assert.Contains(board.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("kind").GetString() == "observation");

        // A stricter territory alarms sooner.
        await JsonAsync(await t.Coordinator.PutAsJsonAsync($"/api/followup/territories/{t.Territory}/monitoring", new { spo2Below = 99, spo2DropPoints = 3 }), HttpStatusCode.BadRequest);
        await JsonAsync(await t.Coordinator.PutAsJsonAsync($"/api/followup/territories/{t.Territory}/monitoring", new { spo2Below = 95, spo2DropPoints = 3, temperatureAbove = 39.5 }), HttpStatusCode.NoContent);
        var fever = await JsonAsync(await professional.PostAsJsonAsync($"/api/followup/episodes/{id}/observations", new { kind = "temperature", value = 39.8 }), HttpStatusCode.Created);
        Assert.Single(fever.GetProperty("alarms").EnumerateArray());
    }

    [SkippableFact]
    public async Task A_hospital_file_records_each_admission_and_discharge_once_and_explains_the_lines_it_refuses()
    {
        await app.StartAsync();
        var t = await TeamAsync("Avis");
        var liaison = await app.LoginAsNewUserAsync(Maillage.Features.Accounts.Roles.HospitalLiaison, t.Name);
        var rpps = Maillage.Features.Directory.Identifiers.WithLuhnKey("2" + Random.Shared.Next(100_000_000, 999_999_999));
        var doctor = (await JsonAsync(await t.Coordinator.PostAsJsonAsync("/api/directory/professionals", new
        {
            territoryId = t.Territory, firstName = "Test", lastName = "Rpps", profession = "medecin-generaliste", rpps,
        }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        static string Paris(DateTime utc) => Maillage.Infrastructure.French.ToParis(utc).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var admitted = Paris(DateTime.UtcNow.AddDays(-5));
        var csv = $"""
            etablissement;nom;prenom;date_naissance;commune;rpps_medecin_traitant;admission;sortie;mesure;mesures_par_jour;jours
            CH (fictif);Fictif;Admis;1950-01-01;34079;{rpps};{admitted};;;;
            CH (fictif);Fictif;Sorti;1950-01-02;Montpellier;{rpps};{admitted};{Paris(DateTime.UtcNow.AddHours(-1))};spo2;2;7
            CH (fictif);Fictif;Inconnu;;34079;{Maillage.Features.Directory.Identifiers.WithLuhnKey("3000000000")};{admitted};;;;
            CH (fictif);Fictif;Nulle part;;Atlantide-sur-Mer;;{admitted};;;;
            """;
        async Task<JsonElement> PostAsync(HttpClient client, string body, bool dryRun, string type = "text/csv", HttpStatusCode expected = HttpStatusCode.OK) =>
            await JsonAsync(await client.PostAsync($"/api/followup/territories/{t.Territory}/hospital-notices?dryRun={dryRun}", new StringContent(body, System.Text.Encoding.UTF8, type)), expected);

        var nurse = await app.LoginAsync(t.NurseEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.PostAsync($"/api/followup/territories/{t.Territory}/hospital-notices", new StringContent(csv))).StatusCode);
        await PostAsync(liaison, "etablissement;nom\nx;y", dryRun: true, expected: HttpStatusCode.BadRequest);

        // A dry run counts exactly what the import will do and records nothing.
        var dry = await PostAsync(liaison, csv, dryRun: true);
        Assert.Equal((4, 2, 1, 0), (dry.GetProperty("notices").GetInt32(), dry.GetProperty("admissions").GetInt32(), dry.GetProperty("discharges").GetInt32(), dry.GetProperty("unchanged").GetInt32()));
        Assert.Equal([4, 5], dry.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt32()));
        var stays = await JsonAsync(await liaison.GetAsync($"/api/followup/territories/{t.Territory}/stays"));
        Assert.Equal(0, stays.GetProperty("inHospital").GetArrayLength() + stays.GetProperty("recentlyDischarged").GetArrayLength());

        var real = await PostAsync(liaison, csv, dryRun: false);
        Assert.Equal((2, 1), (real.GetProperty("admissions").GetInt32(), real.GetProperty("discharges").GetInt32()));
        var episode = await JsonAsync(await liaison.GetAsync($"/api/followup/episodes/{real.GetProperty("episodeIds")[0].GetInt32()}"));
        Assert.Equal(doctor, episode.GetProperty("handoffs")[0].GetProperty("professionalId").GetInt32());
        Assert.Equal(14, episode.GetProperty("tasks").GetArrayLength());

        // The same file again records nothing; the discharge of the patient still in hospital, sent later as FHIR, closes that stay.
        var again = await PostAsync(liaison, csv, dryRun: false);
        Assert.Equal((0, 0, 2), (again.GetProperty("admissions").GetInt32(), again.GetProperty("discharges").GetInt32(), again.GetProperty("unchanged").GetInt32()));
        var shouted = csv.Replace("CH (fictif);Fictif;Admis", "ch (FICTIF);FICTIF;ADMIS", StringComparison.Ordinal).Replace(admitted, Paris(DateTime.UtcNow.AddDays(-4)), StringComparison.Ordinal);
        Assert.Equal(2, (await PostAsync(liaison, shouted, dryRun: false)).GetProperty("unchanged").GetInt32()); // still in hospital: known, whatever the case or the hour
        var fhir = $$$"""
            {"resourceType": "Encounter", "status": "finished", "serviceProvider": {"display": "CH (fictif)"}, "subject": {"reference": "#p"},
             "contained": [{"resourceType": "Patient", "id": "p", "name": [{"family": "Fictif", "given": ["Admis"]}], "birthDate": "1950-01-01",
               "address": [{"extension": [{"url": "urn:maillage:commune-insee", "valueString": "34079"}]}]}],
             "period": {"start": "{{{DateTime.UtcNow.AddDays(-5):yyyy-MM-ddTHH:mm:ss}}}Z", "end": "{{{DateTime.UtcNow.AddMinutes(-10):yyyy-MM-ddTHH:mm:ss}}}Z"}}
            """;
        var later = await PostAsync(liaison, fhir, dryRun: false, type: "application/fhir+json");
        Assert.Equal((0, 1, 0), (later.GetProperty("admissions").GetInt32(), later.GetProperty("discharges").GetInt32(), later.GetProperty("errors").GetArrayLength()));
        stays = await JsonAsync(await liaison.GetAsync($"/api/followup/territories/{t.Territory}/stays"));
        Assert.Equal((0, 2), (stays.GetProperty("inHospital").GetArrayLength(), stays.GetProperty("recentlyDischarged").GetArrayLength()));
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.GetAsync($"/api/followup/territories/{t.Territory}/stays")).StatusCode);
    }

    [SkippableFact]
    public async Task The_liaison_records_an_admission_and_a_discharge_through_the_pages_and_a_mistake_keeps_the_form()
    {
        await app.StartAsync();
        var t = await TeamAsync("Pages hôpital");
        var liaison = await app.LoginAsNewUserAsync(Maillage.Features.Accounts.Roles.HospitalLiaison, t.Name);
        var form = $"/suivi/hopital/admission?territoire={t.Territory}";
        var fields = new Dictionary<string, string>
        {
            ["territoire"] = t.Territory.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Hospital"] = "CH (fictif)", ["PatientLastName"] = "Fictif",
            ["PatientFirstName"] = "Formulaire", ["Commune"] = "Atlantide-sur-Mer", ["RegularDoctor"] = "",
        };
        var refused = await AppFixture.PostFormAsync(liaison, form, form, new(fields));
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Aucune commune ne correspond", page);
        Assert.Contains("value=\"Formulaire\"", page);

        fields["Commune"] = "34079";
        var saved = await AppFixture.PostFormAsync(liaison, form, form, new(fields));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var desk = await liaison.GetStringAsync($"/suivi/hopital?territoire={t.Territory}");
        Assert.Contains("FICTIF Formulaire", desk);
        var stay = System.Text.RegularExpressions.Regex.Match(desk, "/suivi/hopital/sejours/(\\d+)/sortie").Groups[1].Value;

        var discharge = $"/suivi/hopital/sejours/{stay}/sortie";
        var bad = await AppFixture.PostFormAsync(liaison, discharge, discharge, new() { ["Measure"] = "SpO2", ["MeasuresPerDay"] = "2", ["Days"] = "45", ["GpWithinHours"] = "48" });
        Assert.Contains("La surveillance dure de 1 à 30 jours.", await bad.Content.ReadAsStringAsync());
        var done = await AppFixture.PostFormAsync(liaison, discharge, discharge, new() { ["Measure"] = "SpO2", ["MeasuresPerDay"] = "2", ["Days"] = "3", ["GpWithinHours"] = "48" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.StartsWith("/suivi/episodes/", done.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("Mesure SpO2", await liaison.GetStringAsync(done.Headers.Location!.OriginalString));

        var nurse = await app.LoginAsync(t.NurseEmail);
        Assert.Equal(HttpStatusCode.Redirect, (await nurse.GetAsync("/suivi/hopital")).StatusCode);
    }

    [SkippableFact]
    public async Task The_home_round_lists_the_days_visits_and_measures_by_commune_for_those_who_follow_the_patients()
    {
        await app.StartAsync();
        var t = await TeamAsync("Tournée");
        var liaison = await app.LoginAsNewUserAsync(Maillage.Features.Accounts.Roles.HospitalLiaison, t.Name);
        var stay = (await JsonAsync(await liaison.PostAsJsonAsync("/api/followup/admissions", new
        {
            territoryId = t.Territory, hospital = "CH (fictif)", patientLastName = "Fictif", patientFirstName = "Tournée", patientCommuneCode = "34079",
            regularDoctorId = t.RegularDoctor, admittedAtUtc = DateTime.UtcNow.AddDays(-3),
        }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var id = (await JsonAsync(await liaison.PostAsJsonAsync($"/api/followup/admissions/{stay}/discharge", new
        {
            plan = new { measure = "SpO2", measuresPerDay = 2, days = 3, nurseVisitEveryDays = 1 },
        }), HttpStatusCode.Created)).GetProperty("episodeId").GetInt32();
        var doctor = await app.LoginAsync(t.RegularDoctorEmail);
        var handoff = (await JsonAsync(await doctor.GetAsync($"/api/followup/episodes/{id}"))).GetProperty("handoffs")[0].GetProperty("id").GetInt32();
        await JsonAsync(await doctor.PostAsJsonAsync($"/api/followup/handoffs/{handoff}/answer", new { accept = true }), HttpStatusCode.NoContent);
        await JsonAsync(await doctor.PostAsJsonAsync($"/api/followup/episodes/{id}/team", new { professionalId = t.Nurse, role = "soins à domicile" }), HttpStatusCode.NoContent);

        var tomorrow = Maillage.Infrastructure.French.DateOf(DateTime.UtcNow).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var nurse = await app.LoginAsync(t.NurseEmail);
        var round = await JsonAsync(await nurse.GetAsync($"/api/followup/territories/{t.Territory}/rounds/{tomorrow}"));
        var sector = Assert.Single(round.GetProperty("sectors").EnumerateArray());
        Assert.Equal(("34079", "Clermont-l'Hérault"), (sector.GetProperty("communeCode").GetString(), sector.GetProperty("commune").GetString()));
        var tasks = Assert.Single(sector.GetProperty("patients").EnumerateArray()).GetProperty("tasks");
        Assert.Equal(["Mesure SpO2", "Visite infirmière à domicile", "Mesure SpO2"], tasks.EnumerateArray().Select(x => x.GetProperty("label").GetString()));

        // The coordinator sees the same round for that nurse; a professional who follows nobody has an empty one.
        var forNurse = await JsonAsync(await t.Coordinator.GetAsync($"/api/followup/territories/{t.Territory}/rounds/{tomorrow}?professionalId={t.Nurse}"));
        Assert.Equal(3, forNurse.GetProperty("tasks").GetInt32());
        var stranger = await app.LoginAsNewUserAsync(TestRoles.Professional, t.Name);
        Assert.Contains("Pas de tournée", await stranger.GetStringAsync($"/suivi/tournee?territoire={t.Territory}&jour={tomorrow}"));
        var volunteer = await app.LoginAsync(t.VolunteerEmail);
        Assert.Contains("Aucune visite ni mesure à domicile prévue ce jour", await volunteer.GetStringAsync($"/suivi/tournee?territoire={t.Territory}&jour={tomorrow}"));

        // Ticking a task from the round takes it off.
        var page = $"/suivi/tournee?territoire={t.Territory}&jour={tomorrow}";
        Assert.Contains("Clermont-l", await nurse.GetStringAsync(page));
        var first = tasks[0].GetProperty("id").GetInt32();
        var ticked = await AppFixture.PostFormAsync(nurse, page, $"/suivi/tournee?handler=Done&territoire={t.Territory}&jour={tomorrow}", new() { ["taskId"] = first.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, ticked.StatusCode);
        Assert.Equal(2, (await JsonAsync(await nurse.GetAsync($"/api/followup/territories/{t.Territory}/rounds/{tomorrow}"))).GetProperty("tasks").GetInt32());
        Assert.Equal(HttpStatusCode.Redirect, (await liaison.GetAsync("/suivi/tournee")).StatusCode);
    }

    [SkippableFact]
    public async Task Coordinators_set_the_follow_up_rules_on_a_page_that_keeps_a_wrong_entry()
    {
        await app.StartAsync();
        var t = await TeamAsync("Règles");
        var page = $"/suivi/reglages?territoire={t.Territory}";
        Assert.Contains("value=\"92\"", await t.Coordinator.GetStringAsync(page));
        var fields = new Dictionary<string, string>
        {
            ["territoire"] = t.Territory.ToString(System.Globalization.CultureInfo.InvariantCulture), ["HandoffDeadlineHours"] = "6", ["MaxFailuresBeforeAlert"] = "2",
            ["Spo2Below"] = "quatre-vingt-treize", ["Spo2DropPoints"] = "3", ["TemperatureAbove"] = "", ["RespiratoryRateAbove"] = "",
        };
        var wrong = await AppFixture.PostFormAsync(t.Coordinator, page, page, new(fields));
        var body = await wrong.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("n&#x27;est pas un nombre", body);
        Assert.Contains("value=\"quatre-vingt-treize\"", body);

        fields["Spo2Below"] = "93,5";
        fields["TemperatureAbove"] = "39";
        Assert.Equal(HttpStatusCode.Redirect, (await AppFixture.PostFormAsync(t.Coordinator, page, page, new(fields))).StatusCode);
        var rules = await JsonAsync(await t.Coordinator.GetAsync($"/api/followup/territories/{t.Territory}/settings"));
        Assert.Equal((6, 2, 93.5, 39.0), (rules.GetProperty("handoffDeadlineHours").GetInt32(), rules.GetProperty("maxFailuresBeforeAlert").GetInt32(),
            rules.GetProperty("monitoring").GetProperty("spo2Below").GetDouble(), rules.GetProperty("monitoring").GetProperty("temperatureAbove").GetDouble()));
        var nurse = await app.LoginAsync(t.NurseEmail);
        Assert.Equal(HttpStatusCode.Redirect, (await nurse.GetAsync(page)).StatusCode);
    }

    [SkippableFact]
    public async Task An_outreach_campaign_keeps_the_vulnerable_patients_shares_them_and_records_each_call()
    {
        await app.StartAsync();
        var t = await TeamAsync("Aller-vers");
        await JsonAsync(await t.Coordinator.PostAsJsonAsync($"/api/followup/territories/{t.Territory}/outreach", new { name = "Sans critère", criteria = Array.Empty<string>() }), HttpStatusCode.BadRequest);
        var campaign = (await JsonAsync(await t.Coordinator.PostAsJsonAsync($"/api/followup/territories/{t.Territory}/outreach", new
        {
            name = "Isolés (fictif)", criteria = new[] { "chronic-disease", "elderly-living-alone" }, reminderDays = 1,
        }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var csv = """
            nom;prenom;date_naissance;telephone;commune;maladie_chronique;vit_seul;precarite;derniere_visite
            Fictif;Chronique;1960-01-01;04 67 00 00 01;34079;oui;non;non;
            Fictif;Isolée;1940-05-05;;Montpellier;non;oui;non;
            Fictif;Bien portant;1980-01-01;;34079;non;non;oui;
            FICTIF;chronique;1960-01-01;;34079;oui;;;
            Fictif;Erreur;31/02/1950;;34079;peut-être;;;
            """;
        async Task<JsonElement> ImportAsync(bool dryRun) => await JsonAsync(await t.Coordinator.PostAsync(
            $"/api/followup/outreach/{campaign}/patients?dryRun={dryRun}", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv")));
        var dry = await ImportAsync(dryRun: true);
        Assert.Equal((5, 2, 1, 1), (dry.GetProperty("rows").GetInt32(), dry.GetProperty("added").GetInt32(), dry.GetProperty("notVulnerable").GetInt32(), dry.GetProperty("alreadyListed").GetInt32()));
        Assert.Equal(["date_naissance", "maladie_chronique"], dry.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        Assert.Equal(0, (await JsonAsync(await t.Coordinator.GetAsync($"/api/followup/outreach/{campaign}"))).GetProperty("campaign").GetProperty("counts").GetProperty("total").GetInt32());
        Assert.Equal(2, (await ImportAsync(dryRun: false)).GetProperty("added").GetInt32());
        Assert.Equal((0, 3), ((await ImportAsync(dryRun: false)).GetProperty("added").GetInt32(), (await ImportAsync(dryRun: true)).GetProperty("alreadyListed").GetInt32()));

        // Shared between the nurse and the volunteer GP, one each; each is told.
        await JsonAsync(await t.Coordinator.PostAsJsonAsync($"/api/followup/outreach/{campaign}/split", new { professionalIds = Array.Empty<int>() }), HttpStatusCode.BadRequest);
        var shares = await JsonAsync(await t.Coordinator.PostAsJsonAsync($"/api/followup/outreach/{campaign}/split", new { professionalIds = new[] { t.Nurse, t.Volunteer } }));
        Assert.Equal([1, 1], shares.EnumerateArray().Select(s => s.GetProperty("assigned").GetInt32()));
        var nurse = await app.LoginAsync(t.NurseEmail);
        var volunteer = await app.LoginAsync(t.VolunteerEmail);
        Assert.Contains("patient(s) à appeler vous sont confiés", await nurse.GetStringAsync("/api/notifications"));
        var nurseTarget = Assert.Single((await JsonAsync(await nurse.GetAsync("/api/followup/me/outreach"))).EnumerateArray()).GetProperty("target");
        var volunteerTarget = Assert.Single((await JsonAsync(await volunteer.GetAsync("/api/followup/me/outreach"))).EnumerateArray()).GetProperty("target");
        var nurseTargetId = nurseTarget.GetProperty("id").GetInt32();

        // Only the professional the patient was given to records the call; a stale page is told.
        var stranger = await app.LoginAsNewUserAsync(TestRoles.Professional, t.Name);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/followup/outreach/targets/{nurseTargetId}/calls", new { outcome = "reached" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nurse.GetAsync($"/api/followup/outreach/{campaign}")).StatusCode);
        await JsonAsync(await nurse.PostAsJsonAsync($"/api/followup/outreach/targets/{nurseTargetId}/calls", new { outcome = "pending" }), HttpStatusCode.BadRequest);
        await JsonAsync(await nurse.PostAsJsonAsync($"/api/followup/outreach/targets/{nurseTargetId}/calls", new { outcome = "not-reached", notes = "Messagerie", version = 0 }));
        await JsonAsync(await nurse.PostAsJsonAsync($"/api/followup/outreach/targets/{nurseTargetId}/calls", new { outcome = "reached", version = 0 }), HttpStatusCode.Conflict);
        var again = Assert.Single((await JsonAsync(await nurse.GetAsync("/api/followup/me/outreach"))).EnumerateArray()).GetProperty("target");
        Assert.Equal(("not-reached", 1, false), (again.GetProperty("outcome").GetString(), again.GetProperty("attempts").GetInt32(), again.GetProperty("due").GetBoolean()));

        // A patient who needs care gets a follow-up.
        var care = await JsonAsync(await volunteer.PostAsJsonAsync($"/api/followup/outreach/targets/{volunteerTarget.GetProperty("id").GetInt32()}/calls", new { outcome = "needs-care", notes = "Essoufflement" }));
        var episode = await JsonAsync(await t.Coordinator.GetAsync($"/api/followup/episodes/{care.GetProperty("episodeId").GetInt32()}"));
        Assert.Equal("outreach", episode.GetProperty("reason").GetString());
        Assert.Contains("Essoufflement", episode.GetProperty("notes").GetString());
        Assert.Empty((await JsonAsync(await volunteer.GetAsync("/api/followup/me/outreach"))).EnumerateArray());

        var view = await JsonAsync(await t.Coordinator.GetAsync($"/api/followup/outreach/{campaign}"));
        var counts = view.GetProperty("campaign").GetProperty("counts");
        Assert.Equal((2, 0, 1, 1), (counts.GetProperty("total").GetInt32(), counts.GetProperty("unassigned").GetInt32(), counts.GetProperty("notReached").GetInt32(), counts.GetProperty("needsCare").GetInt32()));
        Assert.Equal(1, (await JsonAsync(await t.Coordinator.GetAsync($"/api/followup/outreach/{campaign}?outcome=needs-care"))).GetProperty("targets").GetProperty("totalCount").GetInt32());
        var export = await t.Coordinator.GetStringAsync($"/api/followup/outreach/{campaign}/export");
        Assert.Contains("FICTIF Isolée", export);
        Assert.Contains("a besoin de soins", export);

        // Pages: the nurse's list keeps her on the page with the error when no outcome is chosen; the coordinator's campaign page.
        var mine = "/suivi/aller-vers";
        Assert.Contains("FICTIF Chronique", await nurse.GetStringAsync(mine));
        var refused = await AppFixture.PostFormAsync(nurse, mine, "/suivi/aller-vers?handler=Call", new() { ["targetId"] = nurseTargetId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["outcome"] = "" });
        Assert.Contains("Indiquez l&#x27;issue de l&#x27;appel.", await refused.Content.ReadAsStringAsync());
        var page = await t.Coordinator.GetStringAsync($"/suivi/aller-vers/{campaign}");
        Assert.Contains("Qui appelle qui", page);
        Assert.Equal(HttpStatusCode.Redirect, (await nurse.GetAsync($"/suivi/aller-vers/{campaign}")).StatusCode);

        // Closed: no more calls.
        await JsonAsync(await t.Coordinator.PostAsync($"/api/followup/outreach/{campaign}/close", null), HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.Conflict, (await nurse.PostAsJsonAsync($"/api/followup/outreach/targets/{nurseTargetId}/calls", new { outcome = "reached" })).StatusCode);
        Assert.Empty((await JsonAsync(await nurse.GetAsync("/api/followup/me/outreach"))).EnumerateArray());
    }

    [SkippableFact]
    public async Task A_patient_not_reached_is_recalled_to_the_professional_once_when_due()
    {
        await app.StartAsync();
        var t = await TeamAsync("Rappel");
        var campaign = (await JsonAsync(await t.Coordinator.PostAsJsonAsync($"/api/followup/territories/{t.Territory}/outreach", new
        {
            name = "Rappel (fictif)", criteria = new[] { "precarious" }, reminderDays = 1,
        }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await JsonAsync(await t.Coordinator.PostAsync($"/api/followup/outreach/{campaign}/patients", new StringContent("nom;prenom;commune;precarite\nFictif;Précaire;34079;oui\n")));
        await JsonAsync(await t.Coordinator.PostAsJsonAsync($"/api/followup/outreach/{campaign}/split", new { professionalIds = new[] { t.Nurse } }));
        var nurse = await app.LoginAsync(t.NurseEmail);
        var target = Assert.Single((await JsonAsync(await nurse.GetAsync("/api/followup/me/outreach"))).EnumerateArray()).GetProperty("target").GetProperty("id").GetInt32();
        await JsonAsync(await nurse.PostAsJsonAsync($"/api/followup/outreach/targets/{target}/calls", new { outcome = "not-reached" }));
        Assert.Equal(0, (await app.CliAsync("followup", "tick")).ExitCode);
        Assert.DoesNotContain("non joint(s) à rappeler", await nurse.GetStringAsync("/api/notifications"));

        var clock = new ManualClock(DateTimeOffset.UtcNow.AddDays(1).AddMinutes(5));
        await using var later = Host(clock);
        var laterNurse = await SignInAsync(later, t.NurseEmail);
        var reminders = 0;
        for (var i = 0; i < 100 && reminders == 0; i++)
        {
            await Task.Delay(100);
            reminders = System.Text.RegularExpressions.Regex.Count(await laterNurse.GetStringAsync("/api/notifications"), "non joint\\(s\\) à rappeler");
        }

        Assert.Equal(1, reminders);
        Assert.True((await JsonAsync(await laterNurse.GetAsync("/api/followup/me/outreach")))[0].GetProperty("target").GetProperty("due").GetBoolean());
        await Task.Delay(2500); // more passes of the job: still one reminder
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(await laterNurse.GetStringAsync("/api/notifications"), "non joint\\(s\\) à rappeler"));
    }

    [SkippableFact]
    public async Task A_retried_request_with_the_same_idempotency_key_opens_one_episode()
    {
        await app.StartAsync();
        var t = await TeamAsync("Idempotence");
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> PostAsync(string url, object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await t.Coordinator.SendAsync(request);
        }

        var first = await JsonAsync(await PostAsync("/api/followup/episodes", Episode(t)), HttpStatusCode.Created);
        var again = await JsonAsync(await PostAsync("/api/followup/episodes", Episode(t)), HttpStatusCode.Created);
        Assert.Equal(first.GetProperty("id").GetInt32(), again.GetProperty("id").GetInt32());
        Assert.Equal(1, (await JsonAsync(await t.Coordinator.GetAsync($"/api/followup/territories/{t.Territory}/board"))).GetProperty("counts").GetProperty("openEpisodes").GetInt32());

        var misuse = await JsonAsync(await PostAsync($"/api/followup/episodes/{first.GetProperty("id").GetInt32()}/close", new { reason = "x" }), HttpStatusCode.BadRequest);
        Assert.Contains("a déjà servi pour une autre requête", misuse.GetProperty("detail").GetString());

        // A refused request leaves the key free for the corrected retry.
        key = Guid.NewGuid().ToString();
        await JsonAsync(await PostAsync("/api/followup/episodes", new { territoryId = t.Territory, reason = "outreach" }), HttpStatusCode.BadRequest);
        await JsonAsync(await PostAsync("/api/followup/episodes", Episode(t, "outreach")), HttpStatusCode.Created);
    }

    [SkippableFact]
    public async Task Authorities_read_counts_only()
    {
        await app.StartAsync();
        var t = await TeamAsync("Autorité");
        await JsonAsync(await t.Coordinator.PostAsJsonAsync("/api/followup/episodes", Episode(t)), HttpStatusCode.Created);
        var authority = await app.LoginAsNewUserAsync(TestRoles.Authority, t.Name);

        var counts = await JsonAsync(await authority.GetAsync($"/api/followup/territories/{t.Territory}/board/counts"));
        Assert.Equal(1, counts.GetProperty("openEpisodes").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await authority.GetAsync($"/api/followup/territories/{t.Territory}/board")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await authority.PostAsJsonAsync("/api/followup/episodes", Episode(t))).StatusCode);
        var cli = await app.CliAsync("followup", "board", "--territory", t.Name, "--json");
        Assert.Equal(1, JsonDocument.Parse(cli.Output).RootElement.GetProperty("openEpisodes").GetInt32());
    }

    [SkippableFact]
    public async Task A_discharge_follow_up_exports_as_a_fhir_r4_bundle_with_loinc_measures_tasks_and_requests()
    {
        await app.StartAsync();
        var t = await TeamAsync("FHIR sortie");
        var liaison = await app.LoginAsNewUserAsync(Maillage.Features.Accounts.Roles.HospitalLiaison, t.Name);
        var stay = (await JsonAsync(await liaison.PostAsJsonAsync("/api/followup/admissions", new
        {
            territoryId = t.Territory, hospital = "Centre hospitalier (fictif)", patientLastName = "Fictif", patientFirstName = "Exporté", patientBirthDate = "1948-05-06",
            patientCommuneCode = "34079", regularDoctorId = t.RegularDoctor, admittedAtUtc = DateTime.UtcNow.AddDays(-4),
        }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var id = (await JsonAsync(await liaison.PostAsJsonAsync($"/api/followup/admissions/{stay}/discharge", new
        {
            plan = new { measure = "SpO2", measuresPerDay = 2, days = 2, nurseVisitEveryDays = 1, gpWithinHours = 48 },
        }), HttpStatusCode.Created)).GetProperty("episodeId").GetInt32();

        // The regular doctor declines, the volunteer accepts and brings in the nurse, who measures and ticks a task.
        var doctor = await app.LoginAsync(t.RegularDoctorEmail);
        var asked = (await JsonAsync(await doctor.GetAsync($"/api/followup/episodes/{id}"))).GetProperty("pendingHandoffId").GetInt32();
        await JsonAsync(await doctor.PostAsJsonAsync($"/api/followup/handoffs/{asked}/answer", new { accept = false, reason = "En congé cette semaine" }), HttpStatusCode.NoContent);
        var volunteer = await app.LoginAsync(t.VolunteerEmail);
        var next = (await JsonAsync(await volunteer.GetAsync($"/api/followup/episodes/{id}"))).GetProperty("pendingHandoffId").GetInt32();
        await JsonAsync(await volunteer.PostAsJsonAsync($"/api/followup/handoffs/{next}/answer", new { accept = true }), HttpStatusCode.NoContent);
        await JsonAsync(await volunteer.PostAsJsonAsync($"/api/followup/episodes/{id}/team", new { professionalId = t.Nurse, role = "mesures à domicile" }), HttpStatusCode.NoContent);
        var nurse = await app.LoginAsync(t.NurseEmail);
        await JsonAsync(await nurse.PostAsJsonAsync($"/api/followup/episodes/{id}/observations", new { kind = "spo2", value = 96 }), HttpStatusCode.Created);
        await JsonAsync(await nurse.PostAsJsonAsync($"/api/followup/episodes/{id}/observations", new { kind = "temperature", value = 38.2 }), HttpStatusCode.Created);
        await JsonAsync(await nurse.PostAsJsonAsync($"/api/followup/episodes/{id}/observations", new { kind = "symptoms", text = "Toux sèche, pas de dyspnée" }), HttpStatusCode.Created);
        var firstTask = (await JsonAsync(await nurse.GetAsync($"/api/followup/episodes/{id}"))).GetProperty("tasks")[0].GetProperty("id").GetInt32();
        await JsonAsync(await nurse.PostAsync($"/api/followup/tasks/{firstTask}/done", null), HttpStatusCode.NoContent);

        var response = await t.Coordinator.GetAsync($"/api/followup/episodes/{id}/fhir");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var bundle = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        var (exitCode, output) = await FhirValidator.ValidateAsync(bundle);
        Assert.True(exitCode == 0, output);
        Assert.Equal("Bundle", (string)bundle["resourceType"]!);
        Assert.Equal("collection", (string)bundle["type"]!);
        var resources = bundle["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).ToList();
        var ids = resources.Select(r => $"{r["resourceType"]}/{r["id"]}").ToHashSet();
        Assert.All(FhirValidator.Descendants(bundle).OfType<JsonObject>().Where(o => o["reference"] is not null), r => Assert.Contains((string)r["reference"]!, ids));
        Assert.DoesNotContain(FhirValidator.Descendants(bundle), n => n is JsonArray { Count: 0 } or JsonObject { Count: 0 } || (n is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0));
        List<JsonObject> OfType(string type) => resources.Where(r => (string)r["resourceType"]! == type).ToList();
        static string Ref(JsonNode? reference) => (string)reference!["reference"]!;

        // The patient: name, birth date, commune, regular doctor; no national identifier.
        var patient = Assert.Single(OfType("Patient"));
        Assert.Null(patient["identifier"]);
        Assert.Equal("Fictif", (string)patient["name"]![0]!["family"]!);
        Assert.Equal("Exporté", (string)patient["name"]![0]!["given"]![0]!);
        Assert.Equal("1948-05-06", (string)patient["birthDate"]!);
        var address = patient["address"]![0]!;
        Assert.Equal("34079", (string)address["extension"]![0]!["valueCode"]!);
        Assert.Equal("urn:maillage:commune-insee", (string)address["extension"]![0]!["url"]!);
        Assert.False(string.IsNullOrEmpty((string?)address["city"]));
        Assert.Equal($"Practitioner/professional-{t.RegularDoctor}", Ref(patient["generalPractitioner"]![0]));
        var patientRef = $"Patient/{patient["id"]}";

        // The episode: home health after a hospital stay, in progress, the volunteer responsible and the nurse taking part.
        var encounter = Assert.Single(OfType("Encounter"));
        Assert.Equal("in-progress", (string)encounter["status"]!);
        Assert.Equal("HH", (string)encounter["class"]!["code"]!);
        Assert.Equal("surveillance après hospitalisation", (string)encounter["reasonCode"]![0]!["text"]!);
        Assert.Equal("urn:maillage:followup-reason", (string)encounter["reasonCode"]![0]!["coding"]![0]!["system"]!);
        Assert.Equal("discharge-surveillance", (string)encounter["reasonCode"]![0]!["coding"]![0]!["code"]!);
        Assert.Equal(patientRef, Ref(encounter["subject"]));
        Assert.NotNull(encounter["period"]!["start"]);
        Assert.Null(encounter["period"]!["end"]);
        var participants = encounter["participant"]!.AsArray().Select(p => ((string)p!["type"]![0]!["coding"]![0]!["code"]!, Ref(p["individual"]))).ToList();
        Assert.Equal([("PPRF", $"Practitioner/professional-{t.Volunteer}"), ("PART", $"Practitioner/professional-{t.Nurse}")], participants);
        var encounterRef = $"Encounter/{encounter["id"]}";

        Assert.Equal(
            new[] { t.RegularDoctor, t.Volunteer, t.Nurse }.Select(p => $"professional-{p}").Order(),
            OfType("Practitioner").Select(p => (string)p["id"]!).Order());

        // The requests to take the patient over: the refusal with its reason, then the acceptance.
        var requests = OfType("ServiceRequest");
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal("order", (string)r["intent"]!));
        var declined = requests.Single(r => Ref(r["performer"]![0]) == $"Practitioner/professional-{t.RegularDoctor}");
        Assert.Equal("revoked", (string)declined["status"]!);
        Assert.Contains("En congé cette semaine", (string)declined["note"]![0]!["text"]!);
        Assert.Equal("completed", (string)requests.Single(r => Ref(r["performer"]![0]) == $"Practitioner/professional-{t.Volunteer}")["status"]!);
        Assert.All(requests, r => Assert.NotNull(r["occurrencePeriod"]!["end"]));

        // The surveillance plan: 4 measures, 2 nurse visits, 1 consultation; the first one done.
        var tasks = OfType("Task");
        Assert.Equal(7, tasks.Count);
        Assert.All(tasks, task =>
        {
            Assert.Equal("plan", (string)task["intent"]!);
            Assert.Equal("routine", (string)task["priority"]!);
            Assert.Equal(patientRef, Ref(task["for"]));
            Assert.Equal(encounterRef, Ref(task["encounter"]));
            Assert.NotNull(task["executionPeriod"]!["end"]);
        });
        var done = Assert.Single(tasks, task => (string)task["status"]! == "completed");
        Assert.Equal($"task-{firstTask}", (string)done["id"]!);
        Assert.NotNull(done["lastModified"]);
        Assert.All(tasks.Where(task => task != done), task => Assert.Equal("requested", (string)task["status"]!));
        Assert.Contains(tasks, task => (string)task["description"]! == "Visite infirmière à domicile" && (string)task["code"]!["coding"]![0]!["code"]! == "nurse-visit");

        // The measures: LOINC codes, UCUM units, the nurse as performer.
        var observations = OfType("Observation");
        Assert.Equal(3, observations.Count);
        var spo2 = observations.Single(o => o["code"]!["coding"]!.AsArray().Any(c => (string)c!["code"]! == "2708-6"));
        Assert.Equal(
            [("http://loinc.org", "59408-5"), ("http://loinc.org", "2708-6")],
            spo2["code"]!["coding"]!.AsArray().Select(c => ((string)c!["system"]!, (string)c["code"]!)).ToList());
        Assert.Equal("final", (string)spo2["status"]!);
        Assert.Equal("vital-signs", (string)spo2["category"]![0]!["coding"]![0]!["code"]!);
        Assert.Equal(96, (double)spo2["valueQuantity"]!["value"]!);
        Assert.Equal("%", (string)spo2["valueQuantity"]!["unit"]!);
        Assert.Equal("http://unitsofmeasure.org", (string)spo2["valueQuantity"]!["system"]!);
        Assert.Equal("%", (string)spo2["valueQuantity"]!["code"]!);
        Assert.Equal($"Practitioner/professional-{t.Nurse}", Ref(spo2["performer"]![0]));
        Assert.Equal(patientRef, Ref(spo2["subject"]));
        Assert.Equal(encounterRef, Ref(spo2["encounter"]));
        Assert.EndsWith("Z", (string)spo2["effectiveDateTime"]!, StringComparison.Ordinal);
        var temperature = observations.Single(o => (string)o["code"]!["coding"]![0]!["code"]! == "8310-5");
        Assert.Equal(38.2, (double)temperature["valueQuantity"]!["value"]!);
        Assert.Equal("Cel", (string)temperature["valueQuantity"]!["code"]!);
        var symptoms = observations.Single(o => (string)o["code"]!["coding"]![0]!["code"]! == "75325-1");
        Assert.Equal("Symptômes", (string)symptoms["code"]!["text"]!);
        Assert.Equal("Toux sèche, pas de dyspnée", (string)symptoms["valueString"]!);
        Assert.Null(symptoms["valueQuantity"]);

        // Closed, the episode is a finished encounter with its end; the bundle still passes the schema.
        await JsonAsync(await volunteer.PostAsJsonAsync($"/api/followup/episodes/{id}/close", new { reason = "Fin de la surveillance" }), HttpStatusCode.NoContent);
        var closed = JsonNode.Parse(await volunteer.GetStringAsync($"/api/followup/episodes/{id}/fhir"))!;
        var finished = closed["entry"]!.AsArray().Select(e => e!["resource"]!).Single(r => (string)r["resourceType"]! == "Encounter");
        Assert.Equal("finished", (string)finished["status"]!);
        Assert.NotNull(finished["period"]!["end"]);
        (exitCode, output) = await FhirValidator.ValidateAsync(closed);
        Assert.True(exitCode == 0, output);
    }

    [SkippableFact]
    public async Task The_fhir_export_is_for_those_who_read_the_episode_and_every_export_is_audited()
    {
        await app.StartAsync();
        var t = await TeamAsync("FHIR accès");
        var id = (await JsonAsync(await t.Coordinator.PostAsJsonAsync("/api/followup/episodes", Episode(t)), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var url = $"/api/followup/episodes/{id}/fhir";

        // The regular doctor, asked to take the patient over, reads it; the encounter is ambulatory and nobody accepted yet.
        var doctor = await app.LoginAsync(t.RegularDoctorEmail);
        var bundle = JsonNode.Parse(await doctor.GetStringAsync(url))!;
        var resources = bundle["entry"]!.AsArray().Select(e => e!["resource"]!).ToList();
        var encounter = resources.Single(r => (string)r["resourceType"]! == "Encounter");
        Assert.Equal("AMB", (string)encounter["class"]!["code"]!);
        Assert.Null(encounter["participant"]);
        Assert.Equal("active", (string)resources.Single(r => (string)r["resourceType"]! == "ServiceRequest")["status"]!);
        Assert.Null(resources.Single(r => (string)r["resourceType"]! == "Patient")["identifier"]);
        var (exitCode, output) = await FhirValidator.ValidateAsync(bundle);
        Assert.True(exitCode == 0, output);

        // Others are told it does not exist, as for the episode itself.
        var stranger = await app.LoginAsNewUserAsync(TestRoles.Professional, t.Name);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(url)).StatusCode);
        var authority = await app.LoginAsNewUserAsync(TestRoles.Authority, t.Name);
        var shown = (await authority.GetAsync($"/api/followup/episodes/{id}")).StatusCode;
        Assert.Equal(HttpStatusCode.NotFound, shown);
        Assert.Equal(shown, (await authority.GetAsync(url)).StatusCode);
        var elsewhere = await TeamAsync("FHIR ailleurs");
        Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.Coordinator.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await t.Coordinator.GetAsync($"/api/followup/episodes/{id + 100000}/fhir")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.AnonymousClient().GetAsync(url)).StatusCode);

        await using var db = TestDb.Open(app.Database);
        var exports = await db.Set<Maillage.Features.Accounts.AuditEntry>().Where(e => e.Target == $"episode:{id}" && e.Action == "followup.episode.export").Select(e => e.ActorName).ToListAsync();
        Assert.Equal([t.RegularDoctorEmail], exports);

        // The patient's page links to the export.
        Assert.Contains($"href=\"{url}\"", await t.Coordinator.GetStringAsync($"/suivi/episodes/{id}"));
    }

    /// <summary>
    /// The deadline survives a restart: the app stops while a request is pending, the clock moves past the
    /// deadline, and the app that starts again times it out and asks the next professional — then, past the
    /// territory's limit of failures, alerts the coordination.
    /// </summary>
    [SkippableFact]
    public async Task An_unanswered_request_times_out_after_a_restart_and_the_coordination_is_alerted()
    {
        await app.StartAsync();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var t = await TeamAsync("Délai");
        await JsonAsync(await t.Coordinator.PutAsJsonAsync($"/api/followup/territories/{t.Territory}/settings", new { handoffDeadlineHours = 4, maxFailuresBeforeAlert = 1 }), HttpStatusCode.NoContent);
        int id;
        await using (var before = Host(clock))
        {
            var coordinator = await SignInAsync(before, await app.CreateUserAsync(TestRoles.Coordinator, t.Name));
            id = (await JsonAsync(await coordinator.PostAsJsonAsync("/api/followup/episodes", Episode(t)), HttpStatusCode.Created)).GetProperty("id").GetInt32();
            var pending = (await JsonAsync(await coordinator.GetAsync($"/api/followup/episodes/{id}"))).GetProperty("handoffs").EnumerateArray().Single();
            Assert.Equal(clock.GetUtcNow().UtcDateTime.AddHours(4), pending.GetProperty("deadlineUtc").GetDateTime(), TimeSpan.FromSeconds(1));
        }

        clock.Advance(TimeSpan.FromHours(5));
        await using var after = Host(clock);
        var again = await SignInAsync(after, await app.CreateUserAsync(TestRoles.Coordinator, t.Name));
        JsonElement episode = default;
        for (var i = 0; i < 100; i++)
        {
            episode = await JsonAsync(await again.GetAsync($"/api/followup/episodes/{id}"));
            if (episode.GetProperty("handoffs").GetArrayLength() == 2)
            {
                break;
            }

            await Task.Delay(100);
        }

        var handoffs = episode.GetProperty("handoffs").EnumerateArray().ToList();
        Assert.Equal(2, handoffs.Count);
        Assert.Equal("timed-out", handoffs[0].GetProperty("status").GetString());
        Assert.Equal(t.Volunteer, handoffs[1].GetProperty("professionalId").GetInt32());
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddHours(4), handoffs[1].GetProperty("deadlineUtc").GetDateTime(), TimeSpan.FromSeconds(5));
        var board = await JsonAsync(await again.GetAsync($"/api/followup/territories/{t.Territory}/board"));
        Assert.Contains(board.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("kind").GetString() == "handoff-unanswered" && a.GetProperty("episodeId").GetInt32() == id);
        Assert.Equal(1, board.GetProperty("counts").GetProperty("withoutOwnerPastDeadline").GetInt32());

        var alert = board.GetProperty("alerts").EnumerateArray().First().GetProperty("id").GetInt32();
        await JsonAsync(await again.PostAsync($"/api/followup/alerts/{alert}/acknowledge", null), HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.Conflict, (await again.PostAsync($"/api/followup/alerts/{alert}/acknowledge", null)).StatusCode);
    }

    private WebApplicationFactory<Program> Host(ManualClock clock) =>
        app.HostWith(clock, new Dictionary<string, string> { ["Maillage:FollowUp:TickSeconds"] = "1" });

    private static Task<HttpClient> SignInAsync(WebApplicationFactory<Program> host, string email) => AppFixture.SignInAsync(host, email);
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}

public sealed class FollowUpSqliteTests(SqliteApp app) : FollowUpTests(app), IClassFixture<SqliteApp>;

public sealed class FollowUpPostgresTests(PostgresApp app) : FollowUpTests(app), IClassFixture<PostgresApp>;
