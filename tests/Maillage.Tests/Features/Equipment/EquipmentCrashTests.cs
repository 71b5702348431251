using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Maillage.Features.Equipment;
using Maillage.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Equipment;

/// <summary>
/// Crash safety of the stock ledger: the real application (<c>./maillage serve</c>, the published build) is
/// killed with SIGKILL during a burst of distributions, then started again on the same database. Every
/// operation it acknowledged must be there, every lot must still equal its ledger lines, and the client's
/// retries of what was in flight must record each operation once.
/// </summary>
public abstract class EquipmentCrashTests(Provider provider)
{
    private static readonly SemaphoreSlim PublishLock = new(1, 1);
    private static bool published;

    [SkippableFact]
    public async Task Killing_the_app_during_a_burst_loses_no_acknowledged_movement()
    {
        TestDatabases.SkipUnlessAvailable(provider);
        await PublishAsync();
        var database = await TestDatabases.CreateAsync(provider);
        var email = $"depot-{Guid.NewGuid():N}"[..20] + "@test.maillage.test";

        var server = await AppProcess.StartAsync(database);
        EquipmentLedgerTests.Stock s;
        var sent = new ConcurrentDictionary<string, bool>();
        var acknowledged = new ConcurrentDictionary<string, int>();
        const int Initial = 100_000;
        try
        {
            s = await EquipmentLedgerTests.StockAsync(args => Cli.RunAsync(database, args), async territoryName =>
            {
                var user = await Cli.RunAsync(database, ["user", "add", "--email", email, "--role", TestRoles.Coordinator, "--territory", territoryName, "--password-stdin"], AppFixture.Password + "\n");
                Assert.True(user.ExitCode == 0, user.Error);
                return await server.LoginAsync(email);
            });
            await EquipmentLedgerTests.JsonAsync(await s.Coordinator.PostAsJsonAsync($"{s.Api}/operations", new { kind = "state-allocation", depotId = s.Depot, itemId = s.Item, quantity = Initial }), HttpStatusCode.Created);

            // Eight clients hand out one unit at a time, each with its own key, until the server dies under them.
            using var stop = new CancellationTokenSource();
            var next = 0;
            var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var key = $"burst-{Interlocked.Increment(ref next)}";
                    sent[key] = true;
                    try
                    {
                        var response = await s.Coordinator.PostAsJsonAsync($"{s.Api}/operations", Distribution(s, key));
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged[key] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
                        }
                        else
                        {
                            Assert.Fail($"{key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
                    {
                        return;
                    }
                }
            })).ToList();

            var watch = Stopwatch.StartNew();
            while (acknowledged.Count < 100 && watch.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(20);
            }

