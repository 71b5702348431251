using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Maillage.Tests.Support;

namespace Maillage.Tests.Features.Directory;

public abstract class DirectoryImportTests(AppFixture app)
{
    private static readonly string Sample = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "samples", "annuaire-exemple.csv"));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Maillage.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }

    private async Task<string> TerritoryAsync()
    {
        var name = $"Import {Guid.NewGuid():N}"[..20];
        Assert.Equal(0, (await app.CliAsync("territory", "create", "--name", name, "--epci", "243400355", "--epci", "200017341", "--epci", "243400694")).ExitCode);
        return name;
    }

    private async Task<CliResult> ImportAsync(string territory, string csv, params string[] options)
    {
        var path = Path.Combine(TestDatabases.Root, $"{Guid.NewGuid():N}.csv");
        System.IO.Directory.CreateDirectory(TestDatabases.Root);
        await File.WriteAllTextAsync(path, csv);
        return await app.CliAsync(["directory", "import", path, "--territory", territory, "--json", .. options]);
    }

    [SkippableFact]
    public async Task The_documented_sample_imports_and_reimporting_changes_nothing()
    {
        await app.StartAsync();
        var territory = await TerritoryAsync();
        var dry = await ImportAsync(territory, Sample, "--dry-run");
        Assert.Equal(0, dry.ExitCode);
        var dryReport = JsonDocument.Parse(dry.Output).RootElement;
        Assert.True(dryReport.GetProperty("dryRun").GetBoolean());
        Assert.Equal(3, dryReport.GetProperty("created").GetProperty("professionals").GetInt32());
        Assert.Equal("", (await app.CliAsync("directory", "export", "--territory", territory)).Output.Split('\n', 2)[1].Trim());

        var first = JsonDocument.Parse((await ImportAsync(territory, Sample)).Output).RootElement;
        Assert.Equal(3, first.GetProperty("created").GetProperty("structures").GetInt32());
        Assert.Equal(4, first.GetProperty("created").GetProperty("services").GetInt32());
        var again = JsonDocument.Parse((await ImportAsync(territory, Sample)).Output).RootElement;
        Assert.Equal(0, again.GetProperty("created").GetProperty("structures").GetInt32() + again.GetProperty("created").GetProperty("professionals").GetInt32());
        Assert.Equal(0, again.GetProperty("updated").GetProperty("structures").GetInt32() + again.GetProperty("updated").GetProperty("professionals").GetInt32());

        // The imported offer is searchable at once.
        var search = JsonDocument.Parse((await app.CliAsync("directory", "search", "--capability", "antigen-testing", "--near", "34142", "--json")).Output).RootElement;
        Assert.Contains(search.GetProperty("hits").EnumerateArray(), h => h.GetProperty("structureName").GetString() == "Pharmacie du Marché (exemple fictif)");
    }

    [SkippableFact]
    public async Task Reimporting_changed_rows_updates_them_and_restores_archived_professionals()
    {
        await app.StartAsync();
        var territory = await TerritoryAsync();
        Assert.Equal(0, (await ImportAsync(territory, Sample)).ExitCode);

        // Archive one professional through the page, as a coordinator would.
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, territory);
        var search = await coordinator.GetFromJsonAsync<JsonElement>("/api/directory/professionals?q=10000000033");
        var chloe = search.GetProperty("items")[0].GetProperty("id").GetInt32();
        var archived = await AppFixture.PostFormAsync(coordinator, $"/annuaire/professionnels/{chloe}", $"/annuaire/professionnels/{chloe}?handler=Archive", new() { ["restore"] = "false" });
        Assert.Equal(HttpStatusCode.Redirect, archived.StatusCode);

        var changed = Sample
            .Replace("06 00 00 00 01", "06 11 11 11 11")
            .Replace("Adresse fictive, place du Marché", "Adresse fictive, 1 place du Marché")
            .Replace("lu-sa 09:00-12:30,14:30-19:30", "lu-sa 09:00-19:30");
        var result = await ImportAsync(territory, changed);
        Assert.True(result.ExitCode == 0, result.Error);
        var report = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(0, report.GetProperty("created").GetProperty("professionals").GetInt32());
        Assert.Equal(2, report.GetProperty("updated").GetProperty("professionals").GetInt32()); // the new phone, and Chloé restored
        Assert.Equal(1, report.GetProperty("updated").GetProperty("sites").GetInt32());
        Assert.Equal(1, report.GetProperty("updated").GetProperty("services").GetInt32());
        var restored = await coordinator.GetFromJsonAsync<JsonElement>($"/api/directory/professionals/{chloe}");
        Assert.False(restored.GetProperty("archived").GetBoolean());
    }

    [SkippableFact]
    public async Task Export_reimports_into_another_territory_as_it_is()
    {
        await app.StartAsync();
        var source = await TerritoryAsync();
        Assert.Equal(0, (await ImportAsync(source, Sample)).ExitCode);
        var exported = (await app.CliAsync("directory", "export", "--territory", source)).Output;

        var copy = await TerritoryAsync();
        var report = JsonDocument.Parse((await ImportAsync(copy, exported)).Output).RootElement;
        Assert.Equal(0, report.GetProperty("rejected").GetInt32());
        Assert.Equal(3, report.GetProperty("created").GetProperty("structures").GetInt32());
        Assert.Equal(3, report.GetProperty("created").GetProperty("professionals").GetInt32());
        Assert.Equal(exported, (await app.CliAsync("directory", "export", "--territory", copy)).Output);
    }

    [SkippableFact]
    public async Task Rejected_rows_are_reported_with_line_field_and_reason_and_the_others_are_imported()
    {
        await app.StartAsync();
        var territory = await TerritoryAsync();
        var csv = "structure_type;structure_nom;structure_siret;site_commune;rpps;nom;prenom;profession;service_nom;service_horaires\n" +
                  "msp;MSP Bonne;;34079;;;;;;\n" +
                  "msp;MSP Mauvaise;12345678901234;34800;;;;;;\n" +
                  "spaceport;Y;;;;;;;;\n" +
                  "msp;MSP Z;;34079;10000000000;Doe;John;medecin-generaliste;Consultations;lundi\n";
        var result = await ImportAsync(territory, csv);
        Assert.Equal(2, result.ExitCode);
        var report = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(4, report.GetProperty("rows").GetInt32());
        Assert.Equal(1, report.GetProperty("accepted").GetInt32());
        var errors = report.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Contains((3, "structure_siret"), errors);
        Assert.Contains((3, "site_commune"), errors);
        Assert.Contains((4, "structure_type"), errors);
        Assert.Contains((5, "rpps"), errors);
        Assert.Contains((5, "service_horaires"), errors);
        Assert.Equal(1, report.GetProperty("created").GetProperty("structures").GetInt32());
    }

    [SkippableFact]
    public async Task Files_with_unknown_columns_are_refused_whole()
    {
        await app.StartAsync();
        var territory = await TerritoryAsync();
        var result = await ImportAsync(territory, "structure_type;structure_nom;structure_siert\nmsp;X;1\n");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("structure_siert", result.Error);
        Assert.Equal(2, (await app.CliAsync("directory", "import", "/nonexistent.csv", "--territory", territory)).ExitCode);
    }

    [SkippableFact]
    public async Task Coordinators_import_from_the_page_and_see_the_report()
    {
        await app.StartAsync();
        var territory = await TerritoryAsync();
        var client = await app.LoginAsNewUserAsync(TestRoles.Coordinator, territory);
        var page = await client.GetStringAsync("/annuaire/import");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var territoryId = System.Text.RegularExpressions.Regex.Match(page, "<option value=\"(\\d+)\"").Groups[1].Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(territoryId), "TerritoryId" },
            { new StringContent("true"), "dryRun" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Sample));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "Upload", "annuaire.csv");
        var response = await client.PostAsync("/annuaire/import", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("7 ligne(s) lue(s) : 7 acceptée(s), 0 refusée(s)", html);
        Assert.Contains("Rien n'a été enregistré", html.Replace("&#x27;", "'"));

        var professional = await app.LoginAsNewUserAsync(TestRoles.Professional, territory);
        var denied = await professional.GetAsync("/annuaire/import");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
    }
}

public sealed class DirectoryImportSqliteTests(SqliteApp app) : DirectoryImportTests(app), IClassFixture<SqliteApp>;

public sealed class DirectoryImportPostgresTests(PostgresApp app) : DirectoryImportTests(app), IClassFixture<PostgresApp>;
