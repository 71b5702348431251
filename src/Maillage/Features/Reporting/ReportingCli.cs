using System.Text.Json;
using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;

namespace Maillage.Features.Reporting;

public static class ReportingCli
{
    public static IEnumerable<CliVerb> Verbs() =>
    [
        new("report weekly", "report weekly --territory NAME_OR_ID --week 2020-W14 [--centre ID] [--format csv|json|fhir] [--out FILE]", ["territory=", "week=", "centre=", "format=", "out="], 0, WeeklyAsync),
        new("activity import", "activity import FILE.csv [--territory NAME_OR_ID] [--dry-run] [--json]", ["territory=", "dry-run"], 1, ImportAsync),
    ];

    /// <summary>The week as it leaves the territory (small counts suppressed): the approved version, or the current draft, marked as such.</summary>
    private static async Task<int> WeeklyAsync(CliContext cli)
    {
        var territory = await GeographyCli.TerritoryAsync(cli);
        var monday = IsoWeeks.Parse(cli.Args.Required("week"));
        var format = (cli.Args.Value("format") ?? (cli.Json ? "json" : "text")).ToLowerInvariant();
        if (format is not ("text" or "csv" or "json" or "fhir"))
        {
            throw DomainException.Invalid($"unknown format '{format}': csv, json or fhir");
        }

        var report = await cli.Get<WeeklyReports>().BuildAsync(territory, monday);
        var threshold = (await cli.Get<ReportingSettingsStore>().GetAsync(territory)).SuppressionThreshold;
        int? centre = cli.Args.Value("centre") is { } centreText
            ? int.TryParse(centreText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : throw DomainException.Invalid($"--centre takes a centre number, not '{centreText}'")
            : null;
        var week = Publication.Only(Publication.Publish(report, threshold), centre);
        var now = cli.Get<TimeProvider>().GetUtcNow().UtcDateTime;
        var text = format switch
        {
            "csv" => System.Text.Encoding.UTF8.GetString(Publication.Csv(week)),
            "json" => JsonSerializer.Serialize(week, CliContext.JsonOptions),
            "fhir" => Publication.Fhir(week, now).ToJsonString(Publication.FhirJson),
            _ => Summary(week),
        };
        if (cli.Args.Value("out") is { } path)
        {
            var full = Path.GetFullPath(path);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, text);
            cli.Out.WriteLine($"{week.Territory} {week.Week}: {(week.State == WeekState.Approved ? $"approved v{week.Version}" : "draft, not approved")} → {full}");
        }
        else
        {
            cli.Out.Write(text);
            if (!text.EndsWith('\n'))
            {
                cli.Out.WriteLine();
            }
        }

        return 0;
    }

    private static string Summary(PublishedWeek week)
    {
        var lines = new List<string>
        {
            $"{week.Territory} — {week.Week} ({week.Monday:yyyy-MM-dd} to {week.Sunday:yyyy-MM-dd}) — {(week.State == WeekState.Approved ? $"approved, version {week.Version}" : "draft, not approved")}",
            $"completeness: {week.CompleteDays}/{week.ExpectedDays} centre-days; counts below {week.Threshold} shown as <{week.Threshold}",
        };
        foreach (var block in week.Blocks)
        {
            lines.Add($"{block.Name}");
            lines.AddRange(block.Lines.Select(l => $"  {l.Code,-24}{string.Join(" ", l.Days.Select(c => c.Text(week.Threshold).PadLeft(6)))}  | {l.Total.Text(week.Threshold)}"));
        }

        return string.Join('\n', lines) + "\n";
    }

    /// <summary>Exit 0 when every line is imported (or would be, on a dry run), 1 when some lines are refused (nothing is kept), 2 when the file cannot be read.</summary>
    private static async Task<int> ImportAsync(CliContext cli)
    {
        var path = cli.Args.Positionals[0];
        if (!File.Exists(path))
        {
            throw DomainException.Invalid($"file not found: {path}");
        }

        var territory = await GeographyCli.TerritoryAsync(cli);
        var report = await cli.Get<ActivityImport>().ExecuteAsync(territory, await File.ReadAllTextAsync(path), cli.Args.Flag("dry-run"), Actor.CommandLine);
        if (cli.Json)
        {
            cli.WriteJson(report);
        }
        else
        {
            var outcome = report.Errors.Count > 0 ? "nothing imported" : report.DryRun ? "dry run, nothing written" : "imported";
            cli.Out.WriteLine($"{report.Lines} line(s), {report.Values} value(s), {report.Changed} change(s): {outcome}");
            foreach (var e in report.Errors)
            {
                cli.Out.WriteLine($"  line {e.Line}: {e.Message}");
            }
        }

        return report.Errors.Count == 0 ? 0 : 1;
    }
}
