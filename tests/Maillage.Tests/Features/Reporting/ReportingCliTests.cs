using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maillage.Features.Reporting;
using Maillage.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Reporting;

/// <summary>The command line of activity reporting: the weekly report in each format, and the back-fill import with its exit codes.</summary>
public abstract class ReportingCliTests(AppFixture app)
{
    private const string Week = "2020-W14";

    private static string Folder()
    {
        var folder = Path.Combine(TestDatabases.Root, $"reporting-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(folder);
        return folder;
    }

    private async Task<int> ValuesAsync(int territory)
    {
        await using var db = TestDb.Open(app.Database);
        return await db.Set<ActivityValue>().CountAsync(v => v.TerritoryId == territory) + await db.Set<ActivityChange>().CountAsync(c => c.TerritoryId == territory);
    }

    private static void AssertBadInput(CliResult result, string message)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.StartsWith("maillage: ", result.Error);
        Assert.Equal("", result.Output);
    }

    [SkippableFact]
    public async Task The_weekly_report_comes_out_as_csv_json_or_fhir_draft_then_approved()
    {
        await app.StartAsync();
        var p = await ReportingApiTests.CentreAsync(app);
        await ReportingApiTests.JsonAsync(await p.Coordinator.PutAsJsonAsync(p.Day(new DateOnly(2020, 3, 30)), new
        {
            values = new Dictionary<string, int?> { [Indicators.PcrTests] = 20, [Indicators.AntigenTests] = 6, [Indicators.Positives] = 2 },
        }));

        var csv = await app.CliAsync("report", "weekly", "--territory", p.Name, "--week", Week, "--format", "csv");
        Assert.True(csv.ExitCode == 0, csv.Error);
        var lines = csv.Output.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("territoire;semaine;version;statut;centre;indicateur;libelle;unite;2020-03-30;", lines[0]);
        var positives = lines.Single(l => l.Contains($";Centre Covid du gymnase;{Indicators.Positives};", StringComparison.Ordinal));
        Assert.StartsWith($"{p.Name};{Week};;brouillon;", positives);
        Assert.Contains(";<5;NR;", positives);
        Assert.Contains(";20;NR;", lines.Single(l => l.Contains($";Centre Covid du gymnase;{Indicators.PcrTests};", StringComparison.Ordinal)));

        var json = await app.CliAsync("report", "weekly", "--territory", p.Territory.ToString(System.Globalization.CultureInfo.InvariantCulture), "--week", "2020-w14", "--format", "json");
        Assert.True(json.ExitCode == 0, json.Error);
        var week = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal(("open", Week, 5, 7, 1), (week.GetProperty("state").GetString(), week.GetProperty("week").GetString(), week.GetProperty("threshold").GetInt32(),
            week.GetProperty("expectedDays").GetInt32(), week.GetProperty("completeDays").GetInt32()));

        var draft = await app.CliAsync("report", "weekly", "--territory", p.Name, "--week", Week, "--format", "fhir");
        Assert.True(draft.ExitCode == 0, draft.Error);
        var draftBundle = JsonNode.Parse(draft.Output)!;
        var (code, output) = await FhirValidator.ValidateAsync(draftBundle);
        Assert.True(code == 0, output);
        Assert.All(MeasureReports(draftBundle), r => Assert.Equal("pending", r["status"]!.GetValue<string>()));

        await ReportingApiTests.JsonAsync(await p.Coordinator.PostAsJsonAsync($"{p.Api}/weeks/{Week}/approve", new { acceptIncomplete = true }));
        var folder = Folder();
        var file = Path.Combine(folder, "rapport", "s14.json");
        var written = await app.CliAsync("report", "weekly", "--territory", p.Name, "--week", Week, "--format", "fhir", "--out", file);
        Assert.True(written.ExitCode == 0, written.Error);
        Assert.Contains($"{p.Name} {Week}: approved v1 → {file}", written.Output);
        (code, output) = await FhirValidator.ValidateAsync(file);
        Assert.True(code == 0, output);
        var bundle = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        Assert.Equal(4, MeasureReports(bundle).Count);
        Assert.All(MeasureReports(bundle), r => Assert.Equal("complete", r["status"]!.GetValue<string>()));
        Assert.Contains(MeasureReports(bundle), r => r["id"]!.GetValue<string>() == $"t{p.Territory}-2020-w14-depistage-v1");
        Assert.Contains(FhirValidator.Descendants(bundle).OfType<JsonObject>(), o => o["comparator"]?.GetValue<string>() == "<" && o["value"]!.GetValue<int>() == 5);

        var text = await app.CliAsync("report", "weekly", "--territory", p.Name, "--week", Week);
        Assert.True(text.ExitCode == 0, text.Error);
        Assert.Contains("approved, version 1", text.Output);
        Assert.Contains("counts below 5 shown as <5", text.Output);
    }

    private static List<JsonNode> MeasureReports(JsonNode bundle) =>
        bundle["entry"]!.AsArray().Select(e => e!["resource"]!).Where(r => r["resourceType"]!.GetValue<string>() == "MeasureReport").ToList();

