using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Tests.Support;

namespace Maillage.Tests.Features.Crisis;

public abstract class CrisisTests(AppFixture app)
{
    private async Task<(int Id, string Name)> TerritoryAsync()
    {
        var name = $"Crise {Guid.NewGuid():N}"[..20];
        var result = await app.CliAsync("territory", "create", "--name", name, "--epci", "243400355", "--json");
        return (JsonDocument.Parse(result.Output).RootElement.GetProperty("id").GetInt32(), name);
    }

    private static async Task<int> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    [SkippableFact]
    public async Task A_crisis_records_stages_meetings_and_decisions_and_closes_for_good()
    {
        await app.StartAsync();
        var (territory, name) = await TerritoryAsync();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        var id = await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/crisis/episodes", new { territoryId = territory, name = "COVID-19 — vague 1", openedOn = "2020-03-09" }));
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.PostAsJsonAsync("/api/crisis/episodes", new { territoryId = territory, name = "Deuxième" })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.PostAsJsonAsync($"/api/crisis/episodes/{id}/stages", new { stage = 2, effectiveOn = "2020-02-29" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.PostAsJsonAsync($"/api/crisis/episodes/{id}/stages", new { stage = 3, effectiveOn = "2020-03-14" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.PostAsJsonAsync($"/api/crisis/episodes/{id}/stages", new { stage = 4, effectiveOn = "2020-03-14" })).StatusCode);

        var meeting = await CreatedIdAsync(await coordinator.PostAsJsonAsync($"/api/crisis/episodes/{id}/meetings", new
        {
            heldAtUtc = "2020-03-16T19:00:00Z", agenda = "Centre dédié", attendance = new Dictionary<string, int> { ["medecin-generaliste"] = 6, ["infirmier"] = 3 },
        }));
        var badAttendance = await coordinator.PostAsJsonAsync($"/api/crisis/episodes/{id}/meetings", new
        {
            heldAtUtc = "2020-03-16T19:00:00Z", agenda = "X", attendance = new Dictionary<string, int> { ["astronaute"] = 1 },
        });
        Assert.Equal(HttpStatusCode.BadRequest, badAttendance.StatusCode);

        var decision = await CreatedIdAsync(await coordinator.PostAsJsonAsync($"/api/crisis/episodes/{id}/decisions", new
        {
            meetingId = meeting, text = "Ouvrir un centre Covid", decidedOn = "2020-03-16", owner = "Coordinatrice", followUpOn = "2020-03-23",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.PostAsJsonAsync($"/api/crisis/episodes/{id}/decisions", new
        {
            text = "Avant", decidedOn = "2020-03-16", owner = "X", followUpOn = "2020-03-01",
        })).StatusCode);

        var details = await coordinator.GetFromJsonAsync<JsonElement>($"/api/crisis/episodes/{id}");
        Assert.Equal(3, details.GetProperty("summary").GetProperty("currentStage").GetInt32());
        Assert.Equal(1, details.GetProperty("summary").GetProperty("overdueDecisions").GetInt32());
        Assert.Equal(6, details.GetProperty("meetings")[0].GetProperty("attendance").GetProperty("medecin-generaliste").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.PostAsJsonAsync($"/api/crisis/decisions/{decision}/status", new { status = "done", expectedVersion = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.PostAsJsonAsync($"/api/crisis/decisions/{decision}/status", new { status = "open", expectedVersion = 1 })).StatusCode);
        details = await coordinator.GetFromJsonAsync<JsonElement>($"/api/crisis/episodes/{id}");
        Assert.Equal(0, details.GetProperty("summary").GetProperty("overdueDecisions").GetInt32());

        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.PostAsJsonAsync($"/api/crisis/episodes/{id}/close", new { closedOn = "2020-03-01" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.PostAsJsonAsync($"/api/crisis/episodes/{id}/close", new { closedOn = "2020-06-30" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.PostAsJsonAsync($"/api/crisis/episodes/{id}/stages", new { stage = 1, effectiveOn = "2020-07-01" })).StatusCode);
        var page = await coordinator.GetStringAsync($"/crise/{id}");
        Assert.Contains("close le 30/06/2020", page);
        Assert.DoesNotContain("Enregistrer le stade", page);

        // A new crisis may open once the previous one is closed.
        await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/crisis/episodes", new { territoryId = territory, name = "Vague 2", openedOn = "2020-10-15" }));
    }

    [SkippableFact]
    public async Task Protocols_keep_every_version_and_refuse_stale_or_empty_revisions()
    {
        await app.StartAsync();
        var (territory, name) = await TerritoryAsync();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        var episode = await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/crisis/episodes", new { territoryId = territory, name = "Protocoles" }));
        var protocol = await CreatedIdAsync(await coordinator.PostAsJsonAsync($"/api/crisis/episodes/{episode}/protocols", new { title = "Circuit", body = "Accueil\nSalle dédiée" }));

        var revised = await coordinator.PostAsJsonAsync($"/api/crisis/protocols/{protocol}/versions", new { body = "Accueil\nSalle dédiée\nSaturation", changeNote = "Saturation", basedOnVersion = 1 });
        Assert.Equal(2, (await revised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.PostAsJsonAsync($"/api/crisis/protocols/{protocol}/versions", new { body = "Autre", changeNote = "x", basedOnVersion = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.PostAsJsonAsync($"/api/crisis/protocols/{protocol}/versions", new { body = "Accueil\nSalle dédiée\nSaturation", changeNote = "rien", basedOnVersion = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.PostAsJsonAsync($"/api/crisis/protocols/{protocol}/versions", new { body = "Nouveau", changeNote = "", basedOnVersion = 2 })).StatusCode);

        // Restoring version 1 from the page creates version 3 with its text.
        var restore = await AppFixture.PostFormAsync(coordinator, $"/crise/protocoles/{protocol}?version=1", $"/crise/protocoles/{protocol}", new()
        {
            ["Body"] = "Accueil\nSalle dédiée", ["ChangeNote"] = "Retour à la version 1", ["BasedOnVersion"] = "2",
        });
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        var details = await coordinator.GetFromJsonAsync<JsonElement>($"/api/crisis/protocols/{protocol}");
        var versions = details.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], versions.Select(v => v.GetProperty("number").GetInt32()));
        Assert.Equal(versions[0].GetProperty("body").GetString(), versions[2].GetProperty("body").GetString());
        var page = await coordinator.GetStringAsync($"/crise/protocoles/{protocol}?version=2");
        Assert.Contains("Vous lisez une ancienne version", page);
        Assert.Contains("diff-added", page);
    }

    [SkippableFact]
    public async Task A_dedicated_centre_is_searchable_only_while_open_and_keeps_its_history()
    {
        await app.StartAsync();
        var (territory, name) = await TerritoryAsync();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        var episode = await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/crisis/episodes", new { territoryId = territory, name = "Centres", openedOn = "2020-03-09" }));

        var invalid = await coordinator.PostAsJsonAsync($"/api/crisis/episodes/{episode}/centres", new
        {
            name = "Centre", communeCode = "34800", suspectCircuit = true, capacityPerHour = 6, weeklyHours = "lu-sa 08:30-18:30",
        });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var before = await coordinator.GetFromJsonAsync<JsonElement>($"/api/directory/structures?territory={territory}");
        Assert.Equal(0, before.GetProperty("totalCount").GetInt32()); // a refusal leaves nothing in the directory

        var centre = await CreatedIdAsync(await coordinator.PostAsJsonAsync($"/api/crisis/episodes/{episode}/centres", new
        {
            name = "Centre Covid du gymnase", communeCode = "34079", address = "Gymnase", suspectCircuit = true, capacityPerHour = 6,
            weeklyHours = "lu-sa 08:30-12:30,13:30-18:30", startedOn = "2020-03-16",
        }));

        async Task<int> SearchAsync() => (await coordinator.GetFromJsonAsync<JsonElement>(
            $"/api/directory/offer?capability=suspected-infectious&openAt=2020-04-02T10:00&territory={territory}")).GetProperty("total").GetInt32();
        async Task MoveAsync(string stage, string on, HttpStatusCode expected = HttpStatusCode.NoContent) =>
            Assert.Equal(expected, (await coordinator.PostAsJsonAsync($"/api/crisis/centres/{centre}/stage", new { stage, on })).StatusCode);

        Assert.Equal(0, await SearchAsync());
        Assert.DoesNotContain("Centre Covid du gymnase", await coordinator.GetStringAsync($"/annuaire/carte?territory={territory}"));
        await MoveAsync("open", "2020-03-17", HttpStatusCode.BadRequest);
        await MoveAsync("file-sent-to-ars", "2020-03-17");
        await MoveAsync("funded", "2020-03-15", HttpStatusCode.BadRequest); // before the previous step
        await MoveAsync("funded", "2020-03-19");
        await MoveAsync("open", "2020-03-20");
        Assert.Equal(1, await SearchAsync());
        Assert.Contains("Centre Covid du gymnase", await coordinator.GetStringAsync($"/annuaire/carte?territory={territory}"));
        await MoveAsync("dormant", "2020-05-11");
        Assert.Equal(0, await SearchAsync());
        await MoveAsync("closed", "2020-06-30");
        await MoveAsync("open", "2020-07-01", HttpStatusCode.BadRequest);

        var details = await coordinator.GetFromJsonAsync<JsonElement>($"/api/crisis/centres/{centre}");
        Assert.Equal(["project", "file-sent-to-ars", "funded", "open", "dormant", "closed"],
            details.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("stage").GetString()));
        Assert.Contains("Fermé", await coordinator.GetStringAsync($"/crise/centres/{centre}"));
        Assert.Contains("Centre Covid du gymnase", await coordinator.GetStringAsync($"/crise/{episode}"));
    }

    [SkippableFact]
    public async Task A_centre_gets_its_roles_and_shifts()
    {
        await app.StartAsync();
        var (territory, name) = await TerritoryAsync();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        var episode = await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/crisis/episodes", new { territoryId = territory, name = "Rôles" }));
        var centre = await CreatedIdAsync(await coordinator.PostAsJsonAsync($"/api/crisis/episodes/{episode}/centres", new
        {
            name = "Centre des rôles", communeCode = "34079", suspectCircuit = true, capacityPerHour = 6, weeklyHours = "lu-sa 08:30-12:30,13:30-18:30",
        }));

        var noRoles = await coordinator.PostAsJsonAsync($"/api/rosters/centres/{centre}/shifts", new { name = "Matin", pattern = "lu-sa 08:30-12:30", headcounts = new Dictionary<int, int>() });
        Assert.Equal(HttpStatusCode.BadRequest, noRoles.StatusCode);
        var added = await coordinator.PostAsync($"/api/rosters/centres/{centre}/standard-roles", null);
        Assert.Equal(4, (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("added").GetInt32());
        Assert.Equal(0, (await (await coordinator.PostAsync($"/api/rosters/centres/{centre}/standard-roles", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("added").GetInt32());

        var setup = await coordinator.GetFromJsonAsync<JsonElement>($"/api/rosters/centres/{centre}");
        var roles = setup.GetProperty("roles").EnumerateArray().ToDictionary(r => r.GetProperty("label").GetString()!, r => r.GetProperty("id").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.PostAsJsonAsync($"/api/rosters/centres/{centre}/shifts", new
        {
            name = "Journée", pattern = "lu-sa 08:30-12:30,13:30-18:30", headcounts = new Dictionary<int, int> { [roles["Médecin"]] = 1 },
        })).StatusCode);
        var shift = await CreatedIdAsync(await coordinator.PostAsJsonAsync($"/api/rosters/centres/{centre}/shifts", new
        {
            name = "Matin", pattern = "lu-sa 08:30-12:30", headcounts = new Dictionary<int, int> { [roles["Médecin"]] = 1, [roles["Infirmier·e"]] = 1, [roles["Accueil et tri"]] = 2 },
        }));
        var page = await coordinator.GetStringAsync($"/plannings/centres/{centre}");
        Assert.Contains("lu-sa 08:30-12:30", page);
        Assert.Contains("interdit aux personnes à risque", page);

        var professional = await app.LoginAsNewUserAsync(TestRoles.Professional, name);
        Assert.Equal(HttpStatusCode.Forbidden, (await professional.PostAsync($"/api/rosters/centres/{centre}/standard-roles", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await professional.GetAsync($"/plannings/centres/{centre}")).StatusCode);

        // Volunteers: a GP declares two mornings from their own account; an at-risk GP one morning.
        var email = await app.CreateUserAsync(TestRoles.Professional, name);
        await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/directory/professionals", new { territoryId = territory, firstName = "Vo", lastName = "Lontaire", profession = "medecin-generaliste", email }));
        var atRisk = await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/directory/professionals", new { territoryId = territory, firstName = "Ri", lastName = "Sque", profession = "medecin-generaliste", atRisk = true }));
        var volunteer = await app.LoginAsync(email);
        var week = $"/plannings/centres/{centre}/disponibilites?semaine=2020-03-30";
        var declared = await AppFixture.PostFormAsync(volunteer, week, week, new() { ["Available"] = $"{shift}|2020-03-30" });
        Assert.Equal(HttpStatusCode.Redirect, declared.StatusCode);
        var both = new FormUrlEncodedContent([new("Available", $"{shift}|2020-03-30"), new("Available", $"{shift}|2020-03-31"), new("__RequestVerificationToken", Token(await volunteer.GetStringAsync(week)))]);
        Assert.Equal(HttpStatusCode.Redirect, (await volunteer.PostAsync(week, both)).StatusCode);
        var sunday = await AppFixture.PostFormAsync(volunteer, week, week, new() { ["Available"] = $"{shift}|2020-04-05" });
        Assert.Contains("n&#x27;existe pas cette semaine", await sunday.Content.ReadAsStringAsync());

        var coordinatorWeek = $"{week}&pro={atRisk}";
        Assert.Equal(HttpStatusCode.Redirect, (await AppFixture.PostFormAsync(coordinator, coordinatorWeek, coordinatorWeek, new() { ["Available"] = $"{shift}|2020-03-30" })).StatusCode);
        var overview = await coordinator.GetStringAsync(week);
        Assert.Contains("Médecin : 1/1", overview); // the at-risk GP does not count for the exposed doctor role
        Assert.Contains("Lontaire", overview);
    }

    private static string Token(string html) =>
        System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);

    [SkippableFact]
    public async Task Other_territories_do_not_see_the_crisis_and_professionals_only_read()
    {
        await app.StartAsync();
        var (territory, name) = await TerritoryAsync();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        var id = await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/crisis/episodes", new { territoryId = territory, name = "Crise privée" }));

        var (_, otherName) = await TerritoryAsync();
        var outsider = await app.LoginAsNewUserAsync(TestRoles.Coordinator, otherName);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/crisis/episodes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/crise/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsJsonAsync($"/api/crisis/episodes/{id}/stages", new { stage = 3, effectiveOn = "2020-03-14" })).StatusCode);
        Assert.DoesNotContain((await outsider.GetFromJsonAsync<JsonElement>("/api/crisis/episodes")).EnumerateArray(), e => e.GetProperty("id").GetInt32() == id);

        var professional = await app.LoginAsNewUserAsync(TestRoles.Professional, name);
        Assert.Equal(HttpStatusCode.OK, (await professional.GetAsync($"/crise/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await professional.PostAsJsonAsync($"/api/crisis/episodes/{id}/stages", new { stage = 3, effectiveOn = "2020-03-14" })).StatusCode);
    }

    [SkippableFact]
    public async Task The_crisis_cell_works_from_the_pages_and_keeps_what_was_typed_on_error()
    {
        await app.StartAsync();
        var (territory, name) = await TerritoryAsync();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        var opened = await AppFixture.PostFormAsync(coordinator, "/crise", "/crise", new()
        {
            ["TerritoryId"] = territory.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Name"] = "Crise par la page", ["OpenedOn"] = "2020-03-09",
        });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var url = opened.Headers.Location!.OriginalString;

        var missingOwner = await AppFixture.PostFormAsync(coordinator, url, url + "?handler=Decision", new() { ["DecisionText"] = "Ouvrir un centre", ["DecidedOn"] = "2020-03-16" });
        Assert.Equal(HttpStatusCode.OK, missingOwner.StatusCode);
        var html = await missingOwner.Content.ReadAsStringAsync();
        Assert.Contains("Le responsable est obligatoire", html);
        Assert.Contains("Ouvrir un centre</textarea>", html);

        var meeting = await AppFixture.PostFormAsync(coordinator, url, url + "?handler=Meeting", new()
        {
            ["HeldAt"] = "2020-03-16T20:00", ["Agenda"] = "Centre dédié", ["Attendance[medecin-generaliste]"] = "4", ["Attendance[infirmier]"] = "2",
        });
        Assert.Equal(HttpStatusCode.Redirect, meeting.StatusCode);
        var page = await coordinator.GetStringAsync(url);
        Assert.Contains("Réunion du 16/03/2020 20:00", page);
        Assert.Contains("4 Médecin généraliste", page);
    }
}

public sealed class CrisisSqliteTests(SqliteApp app) : CrisisTests(app), IClassFixture<SqliteApp>;

public sealed class CrisisPostgresTests(PostgresApp app) : CrisisTests(app), IClassFixture<PostgresApp>;
