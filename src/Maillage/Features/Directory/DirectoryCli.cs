using System.Globalization;
using Maillage.Features.Accounts;
using Maillage.Infrastructure;

namespace Maillage.Features.Directory;

public static class DirectoryCli
{
    public static IEnumerable<CliVerb> Verbs() =>
    [
        new("directory search",
            "directory search --capability C [--capability C]... [--near CODE | --lat X --lon Y] [--radius KM] [--open-at ISO | --open-now] [--profession P] [--territory ID] [--limit N] [--json]",
            ["capability=*", "near=", "lat=", "lon=", "radius=", "open-at=", "open-now", "profession=", "territory=", "limit="], 0, SearchAsync),
        new("directory import", "directory import FILE.csv [--territory NAME_OR_ID] [--dry-run] [--json]", ["territory=", "dry-run"], 1, ImportAsync),
        new("directory export", "directory export [--territory NAME_OR_ID] [--out FILE.csv]", ["territory=", "out="], 0, ExportAsync),
        new("directory export-fhir", "directory export-fhir [--territory NAME_OR_ID] --out FILE.json [--base URL]", ["territory=", "out=", "base="], 0, ExportFhirAsync),
    ];

    private static async Task<int> ExportFhirAsync(CliContext cli)
    {
        var path = cli.Args.Required("out");
        int? territory = cli.Args.Value("territory") is null ? null : await Geography.GeographyCli.TerritoryAsync(cli);
        var resources = await cli.Get<DirectoryFhir>().ExecuteAsync(UserScope.Everything, null, territory);
        var bundle = DirectoryFhir.Collection(resources, cli.Args.Value("base") ?? "urn:maillage:fhir", cli.Get<TimeProvider>().GetUtcNow().UtcDateTime);
        await File.WriteAllTextAsync(path, bundle.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        if (cli.Json)
        {
            cli.WriteJson(new { path, resources = resources.Count });
        }
        else
        {
            cli.Out.WriteLine($"wrote {path}: a FHIR R4 Bundle of {resources.Count} resources");
        }

        return 0;
    }

    private static async Task<int> ImportAsync(CliContext cli)
    {
        var path = cli.Args.Positionals[0];
        if (!File.Exists(path))
        {
            throw DomainException.Invalid($"file not found: {path}");
        }

        var territory = await Geography.GeographyCli.TerritoryAsync(cli);
        var report = await cli.Get<ImportDirectory>().ExecuteAsync(await File.ReadAllTextAsync(path), territory, cli.Args.Flag("dry-run"), Actor.CommandLine, UserScope.Everything);
        if (cli.Json)
        {
            cli.WriteJson(report);
        }
        else
        {
            cli.Out.WriteLine($"{(report.DryRun ? "dry run: " : "")}{report.Rows} row(s), {report.Accepted} accepted, {report.Rejected} rejected");
            cli.Out.WriteLine($"created: {report.Created.Structures} structures, {report.Created.Sites} sites, {report.Created.Services} services, {report.Created.Professionals} professionals, {report.Created.Memberships} memberships");
            cli.Out.WriteLine($"updated: {report.Updated.Structures} structures, {report.Updated.Sites} sites, {report.Updated.Services} services, {report.Updated.Professionals} professionals, {report.Updated.Memberships} memberships");
            foreach (var error in report.Errors)
            {
                cli.Out.WriteLine($"  line {error.Line}, {error.Field}: {error.Message}");
            }
        }

        if (report.Rejected > 0)
        {
            cli.Error.WriteLine($"maillage: {report.Rejected} row(s) rejected{(report.DryRun ? "" : "; the other rows were imported")}");
            return 2;
        }

        return 0;
    }

    private static async Task<int> ExportAsync(CliContext cli)
    {
        var bytes = await cli.Get<ExportDirectory>().ExecuteAsync(await Geography.GeographyCli.TerritoryAsync(cli), UserScope.Everything);
        if (cli.Args.Value("out") is { } path)
        {
            await File.WriteAllBytesAsync(path, bytes);
            cli.Out.WriteLine($"wrote {path}");
        }
        else
        {
            cli.Out.Write(System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF'));
        }

        return 0;
    }

    private static async Task<int> SearchAsync(CliContext cli)
    {
        var query = new OfferQuery(
            cli.Args.Values("capability"),
            cli.Args.Value("near"),
            Number(cli, "lat"),
            Number(cli, "lon"),
            Number(cli, "radius"),
            DirectoryFeature.ParseInstant(cli.Args.Value("open-at"), "open-at"),
            cli.Args.Flag("open-now"),
            cli.Args.Value("profession"),
            (int?)Number(cli, "territory"),
            (int?)Number(cli, "limit") ?? 20);
        var result = await cli.Get<SearchOffer>().ExecuteAsync(query, UserScope.Everything);
        if (cli.Json)
        {
            cli.WriteJson(result);
            return 0;
        }

        cli.Out.WriteLine($"{result.Total} result(s){(result.Reference is null ? "" : $" near {result.Reference}")}, at {French.DateTime(result.AtUtc)} (Paris)");
        foreach (var hit in result.Hits)
        {
            cli.Out.WriteLine($"- {hit.StructureName} — {hit.SiteName}, {hit.CommuneName} — {hit.Phone ?? "no phone"}");
            cli.Out.WriteLine($"    {string.Join("; ", hit.Reasons)}");
        }

        return 0;
    }

    private static double? Number(CliContext cli, string option)
    {
        var text = cli.Args.Value(option);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw DomainException.Invalid($"--{option} must be a number, not '{text}'");
    }
}
