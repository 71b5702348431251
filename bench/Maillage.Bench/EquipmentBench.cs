using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Maillage;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Equipment;
using Maillage.Features.Geography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

/// <summary>
/// Stock ledger throughput: distributions of one unit recorded through <see cref="RecordOperation"/> in process,
/// each in its own DI scope as a request would be, with an idempotency key, on SQLite and (when
/// MAILLAGE_BENCH_PG gives a server URL) PostgreSQL: one client, then N clients on one stock (they queue on
/// that stock's lock), then N clients each on its own depot.
/// </summary>
internal static class EquipmentBench
{
    private const int Depots = 8;

    public static async Task RunAsync(string work, int runs)
    {
        await RunProviderAsync("SQLite", Path.Combine(work, "equipment.db"), work, runs);
        if (Environment.GetEnvironmentVariable("MAILLAGE_BENCH_PG") is { Length: > 0 } admin)
        {
            var name = $"maillage_bench_{Environment.ProcessId}";
            await using (var connection = new NpgsqlConnection(DatabaseSettings.Parse(admin).ConnectionString))
            {
                await connection.OpenAsync();
                await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection).ExecuteNonQueryAsync();
            }

            var url = new UriBuilder(new Uri(admin)) { Path = "/" + name }.Uri.ToString();
            await Cli(url, work, "db", "migrate");
            await RunProviderAsync("PostgreSQL", url, work, runs);
        }
        else
        {
            Console.WriteLine("PostgreSQL figures skipped: set MAILLAGE_BENCH_PG=postgresql://user@127.0.0.1:PORT/postgres");
        }
    }

    private static async Task RunProviderAsync(string label, string db, string work, int runs)
    {
        await Cli(db, work, "geo", "import");
        await Cli(db, work, "territory", "create", "--name", "Bench matériel", "--epci", "243400355");
        await Cli(db, work, "directory", "import", Path.Combine(FindRoot(), "docs", "samples", "annuaire-exemple.csv"), "--territory", "Bench matériel");

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MAILLAGE_DB"] = db,
            ["MAILLAGE_KEYS"] = Path.Combine(work, "keys"),
        }).Build();
        var services = new ServiceCollection().AddLogging();
        MaillageApp.AddCore(services, configuration);
        await using var provider = services.BuildServiceProvider();
        var admin = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "bench"), new Claim(ClaimTypes.Name, "bench"), new Claim(ClaimTypes.Role, Roles.Administrator)], "bench"));

        int territory, item;
        var depots = new List<int>();
        await using (var scope = provider.CreateAsyncScope())
        {
            var data = scope.ServiceProvider.GetRequiredService<MaillageDb>();
            territory = await data.Set<Territory>().Where(t => t.Name == "Bench matériel").Select(t => t.Id).FirstAsync();
            item = await data.Set<EquipmentItem>().Where(i => i.Code == "masque-chirurgical").Select(i => i.Id).FirstAsync();
            var site = await data.Set<Site>().Join(data.Set<Structure>().Where(s => s.TerritoryId == territory), s => s.StructureId, s => s.Id, (s, _) => s.Id).FirstAsync();
            var catalogue = scope.ServiceProvider.GetRequiredService<EquipmentCatalogue>();
            for (var d = 0; d < Depots; d++)
            {
                depots.Add(await catalogue.CreateDepotAsync(territory, new DepotRequest(site, $"Dépôt {d + 1}"), admin, CancellationToken.None));
            }
        }

        var counter = 0;
        async Task<double> RecordAsync(OperationRequest request)
        {
            await using var scope = provider.CreateAsyncScope();
            var record = scope.ServiceProvider.GetRequiredService<RecordOperation>();
            var watch = Stopwatch.StartNew();
            await record.ExecuteAsync(territory, request with { Key = $"k{Interlocked.Increment(ref counter)}" }, admin);
            return watch.Elapsed.TotalMilliseconds;
        }

        OperationRequest Distribution(int depot) => new(OperationKind.Distribution, depot, item, Quantity: 1, RecipientName: "Cabinet", CollectedBy: "Bench");

        foreach (var depot in depots)
        {
            await RecordAsync(new OperationRequest(OperationKind.StateAllocation, depot, item, Quantity: StockLedger.MaxQuantity));
        }

        // Warm-up: JIT, pools, query caches.
        for (var i = 0; i < 100; i++)
        {
            await RecordAsync(Distribution(depots[0]));
        }

        var total = 400 * runs;
        var sequential = new List<double>();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            sequential.Add(await RecordAsync(Distribution(depots[0])));
        }

        Throughput($"{label}, 1 client, one stock", total, watch.Elapsed);
        BenchReport.Row($"{label}, one distribution, 1 client (ms)", sequential);

        foreach (var clients in new[] { 8, 32 })
        {
            foreach (var spread in new[] { false, true })
            {
                var latencies = new List<double>();
                watch.Restart();
                var per = total / clients;
                var results = await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
                {
                    var mine = new List<double>();
                    for (var i = 0; i < per; i++)
                    {
                        mine.Add(await RecordAsync(Distribution(spread ? depots[c % Depots] : depots[0])));
                    }

                    return mine;
                })));
                var elapsed = watch.Elapsed;
                foreach (var r in results)
                {
                    latencies.AddRange(r);
                }

                var where = spread ? $"{Depots} stocks" : "one stock";
                Throughput($"{label}, {clients} clients, {where}", per * clients, elapsed);
                BenchReport.Row($"{label}, one distribution, {clients} clients, {where} (ms)", latencies);
            }
        }

        await using (var scope = provider.CreateAsyncScope())
        {
            // The ledger still balances after the benchmark: a sanity check, not a measure.
            var data = scope.ServiceProvider.GetRequiredService<MaillageDb>();
            var lots = await data.Set<StockLot>().Where(l => l.TerritoryId == territory).ToDictionaryAsync(l => l.Id, l => l.OnHand);
            var sums = await data.Set<StockMovement>().Where(m => m.TerritoryId == territory).GroupBy(m => m.LotId).Select(g => new { g.Key, Sum = g.Sum(m => m.Quantity) }).ToListAsync();
            if (sums.Any(s => lots[s.Key] != s.Sum))
            {
                throw new InvalidOperationException("the ledger does not balance");
            }
        }
    }

    private static void Throughput(string name, int operations, TimeSpan elapsed) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {operations} | {elapsed.TotalSeconds:0.00} s | **{operations / elapsed.TotalSeconds:0} /s** |"));

    private static async Task Cli(string db, string work, params string[] args)
    {
        var config = new Dictionary<string, string?> { ["MAILLAGE_DB"] = db, ["MAILLAGE_KEYS"] = Path.Combine(work, "keys") };
        var error = new StringWriter();
        var code = await MaillageApp.RunCliAsync(args, TextReader.Null, TextWriter.Null, error, config);
        if (code != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', args)} failed: {error}");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Maillage.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (Maillage.slnx) not found");
    }
}
