using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Features.Bulletins;
using Maillage.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Tests.Features.Bulletins;

/// <summary>The professional's side of the information pages: the inbox, reading and acknowledging, e-mail preferences, the unsubscribe link, the navigation badge.</summary>
public abstract class InboxPagesTests(AppFixture app)
{
    private static async Task<string> HtmlAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode} ({response.Headers.Location}): {body}");
        return body;
    }

    private static string Location(HttpResponseMessage response) => response.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal);

    private static async Task<int> PublishAsync(BulletinFlowTests.Team t, string title, bool urgent, string[] professions, string body = "Texte du bulletin.")
    {
        var draft = await BulletinFlowTests.JsonAsync(await t.Coordinator.PostAsJsonAsync("/api/bulletins", new
        {
            territoryId = t.Territory, title, body, urgent, professions,
        }), HttpStatusCode.Created);
        var id = draft.GetProperty("id").GetInt32();
        await BulletinFlowTests.JsonAsync(await t.Coordinator.PostAsJsonAsync($"/api/bulletins/{id}/publish", new { version = draft.GetProperty("version").GetInt32() }));
        return id;
    }

    private static async Task<string> ModeAsync(HttpClient client) =>
        (await BulletinFlowTests.JsonAsync(await client.GetAsync("/api/inbox/preferences"))).GetProperty("mode").GetString()!;

    [SkippableFact]
    public async Task The_nurse_sees_her_bulletins_urgent_first_with_the_unread_count_in_the_navigation_and_acknowledges_one_through_the_form()
    {
        await app.StartAsync();
        var t = await BulletinFlowTests.TeamAsync(app);
        var urgent = await PublishAsync(t, "Alerte masques (test)", true, ["infirmier"]);
        var later = await PublishAsync(t, "Tournées du week-end (test)", false, ["infirmier"], "## Organisation\n\nVoir **la coordination**.");

        var inbox = await HtmlAsync(await t.Nurse.Client.GetAsync("/information"));
        Assert.Contains("2 bulletins non lus", inbox);
        Assert.Contains("dont 1 urgent", inbox);
        var urgentAt = inbox.IndexOf("Alerte masques (test)", StringComparison.Ordinal);
        var laterAt = inbox.IndexOf("Tournées du week-end (test)", StringComparison.Ordinal);
        Assert.True(urgentAt > 0 && laterAt > urgentAt, "the urgent unread bulletin comes first although it is older");
        Assert.Contains("class=\"inbox-urgent\"", inbox);
        Assert.Contains("URGENT", inbox);
        Assert.Contains("<strong>Non lu</strong>", inbox);
        Assert.Contains($"href=\"/information/bulletins/{later}\"", inbox);
        Assert.Contains("Information<span class=\"visually-hidden\">, </span><span class=\"badge rounded-pill nav-badge\">2<span class=\"visually-hidden\"> non lus</span>", inbox);

        // Search by title, and the unread filter.
        var searched = await HtmlAsync(await t.Nurse.Client.GetAsync("/information?q=tourn%C3%A9es"));
        Assert.DoesNotContain("Alerte masques (test)", searched);
        Assert.Contains("Tournées du week-end (test)", searched);

        // The GP is not concerned: nothing listed, no badge.
        var doctor = await HtmlAsync(await t.Doctor.Client.GetAsync("/information"));
        Assert.DoesNotContain("Alerte masques (test)", doctor);
        Assert.Contains("Aucun bulletin pour le moment", doctor);
        Assert.DoesNotContain("nav-badge", doctor);

        // Reading: the body rendered from Markdown, then the acknowledgement button.
        var page = await HtmlAsync(await t.Nurse.Client.GetAsync($"/information/bulletins/{later}"));
        Assert.Contains("<h3>Organisation</h3>", page);
        Assert.Contains("J'ai lu ce bulletin", page);
        var read = await AppFixture.PostFormAsync(t.Nurse.Client, $"/information/bulletins/{later}", $"/information/bulletins/{later}?handler=Read", new());
        Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        Assert.Equal($"/information/bulletins/{later}", Location(read));
        var after = await HtmlAsync(await t.Nurse.Client.GetAsync(Location(read)));
        Assert.Matches(@"Lu le \d\d/\d\d/\d{4} à \d\d:\d\d", after);
        Assert.DoesNotContain("J'ai lu ce bulletin", after);
        Assert.Contains("nav-badge\">1<span class=\"visually-hidden\"> non lu</span>", after);

        var unreadOnly = await HtmlAsync(await t.Nurse.Client.GetAsync("/information?nonlus=true"));
        Assert.Contains("Alerte masques (test)", unreadOnly);
        Assert.DoesNotContain("Tournées du week-end (test)", unreadOnly);
        Assert.Matches(@"Lu le \d\d/\d\d/\d{4}", await t.Nurse.Client.GetStringAsync("/information"));

        // Everything at once, then nothing left to read.
        var all = await AppFixture.PostFormAsync(t.Nurse.Client, "/information", "/information?handler=ReadAll", new());
        Assert.Equal(HttpStatusCode.Redirect, all.StatusCode);
        var done = await HtmlAsync(await t.Nurse.Client.GetAsync(Location(all)));
        Assert.Contains("1 bulletin marqué comme lu.", done);
        Assert.Contains("Vous avez tout lu.", done);
        Assert.DoesNotContain("nav-badge", done);
    }

    [SkippableFact]
    public async Task A_withdrawn_bulletin_shows_its_reason_and_no_body_and_a_bulletin_not_addressed_is_not_found()
    {
        await app.StartAsync();
        var t = await BulletinFlowTests.TeamAsync(app);
        var id = await PublishAsync(t, "Horaires du centre (test)", false, ["infirmier"], "Ouvert de **8 h à 12 h**.");
        var shown = await BulletinFlowTests.JsonAsync(await t.Coordinator.GetAsync($"/api/bulletins/{id}"));
        await BulletinFlowTests.JsonAsync(await t.Coordinator.PostAsJsonAsync($"/api/bulletins/{id}/withdraw", new { version = shown.GetProperty("version").GetInt32(), reason = "Horaires erronés" }));

        var page = await HtmlAsync(await t.Nurse.Client.GetAsync($"/information/bulletins/{id}"));
        Assert.Contains("Ce bulletin a été retiré le", page);
        Assert.Contains("Horaires erronés", page);
        Assert.DoesNotContain("8 h à 12 h", page);
        Assert.DoesNotContain("J'ai lu ce bulletin", page);

        Assert.Equal(HttpStatusCode.NotFound, (await t.Doctor.Client.GetAsync($"/information/bulletins/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await t.Nurse.Client.GetAsync("/information/bulletins/999999")).StatusCode);

        // Those who publish are sent to the follow-up of the same bulletin.
        var coordinator = await t.Coordinator.GetAsync($"/information/bulletins/{id}");
        Assert.Equal(HttpStatusCode.Redirect, coordinator.StatusCode);
        Assert.Equal($"/information/bulletins/{id}/suivi", Location(coordinator));
        var hub = await HtmlAsync(await t.Coordinator.GetAsync("/information"));
        Assert.Contains("href=\"/information/bulletins/nouveau\"", hub);
        Assert.Contains("profession(s) sans rien cette semaine", hub);
    }

    [SkippableFact]
    public async Task Preferences_are_saved_through_the_form_and_the_unsubscribe_link_changes_nothing_until_its_button_is_pressed()
    {
        await app.StartAsync();
        var t = await BulletinFlowTests.TeamAsync(app);
        var form = await HtmlAsync(await t.Nurse.Client.GetAsync("/information/preferences"));
        Assert.Contains("Un résumé quotidien (le matin)", form);
        Assert.Contains("value=\"daily\" checked=\"checked\"", form);
        Assert.Contains("@test.maillage.test", form);
        Assert.Contains("n'est pas configuré sur ce serveur", form);

        var refused = await HtmlAsync(await AppFixture.PostFormAsync(t.Nurse.Client, "/information/preferences", "/information/preferences", new() { ["Mode"] = "weekly" }));
        Assert.Contains("Choisissez la fréquence des e-mails", refused);
        Assert.Contains("href=\"#Mode\"", refused);

        var saved = await AppFixture.PostFormAsync(t.Nurse.Client, "/information/preferences", "/information/preferences", new() { ["Mode"] = "immediate" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await HtmlAsync(await t.Nurse.Client.GetAsync(Location(saved)));
        Assert.Contains("Préférence enregistrée : immédiatement à chaque bulletin.", after);
        Assert.Contains("value=\"immediate\" checked=\"checked\"", after);
        Assert.Equal("immediate", await ModeAsync(t.Nurse.Client));

        string token;
        using (var scope = app.Factory.Services.CreateScope())
        {
            token = (await scope.ServiceProvider.GetRequiredService<MailPreferences>().EnsureAsync(t.Nurse.Id)).UnsubscribeToken;
        }

        // A mail scanner follows the link: nothing changes.
        var anonymous = app.AnonymousClient();
        var confirm = await HtmlAsync(await anonymous.GetAsync($"/information/desabonnement/{token}"));
        Assert.Contains("Ne plus recevoir ces e-mails", confirm);
        Assert.Equal("immediate", await ModeAsync(t.Nurse.Client));

        var unknown = await anonymous.GetAsync("/information/desabonnement/0123456789abcdef");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("lien de désabonnement n'est pas reconnu", await unknown.Content.ReadAsStringAsync());
        var unknownPost = await AppFixture.PostFormAsync(anonymous, $"/information/desabonnement/{token}", "/information/desabonnement/0123456789abcdef", new());
        Assert.Equal(HttpStatusCode.NotFound, unknownPost.StatusCode);
        Assert.Equal("immediate", await ModeAsync(t.Nurse.Client));

        var done = await HtmlAsync(await AppFixture.PostFormAsync(anonymous, $"/information/desabonnement/{token}", $"/information/desabonnement/{token}", []));
        Assert.Contains("C'est fait.", done);
        Assert.Contains("/connexion?ReturnUrl=", done);
        Assert.Equal("none", await ModeAsync(t.Nurse.Client));
        Assert.Contains("value=\"none\" checked=\"checked\"", await t.Nurse.Client.GetStringAsync("/information/preferences"));
    }

    [SkippableFact]
    public async Task A_professional_account_without_a_directory_entry_and_an_authority_get_an_explanation()
    {
        await app.StartAsync();
        var t = await BulletinFlowTests.TeamAsync(app);
        var stranger = await app.LoginAsNewUserAsync(TestRoles.Professional, t.Name);
        var page = await HtmlAsync(await stranger.GetAsync("/information"));
        Assert.Contains("relié à aucune fiche de l&#x27;annuaire", page);
        Assert.Contains("href=\"/information\"", page);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/information/preferences")).StatusCode);

        var authority = await app.LoginAsNewUserAsync(TestRoles.Authority, t.Name);
        var library = await HtmlAsync(await authority.GetAsync("/information"));
        Assert.Contains("href=\"/bibliotheque\"", library);
        Assert.DoesNotContain("href=\"/information\"", library);
    }
}

public sealed class InboxPagesSqliteTests(SqliteApp app) : InboxPagesTests(app), IClassFixture<SqliteApp>;

public sealed class InboxPagesPostgresTests(PostgresApp app) : InboxPagesTests(app), IClassFixture<PostgresApp>;
