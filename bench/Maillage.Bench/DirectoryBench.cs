using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Maillage;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// National-scale synthetic directory on the real communes: 10,000 sites (one structure each) and
/// 200,000 professionals, imported from CSV; then "capability + near + open at" searches, in process and
/// through HTTP. People, names and coordinates are synthetic; communes are real.
/// </summary>
internal static partial class DirectoryBench
{
    private const int Sites = 10_000;
    private const int ProfessionalsPerSite = 20;

    public static async Task RunAsync(string work, int runs)
    {
        var db = Path.Combine(work, "directory.db");
        var config = new Dictionary<string, string?> { ["MAILLAGE_DB"] = db, ["MAILLAGE_KEYS"] = Path.Combine(work, "keys") };
        await Cli(config, "geo", "import");
        var allEpcis = await WithServicesAsync(config, sp => sp.GetRequiredService<MaillageDb>().Set<Epci>().Select(e => e.Code).ToListAsync());
        var args = new List<string> { "territory", "create", "--name", "Bench France" };
        foreach (var epci in allEpcis)
        {
            args.AddRange(["--epci", epci]);
        }

        await Cli(config, [.. args]);
        var communes = await WithServicesAsync(config, sp => sp.GetRequiredService<MaillageDb>().Set<Commune>()
            .Where(c => c.Kind == CommuneKind.Commune && c.EpciCode != null).OrderBy(c => c.Code).Select(c => c.Code).ToListAsync());

        var csvPath = Path.Combine(work, "directory.csv");
        var siteCommunes = Generate(csvPath, communes);
        Console.WriteLine($"generated {new FileInfo(csvPath).Length / 1_000_000.0:0.0} MB, {Sites} sites, {Sites * ProfessionalsPerSite} professionals");

        var import = await TimeAsync(() => Cli(config, "directory", "import", csvPath, "--territory", "Bench France"));
        BenchReport.Row("directory CSV import, 10,000 sites and 200,000 professionals, SQLite (s)", [import]);
        var reimport = await TimeAsync(() => Cli(config, "directory", "import", csvPath, "--territory", "Bench France"));
        BenchReport.Row("directory CSV re-import, nothing changes, SQLite (s)", [reimport]);

        var random = new Random(42);
        var queries = Enumerable.Range(0, 100 * runs).Select(_ => Query(random, siteCommunes)).ToList();
        var inProcess = new List<double>();
        await WithServicesAsync(config, async sp =>
        {
            foreach (var (i, q) in queries.Index())
            {
                await using var scope = sp.CreateAsyncScope();
                var search = scope.ServiceProvider.GetRequiredService<SearchOffer>();
                var query = new OfferQuery([q.Capability], q.Near, OpenAtUtc: q.AtUtc);
                var ms = await TimeAsync(() => search.ExecuteAsync(query, UserScope.Everything)) * 1000;
                if (i >= 10)
                {
                    inProcess.Add(ms);
                }
            }

            return 0;
        });
        BenchReport.Row("offer search (capability + near commune + open at), in process (ms)", inProcess);

        // A territory of 100 sites, for the map page.
        await Cli(config, "territory", "create", "--name", "Bench 100", "--epci", "243400355");
        var hundred = Path.Combine(work, "hundred.csv");
        await File.WriteAllLinesAsync(hundred, File.ReadLines(csvPath).Take(1).Concat(File.ReadLines(csvPath).Skip(1).Where(l => l.Contains(";Service ")).Take(100)));
        await Cli(config, "directory", "import", hundred, "--territory", "Bench 100");
        var hundredId = await WithServicesAsync(config, sp => sp.GetRequiredService<MaillageDb>().Set<Territory>().Where(t => t.Name == "Bench 100").Select(t => t.Id).FirstAsync());

        await HttpAsync(config, queries, hundredId);
    }

