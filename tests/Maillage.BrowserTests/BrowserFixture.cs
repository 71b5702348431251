using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Maillage.BrowserTests;

/// <summary>
/// The real application, published and started with <c>./maillage serve</c> on a loopback port, with the
/// demo territory loaded into a throwaway SQLite database, and Debian's Chromium driven by Playwright.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    public const string DemoPassword = "Demo-Maillage-2020";

    private Process? server;
    private IPlaywright? playwright;
    private readonly string work = Path.Combine(Path.GetTempPath(), $"maillage-browser-{Environment.ProcessId}");

    public static string RepositoryRoot { get; } = FindRoot();

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public string? Unavailable { get; private set; }

    public static void SkipUnlessAvailable(BrowserFixture fixture)
    {
        if (fixture.Unavailable is null)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("MAILLAGE_REQUIRE_ALL") == "1")
        {
            throw new InvalidOperationException($"MAILLAGE_REQUIRE_ALL=1 but browser tests cannot run: {fixture.Unavailable}");
        }

        Skip.If(true, fixture.Unavailable);
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            Unavailable = $"{Chromium} not installed (apt-get install chromium)";
            return;
        }

        Directory.CreateDirectory(work);
        var environment = new Dictionary<string, string>
        {
            ["MAILLAGE_DB"] = Path.Combine(work, "browser.db"),
            ["MAILLAGE_KEYS"] = Path.Combine(work, "keys"),

            // No map tiles: tests never leave the machine, and the tile-less map is what we check.
            ["Maillage__Map__TileUrl"] = "",

            // The suite signs in more than ten times a minute from one address; the login limit itself
            // is covered by the integration tests.
            ["Maillage__LoginPermitsPerMinute"] = "1000",
        };
        var load = await RunAsync(["demo", "load", "--json"], environment);
        if (load.ExitCode != 0)
        {
            throw new InvalidOperationException($"demo load failed: {load.Error}");
        }

        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        server = Start(["serve", "--urls", BaseUrl], environment);
        await WaitForHealthAsync();

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task<IPage> NewPageAsync(bool javaScript = true, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "fr-FR",
        });
        return await context.NewPageAsync();
    }

    public async Task<IPage> LoginAsync(string email, bool javaScript = true, int width = 1280)
    {
        var page = await NewPageAsync(javaScript, width);
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await page.GetByLabel("Mot de passe").FillAsync(DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(BaseUrl + "/");
        return page;
    }

    /// <summary>Runs axe on the page and fails on any serious or critical violation.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var blocking = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(blocking.Count == 0, string.Join("\n", blocking.Select(v =>
            $"{v.Impact} {v.Id}: {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }

    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var directory = Path.Combine(RepositoryRoot, "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = fullPage });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        if (server is { HasExited: false })
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }

        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitForHealthAsync()
    {
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 240; attempt++)
        {
            if (server!.HasExited)
            {
                throw new InvalidOperationException($"the server exited with code {server.ExitCode}");
            }

            try
            {
                if ((await http.GetAsync(BaseUrl + "/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("the server did not become healthy within 60 s");
    }

    /// <summary>./maillage with these arguments and environment, output captured.</summary>
    private static ProcessStartInfo Maillage(string[] args, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot, "maillage"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    private static Process Start(string[] args, Dictionary<string, string> environment)
    {
        var process = Process.Start(Maillage(args, environment))!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args, Dictionary<string, string> environment)
    {
        using var process = Process.Start(Maillage(args, environment))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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

[CollectionDefinition("browser")]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;
