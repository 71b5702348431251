using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Data;

public static class DataCli
{
    /// <summary>Verbs that must run before the schema is current.</summary>
    public static readonly IReadOnlySet<string> SchemaVerbs = new HashSet<string> { "db migrate", "db status", "db script" };

    public static IEnumerable<CliVerb> Verbs() =>
    [
        new("db migrate", "db migrate [--json]", [], 0, MigrateAsync),
        new("db status", "db status [--json]", [], 0, StatusAsync),
        new("db script", "db script [--json]", [], 0, ScriptAsync),
    ];

    private static async Task<int> MigrateAsync(CliContext cli)
    {
        var applied = await cli.Get<SchemaMigrator>().MigrateAsync();
        var status = await cli.Get<SchemaMigrator>().StatusAsync();
        if (cli.Json)
        {
            cli.WriteJson(new { applied = applied.Select(m => new { m.Version, m.Name }), version = status.CurrentVersion });
        }
        else
        {
            cli.Out.WriteLine(applied.Count == 0
                ? $"{cli.Get<DatabaseSettings>().Description}: schema already at version {status.CurrentVersion}"
                : $"{cli.Get<DatabaseSettings>().Description}: applied {string.Join(", ", applied.Select(m => $"{m.Version:0000}_{m.Name}"))}; now at version {status.CurrentVersion}");
        }

        return 0;
    }

    private static async Task<int> StatusAsync(CliContext cli)
    {
        var status = await cli.Get<SchemaMigrator>().StatusAsync();
        if (cli.Json)
        {
            cli.WriteJson(new { current = status.CurrentVersion, latest = status.LatestVersion, pending = status.Pending.Select(m => new { m.Version, m.Name }) });
        }
        else
        {
            cli.Out.WriteLine($"{cli.Get<DatabaseSettings>().Description}: version {status.CurrentVersion} of {status.LatestVersion}{(status.IsCurrent ? "" : $", {status.Pending.Count} pending")}");
        }

        return 0;
    }

    /// <summary>
    /// Prints the schema the EF model expects on the current provider: the starting point for writing the
    /// next migration by hand (compare with the previous one, keep only the difference).
    /// </summary>
    private static Task<int> ScriptAsync(CliContext cli)
    {
        var script = cli.Get<MaillageDb>().Database.GenerateCreateScript();
        if (cli.Json)
        {
            cli.WriteJson(new { script });
        }
        else
        {
            cli.Out.WriteLine(script);
        }

        return Task.FromResult(0);
    }
}
