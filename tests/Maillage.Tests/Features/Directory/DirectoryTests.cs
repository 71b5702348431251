using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Features.Directory;
using Maillage.Tests.Support;

namespace Maillage.Tests.Features.Directory;

/// <summary>The directory through its public surface: API, CLI and pages, on both providers.</summary>
public abstract class DirectoryTests(AppFixture app)
{
    private static int counter;

    private async Task<(int Id, string Name)> TerritoryAsync()
    {
        var name = $"Annuaire {Interlocked.Increment(ref counter)} {Guid.NewGuid():N}"[..30];
        var result = await app.CliAsync("territory", "create", "--name", name, "--epci", "243400355", "--epci", "200017341", "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        return (JsonDocument.Parse(result.Output).RootElement.GetProperty("id").GetInt32(), name);
    }

    private static async Task<int> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private static string Siret(string prefix) => Identifiers.WithLuhnKey(Identifiers.WithLuhnKey(prefix) + "0001");

    /// <summary>A centre that receives suspected patients at Lodève, open on weekdays, with one GP.</summary>
    private async Task<(HttpClient Coordinator, int Territory, string TerritoryName, int Structure, int Site)> CentreAsync()
    {
        var (territory, name) = await TerritoryAsync();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        var structure = await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/directory/structures", new
        {
            territoryId = territory, kind = "centre-dedie", name = "Centre test", siret = Siret("12345678"), phone = "0467000000",
        }));
        var site = await CreatedIdAsync(await coordinator.PostAsJsonAsync($"/api/directory/structures/{structure}/sites", new
        {
            name = "Salle des fêtes", communeCode = "34142", latitude = 43.7315, longitude = 3.3194,
        }));
        await CreatedIdAsync(await coordinator.PostAsJsonAsync($"/api/directory/sites/{site}/services", new
        {
            name = "Consultations Covid", capabilities = new[] { "suspected-infectious", "no-regular-doctor" }, weeklyHours = "lu-ve 08:30-12:30,13:30-18:30", isActive = true,
        }));
        return (coordinator, territory, name, structure, site);
    }

    [SkippableFact]
    public async Task Structures_sites_and_services_are_validated_field_by_field()
    {
        await app.StartAsync();
        var (territory, name) = await TerritoryAsync();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);

        async Task AssertFieldAsync(HttpResponseMessage response, string field)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }

        await AssertFieldAsync(await coordinator.PostAsJsonAsync("/api/directory/structures", new { territoryId = territory, kind = "msp", name = "MSP", siret = "12345678901234" }), "siret");
        await AssertFieldAsync(await coordinator.PostAsJsonAsync("/api/directory/structures", new { territoryId = territory, kind = "msp", name = "MSP", finess = "2C0000001" }), "finess");
        await AssertFieldAsync(await coordinator.PostAsJsonAsync("/api/directory/structures", new { territoryId = territory, kind = "spaceport", name = "X" }), "kind");
        await AssertFieldAsync(await coordinator.PostAsJsonAsync("/api/directory/structures", new { territoryId = territory, kind = "msp", name = " " }), "name");
        await AssertFieldAsync(await coordinator.PostAsJsonAsync("/api/directory/professionals", new { territoryId = territory, firstName = "A", lastName = "B", profession = "medecin-generaliste", rpps = "10000000000" }), "rpps");

        var structure = await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/directory/structures", new { territoryId = territory, kind = "msp", name = "MSP valide" }));
        await AssertFieldAsync(await coordinator.PostAsJsonAsync($"/api/directory/structures/{structure}/sites", new { name = "Site", communeCode = "34800" }), "communeCode");
        await AssertFieldAsync(await coordinator.PostAsJsonAsync($"/api/directory/structures/{structure}/sites", new { name = "Site", communeCode = "34079", latitude = 43.6 }), "longitude");
        var site = await CreatedIdAsync(await coordinator.PostAsJsonAsync($"/api/directory/structures/{structure}/sites", new { name = "Site", communeCode = "34079" }));
        await AssertFieldAsync(await coordinator.PostAsJsonAsync($"/api/directory/sites/{site}/services", new { name = "S", capabilities = Array.Empty<string>(), weeklyHours = "lundi 8-12", isActive = true }), "weeklyHours");
        await AssertFieldAsync(await coordinator.PostAsJsonAsync($"/api/directory/sites/{site}/services", new { name = "S", capabilities = new[] { "magic" }, weeklyHours = "", isActive = true }), "capabilities");
    }

    [SkippableFact]
    public async Task Offer_search_finds_the_open_site_with_reasons_and_phone()
    {
        await app.StartAsync();
        var (coordinator, territory, _, structure, _) = await CentreAsync();

        // Thursday 2 April 2020, 10:00 in Paris.
        var open = await coordinator.GetFromJsonAsync<JsonElement>($"/api/directory/offer?capability=suspected-infectious&near=34079&openAt=2020-04-02T10:00&territory={territory}");
        var hit = Assert.Single(open.GetProperty("hits").EnumerateArray());
        Assert.Equal(structure, hit.GetProperty("structureId").GetInt32());
        Assert.Equal("04 67 00 00 00", hit.GetProperty("phone").GetString());
        Assert.True(hit.GetProperty("open").GetBoolean());
        Assert.Contains(hit.GetProperty("reasons").EnumerateArray(), r => r.GetString() == "Reçoit les patients suspects d'infection");

        // Saturday: closed, so excluded when opening is asked for, listed with its next opening otherwise.
        var saturday = await coordinator.GetFromJsonAsync<JsonElement>($"/api/directory/offer?capability=suspected-infectious&near=34142&openAt=2020-04-04T10:00&territory={territory}");
        Assert.Equal(0, saturday.GetProperty("total").GetInt32());
        var any = await coordinator.GetFromJsonAsync<JsonElement>($"/api/directory/offer?capability=no-regular-doctor&near=34142&territory={territory}");
        Assert.Equal(1, any.GetProperty("total").GetInt32());

        var wrongCapability = await coordinator.GetFromJsonAsync<JsonElement>($"/api/directory/offer?capability=pcr-sampling&territory={territory}");
        Assert.Equal(0, wrongCapability.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.GetAsync("/api/directory/offer?capability=magic")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.GetAsync("/api/directory/offer?capability=oxygen&openAt=yesterday")).StatusCode);
    }

    [SkippableFact]
    public async Task Distance_ranks_results_when_sites_have_coordinates()
    {
        await app.StartAsync();
        var (coordinator, territory, _, _, _) = await CentreAsync();
        var near = await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/directory/structures", new { territoryId = territory, kind = "msp", name = "MSP proche" }));
        var nearSite = await CreatedIdAsync(await coordinator.PostAsJsonAsync($"/api/directory/structures/{near}/sites", new { name = "Clermont", communeCode = "34079", latitude = 43.6275, longitude = 3.4317 }));
        await CreatedIdAsync(await coordinator.PostAsJsonAsync($"/api/directory/sites/{nearSite}/services", new { name = "Consultations", capabilities = new[] { "no-regular-doctor" }, weeklyHours = "24/7", isActive = true }));

        var result = await coordinator.GetFromJsonAsync<JsonElement>($"/api/directory/offer?capability=no-regular-doctor&lat=43.63&lon=3.43&radiusKm=50&territory={territory}");
        var names = result.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("structureName").GetString()).ToList();
        Assert.Equal(["MSP proche", "Centre test"], names);
        var distances = result.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("distanceKm").GetDouble()).ToList();
        Assert.True(distances[0] < 1 && distances[1] > 10, string.Join(",", distances));

        var small = await coordinator.GetFromJsonAsync<JsonElement>($"/api/directory/offer?capability=no-regular-doctor&lat=43.63&lon=3.43&radiusKm=5&territory={territory}");
        Assert.Equal(1, small.GetProperty("total").GetInt32());
    }

    [SkippableFact]
    public async Task Other_territories_do_not_see_the_directory_and_readers_cannot_write()
    {
        await app.StartAsync();
        var (_, territory, name, structure, _) = await CentreAsync();
        var (_, otherName) = await TerritoryAsync();
        var outsider = await app.LoginAsNewUserAsync(TestRoles.Coordinator, otherName);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/directory/structures/{structure}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/annuaire/structures/{structure}")).StatusCode);
        var search = await outsider.GetFromJsonAsync<JsonElement>("/api/directory/offer?capability=suspected-infectious");
        Assert.DoesNotContain(search.GetProperty("hits").EnumerateArray(), h => h.GetProperty("structureId").GetInt32() == structure);

        var regulation = await app.LoginAsNewUserAsync("regulation", name);
        Assert.Equal(HttpStatusCode.OK, (await regulation.GetAsync($"/api/directory/structures/{structure}")).StatusCode);
        var map = await regulation.GetStringAsync($"/annuaire/carte?territory={territory}");
        Assert.Contains("\"structureId\":" + structure, map); // map.js reads camelCase
        var write = await regulation.PostAsJsonAsync("/api/directory/structures", new { territoryId = territory, kind = "msp", name = "Non" });
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }

    [SkippableFact]
    public async Task At_risk_flag_is_seen_by_coordinators_only_and_msp_composition_is_checked()
    {
        await app.StartAsync();
        var (territory, name) = await TerritoryAsync();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        var msp = await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/directory/structures", new { territoryId = territory, kind = "msp", name = "MSP composée" }));
        var doctor = await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/directory/professionals", new
        {
            territoryId = territory, firstName = "Anne", lastName = "Risque", profession = "medecin-generaliste", rpps = Identifiers.WithLuhnKey("1000099999"), atRisk = true,
        }));
        var form = await AppFixture.PostFormAsync(coordinator, $"/annuaire/structures/{msp}", $"/annuaire/structures/{msp}?handler=Member", new()
        {
            ["ProfessionalId"] = doctor.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Role"] = "membre",
        });
        Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);

        await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/directory/professionals", new
        {
            territoryId = territory, firstName = "Bernard", lastName = "Filtre", profession = "infirmier",
        }));
        Assert.Contains("FILTRE Bernard", await coordinator.GetStringAsync($"/annuaire/structures/{msp}?who=filtre"));
        Assert.DoesNotContain("FILTRE Bernard", await coordinator.GetStringAsync($"/annuaire/structures/{msp}?who=zzz"));

        var coordinatorView = await coordinator.GetFromJsonAsync<JsonElement>($"/api/directory/structures/{msp}");
        Assert.True(coordinatorView.GetProperty("members")[0].GetProperty("atRisk").GetBoolean());
        Assert.Contains(coordinatorView.GetProperty("composition").EnumerateArray(), f => !f.GetProperty("satisfied").GetBoolean());

        var professional = await app.LoginAsNewUserAsync(TestRoles.Professional, name);
        var professionalView = await professional.GetFromJsonAsync<JsonElement>($"/api/directory/structures/{msp}");
        Assert.Equal(JsonValueKind.Null, professionalView.GetProperty("members")[0].GetProperty("atRisk").ValueKind);
        var page = await professional.GetStringAsync($"/annuaire/professionnels/{doctor}");
        Assert.DoesNotContain("Personne à risque", page);
        Assert.Contains("Personne à risque", await coordinator.GetStringAsync($"/annuaire/professionnels/{doctor}"));
    }

    [SkippableFact]
    public async Task Professionals_edit_their_own_entry_and_no_other()
    {
        await app.StartAsync();
        var (territory, name) = await TerritoryAsync();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        var email = await app.CreateUserAsync(TestRoles.Professional, name);
        var own = await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/directory/professionals", new
        {
            territoryId = territory, firstName = "Moi", lastName = "Même", profession = "infirmier", email,
        }));
        var other = await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/directory/professionals", new
        {
            territoryId = territory, firstName = "Autre", lastName = "Personne", profession = "infirmier",
        }));

        var professional = await app.LoginAsync(email);
        Assert.Contains($"/annuaire/professionnels/{own}", await professional.GetStringAsync("/"));
        var edit = await AppFixture.PostFormAsync(professional, $"/annuaire/professionnels/{own}/modifier", $"/annuaire/professionnels/{own}/modifier", new()
        {
            ["TerritoryId"] = territory.ToString(System.Globalization.CultureInfo.InvariantCulture), ["FirstName"] = "Moi", ["LastName"] = "Même",
            ["Profession"] = "infirmier", ["Phone"] = "0612345678", ["Email"] = email, ["Version"] = "1",
        });
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        var view = await professional.GetFromJsonAsync<JsonElement>($"/api/directory/professionals/{own}");
        Assert.Equal("06 12 34 56 78", view.GetProperty("phone").GetString());

        // The reduced form cannot touch identity or the private flag, whatever is posted.
        var tampered = await AppFixture.PostFormAsync(professional, $"/annuaire/professionnels/{own}/modifier", $"/annuaire/professionnels/{own}/modifier", new()
        {
            ["LastName"] = "Autrement", ["Profession"] = "medecin-generaliste", ["AtRisk"] = "true", ["Email"] = email, ["Version"] = "2",
        });
        Assert.Equal(HttpStatusCode.Redirect, tampered.StatusCode);
        var coordinatorView = await coordinator.GetFromJsonAsync<JsonElement>($"/api/directory/professionals/{own}");
        Assert.Equal("Même", coordinatorView.GetProperty("lastName").GetString());
        Assert.Equal("infirmier", coordinatorView.GetProperty("profession").GetString());
        Assert.False(coordinatorView.GetProperty("atRisk").GetBoolean());

        Assert.NotEqual(HttpStatusCode.OK, (await professional.GetAsync($"/annuaire/professionnels/{other}/modifier")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await professional.GetAsync("/annuaire/professionnels/nouveau")).StatusCode);
    }

    [SkippableFact]
    public async Task Stale_edits_are_refused_and_archived_structures_leave_the_search()
    {
        await app.StartAsync();
        var (coordinator, territory, _, structure, _) = await CentreAsync();
        Dictionary<string, string> Form(string name) => new()
        {
            ["TerritoryId"] = territory.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Kind"] = "centre-dedie", ["Name"] = name, ["Version"] = "1",
        };
        var first = await AppFixture.PostFormAsync(coordinator, $"/annuaire/structures/{structure}/modifier", $"/annuaire/structures/{structure}/modifier", Form("Centre premier"));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var edit = await AppFixture.PostFormAsync(coordinator, $"/annuaire/structures/{structure}/modifier", $"/annuaire/structures/{structure}/modifier", Form("Centre renommé"));
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Contains("modifiée entre-temps", await edit.Content.ReadAsStringAsync());
        Assert.Contains("value=\"Centre renommé\"", await edit.Content.ReadAsStringAsync());

        var (otherTerritory, _) = await TerritoryAsync();
        var admin = await app.LoginAsNewUserAsync(TestRoles.Admin);
        var move = await AppFixture.PostFormAsync(admin, $"/annuaire/structures/{structure}/modifier", $"/annuaire/structures/{structure}/modifier", new()
        {
            ["TerritoryId"] = otherTerritory.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Kind"] = "centre-dedie", ["Name"] = "Centre déplacé", ["Version"] = "2",
        });
        Assert.Equal(HttpStatusCode.OK, move.StatusCode);
        Assert.Contains("ne change pas de territoire", (await move.Content.ReadAsStringAsync()).Replace("&#x27;", "'"));

        var archive = await AppFixture.PostFormAsync(coordinator, $"/annuaire/structures/{structure}", $"/annuaire/structures/{structure}?handler=Archive", new() { ["restore"] = "false" });
        Assert.Equal(HttpStatusCode.Redirect, archive.StatusCode);
        var search = await coordinator.GetFromJsonAsync<JsonElement>($"/api/directory/offer?capability=suspected-infectious&territory={territory}");
        Assert.Equal(0, search.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync($"/annuaire/structures/{structure}")).StatusCode);
    }

    [SkippableFact]
    public async Task Cli_search_returns_json_and_rejects_bad_input_with_exit_code_2()
    {
        await app.StartAsync();
        var (_, territory, _, structure, _) = await CentreAsync();
        var result = await app.CliAsync("directory", "search", "--capability", "suspected-infectious", "--near", "34079",
            "--open-at", "2020-04-02T10:00", "--territory", territory.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(structure, json.GetProperty("hits")[0].GetProperty("structureId").GetInt32());

        foreach (var args in new[]
                 {
                     new[] { "directory", "search", "--capability", "magic" },
                     ["directory", "search", "--capability", "oxygen", "--near", "99999"],
                     ["directory", "search", "--capability", "oxygen", "--open-at", "demain"],
                     ["directory", "search", "--capability", "oxygen", "--lat", "north"],
                     ["directory", "search", "--capability", "oxygen", "--open-at", "2026-03-29T02:30"],
                 })
        {
            var bad = await app.CliAsync(args);
            Assert.True(bad.ExitCode == 2, string.Join(' ', args) + " → " + bad.Error);
            Assert.Single(bad.Error.Trim().Split('\n'));
        }
    }

    [SkippableFact]
    public async Task Demo_directory_answers_the_first_wave_question()
    {
        await app.StartAsync();
        var demo = await app.CliAsync("demo", "load", "--json");
        Assert.Equal(0, demo.ExitCode);
        var territory = JsonDocument.Parse(demo.Output).RootElement.GetProperty("territory").GetProperty("id").GetInt32();
        var result = await app.CliAsync("directory", "search", "--capability", "suspected-infectious", "--capability", "no-regular-doctor",
            "--near", "34142", "--open-at", "2020-04-02T10:00", "--territory", territory.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        var found = JsonDocument.Parse(result.Output).RootElement;
        var hits = found.GetProperty("hits");
        Assert.Equal("Centre Covid du Cœur d'Hérault (fictif)", hits[0].GetProperty("structureName").GetString());

        // Lodève is located by the directory's own site there, even though that site offers other services.
        Assert.Contains("centre des 1 site(s)", found.GetProperty("reference").GetString());
    }
}

public sealed class DirectorySqliteTests(SqliteApp app) : DirectoryTests(app), IClassFixture<SqliteApp>;

public sealed class DirectoryPostgresTests(PostgresApp app) : DirectoryTests(app), IClassFixture<PostgresApp>;
