using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Tests.Support;

namespace Maillage.Tests.Features.Bulletins;

/// <summary>A bulletin from composition to the coverage of the week, through the API, on both providers.</summary>
public abstract class BulletinFlowTests(AppFixture app)
{
    internal sealed record Team(int Territory, string Name, HttpClient Coordinator, (int Id, HttpClient Client) Nurse, (int Id, HttpClient Client) Doctor, int PhysioId, int Structure);

    internal static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {(int)response.StatusCode} {response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    private static async Task<int> CreatedAsync(HttpResponseMessage response) => (await JsonAsync(response, HttpStatusCode.Created)).GetProperty("id").GetInt32();

    /// <summary>A territory with its coordinator, a nurse and a GP who have accounts, and a physiotherapist who has none.</summary>
    internal static async Task<Team> TeamAsync(AppFixture app)
    {
        var name = $"Info {Guid.NewGuid():N}"[..20];
        var created = await app.CliAsync("territory", "create", "--name", name, "--epci", "243400355", "--json");
        Assert.True(created.ExitCode == 0, created.Error);
        var territory = JsonDocument.Parse(created.Output).RootElement.GetProperty("id").GetInt32();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        var structure = await CreatedAsync(await coordinator.PostAsJsonAsync("/api/directory/structures", new { territoryId = territory, kind = "msp", name = "MSP des Platanes (test)" }));

        async Task<(int, HttpClient)> Member(string profession, string lastName, bool inStructure)
        {
            var email = await app.CreateUserAsync(TestRoles.Professional, name);
            var id = await CreatedAsync(await coordinator.PostAsJsonAsync("/api/directory/professionals", new { territoryId = territory, firstName = "Test", lastName, profession, email }));
            if (inStructure)
            {
                var added = await AppFixture.PostFormAsync(coordinator, $"/annuaire/structures/{structure}", $"/annuaire/structures/{structure}?handler=Member", new()
                {
                    ["ProfessionalId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Role"] = "membre",
                });
                Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
            }

            return (id, await app.LoginAsync(email));
        }

        var nurse = await Member("infirmier", "Infirmière", true);
        var doctor = await Member("medecin-generaliste", "Généraliste", false);
        var physio = await CreatedAsync(await coordinator.PostAsJsonAsync("/api/directory/professionals", new { territoryId = territory, firstName = "Test", lastName = "Kiné", profession = "masseur-kinesitherapeute" }));
        return new Team(territory, name, coordinator, nurse, doctor, physio, structure);
    }

    [SkippableFact]
    public async Task A_bulletin_for_nurses_reaches_only_nurses_who_acknowledge_it_and_the_week_shows_who_got_nothing()
    {
        await app.StartAsync();
        var t = await TeamAsync(app);
        var message = await CreatedAsync(await t.Coordinator.PostAsJsonAsync("/api/messages", new
        {
            territoryId = t.Territory, source = "ars", subject = "Prélèvements à domicile (exemple fictif)", body = "Les infirmiers peuvent réaliser les prélèvements à domicile.",
            themes = new[] { "depistage" }, professions = new[] { "infirmier" },
        }));
        var draft = await JsonAsync(await t.Coordinator.PostAsJsonAsync("/api/bulletins", new
        {
            territoryId = t.Territory, title = "Prélèvements à domicile", body = "## À retenir\n\nVous pouvez **prélever** à domicile.", urgent = true,
            professions = new[] { "infirmier" }, messageIds = new[] { message },
        }), HttpStatusCode.Created);
        var id = draft.GetProperty("id").GetInt32();
        Assert.Contains("<h3>À retenir</h3>", draft.GetProperty("bodyHtml").GetString());

        var audience = await JsonAsync(await t.Coordinator.PostAsJsonAsync("/api/bulletins/audience", new { territoryId = t.Territory, professions = new[] { "infirmier" } }));
        Assert.Equal(1, audience.GetProperty("total").GetInt32());

        // Before publication, nobody sees it.
        Assert.Equal(0, (await JsonAsync(await t.Nurse.Client.GetAsync("/api/inbox"))).GetProperty("counts").GetProperty("unread").GetInt32());
        var published = await JsonAsync(await t.Coordinator.PostAsJsonAsync($"/api/bulletins/{id}/publish", new { version = draft.GetProperty("version").GetInt32() }));
        Assert.Equal("published", published.GetProperty("status").GetString());
        Assert.Equal(1, published.GetProperty("recipients").GetInt32());

        var inbox = await JsonAsync(await t.Nurse.Client.GetAsync("/api/inbox"));
        Assert.Equal(1, inbox.GetProperty("counts").GetProperty("unread").GetInt32());
        Assert.Equal(1, inbox.GetProperty("counts").GetProperty("urgentUnread").GetInt32());
        Assert.Equal(id, inbox.GetProperty("bulletins").GetProperty("items")[0].GetProperty("bulletinId").GetInt32());
        Assert.Equal(0, (await JsonAsync(await t.Doctor.Client.GetAsync("/api/inbox"))).GetProperty("counts").GetProperty("unread").GetInt32());
        await JsonAsync(await t.Doctor.Client.GetAsync($"/api/bulletins/{id}"), HttpStatusCode.NotFound);
        Assert.Contains("1 bulletin de la coordination à lire, dont 1 urgent.", System.Net.WebUtility.HtmlDecode(await t.Nurse.Client.GetStringAsync("/")));
        Assert.DoesNotContain("de la coordination à lire", System.Net.WebUtility.HtmlDecode(await t.Doctor.Client.GetStringAsync("/")));

        var read = await t.Nurse.Client.GetAsync($"/api/bulletins/{id}");
        Assert.Equal("Prélèvements à domicile (exemple fictif)", (await JsonAsync(read)).GetProperty("bulletin").GetProperty("messages")[0].GetProperty("subject").GetString());
        var first = (await JsonAsync(await t.Nurse.Client.PostAsync($"/api/inbox/{id}/read", null))).GetProperty("readAtUtc").GetDateTime();
        var again = (await JsonAsync(await t.Nurse.Client.PostAsync($"/api/inbox/{id}/read", null))).GetProperty("readAtUtc").GetDateTime();
        Assert.Equal(first, again);
        Assert.Equal(0, (await JsonAsync(await t.Nurse.Client.GetAsync("/api/inbox"))).GetProperty("counts").GetProperty("unread").GetInt32());

        var reads = await JsonAsync(await t.Coordinator.GetAsync($"/api/bulletins/{id}/reads"));
        Assert.Equal(1, reads.GetProperty("reads").GetInt32());
        Assert.Equal("infirmier", reads.GetProperty("byProfession")[0].GetProperty("profession").GetString());

        var coverage = await JsonAsync(await t.Coordinator.GetAsync($"/api/bulletins/coverage?territoryId={t.Territory}"));
        var professions = coverage.GetProperty("professions").EnumerateArray().ToDictionary(p => p.GetProperty("profession").GetString()!);
        Assert.Equal(1.0, professions["infirmier"].GetProperty("readShare").GetDouble());
        Assert.False(professions["infirmier"].GetProperty("forgotten").GetBoolean());
        Assert.True(professions["medecin-generaliste"].GetProperty("forgotten").GetBoolean());
        Assert.True(professions["masseur-kinesitherapeute"].GetProperty("forgotten").GetBoolean());

        // Published means frozen: a correction is a withdrawal and a new bulletin.
        var edit = await t.Coordinator.PutAsJsonAsync($"/api/bulletins/{id}", new { territoryId = t.Territory, title = "x", body = "y", version = published.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        await JsonAsync(await t.Coordinator.PostAsJsonAsync($"/api/bulletins/{id}/withdraw", new { version = published.GetProperty("version").GetInt32(), reason = "Consigne remplacée" }));
        Assert.Equal(0, (await JsonAsync(await t.Nurse.Client.GetAsync("/api/inbox"))).GetProperty("bulletins").GetProperty("totalCount").GetInt32());
    }

    [SkippableFact]
    public async Task Targeting_a_structure_reaches_its_members_only_and_an_empty_audience_is_refused()
    {
        await app.StartAsync();
        var t = await TeamAsync(app);
        var draft = await JsonAsync(await t.Coordinator.PostAsJsonAsync("/api/bulletins", new
        {
            territoryId = t.Territory, title = "Réunion de la MSP", body = "Jeudi 20 h.", structureIds = new[] { t.Structure },
        }), HttpStatusCode.Created);
        var audience = await JsonAsync(await t.Coordinator.PostAsJsonAsync("/api/bulletins/audience", new { territoryId = t.Territory, structureIds = new[] { t.Structure } }));
        Assert.Equal(1, audience.GetProperty("total").GetInt32());

        var nobody = await JsonAsync(await t.Coordinator.PostAsJsonAsync("/api/bulletins", new
        {
            territoryId = t.Territory, title = "Pour les sages-femmes", body = "…", professions = new[] { "sage-femme" },
        }), HttpStatusCode.Created);
        var refused = await JsonAsync(await t.Coordinator.PostAsJsonAsync($"/api/bulletins/{nobody.GetProperty("id").GetInt32()}/publish", new { version = nobody.GetProperty("version").GetInt32() }), HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("professions", out _));

        var bad = await JsonAsync(await t.Coordinator.PostAsJsonAsync("/api/bulletins", new { territoryId = t.Territory, title = "", body = "x", professions = new[] { "sorcier" } }), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("title", out _));
        await JsonAsync(await t.Nurse.Client.PostAsJsonAsync("/api/bulletins", new { territoryId = t.Territory, title = "x", body = "y" }), HttpStatusCode.Forbidden);

        await JsonAsync(await t.Coordinator.PostAsJsonAsync($"/api/bulletins/{draft.GetProperty("id").GetInt32()}/publish", new { version = draft.GetProperty("version").GetInt32() }));
        Assert.Equal(1, (await JsonAsync(await t.Nurse.Client.GetAsync("/api/inbox"))).GetProperty("counts").GetProperty("unread").GetInt32());
        Assert.Equal(0, (await JsonAsync(await t.Doctor.Client.GetAsync("/api/inbox"))).GetProperty("counts").GetProperty("unread").GetInt32());
    }
}

public sealed class BulletinFlowSqliteTests(SqliteApp app) : BulletinFlowTests(app), IClassFixture<SqliteApp>;

public sealed class BulletinFlowPostgresTests(PostgresApp app) : BulletinFlowTests(app), IClassFixture<PostgresApp>;
