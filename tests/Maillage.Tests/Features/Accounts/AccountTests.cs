using System.Net;
using System.Text.Json;
using Maillage.Data;
using Maillage.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Accounts;

public abstract class AccountTests(AppFixture app)
{
    [SkippableFact]
    public async Task Every_page_but_login_requires_authentication()
    {
        await app.StartAsync();
        var client = app.AnonymousClient();
        foreach (var path in new[] { "/", "/territoires", "/admin/utilisateurs", "/admin/journal" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/connexion", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/connexion")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [SkippableFact]
    public async Task Wrong_password_keeps_the_email_and_is_audited()
    {
        await app.StartAsync();
        var email = await app.CreateUserAsync(TestRoles.Professional);
        var client = app.AnonymousClient();
        var response = await AppFixture.PostFormAsync(client, "/connexion", "/connexion", new() { ["Email"] = email, ["Password"] = "wrong-password-1A" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Adresse e-mail ou mot de passe incorrect", html);
        Assert.Contains($"value=\"{email}\"", html);

        var audit = await AuditActionsAsync($"user:{email}");
        Assert.Contains("login.failure", audit);
    }

    [SkippableFact]
    public async Task Five_failures_lock_the_account_even_for_the_right_password()
    {
        await app.StartAsync();
        var email = await app.CreateUserAsync(TestRoles.Secretary);
        var client = app.AnonymousClient();
        for (var i = 0; i < 5; i++)
        {
            await AppFixture.PostFormAsync(client, "/connexion", "/connexion", new() { ["Email"] = email, ["Password"] = $"wrong-{i}-Password" });
        }

        var locked = await AppFixture.PostFormAsync(client, "/connexion", "/connexion", new() { ["Email"] = email, ["Password"] = AppFixture.Password });
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("verrouillé", await locked.Content.ReadAsStringAsync());
        var audit = await AuditActionsAsync($"user:{email}");
        Assert.Contains("login.lockout", audit);
        Assert.Contains("login.refused-locked", audit);
    }

    [SkippableFact]
    public async Task Login_logout_and_password_change_are_audited_and_the_chain_verifies()
    {
        await app.StartAsync();
        var email = await app.CreateUserAsync(TestRoles.Coordinator);
        var client = await app.LoginAsync(email);
        var changed = await AppFixture.PostFormAsync(client, "/compte/mot-de-passe", "/compte/mot-de-passe", new()
        {
            ["Current"] = AppFixture.Password,
            ["New"] = "Another-Password-42",
            ["Confirm"] = "Another-Password-42",
        });
        Assert.Contains("Mot de passe changé", await changed.Content.ReadAsStringAsync());
        var logout = await AppFixture.PostFormAsync(client, "/", "/deconnexion", []);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        await app.LoginAsync(email, "Another-Password-42");

        Assert.Equal(["user.created", "login.success", "password.changed", "logout", "login.success"], await AuditActionsAsync($"user:{email}"));
        var verify = await app.CliAsync("audit", "verify", "--json");
        Assert.Equal(0, verify.ExitCode);
        Assert.True(JsonDocument.Parse(verify.Output).RootElement.GetProperty("isValid").GetBoolean());
    }

    [SkippableFact]
    public async Task An_authenticator_app_adds_a_second_step_to_signing_in()
    {
        await app.StartAsync();
        var email = await app.CreateUserAsync(TestRoles.Coordinator);
        var client = await app.LoginAsync(email);
        var setup = await client.GetStringAsync("/compte/double-authentification");
        var secret = System.Text.RegularExpressions.Regex.Match(setup, "secret=([A-Z2-7]+)").Groups[1].Value;
        Assert.NotEmpty(secret);

        var wrong = await AppFixture.PostFormAsync(client, "/compte/double-authentification", "/compte/double-authentification?handler=Enable", new() { ["Code"] = "000000" });
        Assert.Contains("Code incorrect", await wrong.Content.ReadAsStringAsync());
        var enabled = await AppFixture.PostFormAsync(client, "/compte/double-authentification", "/compte/double-authentification?handler=Enable", new() { ["Code"] = Totp.Code(secret, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);

        var second = app.AnonymousClient();
        var password = await AppFixture.PostFormAsync(second, "/connexion", "/connexion", new() { ["Email"] = email, ["Password"] = AppFixture.Password });
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.StartsWith("/connexion/code", password.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/")).StatusCode); // not signed in yet

        var bad = await AppFixture.PostFormAsync(second, "/connexion/code", "/connexion/code", new() { ["Code"] = "123456" });
        Assert.Contains("Code incorrect", await bad.Content.ReadAsStringAsync());
        var good = await AppFixture.PostFormAsync(second, "/connexion/code", "/connexion/code", new() { ["Code"] = Totp.Code(secret, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/")).StatusCode);
        Assert.Contains("2fa.enabled", await AuditActionsAsync($"user:{email}"));
    }

    [SkippableFact]
    public async Task Only_administrators_reach_administration()
    {
        await app.StartAsync();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator);
        var denied = await coordinator.GetAsync("/admin/utilisateurs");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/acces-refuse", denied.Headers.Location?.PathAndQuery ?? denied.Headers.Location?.OriginalString);

        var admin = await app.LoginAsNewUserAsync(TestRoles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/utilisateurs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/journal")).StatusCode);
    }

    [SkippableFact]
    public async Task Administrator_changes_a_role_from_the_page_and_it_is_audited()
    {
        await app.StartAsync();
        Assert.Equal(0, (await app.CliAsync("territory", "create", "--name", "Roles Territory", "--epci", "243400355")).ExitCode);
        var email = await app.CreateUserAsync(TestRoles.Professional, "Roles Territory");
        var admin = await app.LoginAsNewUserAsync(TestRoles.Admin);
        var users = JsonDocument.Parse((await app.CliAsync("user", "list", "--search", email, "--json")).Output).RootElement;
        var id = users.GetProperty("items")[0].GetProperty("id").GetString();
        var territoryId = users.GetProperty("items")[0].GetProperty("territories")[0].GetProperty("code").GetString()!;

        var response = await AppFixture.PostFormAsync(admin, $"/admin/utilisateurs/{id}", $"/admin/utilisateurs/{id}", new()
        {
            ["Role"] = "coordinator",
            ["TerritoryIds"] = territoryId,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("user.role-changed", await AuditActionsAsync($"user:{email}"));
        var after = JsonDocument.Parse((await app.CliAsync("user", "list", "--search", email, "--json")).Output).RootElement;
        Assert.Equal("coordinator", after.GetProperty("items")[0].GetProperty("role").GetString());
    }

    [SkippableFact]
    public async Task User_add_rejects_bad_input_with_exit_code_2()
    {
        await app.StartAsync();
        var badRole = await app.CliWithInputAsync(AppFixture.Password, "user", "add", "--email", "x@test.maillage.test", "--role", "king", "--password-stdin");
        Assert.Equal(2, badRole.ExitCode);
        Assert.Contains("Rôle inconnu", badRole.Error);
        var badEmail = await app.CliWithInputAsync(AppFixture.Password, "user", "add", "--email", "not-an-email", "--role", "secretary", "--password-stdin");
        Assert.Equal(2, badEmail.ExitCode);
        var weak = await app.CliWithInputAsync("short", "user", "add", "--email", "weak@test.maillage.test", "--role", "secretary", "--password-stdin");
        Assert.Equal(2, weak.ExitCode);
        Assert.Contains("12 caractères", weak.Error);
        var noTerritory = await app.CliWithInputAsync(AppFixture.Password, "user", "add", "--email", "t@test.maillage.test", "--role", "secretary", "--territory", "Atlantis", "--password-stdin");
        Assert.Equal(2, noTerritory.ExitCode);
        var noStdin = await app.CliAsync("user", "add", "--email", "s@test.maillage.test", "--role", "secretary");
        Assert.Equal(2, noStdin.ExitCode);

        var list = JsonDocument.Parse((await app.CliAsync("user", "list", "--search", "test.maillage.test", "--json")).Output).RootElement;
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), u => u.GetProperty("email").GetString() is "x@test.maillage.test" or "weak@test.maillage.test" or "t@test.maillage.test");
    }

    [SkippableFact]
    public async Task Audit_verify_detects_a_modified_entry()
    {
        TestDatabases.SkipUnlessAvailable(app.Provider);
        // A database of its own: tampering must not disturb the other tests.
        var database = await TestDatabases.CreateAsync(app.Provider);
        Assert.Equal(0, (await Cli.RunAsync(database, ["territory", "create", "--name", "Tamper A", "--commune", "34079"])).ExitCode);
        Assert.Equal(0, (await Cli.RunAsync(database, ["territory", "create", "--name", "Tamper B", "--commune", "34142"])).ExitCode);
        Assert.Equal(0, (await Cli.RunAsync(database, ["audit", "verify"])).ExitCode);

        await using (var db = TestDb.Open(database))
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Details\" = 'rien à voir' WHERE \"Sequence\" = 1");
        }

        var tampered = await Cli.RunAsync(database, ["audit", "verify"]);
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains("entrée 1", tampered.Error);
    }

    private async Task<List<string>> AuditActionsAsync(string target)
    {
        await using var db = TestDb.Open(app.Database);
        return await db.Set<Maillage.Features.Accounts.AuditEntry>()
            .Where(e => e.Target == target)
            .OrderBy(e => e.Sequence)
            .Select(e => e.Action)
            .ToListAsync();
    }
}

public sealed class AccountSqliteTests(SqliteApp app) : AccountTests(app), IClassFixture<SqliteApp>;

public sealed class AccountPostgresTests(PostgresApp app) : AccountTests(app), IClassFixture<PostgresApp>;

/// <summary>A login rate limit low enough to hit in a test.</summary>
public sealed class RateLimitedApp() : AppFixture(Provider.Sqlite)
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["Maillage:LoginPermitsPerMinute"] = "3" };
}

public sealed class LoginRateLimitTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>
{
    [Fact]
    public async Task Too_many_login_attempts_get_429_with_retry_after()
    {
        await app.StartAsync();
        var client = app.AnonymousClient();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last = await AppFixture.PostFormAsync(client, "/connexion", "/connexion", new() { ["Email"] = "nobody@test.maillage.test", ["Password"] = "x" });
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.True(last.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/connexion")).StatusCode);
    }
}
