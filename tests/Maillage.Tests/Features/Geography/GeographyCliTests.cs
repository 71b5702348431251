using System.Text.Json;
using Maillage.Tests.Support;

namespace Maillage.Tests.Features.Geography;

/// <summary>The CLI contract of geography and territories: JSON shapes, idempotence, exit code 2 on bad input.</summary>
public abstract class GeographyCliTests(AppFixture app)
{
    [SkippableFact]
    public async Task Geo_import_reports_counts_and_changes_nothing_the_second_time()
    {
        await app.StartAsync();
        var first = await app.CliAsync("geo", "import", "--json");
        Assert.Equal(0, first.ExitCode);
        var counts = JsonDocument.Parse(first.Output).RootElement;
        Assert.Equal(26, counts.GetProperty("regions").GetInt32());
        Assert.Equal(109, counts.GetProperty("departements").GetInt32());
        Assert.Equal(1255, counts.GetProperty("epci").GetInt32());
        Assert.Equal(34969, counts.GetProperty("communes").GetInt32());

        var second = await app.CliAsync("geo", "import");
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("0 row(s) written", second.Output);
    }

    [SkippableFact]
    public async Task Geo_commune_returns_the_real_commune_with_its_epci_departement_and_region()
    {
        await app.StartAsync();
        var result = await app.CliAsync("geo", "commune", "34079", "--json");
        Assert.Equal(0, result.ExitCode);
        var commune = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal("34079", commune.GetProperty("code").GetString());
        Assert.Equal("Clermont-l'Hérault", commune.GetProperty("name").GetString());
        Assert.Equal(9461, commune.GetProperty("population").GetInt32());
        Assert.Equal(["34800"], commune.GetProperty("postalCodes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("243400355", commune.GetProperty("epci").GetProperty("code").GetString());
        Assert.Equal("Hérault", commune.GetProperty("departement").GetProperty("name").GetString());
        Assert.Equal("Occitanie", commune.GetProperty("region").GetProperty("name").GetString());
    }

    [SkippableFact]
    public async Task Corsican_communes_and_arrondissements_municipaux_are_known()
    {
        await app.StartAsync();
        var ajaccio = JsonDocument.Parse((await app.CliAsync("geo", "commune", "2a004", "--json")).Output).RootElement;
        Assert.Equal("Ajaccio", ajaccio.GetProperty("name").GetString());
        var paris1 = JsonDocument.Parse((await app.CliAsync("geo", "commune", "75101", "--json")).Output).RootElement;
        Assert.Equal("arrondissement-municipal", paris1.GetProperty("kind").GetString());
        Assert.Equal("75056", paris1.GetProperty("parent").GetProperty("code").GetString());
    }

    [SkippableTheory]
    [InlineData("34800", "Aucune commune")] // Clermont-l'Hérault's postal code: well-formed, but no commune has it as INSEE code
    [InlineData("3407", "n'est pas un code commune")]
    [InlineData("99999", "Aucune commune")]
    public async Task Geo_commune_rejects_unknown_or_malformed_codes_with_exit_code_2(string code, string message)
    {
        await app.StartAsync();
        var result = await app.CliAsync("geo", "commune", code, "--json");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Equal("", result.Output);
    }

    [SkippableFact]
    public async Task Territory_create_computes_communes_population_tier_and_warnings()
    {
        await app.StartAsync();
        var result = await app.CliAsync("territory", "create", "--name", "CPTS Test Clermontais", "--epci", "243400355", "--json");
        Assert.Equal(0, result.ExitCode);
        var territory = JsonDocument.Parse(result.Output).RootElement;
        Assert.True(territory.GetProperty("id").GetInt32() > 0);
        Assert.Equal("CPTS Test Clermontais", territory.GetProperty("name").GetString());
        Assert.Equal(21, territory.GetProperty("communeCount").GetInt32());
        var population = territory.GetProperty("population").GetInt64();
        Assert.InRange(population, 25_000, 35_000);
        Assert.Equal(1, territory.GetProperty("sizeTier").GetInt32());
        Assert.Empty(territory.GetProperty("warnings").EnumerateArray());

        var shown = JsonDocument.Parse((await app.CliAsync("territory", "show", "cpts test clermontais", "--json")).Output).RootElement;
        Assert.Equal(population, shown.GetProperty("population").GetInt64());
        var list = JsonDocument.Parse((await app.CliAsync("territory", "list", "--json")).Output).RootElement;
        Assert.Contains(list.EnumerateArray(), t => t.GetProperty("name").GetString() == "CPTS Test Clermontais");
    }

    [SkippableFact]
    public async Task Territory_with_exclusions_and_added_communes_across_departements_warns()
    {
        await app.StartAsync();
        // CC Lodévois et Larzac minus Lodève (34142), plus Millau (12145) in Aveyron.
        var result = await app.CliAsync("territory", "create", "--name", "Test Larzac", "--epci", "200017341",
            "--exclude", "34142", "--commune", "12145", "--json");
        Assert.Equal(0, result.ExitCode);
        var territory = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(28, territory.GetProperty("communeCount").GetInt32());
        var codes = territory.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).ToList();
        Assert.Contains("several-departements", codes);

        var communes = JsonDocument.Parse((await app.CliAsync("territory", "show", "Test Larzac", "--communes", "--json")).Output).RootElement;
        var listed = communes.GetProperty("communes").EnumerateArray().Select(c => c.GetProperty("code").GetString()).ToList();
        Assert.DoesNotContain("34142", listed);
        Assert.Contains("12145", listed);
    }

    [SkippableFact]
    public async Task Small_territory_warns_about_population()
    {
        await app.StartAsync();
        var result = await app.CliAsync("territory", "create", "--name", "Test Petit", "--commune", "34079", "--json");
        var territory = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(1, territory.GetProperty("communeCount").GetInt32());
        Assert.Contains(territory.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "population-low");
    }

    [SkippableTheory]
    [InlineData("unknown epci", "--epci", "999999999")]
    [InlineData("malformed epci", "--epci", "24340")]
    [InlineData("unknown commune", "--commune", "34999")]
    [InlineData("postal code given as commune", "--commune", "3480")]
    [InlineData("exclusion outside", "--exclude", "75056")]
    public async Task Territory_create_rejects_bad_input_with_exit_code_2_and_writes_nothing(string name, string option, string code)
    {
        await app.StartAsync();
        var before = (await app.CliAsync("territory", "list", "--json")).Output;
        var args = new List<string> { "territory", "create", "--name", $"Rejected {name}", option, code };
        if (option == "--exclude")
        {
            args.AddRange(["--commune", "34079"]);
        }

        var result = await app.CliAsync([.. args]);
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", result.Error);
        Assert.Equal(before, (await app.CliAsync("territory", "list", "--json")).Output);
    }

    [SkippableFact]
    public async Task Territory_create_rejects_empty_territories_and_duplicate_names()
    {
        await app.StartAsync();
        var empty = await app.CliAsync("territory", "create", "--name", "Vide");
        Assert.Equal(2, empty.ExitCode);
        Assert.Contains("aucune commune", empty.Error);

        var emptied = await app.CliAsync("territory", "create", "--name", "Vidé", "--commune", "34079", "--exclude", "34079");
        Assert.Equal(2, emptied.ExitCode);

        Assert.Equal(0, (await app.CliAsync("territory", "create", "--name", "Doublon Test", "--commune", "34079")).ExitCode);
        var duplicate = await app.CliAsync("territory", "create", "--name", "doublon test", "--commune", "34142");
        Assert.Equal(2, duplicate.ExitCode);
        Assert.Contains("s'appelle déjà", duplicate.Error);
    }

    [SkippableFact]
    public async Task Whole_commune_and_its_arrondissement_cannot_both_be_in_a_territory()
    {
        await app.StartAsync();
        var result = await app.CliAsync("territory", "create", "--name", "Paris double", "--commune", "75056", "--commune", "75101");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("arrondissement", result.Error);
    }

    [SkippableFact]
    public async Task Unknown_commands_and_options_exit_with_code_2()
    {
        await app.StartAsync();
        Assert.Equal(2, (await app.CliAsync("territory", "explode")).ExitCode);
        var option = await app.CliAsync("territory", "list", "--colour");
        Assert.Equal(2, option.ExitCode);
        Assert.Contains("--colour", option.Error);
        Assert.Equal(2, (await app.CliAsync("territory", "show", "Nulle part", "--json")).ExitCode);
    }
}

public sealed class GeographyCliSqliteTests(SqliteApp app) : GeographyCliTests(app), IClassFixture<SqliteApp>;

public sealed class GeographyCliPostgresTests(PostgresApp app) : GeographyCliTests(app), IClassFixture<PostgresApp>;
