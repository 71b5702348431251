using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Tests.Support;

namespace Maillage.Tests.Features.Rosters;

public abstract class RosterWeekTests(AppFixture app)
{
    private static async Task<int> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static IEnumerable<JsonElement> Slots(JsonElement week) =>
        week.GetProperty("occurrences").EnumerateArray().SelectMany(o => o.GetProperty("slots").EnumerateArray().Select(s => s));

    private static IEnumerable<(int AssignmentId, int ProfessionalId, bool Locked, string Date, string Role)> People(JsonElement week) =>
        week.GetProperty("occurrences").EnumerateArray().SelectMany(o => o.GetProperty("slots").EnumerateArray().SelectMany(s => s.GetProperty("people").EnumerateArray().Select(p =>
            (p.GetProperty("assignmentId").GetInt32(), p.GetProperty("professionalId").GetInt32(), p.GetProperty("locked").GetBoolean(), o.GetProperty("date").GetString()!, s.GetProperty("role").GetString()!))));

    /// <summary>A new crisis with one open centre that has the standard roles.</summary>
    private static async Task<(int Centre, Dictionary<string, int> Roles)> OpenCentreAsync(HttpClient coordinator, int territory, string centreName)
    {
        var episode = await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/crisis/episodes", new { territoryId = territory, name = "Vague" }));
        var centre = await CreatedIdAsync(await coordinator.PostAsJsonAsync($"/api/crisis/episodes/{episode}/centres", new
        {
            name = centreName, communeCode = "34079", suspectCircuit = true, capacityPerHour = 6, weeklyHours = "lu-di 08:00-12:00,13:00-17:00", startedOn = "2020-03-16",
        }));
        foreach (var (stage, on) in new[] { ("file-sent-to-ars", "2020-03-17"), ("funded", "2020-03-18"), ("open", "2020-03-19") })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await coordinator.PostAsJsonAsync($"/api/crisis/centres/{centre}/stage", new { stage, on })).StatusCode);
        }

        await coordinator.PostAsync($"/api/rosters/centres/{centre}/standard-roles", null);
        var roles = (await coordinator.GetFromJsonAsync<JsonElement>($"/api/rosters/centres/{centre}")).GetProperty("roles").EnumerateArray()
            .ToDictionary(r => r.GetProperty("label").GetString()!, r => r.GetProperty("id").GetInt32());
        return (centre, roles);
    }

    [SkippableFact]
    public async Task A_week_is_solved_adjusted_published_and_an_absence_is_replaced()
    {
        await app.StartAsync();
        var name = $"Planning {Guid.NewGuid():N}"[..22];
        var territory = JsonDocument.Parse((await app.CliAsync("territory", "create", "--name", name, "--epci", "243400355", "--json")).Output).RootElement.GetProperty("id").GetInt32();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        var (centre, roles) = await OpenCentreAsync(coordinator, territory, "Centre du planning");
        var morning = await CreatedIdAsync(await coordinator.PostAsJsonAsync($"/api/rosters/centres/{centre}/shifts", new
        {
            name = "Matin", pattern = "lu-di 08:00-12:00", headcounts = new Dictionary<int, int> { [roles["Médecin"]] = 1, [roles["Accueil et tri"]] = 1 },
        }));
        await CreatedIdAsync(await coordinator.PostAsJsonAsync($"/api/rosters/centres/{centre}/shifts", new
        {
            name = "Après-midi", pattern = "lu-di 13:00-17:00", headcounts = new Dictionary<int, int> { [roles["Secrétariat"]] = 1 },
        }));

        var email = await app.CreateUserAsync(TestRoles.Professional, name);
        async Task<int> ProfessionalAsync(string last, string profession, bool atRisk = false, string? mail = null) =>
            await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/directory/professionals", new { territoryId = territory, firstName = "Test", lastName = last, profession, atRisk, email = mail }));
        var gp1 = await ProfessionalAsync("Un", "medecin-generaliste", mail: email);
        var gp2 = await ProfessionalAsync("Deux", "medecin-generaliste");
        var kine = await ProfessionalAsync("Kiné", "masseur-kinesitherapeute");
        var atRisk = await ProfessionalAsync("Risque", "medecin-generaliste", atRisk: true);

        // Next week, so that absences are still possible whenever the test runs.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var monday = today.AddDays(7 - (((int)today.DayOfWeek + 6) % 7));
        var week = monday.ToString("yyyy-MM-dd");
        foreach (var pro in new[] { gp1, gp2, kine, atRisk })
        {
            var range = await OkJsonAsync(await coordinator.PostAsJsonAsync($"/api/rosters/centres/{centre}/availability-range", new
            {
                professionalId = pro, from = week, to = monday.AddDays(6).ToString("yyyy-MM-dd"), shiftIds = new[] { morning },
            }));
            Assert.Equal(7, range.GetProperty("changed").GetInt32());
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.PostAsJsonAsync($"/api/rosters/centres/{centre}/availability-range", new
        {
            professionalId = gp1, from = week, to = monday.AddDays(-1).ToString("yyyy-MM-dd"), shiftIds = new[] { morning },
        })).StatusCode);

        var empty = await coordinator.GetFromJsonAsync<JsonElement>($"/api/rosters/centres/{centre}/weeks/{week}");
        Assert.Equal(21, empty.GetProperty("required").GetInt32());
        Assert.Equal(0, empty.GetProperty("covered").GetInt32());

        var professional = await app.LoginAsync(email);
        Assert.Equal(HttpStatusCode.Forbidden, (await professional.PostAsync($"/api/rosters/centres/{centre}/weeks/{week}/solve", null)).StatusCode);

        var solved = await OkJsonAsync(await coordinator.PostAsync($"/api/rosters/centres/{centre}/weeks/{week}/solve", null));
        Assert.Equal(12, solved.GetProperty("covered").GetInt32()); // 7 doctor mornings; the physiotherapist reaches the cap of 5
        var proposal = await coordinator.GetFromJsonAsync<JsonElement>($"/api/rosters/centres/{centre}/weeks/{week}");
        var people = People(proposal).ToList();
        Assert.DoesNotContain(people, p => p.ProfessionalId == atRisk);
        var doctors = people.Where(p => p.Role == "Médecin").GroupBy(p => p.ProfessionalId).Select(g => g.Count()).Order().ToArray();
        Assert.Equal([3, 4], doctors); // fair split between the two GPs
        var gaps = Slots(proposal).Where(s => s.GetProperty("missing").GetInt32() > 0).ToList();
        Assert.Contains(gaps, g => g.GetProperty("gap").GetString()!.Contains("plafond de 5"));
        Assert.Contains(gaps, g => g.GetProperty("gap").GetString()!.Contains("Personne ne s'est dit disponible"));

        // Lock one of GP2's mornings, re-solve: it stays.
        var kept = people.First(p => p.ProfessionalId == gp2);
        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.PostAsJsonAsync($"/api/rosters/assignments/{kept.AssignmentId}/lock", new { locked = true })).StatusCode);
        await OkJsonAsync(await coordinator.PostAsync($"/api/rosters/centres/{centre}/weeks/{week}/solve", null));
        var resolved = People(await coordinator.GetFromJsonAsync<JsonElement>($"/api/rosters/centres/{centre}/weeks/{week}")).ToList();
        Assert.Contains(resolved, p => p.AssignmentId == kept.AssignmentId && p.Locked);

        // By hand: the rules still hold.
        var secretaryGap = Slots(proposal).First(s => s.GetProperty("role").GetString() == "Secrétariat");
        var afternoon = proposal.GetProperty("occurrences").EnumerateArray().First(o => o.GetProperty("shiftName").GetString() == "Après-midi");
        var refused = await coordinator.PostAsJsonAsync($"/api/rosters/centres/{centre}/assignments", new
        {
            shiftId = afternoon.GetProperty("shiftId").GetInt32(), date = afternoon.GetProperty("date").GetString(), roleId = roles["Secrétariat"], professionalId = kine,
        });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("ne peut pas tenir le rôle", await refused.Content.ReadAsStringAsync());
        Assert.Equal("Secrétariat", secretaryGap.GetProperty("role").GetString());

        var published = await OkJsonAsync(await coordinator.PostAsync($"/api/rosters/centres/{centre}/weeks/{week}/publish", null));
        Assert.Equal(3, published.GetProperty("notified").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.PostAsync($"/api/rosters/centres/{centre}/weeks/{week}/publish", null)).StatusCode);

        // The volunteer sees their shifts, their message and their calendar.
        var notifications = await professional.GetFromJsonAsync<JsonElement>("/api/notifications");
        Assert.True(notifications.GetProperty("unread").GetInt32() >= 1);
        Assert.Contains("Planning publié", notifications.GetProperty("items")[0].GetProperty("text").GetString());
        var mine = await professional.GetFromJsonAsync<JsonElement>("/api/rosters/me/shifts");
        var myCount = resolved.Count(p => p.ProfessionalId == gp1);
        Assert.Equal(myCount, mine.GetArrayLength());
        var ics = await professional.GetStringAsync("/api/rosters/me/calendar.ics");
        Assert.Contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris", ics);
        Assert.Equal(myCount, ics.Split("BEGIN:VEVENT").Length - 1);
        Assert.Contains($"DTSTART;TZID=Europe/Paris:{DateOnly.Parse(mine[0].GetProperty("date").GetString()!):yyyyMMdd}T080000", ics);
        Assert.Contains("Mes créneaux", await professional.GetStringAsync("/plannings"));

        // "I can't come": a reason is required, only for one's own shift; the place reopens with ranked replacements.
        var mineFirst = mine[0].GetProperty("assignmentId").GetInt32();
        var other = resolved.First(p => p.ProfessionalId != gp1).AssignmentId;
        Assert.Equal(HttpStatusCode.BadRequest, (await professional.PostAsJsonAsync($"/api/rosters/assignments/{mineFirst}/absence", new { reason = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await professional.PostAsJsonAsync($"/api/rosters/assignments/{other}/absence", new { reason = "malade" })).StatusCode);
        var absence = (await OkJsonAsync(await professional.PostAsJsonAsync($"/api/rosters/assignments/{mineFirst}/absence", new { reason = "malade" }))).GetProperty("absenceId").GetInt32();
        var afterAbsence = await coordinator.GetFromJsonAsync<JsonElement>($"/api/rosters/centres/{centre}/weeks/{week}");
        Assert.True(afterAbsence.GetProperty("version").GetInt32() > afterAbsence.GetProperty("publishedVersion").GetInt32());
        var open = afterAbsence.GetProperty("occurrences").EnumerateArray()
            .First(o => o.GetProperty("date").GetString() == mine[0].GetProperty("date").GetString() && o.GetProperty("shiftName").GetString() == "Matin");
        var doctorSlot = open.GetProperty("slots").EnumerateArray().First(s => s.GetProperty("role").GetString() == "Médecin");
        Assert.Equal(1, doctorSlot.GetProperty("missing").GetInt32());
        var candidates = doctorSlot.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("professionalId").GetInt32()).ToList();
        Assert.Equal([gp2], candidates); // not the absent GP, not the at-risk one
        await CreatedIdAsync(await coordinator.PostAsJsonAsync($"/api/rosters/centres/{centre}/assignments", new
        {
            shiftId = morning, date = open.GetProperty("date").GetString(), roleId = roles["Médecin"], professionalId = gp2, absenceId = absence,
        }));
        var replaced = await coordinator.GetFromJsonAsync<JsonElement>($"/api/rosters/centres/{centre}/weeks/{week}");
        Assert.Equal("Test Deux", replaced.GetProperty("absences")[0].GetProperty("replacedBy").GetString());

        var csv = await coordinator.GetStringAsync($"/api/rosters/centres/{centre}/weeks/{week}/csv");
        Assert.StartsWith("date;debut;fin;creneau;role;nom;profession;verrouille", csv.TrimStart('\uFEFF'));
        Assert.Contains("à pourvoir", csv);

        // The secretary afternoons are never covered: the coordinator is warned for the next 48 hours.
        var alerts = await coordinator.GetFromJsonAsync<JsonElement>("/api/rosters/alerts");
        Assert.Contains(alerts.EnumerateArray(), a => a.GetProperty("centreId").GetInt32() == centre && a.GetProperty("role").GetString() == "Secrétariat");
        Assert.Contains("sans personne dans les 48 heures", await coordinator.GetStringAsync("/"));
    }

    [SkippableFact]
    public async Task Preferences_are_validated_and_steer_the_proposal()
    {
        await app.StartAsync();
        var name = $"Binômes {Guid.NewGuid():N}"[..20];
        async Task<int> TerritoryAsync(string territoryName) =>
            JsonDocument.Parse((await app.CliAsync("territory", "create", "--name", territoryName, "--epci", "243400355", "--json")).Output).RootElement.GetProperty("id").GetInt32();
        var territory = await TerritoryAsync(name);
        var neighbour = await TerritoryAsync(name + " bis");
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name, name + " bis");
        var (centre, roles) = await OpenCentreAsync(coordinator, territory, "Centre des binômes");
        var morning = await CreatedIdAsync(await coordinator.PostAsJsonAsync($"/api/rosters/centres/{centre}/shifts", new
        {
            name = "Matin", pattern = "lu-ve 08:00-12:00", headcounts = new Dictionary<int, int> { [roles["Médecin"]] = 1, [roles["Accueil et tri"]] = 1 },
        }));
        var email = await app.CreateUserAsync(TestRoles.Professional, name);
        async Task<int> ProfessionalAsync(string last, string profession, string? mail = null) =>
            await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/directory/professionals", new { territoryId = territory, firstName = "Test", lastName = last, profession, email = mail }));
        var kineA = await ProfessionalAsync("KinéA", "masseur-kinesitherapeute", email);
        var kineB = await ProfessionalAsync("KinéB", "masseur-kinesitherapeute");
        var gpA = await ProfessionalAsync("MédecinA", "medecin-generaliste");
        var gpB = await ProfessionalAsync("MédecinB", "medecin-generaliste");
        var stranger = await ProfessionalAsync("Autre", "infirmier");
        const string week = "2030-06-03";
        foreach (var pro in new[] { kineA, kineB, gpA, gpB })
        {
            await OkJsonAsync(await coordinator.PostAsJsonAsync($"/api/rosters/centres/{centre}/availability-range", new { professionalId = pro, from = week, to = "2030-06-09", shiftIds = new[] { morning } }));
        }

        // The volunteer chooses for themselves; the choices are the crisis's volunteers and open centres.
        var volunteer = await app.LoginAsync(email);
        var choices = await OkJsonAsync(await volunteer.GetAsync($"/api/rosters/centres/{centre}/preferences"));
        Assert.Equal(kineA, choices.GetProperty("professionalId").GetInt32());
        var offered = choices.GetProperty("volunteers").EnumerateArray().Select(v => v.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(new[] { gpA, gpB, kineB }.Order(), offered.Order());
        Assert.DoesNotContain(stranger, offered);

        async Task<HttpResponseMessage> PutAsync(HttpClient client, object body) => await client.PutAsJsonAsync($"/api/rosters/centres/{centre}/preferences", body);
        Assert.Equal(HttpStatusCode.BadRequest, (await PutAsync(volunteer, new { partnerIds = new[] { kineA } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PutAsync(volunteer, new { partnerIds = new[] { gpA, gpB, kineB, stranger } })).StatusCode);
        var otherCrisis = await OpenCentreAsync(coordinator, neighbour, "Autre crise");
        var wrongCentre = await PutAsync(volunteer, new { preferredCentreId = otherCrisis.Centre, partnerIds = new[] { gpA } });
        Assert.Equal(HttpStatusCode.BadRequest, wrongCentre.StatusCode);
        Assert.Contains("même crise", await wrongCentre.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(volunteer, new { professionalId = kineB, partnerIds = new[] { gpA } })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await PutAsync(volunteer, new { preferredCentreId = centre, partnerIds = new[] { gpA } })).StatusCode);
        var saved = await OkJsonAsync(await coordinator.GetAsync($"/api/rosters/centres/{centre}/preferences?professionalId={kineA}"));
        Assert.Equal([gpA], saved.GetProperty("partnerIds").EnumerateArray().Select(p => p.GetInt32()).ToArray());
        Assert.Equal(centre, saved.GetProperty("preferredCentreId").GetInt32());

        // Five mornings, two doctors and two physiotherapists: any 3/2 split is fair, and the wish decides which.
        var solved = await OkJsonAsync(await coordinator.PostAsync($"/api/rosters/centres/{centre}/weeks/{week}/solve", null));
        Assert.Equal(10, solved.GetProperty("covered").GetInt32());
        var people = People(await coordinator.GetFromJsonAsync<JsonElement>($"/api/rosters/centres/{centre}/weeks/{week}")).ToList();
        var daysOf = (int id) => people.Where(p => p.ProfessionalId == id).Select(p => p.Date).ToHashSet();
        Assert.Equal(3, daysOf(kineA).Intersect(daysOf(gpA)).Count());
        Assert.True(solved.GetProperty("preferencesMet").GetInt32() >= 3);

        // The page shows the stored wishes and keeps what was typed when refused.
        var page = $"/plannings/centres/{centre}/disponibilites?semaine={week}";
        Assert.Contains($"value=\"{gpA}\" id=\"partner-{gpA}\" checked=\"checked\"", await volunteer.GetStringAsync(page));
        var refused = await AppFixture.PostFormAsync(volunteer, page, page + "&handler=Preferences", new() { ["Partners"] = $"{gpB}", ["PreferredCentreId"] = $"{otherCrisis.Centre}" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("même crise", html);
        Assert.Contains($"value=\"{gpB}\" id=\"partner-{gpB}\" checked=\"checked\"", html);
        Assert.DoesNotContain($"value=\"{gpA}\" id=\"partner-{gpA}\" checked", html);
        Assert.Equal(HttpStatusCode.Redirect, (await AppFixture.PostFormAsync(volunteer, page, page + "&handler=Preferences", new() { ["Partners"] = $"{gpB}" })).StatusCode);
        var after = await OkJsonAsync(await volunteer.GetAsync($"/api/rosters/centres/{centre}/preferences"));
        Assert.Equal([gpB], after.GetProperty("partnerIds").EnumerateArray().Select(p => p.GetInt32()).ToArray());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("preferredCentreId").ValueKind);
    }

    [SkippableFact]
    public async Task The_week_page_proposes_and_publishes_for_coordinators_only()
    {
        await app.StartAsync();
        var name = $"Page {Guid.NewGuid():N}"[..18];
        var territory = JsonDocument.Parse((await app.CliAsync("territory", "create", "--name", name, "--epci", "243400355", "--json")).Output).RootElement.GetProperty("id").GetInt32();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        var episode = await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/crisis/episodes", new { territoryId = territory, name = "Vague" }));
        var centre = await CreatedIdAsync(await coordinator.PostAsJsonAsync($"/api/crisis/episodes/{episode}/centres", new
        {
            name = "Centre de la page", communeCode = "34079", suspectCircuit = true, capacityPerHour = 6, weeklyHours = "lu-ve 08:30-12:30",
        }));
        var url = $"/plannings/centres/{centre}/semaine?semaine=2030-03-04";
        var nothing = await AppFixture.PostFormAsync(coordinator, url, url.Replace("?", "?handler=Solve&"), []);
        Assert.Equal(HttpStatusCode.OK, nothing.StatusCode);
        Assert.Contains("aucun créneau cette semaine", await nothing.Content.ReadAsStringAsync());

        await coordinator.PostAsync($"/api/rosters/centres/{centre}/standard-roles", null);
        var doctor = (await coordinator.GetFromJsonAsync<JsonElement>($"/api/rosters/centres/{centre}")).GetProperty("roles")[0].GetProperty("id").GetInt32();
        var shift = await CreatedIdAsync(await coordinator.PostAsJsonAsync($"/api/rosters/centres/{centre}/shifts", new { name = "Matin", pattern = "lu-ve 08:30-12:30", headcounts = new Dictionary<int, int> { [doctor] = 1 } }));
        var gp = await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/directory/professionals", new { territoryId = territory, firstName = "Page", lastName = "Médecin", profession = "medecin-generaliste" }));
        var availability = $"/plannings/centres/{centre}/disponibilites?semaine=2030-03-04&pro={gp}";
        var noDates = await AppFixture.PostFormAsync(coordinator, availability, availability + "&handler=Range", new() { ["RangeShifts"] = $"{shift}" });
        Assert.Contains("Indiquez les dates", await noDates.Content.ReadAsStringAsync());
        var range = await AppFixture.PostFormAsync(coordinator, availability, availability + "&handler=Range", new()
        {
            ["RangeFrom"] = "2030-03-04", ["RangeTo"] = "2030-03-06", ["RangeShifts"] = $"{shift}", ["RangeAvailable"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, range.StatusCode);
        Assert.Contains("Page Médecin", await coordinator.GetStringAsync($"/plannings/centres/{centre}/disponibilites?semaine=2030-03-04"));

        var solved = await AppFixture.PostFormAsync(coordinator, url, url.Replace("?", "?handler=Solve&"), []);
        Assert.Equal(HttpStatusCode.Redirect, solved.StatusCode);
        var page = await coordinator.GetStringAsync(url);
        Assert.Contains("Planning proposé : 3 place(s) pourvue(s) sur 5", page);
        Assert.Contains("Brouillon", page);
        Assert.Contains("Page Médecin", page);

        var reader = await app.LoginAsNewUserAsync(TestRoles.Professional, name);
        Assert.Contains("pas encore publié", await reader.GetStringAsync(url));
        var denied = await AppFixture.PostFormAsync(reader, "/plannings", url.Replace("?", "?handler=Publish&"), []);
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode); // to the access-denied page
        Assert.False(denied.Headers.Location!.OriginalString.StartsWith("/plannings", StringComparison.Ordinal));
        Assert.Contains("pas encore publié", await reader.GetStringAsync(url));

        Assert.Equal(HttpStatusCode.Redirect, (await AppFixture.PostFormAsync(coordinator, url, url.Replace("?", "?handler=Publish&"), [])).StatusCode);
        Assert.Contains("Publié le", await coordinator.GetStringAsync(url));
        Assert.Contains("Page Médecin", await reader.GetStringAsync(url));
    }
}

public sealed class RosterWeekSqliteTests(SqliteApp app) : RosterWeekTests(app), IClassFixture<SqliteApp>;

public sealed class RosterWeekPostgresTests(PostgresApp app) : RosterWeekTests(app), IClassFixture<PostgresApp>;
