using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Tests.Support;

namespace Maillage.Tests.Features.Shell;

public abstract class ShellTests(AppFixture app)
{
    [SkippableFact]
    public async Task Pages_carry_security_headers_without_unsafe_inline()
    {
        await app.StartAsync();
        var response = await app.AnonymousClient().GetAsync("/connexion");
        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [SkippableFact]
    public async Task Demo_load_is_idempotent_and_demo_accounts_see_the_demo_territory()
    {
        await app.StartAsync();
        var first = await app.CliAsync("demo", "load", "--json");
        Assert.Equal(0, first.ExitCode);
        var demo = JsonDocument.Parse(first.Output).RootElement;
        Assert.Equal("CPTS Cœur d'Hérault", demo.GetProperty("territory").GetProperty("name").GetString());
        Assert.Equal(77, demo.GetProperty("territory").GetProperty("communeCount").GetInt32());
        Assert.Equal(3, demo.GetProperty("territory").GetProperty("sizeTier").GetInt32());
        Assert.Equal(9, demo.GetProperty("accounts").GetArrayLength());

        var second = await app.CliAsync("demo", "load", "--json");
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(demo.GetProperty("territory").GetProperty("id").GetInt32(),
            JsonDocument.Parse(second.Output).RootElement.GetProperty("territory").GetProperty("id").GetInt32());

        var coordinator = await app.LoginAsync("coordination@demo.maillage.test", "Demo-Maillage-2020");
        var crisis = (await coordinator.GetFromJsonAsync<JsonElement>("/api/crisis/episodes"))[0];
        Assert.Equal(3, crisis.GetProperty("currentStage").GetInt32());
        var centres = await coordinator.GetFromJsonAsync<JsonElement>($"/api/crisis/episodes/{crisis.GetProperty("id").GetInt32()}/centres");
        Assert.Equal("open", centres[0].GetProperty("stage").GetString());
        Assert.Equal(new DateOnly(2020, 3, 20), DateOnly.Parse(centres[0].GetProperty("since").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        var home = await coordinator.GetStringAsync("/");
        Assert.Contains("CPTS Cœur d&#x27;Hérault", home);
        Assert.Contains("Démonstration", home);
        Assert.Contains("86 257", home);
    }

    [SkippableFact]
    public async Task Demo_liaison_has_a_patient_in_hospital_and_a_recent_discharge_and_the_demo_nurse_has_her_round()
    {
        await app.StartAsync();
        var load = await app.CliAsync("demo", "load", "--json");
        Assert.Equal(0, load.ExitCode);
        var territory = JsonDocument.Parse(load.Output).RootElement.GetProperty("territory").GetProperty("id").GetInt32();

        var liaison = await app.LoginAsync("liaison@demo.maillage.test", "Demo-Maillage-2020");
        var stays = await liaison.GetFromJsonAsync<JsonElement>($"/api/followup/territories/{territory}/stays");
        var inHospital = stays.GetProperty("inHospital").EnumerateArray().Single(s => s.GetProperty("patientLastName").GetString() == "Exemple-Fournier");
        Assert.Equal("Paul Généraliste", inHospital.GetProperty("regularDoctor").GetString());
        Assert.Equal("Paulhan", inHospital.GetProperty("patientCommune").GetString());
        var discharged = stays.GetProperty("recentlyDischarged").EnumerateArray().Single(s => s.GetProperty("patientLastName").GetString() == "Exemple-Garcia");

        // The liaison recorded that discharge and keeps reading the follow-up it opened, now held by the regular doctor with a nurse.
        var episode = await liaison.GetFromJsonAsync<JsonElement>($"/api/followup/episodes/{discharged.GetProperty("episodeId").GetInt32()}");
        Assert.Equal("Hélène Barral", episode.GetProperty("owner").GetString());
        Assert.True(episode.GetProperty("ownerAccepted").GetBoolean());
        Assert.Contains(episode.GetProperty("team").EnumerateArray(), m => m.GetProperty("name").GetString() == "Nadia Rey");
        Assert.NotEmpty(episode.GetProperty("tasks").EnumerateArray());

        // The demo nurse's account is her directory entry: she has a round of her own.
        var nurse = await app.LoginAsync("infirmiere@demo.maillage.test", "Demo-Maillage-2020");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")));
        var round = await nurse.GetFromJsonAsync<JsonElement>($"/api/followup/territories/{territory}/rounds/{today:yyyy-MM-dd}");
        Assert.Equal("Léa Fabre", round.GetProperty("forName").GetString());

        // She has bulletins to read, an urgent one among them; this week left some professions without any.
        var counts = (await nurse.GetFromJsonAsync<JsonElement>("/api/inbox")).GetProperty("counts");
        Assert.True(counts.GetProperty("urgentUnread").GetInt32() >= 1);
        Assert.True(counts.GetProperty("unread").GetInt32() > counts.GetProperty("urgentUnread").GetInt32());
        var coordinator = await app.LoginAsync("coordination@demo.maillage.test", "Demo-Maillage-2020");
        var coverage = await coordinator.GetFromJsonAsync<JsonElement>($"/api/bulletins/coverage?territoryId={territory}");
        Assert.Contains(coverage.GetProperty("professions").EnumerateArray(), p => p.GetProperty("forgotten").GetBoolean());
        Assert.Contains(coverage.GetProperty("professions").EnumerateArray(), p => !p.GetProperty("forgotten").GetBoolean());
    }

    [SkippableFact]
    public async Task Unknown_pages_answer_404_in_french()
    {
        await app.StartAsync();
        var client = await app.LoginAsNewUserAsync(TestRoles.Professional);
        var response = await client.GetAsync("/nulle-part");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page introuvable", await response.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task Home_tells_a_user_without_territory_what_to_do()
    {
        await app.StartAsync();
        var client = await app.LoginAsNewUserAsync(TestRoles.Secretary);
        var home = await client.GetStringAsync("/");
        Assert.Contains("rattaché à aucun territoire", home);
    }
}

public sealed class ShellSqliteTests(SqliteApp app) : ShellTests(app), IClassFixture<SqliteApp>;

public sealed class ShellPostgresTests(PostgresApp app) : ShellTests(app), IClassFixture<PostgresApp>;