    private static async Task HttpAsync(Dictionary<string, string?> config, List<(string Capability, string Near, DateTime AtUtc)> queries, int mapTerritory)
    {
        var app = Path.Combine(FindRoot(), ".build", "app", "Maillage.dll");
        if (!File.Exists(app))
        {
            Console.WriteLine("HTTP figures skipped: run ./maillage once to publish the app");
            return;
        }

        await CliWithInput(config, "Bench-Password-2020\n", "user", "add", "--email", "bench@bench.maillage.test", "--role", "administrator", "--password-stdin");
        var (territory, version) = await PrepareRegulationAsync(config);
        var port = 5300 + Random.Shared.Next(500);
        var info = new ProcessStartInfo("dotnet", [app, "serve", "--urls", $"http://127.0.0.1:{port}"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in config)
        {
            info.Environment[k] = v;
        }

        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Maillage__Map__TileUrl"] = "";
        info.Environment["Maillage__LoginPermitsPerMinute"] = "1000"; // 50 secretaries sign in at once below
        using var server = Process.Start(info)!;
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
            using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            for (var i = 0; i < 120; i++)
            {
                try
                {
                    if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(250);
            }

            var login = await http.GetStringAsync("/connexion");
            var token = Token().Match(login).Groups[1].Value;
            await http.PostAsync("/connexion", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = "bench@bench.maillage.test", ["Password"] = "Bench-Password-2020", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            }));
            var timings = new List<double>();
            foreach (var (i, q) in queries.Index())
            {
                var url = $"/api/directory/offer?capability={q.Capability}&near={q.Near}&openAt={q.AtUtc:yyyy-MM-ddTHH:mm:ss}Z";
                var watch = Stopwatch.StartNew();
                var response = await http.GetAsync(url);
                await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{url}: {(int)response.StatusCode}");
                }

                if (i >= 10)
                {
                    timings.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            BenchReport.Row("offer search through HTTP on loopback, client-measured (ms)", timings);

            var map = new List<double>();
            for (var i = 0; i < 60; i++)
            {
                var watch = Stopwatch.StartNew();
                var response = await http.GetAsync($"/annuaire/carte?territory={mapTerritory}");
                var html = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode || !html.Contains("100 site(s)"))
                {
                    throw new InvalidOperationException($"map page: {(int)response.StatusCode}");
                }

                if (i >= 10)
                {
                    map.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            BenchReport.Row("map page of a territory with 100 sites, through HTTP, client-measured (ms)", map);
            await RegulationOverHttpAsync(config, http.BaseAddress!, territory, version, queries.Select(q => q.Near).Distinct().ToList());
        }
        finally
        {
            server.Kill(entireProcessTree: true);
        }
    }

    private static (string Capability, string Near, DateTime AtUtc) Query(Random random, IReadOnlyList<string> siteCommunes)
    {
        var capability = Capabilities.All[random.Next(Capabilities.All.Count)].Code;
        var day = new DateTime(2020, 4, 6, 0, 0, 0, DateTimeKind.Utc).AddDays(random.Next(14)).AddHours(6 + random.Next(12));
        return (capability, siteCommunes[random.Next(siteCommunes.Count)], day);
    }

    private static List<string> Generate(string path, IReadOnlyList<string> communes)
    {
        var random = new Random(2020);
        var kinds = new[] { "msp", "centre-de-sante", "cabinet-de-groupe", "pharmacie", "laboratoire", "centre-dedie" };
        var professions = Professions.All.Where(p => p.HasRpps).Select(p => p.Code).ToArray();
        var hours = new[] { "lu-ve 08:30-12:30,13:30-18:30", "lu-sa 08:00-20:00", "24/7", "lu-ve 09:00-12:00; sa 09:00-12:00", "lu-di 20:00-08:00" };
        var siteCommunes = new List<string>(Sites);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.WriteLine(string.Join(';', DirectoryCsv.Columns));
        var rpps = 0;
        for (var s = 0; s < Sites; s++)
        {
            var commune = communes[random.Next(communes.Count)];
            siteCommunes.Add(commune);
            var siret = Identifiers.WithLuhnKey(Identifiers.WithLuhnKey($"8{s:0000000}") + "0001");
            var lat = (42.5 + (random.NextDouble() * 8)).ToString("0.0000", CultureInfo.InvariantCulture);
            var lon = (-4.5 + (random.NextDouble() * 12)).ToString("0.0000", CultureInfo.InvariantCulture);
            var structure = $"{kinds[s % kinds.Length]};Structure synthétique {s};;{siret};;;Site {s};;{commune};{lat};{lon};";
            var capabilities = string.Join(',', Capabilities.All.Where(_ => random.Next(3) == 0).Select(c => c.Code));
            writer.WriteLine($"{structure};Service {s};{capabilities};\"{hours[random.Next(hours.Length)]}\";;;;;;;;;;;");
            for (var p = 0; p < ProfessionalsPerSite; p++)
            {
                var id = Identifiers.WithLuhnKey($"1{++rpps:000000000}");
                writer.WriteLine($"{structure};;;;{id};Nom{rpps};Prénom{rpps};{professions[random.Next(professions.Length)]};liberal;;;;oui;membre;");
            }
        }

        return siteCommunes;
    }

    private static async Task<T> WithServicesAsync<T>(Dictionary<string, string?> config, Func<IServiceProvider, Task<T>> action)
    {
        var services = new ServiceCollection().AddLogging();
        MaillageApp.AddCore(services, new ConfigurationBuilder().AddInMemoryCollection(config).Build());
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private static Task Cli(Dictionary<string, string?> config, params string[] args) => CliWithInput(config, "", args);

    private static async Task CliWithInput(Dictionary<string, string?> config, string input, params string[] args)
    {
        var error = new StringWriter();
        var code = await MaillageApp.RunCliAsync(args, new StringReader(input), TextWriter.Null, error, config);
        if (code != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', args.Take(4))} failed: {error}");
        }
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed.TotalSeconds;
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

        throw new InvalidOperationException("repository root not found");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
