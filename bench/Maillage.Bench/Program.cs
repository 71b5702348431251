using System.Diagnostics;
using System.Globalization;
using Maillage;
using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// Benchmarks of Maillage, run by hand (never as tests):
//   dotnet run -c Release --project bench/Maillage.Bench -- [geo-import|territory|directory|roster|regulation|equipment|reporting|bulletins|all] [--runs N] [--no-mail]
// Results go to stdout as Markdown rows, to be copied into docs/performance.md with the machine description.
var what = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(int.Parse).FirstOrDefault(5);
var work = Path.Combine(Path.GetTempPath(), $"maillage-bench-{Environment.ProcessId}");
Directory.CreateDirectory(work);
Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {Environment.OSVersion}, .NET {Environment.Version}");

try
{
    if (what is "geo-import" or "all")
    {
        await GeoImportAsync();
    }

    if (what is "territory" or "all")
    {
        await TerritoryAsync();
    }

    if (what is "directory" or "all")
    {
        await DirectoryBench.RunAsync(work, runs);
    }

    if (what is "roster" or "all")
    {
        await RosterBench.RunAsync(work, runs, instances: 50);
    }

    if (what is "regulation" or "all")
    {
        RegulationBench.Run(runs);
    }

    if (what is "equipment" or "all")
    {
        await EquipmentBench.RunAsync(work, runs);
    }

    if (what is "reporting" or "all")
    {
        await ReportingBench.RunAsync(work, runs);
    }

    if (what is "bulletins" or "all")
    {
        await BulletinBench.RunAsync(work, runs, mail: !args.Contains("--no-mail"));
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}

async Task GeoImportAsync()
{
    var first = new List<double>();
    var again = new List<double>();
    for (var run = 0; run < runs; run++)
    {
        var db = Path.Combine(work, $"geo{run}.db");
        await Cli(db, "db", "migrate");
        first.Add(await TimeAsync(() => Cli(db, "geo", "import")));
        again.Add(await TimeAsync(() => Cli(db, "geo", "import")));
    }

    BenchReport.Row("geo import, empty SQLite database (s)", first);
    BenchReport.Row("geo import, already imported: no change (s)", again);
}

async Task TerritoryAsync()
{
    var db = Path.Combine(work, "territory.db");
    await Cli(db, "demo", "load");
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["MAILLAGE_DB"] = db,
        ["MAILLAGE_KEYS"] = Path.Combine(work, "keys"),
    }).Build();
    var services = new ServiceCollection().AddLogging();
    MaillageApp.AddCore(services, configuration);
    await using var provider = services.BuildServiceProvider();
    var timings = new List<double>();
    for (var i = 0; i < 50 * runs; i++)
    {
        await using var scope = provider.CreateAsyncScope();
        var show = scope.ServiceProvider.GetRequiredService<ShowTerritory>();
        timings.Add(await TimeAsync(() => show.ExecuteAsync("CPTS Cœur d'Hérault", UserScope.Everything)) * 1000);
    }

    BenchReport.Row("territory details (77 communes, population, tier, warnings), in process (ms)", timings.Skip(5).ToList());
}

static async Task<double> TimeAsync(Func<Task> action)
{
    var watch = Stopwatch.StartNew();
    await action();
    return watch.Elapsed.TotalSeconds;
}

static async Task Cli(string db, params string[] args)
{
    var config = new Dictionary<string, string?> { ["MAILLAGE_DB"] = db, ["MAILLAGE_KEYS"] = Path.Combine(Path.GetDirectoryName(db)!, "keys") };
    var error = new StringWriter();
    var code = await MaillageApp.RunCliAsync(args, TextReader.Null, TextWriter.Null, error, config);
    if (code != 0)
    {
        throw new InvalidOperationException($"{string.Join(' ', args)} failed: {error}");
    }
}