            server.Kill();
            stop.Cancel();
            await Task.WhenAll(workers);
        }
        finally
        {
            server.Kill();
        }

        Assert.True(acknowledged.Count >= 20, $"only {acknowledged.Count} distributions acknowledged before the kill");

        // What was acknowledged is in the ledger, and each lot still equals its lines.
        await using (var db = TestDb.Open(database))
        {
            var recorded = await db.Set<StockOperation>().AsNoTracking().Where(o => o.TerritoryId == s.Territory && o.Kind == OperationKind.Distribution)
                .ToDictionaryAsync(o => o.Key!, o => o.Id);
            Assert.All(acknowledged, a => Assert.True(recorded.GetValueOrDefault(a.Key) == a.Value, $"acknowledged {a.Key} (operation {a.Value}) is not in the ledger"));
            Assert.True(recorded.Count <= sent.Count, $"{recorded.Count} recorded for {sent.Count} sent");
            Assert.Equal(Initial - recorded.Count, await BalancedTotalAsync(db, s.Territory));
        }

        // The clients retry what never got an answer: each key records once.
        var again = await AppProcess.StartAsync(database);
        try
        {
            var client = await again.LoginAsync(email);
            foreach (var key in sent.Keys.Where(k => !acknowledged.ContainsKey(k)))
            {
                var response = await client.PostAsJsonAsync($"{s.Api}/operations", Distribution(s, key));
                Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            foreach (var key in acknowledged.Keys.Take(5))
            {
                var replay = await EquipmentLedgerTests.JsonAsync(await client.PostAsJsonAsync($"{s.Api}/operations", Distribution(s, key)), HttpStatusCode.OK);
                Assert.Equal(acknowledged[key], replay.GetProperty("id").GetInt32());
            }

            var stock = await EquipmentLedgerTests.JsonAsync(await client.GetAsync($"{s.Api}/stock"), HttpStatusCode.OK);
            Assert.Equal(Initial - sent.Count, Assert.Single(stock.GetProperty("rows").EnumerateArray()).GetProperty("usable").GetInt32());
        }
        finally
        {
            again.Kill();
        }

        await using (var db = TestDb.Open(database))
        {
            var keys = await db.Set<StockOperation>().AsNoTracking().Where(o => o.TerritoryId == s.Territory && o.Kind == OperationKind.Distribution).Select(o => o.Key!).ToListAsync();
            Assert.Equal(sent.Keys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
            Assert.Equal(Initial - sent.Count, await BalancedTotalAsync(db, s.Territory));
        }
    }

    private static object Distribution(EquipmentLedgerTests.Stock s, string key) =>
        new { kind = "distribution", depotId = s.Depot, itemId = s.Item, quantity = 1, recipientName = "Cabinet infirmier", collectedBy = "Paul Porteur", key };

    private static async Task<int> BalancedTotalAsync(Maillage.Data.MaillageDb db, int territory)
    {
        var lots = await db.Set<StockLot>().AsNoTracking().Where(l => l.TerritoryId == territory).ToListAsync();
        var sums = await db.Set<StockMovement>().AsNoTracking().Where(m => m.TerritoryId == territory)
            .GroupBy(m => m.LotId).Select(g => new { g.Key, Sum = g.Sum(m => m.Quantity) }).ToDictionaryAsync(x => x.Key, x => x.Sum);
        Assert.All(lots, l => Assert.True(l.OnHand == sums.GetValueOrDefault(l.Id), $"lot {l.Id}: on hand {l.OnHand}, ledger {sums.GetValueOrDefault(l.Id)}"));
        return lots.Sum(l => l.OnHand);
    }

    /// <summary>Publishes the app once (<c>./maillage help</c> builds it when the sources changed), not once per class at the same time.</summary>
    private static async Task PublishAsync()
    {
        await PublishLock.WaitAsync();
        try
        {
            if (published)
            {
                return;
            }

            using var process = Process.Start(AppProcess.Maillage(["help"], new Dictionary<string, string>()))!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"./maillage help: {await error}");
            await output;
            published = true;
        }
        finally
        {
            PublishLock.Release();
        }
    }

    /// <summary>The published application serving on a free loopback port.</summary>
    private sealed class AppProcess(Process process, string baseUrl)
    {
        public static async Task<AppProcess> StartAsync(string database)
        {
            var url = $"http://127.0.0.1:{FreePort()}";
            // The published build, started directly (PublishAsync brought it up to date): the process killed is the server.
            var process = Process.Start(Dotnet([Path.Combine(RepositoryRoot(), ".build", "app", "Maillage.dll"), "serve", "--urls", url], new Dictionary<string, string>
            {
                ["MAILLAGE_DB"] = database,
                ["MAILLAGE_KEYS"] = Path.Combine(TestDatabases.Root, "keys"),
                ["Maillage__LoginPermitsPerMinute"] = "1000",
                ["Logging__LogLevel__Default"] = "Warning",
            }))!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var app = new AppProcess(process, url);
            using var http = new HttpClient();
            for (var attempt = 0; attempt < 240; attempt++)
            {
                Assert.False(process.HasExited, $"the server exited with code {(process.HasExited ? process.ExitCode : 0)}");
                try
                {
                    if ((await http.GetAsync(url + "/health")).StatusCode == HttpStatusCode.OK)
                    {
                        return app;
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(100);
            }

            app.Kill();
            throw new TimeoutException("the server did not become healthy within 24 s");
        }

        public async Task<HttpClient> LoginAsync(string email)
        {
            var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
            var response = await AppFixture.PostFormAsync(client, "/connexion", "/connexion", new() { ["Email"] = email, ["Password"] = AppFixture.Password });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return client;
        }

        /// <summary>SIGKILL: no shutdown, no flush, no finally.</summary>
        public void Kill()
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit();
            }
        }

        public static ProcessStartInfo Maillage(string[] args, Dictionary<string, string> environment) =>
            Command("bash", [Path.Combine(RepositoryRoot(), "maillage"), .. args], environment);

        private static ProcessStartInfo Dotnet(string[] args, Dictionary<string, string> environment) => Command("dotnet", args, environment);

        private static ProcessStartInfo Command(string program, string[] args, Dictionary<string, string> environment)
        {
            var root = RepositoryRoot();
            var info = new ProcessStartInfo(program, args)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = root,
            };
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }

            return info;
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static string RepositoryRoot()
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
}

public sealed class EquipmentCrashSqliteTests() : EquipmentCrashTests(Provider.Sqlite);

public sealed class EquipmentCrashPostgresTests() : EquipmentCrashTests(Provider.Postgres);
