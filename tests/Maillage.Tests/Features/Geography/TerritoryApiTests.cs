using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Maillage.Tests.Support;

namespace Maillage.Tests.Features.Geography;

public abstract class TerritoryApiTests(AppFixture app)
{
    private async Task<int> CreateTerritoryAsync(string name, params string[] epcis)
    {
        var args = new List<string> { "territory", "create", "--name", name, "--json" };
        foreach (var epci in epcis)
        {
            args.AddRange(["--epci", epci]);
        }

        var result = await app.CliAsync([.. args]);
        Assert.True(result.ExitCode == 0, result.Error);
        return JsonDocument.Parse(result.Output).RootElement.GetProperty("id").GetInt32();
    }

    [SkippableFact]
    public async Task Api_requires_authentication_and_answers_problem_details()
    {
        await app.StartAsync();
        var response = await app.AnonymousClient().GetAsync("/api/territories");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [SkippableFact]
    public async Task Administrator_creates_a_territory_and_bad_input_gets_a_validation_problem()
    {
        await app.StartAsync();
        var admin = await app.LoginAsNewUserAsync(TestRoles.Admin);
        var created = await admin.PostAsJsonAsync("/api/territories", new { name = "API Vallée", epcis = new[] { "243400694" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var summary = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(28, summary.GetProperty("communeCount").GetInt32());
        Assert.Equal($"/api/territories/{summary.GetProperty("id").GetInt32()}", created.Headers.Location?.OriginalString);

        var invalid = await admin.PostAsJsonAsync("/api/territories", new { name = "API Invalide", epcis = new[] { "12" } });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("SIREN", problem.GetProperty("errors").GetProperty("epcis")[0].GetString());

        var duplicate = await admin.PostAsJsonAsync("/api/territories", new { name = "api vallée", communes = new[] { "34079" } });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        var malformed = await admin.PostAsync("/api/territories", new StringContent("{\"name\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
    }

    [SkippableFact]
    public async Task Users_only_see_their_own_territories()
    {
        await app.StartAsync();
        var mine = await CreateTerritoryAsync("Scope Mine", "243400355");
        var other = await CreateTerritoryAsync("Scope Other", "200017341");
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, "Scope Mine");

        var list = await coordinator.GetFromJsonAsync<JsonElement>("/api/territories");
        Assert.Equal(["Scope Mine"], list.EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync($"/api/territories/{mine}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/api/territories/{other}")).StatusCode);
        var change = await coordinator.PostAsJsonAsync($"/api/territories/{other}/changes", new { kind = "add-commune", value = "34079" });
        Assert.Equal(HttpStatusCode.NotFound, change.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/territoires/{other}")).StatusCode);
    }

    [SkippableFact]
    public async Task Coordinator_edits_the_territory_with_optimistic_concurrency()
    {
        await app.StartAsync();
        var id = await CreateTerritoryAsync("Edit Clermontais", "243400355");
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, "Edit Clermontais");

        var added = await coordinator.PostAsJsonAsync($"/api/territories/{id}/changes", new { kind = "add-commune", value = "34142", expectedVersion = 1 });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var summary = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(22, summary.GetProperty("communeCount").GetInt32());
        Assert.Equal(2, summary.GetProperty("version").GetInt32());

        var stale = await coordinator.PostAsJsonAsync($"/api/territories/{id}/changes", new { kind = "remove-commune", value = "34079", expectedVersion = 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var removed = await coordinator.PostAsJsonAsync($"/api/territories/{id}/changes", new { kind = "remove-commune", value = "34079", expectedVersion = 2 });
        Assert.Equal(21, (await removed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("communeCount").GetInt32());

        // Putting an excluded commune back removes the exclusion rather than stacking rules.
        var back = await coordinator.PostAsJsonAsync($"/api/territories/{id}/changes", new { kind = "add-commune", value = "34079" });
        Assert.Equal(22, (await back.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("communeCount").GetInt32());
        var details = await coordinator.GetFromJsonAsync<JsonElement>($"/api/territories/{id}");
        Assert.DoesNotContain(details.GetProperty("rules").EnumerateArray(), r => r.GetProperty("kind").GetString() == "exclude");

        var notMember = await coordinator.PostAsJsonAsync($"/api/territories/{id}/changes", new { kind = "remove-commune", value = "75056" });
        Assert.Equal(HttpStatusCode.BadRequest, notMember.StatusCode);
    }

    [SkippableFact]
    public async Task Professionals_read_but_cannot_edit_or_create()
    {
        await app.StartAsync();
        var id = await CreateTerritoryAsync("Lecture seule", "243400355");
        var professional = await app.LoginAsNewUserAsync(TestRoles.Professional, "Lecture seule");
        Assert.Equal(HttpStatusCode.OK, (await professional.GetAsync($"/api/territories/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await professional.PostAsJsonAsync($"/api/territories/{id}/changes", new { kind = "add-commune", value = "34142" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await professional.PostAsJsonAsync("/api/territories", new { name = "X", communes = new[] { "34079" } })).StatusCode);
    }

    [SkippableFact]
    public async Task Commune_search_ignores_accents_and_finds_postal_codes()
    {
        await app.StartAsync();
        var user = await app.LoginAsNewUserAsync(TestRoles.Professional);
        var byName = await user.GetFromJsonAsync<JsonElement>("/api/geo/communes?q=CLERMONT%20L%20HERAULT");
        Assert.Equal("34079", byName.GetProperty("items")[0].GetProperty("code").GetString());
        var byPostalCode = await user.GetFromJsonAsync<JsonElement>("/api/geo/communes?q=34800");
        Assert.Contains(byPostalCode.GetProperty("items").EnumerateArray(), c => c.GetProperty("code").GetString() == "34079");
        var beziers = await user.GetFromJsonAsync<JsonElement>("/api/geo/communes?q=beziers");
        Assert.Equal("Béziers", beziers.GetProperty("items")[0].GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await user.GetAsync("/api/geo/communes?q=a")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync("/api/geo/communes/99999")).StatusCode);
    }
}

public sealed class TerritoryApiSqliteTests(SqliteApp app) : TerritoryApiTests(app), IClassFixture<SqliteApp>;

public sealed class TerritoryApiPostgresTests(PostgresApp app) : TerritoryApiTests(app), IClassFixture<PostgresApp>;
