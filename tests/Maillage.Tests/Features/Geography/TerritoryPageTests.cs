using System.Net;
using System.Text.Json;
using Maillage.Tests.Support;

namespace Maillage.Tests.Features.Geography;

public abstract class TerritoryPageTests(AppFixture app)
{
    private async Task<int> CreateAsync(string name, string epci)
    {
        var result = await app.CliAsync("territory", "create", "--name", name, "--epci", epci, "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        return JsonDocument.Parse(result.Output).RootElement.GetProperty("id").GetInt32();
    }

    [SkippableFact]
    public async Task Territory_page_lists_real_communes_population_and_tier()
    {
        await app.StartAsync();
        var id = await CreateAsync("Page Lodévois", "200017341");
        var client = await app.LoginAsNewUserAsync(TestRoles.Professional, "Page Lodévois");
        var html = await client.GetStringAsync($"/territoires/{id}");
        Assert.Contains("Page Lodévois", html);
        Assert.Contains("Lodève", html);
        Assert.Contains("34142", html);
        Assert.Contains("Niveau 1", html);
        Assert.DoesNotContain("Retirer", html); // a professional reads, does not edit
    }

    [SkippableFact]
    public async Task Coordinator_searches_adds_and_removes_a_commune_from_the_page()
    {
        await app.StartAsync();
        var id = await CreateAsync("Page Clermontais", "243400355");
        var client = await app.LoginAsNewUserAsync(TestRoles.Coordinator, "Page Clermontais");

        var search = await client.GetStringAsync($"/territoires/{id}?q=lodeve");
        Assert.Contains("Lodève", search);
        var added = await AppFixture.PostFormAsync(client, $"/territoires/{id}", $"/territoires/{id}?handler=AddCommune", new() { ["code"] = "34142", ["version"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var page = await client.GetStringAsync($"/territoires/{id}");
        Assert.Contains("Commune 34142 ajoutée", page);
        Assert.Contains("22</span><span class=\"stat-label\">communes", page);
        Assert.Contains("commune 34142 ajoutée", page); // history

        var removed = await AppFixture.PostFormAsync(client, $"/territoires/{id}", $"/territoires/{id}?handler=RemoveCommune", new() { ["code"] = "34079", ["version"] = "2" });
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Contains("21</span><span class=\"stat-label\">communes", await client.GetStringAsync($"/territoires/{id}"));

        // A stale form (version 1) is refused with a message, nothing changes.
        var stale = await AppFixture.PostFormAsync(client, $"/territoires/{id}", $"/territoires/{id}?handler=RemoveCommune", new() { ["code"] = "34142", ["version"] = "1" });
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("modifié entre-temps", await stale.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task Territory_communes_export_as_csv()
    {
        await app.StartAsync();
        var id = await CreateAsync("Page CSV", "243400355");
        var client = await app.LoginAsNewUserAsync(TestRoles.Coordinator, "Page CSV");
        var response = await client.GetAsync($"/territoires/{id}?handler=Csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("code_insee;nom;codes_postaux;population;departement;origine", lines[0]);
        Assert.Equal(22, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("34079;Clermont-l'Hérault;34800;9461;34;", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task New_territory_form_keeps_what_was_typed_on_error()
    {
        await app.StartAsync();
        var admin = await app.LoginAsNewUserAsync(TestRoles.Admin);
        var response = await AppFixture.PostFormAsync(admin, "/territoires/nouveau", "/territoires/nouveau", new()
        {
            ["Name"] = "Formulaire gardé",
            ["Epcis"] = "243400355 123",
            ["Communes"] = "34142",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("n&#x27;est pas un code EPCI", html);
        Assert.Contains("value=\"Formulaire gard", html);
        Assert.Contains("243400355 123", html);
        Assert.Contains("href=\"#Epcis\"", html);

        var ok = await AppFixture.PostFormAsync(admin, "/territoires/nouveau", "/territoires/nouveau", new() { ["Name"] = "Formulaire gardé", ["Epcis"] = "243400355" });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
    }
}

public sealed class TerritoryPageSqliteTests(SqliteApp app) : TerritoryPageTests(app), IClassFixture<SqliteApp>;

public sealed class TerritoryPagePostgresTests(PostgresApp app) : TerritoryPageTests(app), IClassFixture<PostgresApp>;
