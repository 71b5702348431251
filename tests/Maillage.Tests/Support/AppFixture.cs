using System.Net;
using System.Text.RegularExpressions;
using Maillage.Features.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Tests.Support;

/// <summary>
/// The application on one provider: a database of its own with the real geography, the web app in a
/// test server, and the CLI pointed at the same database.
/// </summary>
public abstract partial class AppFixture(Provider provider) : IAsyncLifetime
{
    public const string Password = "Test-Password-2020";

    private readonly SemaphoreSlim startLock = new(1, 1);
    private WebApplicationFactory<Program>? factory;
    private int userCounter;

    public Provider Provider { get; } = provider;

    public string Database { get; private set; } = "";

    public WebApplicationFactory<Program> Factory => factory ?? throw new InvalidOperationException("call StartAsync first");

    /// <summary>Settings a test class may change for its own app (e.g. the login rate limit).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    public async Task StartAsync()
    {
        TestDatabases.SkipUnlessAvailable(Provider);
        await startLock.WaitAsync();
        try
        {
            if (factory is not null)
            {
                return;
            }

            Database = await TestDatabases.CreateAsync(Provider);
            factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
            {
                builder.UseSetting("MAILLAGE_DB", Database);
                builder.UseSetting("MAILLAGE_KEYS", Path.Combine(TestDatabases.Root, "keys"));
                builder.UseSetting("Maillage:LoginPermitsPerMinute", "10000");
                foreach (var (key, value) in Settings)
                {
                    builder.UseSetting(key, value);
                }
            });
        }
        finally
        {
            startLock.Release();
        }
    }

    public Task<CliResult> CliAsync(params string[] args) => Cli.RunAsync(Database, args);

    /// <summary>Another server on the same database with a clock the test moves and settings of its own (background jobs, SMTP).</summary>
    public WebApplicationFactory<Program> HostWith(TimeProvider clock, IReadOnlyDictionary<string, string> settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("MAILLAGE_DB", Database);
            builder.UseSetting("MAILLAGE_KEYS", Path.Combine(TestDatabases.Root, "keys"));
            builder.UseSetting("Maillage:LoginPermitsPerMinute", "10000");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(services => services.AddSingleton(clock));
        });

    /// <summary>Signs in on a server of <see cref="HostWith"/>.</summary>
    public static async Task<HttpClient> SignInAsync(WebApplicationFactory<Program> host, string email)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await PostFormAsync(client, "/connexion", "/connexion", new() { ["Email"] = email, ["Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public Task<CliResult> CliWithInputAsync(string input, params string[] args) => Cli.RunAsync(Database, args, input);

    public HttpClient AnonymousClient() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Creates a user through the CLI; returns its e-mail (password <see cref="Password"/>).</summary>
    public async Task<string> CreateUserAsync(string role, params string[] territories)
    {
        var email = $"{role}{Interlocked.Increment(ref userCounter)}-{Guid.NewGuid():N}"[..30] + "@test.maillage.test";
        var args = new List<string> { "user", "add", "--email", email, "--role", role, "--password-stdin" };
        foreach (var territory in territories)
        {
            args.AddRange(["--territory", territory]);
        }

        var result = await CliWithInputAsync(Password + "\n", [.. args]);
        Assert.True(result.ExitCode == 0, result.Error);
        return email;
    }

    public async Task<HttpClient> LoginAsync(string email, string password = Password)
    {
        var client = AnonymousClient();
        var response = await PostFormAsync(client, "/connexion", "/connexion", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public async Task<HttpClient> LoginAsNewUserAsync(string role, params string[] territories) =>
        await LoginAsync(await CreateUserAsync(role, territories));

    /// <summary>Posts a form as a browser would: reads the antiforgery token from <paramref name="pageUrl"/> first.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, string actionUrl, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(pageUrl);
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, $"no antiforgery token on {pageUrl}");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await client.PostAsync(actionUrl, new FormUrlEncodedContent(fields));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

public sealed class SqliteApp() : AppFixture(Provider.Sqlite);

public sealed class PostgresApp() : AppFixture(Provider.Postgres);

/// <summary>Roles, as the tests use them.</summary>
public static class TestRoles
{
    public const string Admin = Roles.Administrator;
    public const string Coordinator = Roles.Coordinator;
    public const string Professional = Roles.Professional;
    public const string Authority = Roles.Authority;
    public const string Secretary = Roles.Secretary;
}
