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
    ];

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
