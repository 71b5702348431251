using System.Diagnostics;
using Maillage.Features.Accounts;
using Maillage.Infrastructure;

namespace Maillage.Features.Geography;

public static class GeographyCli
{
    /// <summary>The --territory given (name or id), or the only territory there is: for the verbs of every feature.</summary>
    public static async Task<int> TerritoryAsync(CliContext cli)
    {
        if (cli.Args.Value("territory") is { } given)
        {
            return (await cli.Get<ShowTerritory>().ExecuteAsync(given, UserScope.Everything)).Summary.Id;
        }

        var all = await cli.Get<NameTerritories>().ExecuteAsync();
        return all.Count == 1 ? all.Keys.Single() : throw DomainException.Invalid("--territory is required when there is not exactly one territory");
    }

    public static IEnumerable<CliVerb> Verbs() =>
    [
        new("geo import", "geo import [--data DIR] [--json]", ["data="], 0, ImportAsync),
        new("geo commune", "geo commune CODE [--json]", [], 1, ShowCommuneAsync),
        new("geo search", "geo search TEXT [--json]", [], 1, SearchAsync),
        new("territory create", "territory create --name NAME [--epci CODE]... [--commune CODE]... [--exclude CODE]... [--json]",
            ["name=", "epci=*", "commune=*", "exclude=*"], 0, CreateTerritoryAsync),
        new("territory show", "territory show NAME_OR_ID [--communes] [--json]", ["communes"], 1, ShowTerritoryAsync),
        new("territory list", "territory list [--json]", [], 0, ListTerritoriesAsync),
    ];

    private static async Task<int> ImportAsync(CliContext cli)
    {
        var watch = Stopwatch.StartNew();
        var result = await cli.Get<GeoImport>().RunAsync(cli.Args.Value("data"));
        if (cli.Json)
        {
            cli.WriteJson(result);
        }
        else
        {
            cli.Out.WriteLine($"{result.Regions} régions, {result.Departements} départements, {result.Epci} EPCI, {result.Communes} communes; {result.RowsWritten} row(s) written in {watch.Elapsed.TotalSeconds:0.0} s");
        }

        return 0;
    }

    private static async Task<int> ShowCommuneAsync(CliContext cli)
    {
        var commune = await cli.Get<ShowCommune>().ExecuteAsync(cli.Args.Positionals[0]);
        if (cli.Json)
        {
            cli.WriteJson(commune);
        }
        else
        {
            cli.Out.WriteLine($"{commune.Code} {commune.Name} — {commune.Population?.ToString("N0", French.Culture) ?? "population inconnue"} hab., CP {string.Join(" ", commune.PostalCodes)}");
            cli.Out.WriteLine($"EPCI {commune.Epci?.Code} {commune.Epci?.Name}; département {commune.Departement.Code} {commune.Departement.Name}; région {commune.Region.Code} {commune.Region.Name}");
        }

        return 0;
    }

    private static async Task<int> SearchAsync(CliContext cli)
    {
        var hits = await cli.Get<SearchCommunes>().ExecuteAsync(cli.Args.Positionals[0]);
        if (cli.Json)
        {
            cli.WriteJson(hits);
            return 0;
        }

        foreach (var hit in hits.Items)
        {
            cli.Out.WriteLine($"{hit.Code} {hit.Name} ({hit.PostalCodes}) {hit.Population}");
        }

        cli.Out.WriteLine($"{hits.TotalCount} commune(s)");
        return 0;
    }

    private static async Task<int> CreateTerritoryAsync(CliContext cli)
    {
        var summary = await cli.Get<CreateTerritory>().ExecuteAsync(
            new TerritoryDefinition(cli.Args.Required("name"), cli.Args.Values("epci"), cli.Args.Values("commune"), cli.Args.Values("exclude")),
            Actor.CommandLine);
        WriteSummary(cli, summary);
        return 0;
    }

    private static async Task<int> ShowTerritoryAsync(CliContext cli)
    {
        var details = await cli.Get<ShowTerritory>().ExecuteAsync(cli.Args.Positionals[0], UserScope.Everything);
        if (cli.Json && cli.Args.Flag("communes"))
        {
            cli.WriteJson(new { details.Summary.Id, details.Summary.Name, details.Communes });
            return 0;
        }

        WriteSummary(cli, details.Summary);
        if (!cli.Json && cli.Args.Flag("communes"))
        {
            foreach (var commune in details.Communes)
            {
                cli.Out.WriteLine($"  {commune.Code} {commune.Name,-40} {commune.Population,8}  {commune.Source}");
            }
        }

        return 0;
    }

    private static async Task<int> ListTerritoriesAsync(CliContext cli)
    {
        var list = await cli.Get<ListTerritories>().ExecuteAsync(UserScope.Everything);
        if (cli.Json)
        {
            cli.WriteJson(list);
            return 0;
        }

        foreach (var summary in list)
        {
            WriteSummary(cli, summary);
        }

        if (list.Count == 0)
        {
            cli.Out.WriteLine("no territory yet: create one with 'maillage territory create'");
        }

        return 0;
    }

    private static void WriteSummary(CliContext cli, TerritorySummary summary)
    {
        if (cli.Json)
        {
            cli.WriteJson(summary);
            return;
        }

        cli.Out.WriteLine($"#{summary.Id} {summary.Name}: {summary.CommuneCount} communes, {French.Number(summary.Population)} inhabitants, tier {summary.SizeTier}");
        foreach (var warning in summary.Warnings)
        {
            cli.Out.WriteLine($"  ! {warning.Message}");
        }
    }
}
