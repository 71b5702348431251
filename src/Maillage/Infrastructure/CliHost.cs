using System.Data.Common;
using Maillage.Data;

namespace Maillage.Infrastructure;

/// <summary>Runs one CLI verb in a host that has the same services as the web app, then exits.</summary>
public static class CliHost
{
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] != "serve" && !args[0].StartsWith('-');

    public static async Task<int> RunAsync(
        string[] args,
        IReadOnlyList<CliVerb> verbs,
        Action<IServiceCollection, IConfiguration> addServices,
        TextReader input,
        TextWriter output,
        TextWriter error,
        IDictionary<string, string?>? configuration = null)
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            WriteUsage(output, verbs);
            return 0;
        }

        var verb = args.Length > 1 ? verbs.FirstOrDefault(v => v.Name == $"{args[0]} {args[1]}") : null;
        verb ??= verbs.FirstOrDefault(v => v.Name == args[0]);
        if (verb is null)
        {
            error.WriteLine($"maillage: unknown command '{string.Join(' ', args.Take(2))}'; 'maillage help' lists the commands");
            return 2;
        }

        try
        {
            var parsed = CliArgs.Parse(args[verb.Name.Split(' ').Length..], verb);
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                ContentRootPath = AppContext.BaseDirectory,
                Args = [],
            });
            if (configuration is not null)
            {
                builder.Configuration.AddInMemoryCollection(configuration);
            }

            builder.Logging.ClearProviders();
            addServices(builder.Services, builder.Configuration);
            using var host = builder.Build();
            if (verb.UsesDatabase && !DataCli.SchemaVerbs.Contains(verb.Name))
            {
                await host.Services.PrepareDatabaseAsync();
            }

            await using var scope = host.Services.CreateAsyncScope();
            return await verb.Run(new CliContext(parsed, scope.ServiceProvider, input, output, error));
        }
        catch (DomainException e)
        {
            error.WriteLine($"maillage: {e.Message}");
            return 2;
        }
        catch (DbException e)
        {
            error.WriteLine($"maillage: database error: {e.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("MAILLAGE_DEBUG") != "1")
        {
            error.WriteLine($"maillage: unexpected error: {e.GetBaseException().Message.ReplaceLineEndings(" ")} (set MAILLAGE_DEBUG=1 for details)");
            return 1;
        }
    }

    private static void WriteUsage(TextWriter output, IReadOnlyList<CliVerb> verbs)
    {
        output.WriteLine("usage: maillage <command> [options]");
        output.WriteLine("  serve [--urls URL]        run the web application (default http://127.0.0.1:5080)");
        foreach (var verb in verbs.OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            output.WriteLine($"  {verb.Usage}");
        }

        output.WriteLine("Bad input exits with code 2 and one line on stderr. MAILLAGE_DB selects the database.");
    }
}