    [SkippableFact]
    public async Task A_bad_week_format_or_territory_is_one_line_on_stderr_and_exit_code_2()
    {
        await app.StartAsync();
        var p = await ReportingApiTests.CentreAsync(app);

        AssertBadInput(await app.CliAsync("report", "weekly", "--territory", p.Name, "--week", "2021-W53"), "Semaine invalide « 2021-W53 »");
        AssertBadInput(await app.CliAsync("report", "weekly", "--territory", p.Name, "--week", "avril"), "Semaine invalide « avril »");
        AssertBadInput(await app.CliAsync("report", "weekly", "--territory", p.Name, "--week", Week, "--format", "pdf"), "unknown format 'pdf'");
        AssertBadInput(await app.CliAsync("report", "weekly", "--territory", "Territoire qui n'existe pas", "--week", Week), "maillage: ");
        AssertBadInput(await app.CliAsync("report", "weekly", "--territory", p.Name), "--week");
    }

    [SkippableFact]
    public async Task An_import_dry_run_writes_nothing_and_its_exit_code_says_whether_every_line_would_go_in()
    {
        await app.StartAsync();
        var p = await ReportingApiTests.CentreAsync(app);
        var folder = Folder();
        var clean = Path.Combine(folder, "propre.csv");
        await File.WriteAllTextAsync(clean, $"centre;date;tests-pcr;tests-antigeniques;positifs\n{p.Centre};2020-04-06;10;5;2\nCentre Covid du gymnase;07/04/2020;4;1;0\n");
        var refused = Path.Combine(folder, "refus.csv");
        await File.WriteAllTextAsync(refused, $"centre;date;tests-pcr;tests-antigeniques;positifs\n{p.Centre};2020-04-06;10;5;2\nCentre fantôme;2020-04-07;1;1;0\n{p.Centre};2020-02-30;1;1;1\n{p.Centre};2020-04-08;1;1;3\n{p.Centre};2020-04-06;1;1;0\n");

        var dry = await app.CliAsync("activity", "import", clean, "--territory", p.Name, "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.Error);
        Assert.Equal("2 line(s), 6 value(s), 6 change(s): dry run, nothing written", dry.Output.Trim());
        Assert.Equal(0, await ValuesAsync(p.Territory));

        var bad = await app.CliAsync("activity", "import", refused, "--territory", p.Name, "--dry-run");
        Assert.Equal(1, bad.ExitCode);
        var lines = bad.Output.Trim().Split('\n').Select(l => l.Trim()).ToList();
        Assert.Equal("5 line(s), 6 value(s), 3 change(s): nothing imported", lines[0]);
        Assert.Equal(4, lines.Count(l => l.StartsWith("line ", StringComparison.Ordinal)));
        Assert.StartsWith("line 3: centre inconnu « Centre fantôme »", lines[1]);
        Assert.StartsWith("line 4: date « 2020-02-30 » illisible", lines[2]);
        Assert.Contains("line 5: Tests positifs : 3 pour 2 test(s)", lines[3]);
        Assert.Contains("line 6: Centre Covid du gymnase le 06/04/2020 apparaît déjà plus haut", lines[4]);
        Assert.Equal(0, await ValuesAsync(p.Territory));

        var asJson = await app.CliAsync("activity", "import", refused, "--territory", p.Name, "--dry-run", "--json");
        Assert.Equal(1, asJson.ExitCode);
        var report = JsonDocument.Parse(asJson.Output).RootElement;
        Assert.Equal([3, 4, 5, 6], report.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt32()));
        Assert.False(report.GetProperty("applied").GetBoolean());

        // Without --dry-run, a refused line still keeps the whole file out.
        Assert.Equal(1, (await app.CliAsync("activity", "import", refused, "--territory", p.Name)).ExitCode);
        Assert.Equal(0, await ValuesAsync(p.Territory));

        AssertBadInput(await app.CliAsync("activity", "import", Path.Combine(folder, "absent.csv"), "--territory", p.Name, "--dry-run"), "file not found");
        var columns = Path.Combine(folder, "colonnes.csv");
        await File.WriteAllTextAsync(columns, "centre;date;vaccins\n1;2020-04-06;3\n");
        AssertBadInput(await app.CliAsync("activity", "import", columns, "--territory", p.Name, "--dry-run"), "Colonne(s) inconnue(s) : vaccins");
        var empty = Path.Combine(folder, "vide.csv");
        await File.WriteAllTextAsync(empty, "");
        AssertBadInput(await app.CliAsync("activity", "import", empty, "--territory", p.Name), "Le fichier est vide");
        Assert.Equal(0, await ValuesAsync(p.Territory));

        var done = await app.CliAsync("activity", "import", clean, "--territory", p.Name);
        Assert.True(done.ExitCode == 0, done.Error);
        Assert.Equal("2 line(s), 6 value(s), 6 change(s): imported", done.Output.Trim());
        var sheet = await ReportingApiTests.JsonAsync(await p.Coordinator.GetAsync(p.Day(new DateOnly(2020, 4, 7))));
        Assert.Equal(4, sheet.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("code").GetString() == Indicators.PcrTests).GetProperty("entered").GetInt32());
        Assert.Equal(12, await ValuesAsync(p.Territory)); // 6 values and their 6 changes
        Assert.Equal(HttpStatusCode.OK, (await p.Coordinator.GetAsync($"{p.Api}/weeks/2020-W15")).StatusCode);
    }
}

public sealed class ReportingCliSqliteTests(SqliteApp app) : ReportingCliTests(app), IClassFixture<SqliteApp>;

public sealed class ReportingCliPostgresTests(PostgresApp app) : ReportingCliTests(app), IClassFixture<PostgresApp>;
