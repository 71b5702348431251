using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Maillage.Tests.Support;

namespace Maillage.Tests.Features.Bulletins;

/// <summary>The coordinator's information pages, through the forms as a browser posts them, on both providers.</summary>
public abstract partial class BulletinDeskPagesTests(AppFixture app)
{
    private static async Task<string> HtmlAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode} ({response.Headers.Location}): {body}");
        return body;
    }

    private static string Location(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"expected a redirection, got {response.StatusCode}");
        return response.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal);
    }

    private static string Version(string html) => VersionField().Match(html).Groups[1].Value;

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("name=\"Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();

    [GeneratedRegex("^/information/bulletins/(\\d+)/suivi$")]
    private static partial Regex FollowUrl();

    [GeneratedRegex("^/information/messages/(\\d+)$")]
    private static partial Regex MessageUrl();

    [SkippableFact]
    public async Task A_bulletin_written_previewed_saved_and_published_through_the_forms_reaches_the_nurse_and_its_reads_are_followed()
    {
        await app.StartAsync();
        var t = await BulletinFlowTests.TeamAsync(app);
        var c = t.Coordinator;

        Assert.Contains("Aucun bulletin pour l&#x27;instant", await c.GetStringAsync($"/information/bulletins?territoire={t.Territory}"));
        Assert.Contains("Aucun message enregistré", await c.GetStringAsync($"/information/messages?territoire={t.Territory}"));
        Assert.Contains("Couverture de l&#x27;information", await c.GetStringAsync($"/information/couverture?territoire={t.Territory}&semaine=2020-W14"));
        var deliveries = await c.GetStringAsync($"/information/envois?territoire={t.Territory}");
        Assert.Contains("Envois par e-mail", deliveries);
        Assert.Contains("Aucun e-mail pour l&#x27;instant", deliveries);
        Assert.Contains("L'envoi d'e-mails n'est pas configuré", deliveries);
        var deliveriesUrl = $"/information/envois?territoire={t.Territory}";
        var dispatched = await AppFixture.PostFormAsync(c, deliveriesUrl, $"/information/envois?handler=Dispatch&territoire={t.Territory}", []);
        Assert.Contains("Passage effectué", await c.GetStringAsync(Location(dispatched)));

        var newUrl = $"/information/bulletins/nouveau?territoire={t.Territory}";
        var form = await c.GetStringAsync(newUrl);
        Assert.Contains("<h1>Nouveau bulletin</h1>", form);
        Assert.Contains("Professions visées", form);
        Assert.Contains("MSP des Platanes (test)", form);

        // No title: refused next to the field, and what was typed is still there.
        var refused = await HtmlAsync(await AppFixture.PostFormAsync(c, newUrl, newUrl, new()
        {
            ["territoire"] = Id(t.Territory), ["Title"] = "", ["Body"] = "Texte gardé malgré l'erreur", ["Professions"] = "infirmier", ["Urgent"] = "true",
        }));
        Assert.Contains("<span id=\"Title-error\" class=\"invalid-text\">Le titre est obligatoire.</span>", refused);
        Assert.Contains("href=\"#Title\"", refused);
        Assert.Contains("Texte gardé malgré l&#x27;erreur</textarea>", refused);
        Assert.Contains("id=\"profession-infirmier\" value=\"infirmier\" checked=\"checked\"", refused);
        Assert.Contains("id=\"Urgent\" name=\"Urgent\" value=\"true\" checked=\"checked\"", refused);

        // Preview: the text rendered and the audience counted, nothing saved.
        var fields = new Dictionary<string, string>
        {
            ["territoire"] = Id(t.Territory), ["Title"] = "Prélèvements à domicile", ["Body"] = "## À retenir\n\nVous pouvez **prélever** à domicile.", ["Professions"] = "infirmier",
        };
        var preview = await HtmlAsync(await AppFixture.PostFormAsync(c, newUrl, "/information/bulletins/nouveau?handler=Preview", new(fields)));
        Assert.Contains("Ce ciblage atteint 1 professionnel : Infirmier·e (1).", preview);
        Assert.Contains("<h3>À retenir</h3>", preview);
        Assert.Contains("Aperçu (non enregistré)", preview);
        Assert.Contains("Aucun bulletin pour l&#x27;instant", await c.GetStringAsync($"/information/bulletins?territoire={t.Territory}"));

        var saved = await AppFixture.PostFormAsync(c, newUrl, newUrl, new(fields));
        var followUrl = Location(saved);
        var id = int.Parse(FollowUrl().Match(followUrl).Groups[1].Value, CultureInfo.InvariantCulture);
        var draft = await c.GetStringAsync(followUrl);
        Assert.Contains("Brouillon enregistré.", draft);
        Assert.Contains("Publier maintenant", draft);
        Assert.Contains("<h3>À retenir</h3>", draft);

        // Someone else saved in between: the message at the top, the input kept.
        var editUrl = $"/information/bulletins/{id}/modifier";
        Assert.Contains("value=\"Prélèvements à domicile\"", await c.GetStringAsync(editUrl));
        var stale = await HtmlAsync(await AppFixture.PostFormAsync(c, editUrl, editUrl, new(fields) { ["Title"] = "Titre retouché", ["Version"] = "7" }));
        Assert.Contains("modifié entre-temps par quelqu&#x27;un d&#x27;autre", stale);
        Assert.Contains("value=\"Titre retouché\"", stale);

        // Published from its page: the nurse has it in her inbox; the coordinator follows the reads.
        var published = await AppFixture.PostFormAsync(c, followUrl, $"{followUrl}?handler=Publish", new() { ["Version"] = Version(draft) });
        Assert.Equal(followUrl, Location(published));
        var follow = await c.GetStringAsync(followUrl);
        Assert.Contains("Bulletin publié", follow);
        Assert.Contains("Publié le", follow);
        Assert.Contains("0 / 1 (0 %)", follow);
        Assert.Contains("<strong>non lu</strong>", follow);
        Assert.Contains("Retirer le bulletin", follow);
        var inbox = await BulletinFlowTests.JsonAsync(await t.Nurse.Client.GetAsync("/api/inbox"));
        Assert.Equal(1, inbox.GetProperty("counts").GetProperty("unread").GetInt32());
        Assert.Equal(id, inbox.GetProperty("bulletins").GetProperty("items")[0].GetProperty("bulletinId").GetInt32());

        await BulletinFlowTests.JsonAsync(await t.Nurse.Client.PostAsync($"/api/inbox/{id}/read", null));
        var afterRead = await c.GetStringAsync(followUrl);
        Assert.Contains("1 / 1 (100 %)", afterRead);
        Assert.Contains("<progress class=\"read-share\" max=\"1\" value=\"1\"", afterRead);
        var csv = await c.GetAsync($"{followUrl}?handler=Csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var csvText = await csv.Content.ReadAsStringAsync();
        Assert.Contains("nom;profession;lu;lu_le", csvText);
        Assert.Contains("Test Infirmière;Infirmier·e;oui;", csvText);
        Assert.Contains("1 / 1 (100 %)", await c.GetStringAsync($"/information/bulletins?territoire={t.Territory}&statut=published"));

        // Withdrawing needs a reason, kept next to its field.
        var noReason = await HtmlAsync(await AppFixture.PostFormAsync(c, followUrl, $"{followUrl}?handler=Withdraw", new() { ["Version"] = Version(afterRead), ["Reason"] = " " }));
        Assert.Contains("id=\"Reason-error\"", noReason);
        var withdrawn = await AppFixture.PostFormAsync(c, followUrl, $"{followUrl}?handler=Withdraw", new() { ["Version"] = Version(afterRead), ["Reason"] = "Consigne remplacée" });
        Assert.Contains("Retiré le", await c.GetStringAsync(Location(withdrawn)));
    }

    [SkippableFact]
    public async Task A_draft_is_scheduled_unscheduled_then_deleted_after_confirmation()
    {
        await app.StartAsync();
        var t = await BulletinFlowTests.TeamAsync(app);
        var c = t.Coordinator;
        var draft = await BulletinFlowTests.JsonAsync(await c.PostAsJsonAsync("/api/bulletins", new { territoryId = t.Territory, title = "Réunion", body = "Jeudi." }), HttpStatusCode.Created);
        var followUrl = $"/information/bulletins/{draft.GetProperty("id").GetInt32()}/suivi";
        var page = await c.GetStringAsync(followUrl);

        var past = await HtmlAsync(await AppFixture.PostFormAsync(c, followUrl, $"{followUrl}?handler=Schedule", new() { ["Version"] = Version(page), ["PublishAt"] = "2020-03-30T08:00" }));
        Assert.Contains("id=\"PublishAt-error\"", past);
        Assert.Contains("value=\"2020-03-30T08:00\"", past);

        var at = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd'T'10:00", CultureInfo.InvariantCulture);
        var scheduled = await c.GetStringAsync(Location(await AppFixture.PostFormAsync(c, followUrl, $"{followUrl}?handler=Schedule", new() { ["Version"] = Version(page), ["PublishAt"] = at })));
        Assert.Contains("Programmé pour le", scheduled);
        Assert.Contains("Annuler la programmation", scheduled);
        var draftAgain = await c.GetStringAsync(Location(await AppFixture.PostFormAsync(c, followUrl, $"{followUrl}?handler=Unschedule", new() { ["Version"] = Version(scheduled) })));
        Assert.Contains("le bulletin redevient un brouillon", draftAgain);

        var confirm = await c.GetStringAsync($"{followUrl}?supprimer=true");
        Assert.Contains("Supprimer définitivement ce brouillon ?", confirm);
        var deleted = await AppFixture.PostFormAsync(c, followUrl, $"{followUrl}?handler=Delete", new() { ["Version"] = Version(confirm) });
        Assert.Contains("Brouillon supprimé.", await c.GetStringAsync(Location(deleted)));
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync(followUrl)).StatusCode);
    }

    [SkippableFact]
    public async Task A_professional_is_refused_the_coordination_pages()
    {
        await app.StartAsync();
        var t = await BulletinFlowTests.TeamAsync(app);
        var draft = await BulletinFlowTests.JsonAsync(await t.Coordinator.PostAsJsonAsync("/api/bulletins", new { territoryId = t.Territory, title = "Interne", body = "…" }), HttpStatusCode.Created);
        var id = draft.GetProperty("id").GetInt32();
        foreach (var url in new[]
                 {
                     "/information/bulletins", "/information/bulletins/nouveau", $"/information/bulletins/{id}/modifier", $"/information/bulletins/{id}/suivi",
                     "/information/messages", "/information/messages/nouveau", "/information/couverture", "/information/envois",
                 })
        {
            var denied = await t.Nurse.Client.GetAsync(url);
            Assert.True(denied.StatusCode == HttpStatusCode.Redirect, $"{url}: {denied.StatusCode}");
            Assert.StartsWith("/acces-refuse", Location(denied));
        }
    }

    [SkippableFact]
    public async Task A_pasted_message_recorded_twice_is_pointed_out_kept_when_asked_and_passed_on_in_a_bulletin()
    {
        await app.StartAsync();
        var t = await BulletinFlowTests.TeamAsync(app);
        var c = t.Coordinator;
        var newUrl = $"/information/messages/nouveau?territoire={t.Territory}";
        var form = await c.GetStringAsync(newUrl);
        Assert.Contains("Déposer un fichier .eml", form);
        Assert.Contains("Coller le texte", form);
        Dictionary<string, string> Fields() => new()
        {
            ["territoire"] = Id(t.Territory), ["Source"] = "ars", ["SenderName"] = "ARS (exemple fictif)", ["ReceivedAt"] = "2020-03-30T09:15",
            ["Subject"] = "Tests à domicile", ["Body"] = "Les infirmiers peuvent prélever à domicile.\nMerci de relayer.", ["Themes"] = "depistage", ["Professions"] = "infirmier",
        };

        var missing = await HtmlAsync(await AppFixture.PostFormAsync(c, newUrl, newUrl, new(Fields()) { ["Source"] = "" }));
        Assert.Contains("id=\"Source-error\"", missing);
        Assert.Contains("value=\"Tests à domicile\"", missing);

        var first = Location(await AppFixture.PostFormAsync(c, newUrl, newUrl, Fields()));
        var firstId = int.Parse(MessageUrl().Match(first).Groups[1].Value, CultureInfo.InvariantCulture);
        var shown = await c.GetStringAsync(first);
        Assert.Contains($"Message n° {firstId} enregistré.", shown);
        Assert.Contains("<pre class=\"message-text\">Les infirmiers peuvent prélever à domicile.", shown);
        Assert.Contains("Pas encore diffusé.", shown);

        var again = await HtmlAsync(await AppFixture.PostFormAsync(c, newUrl, newUrl, Fields()));
        Assert.Contains("Ce message semble déjà enregistré", again);
        Assert.Contains($"href=\"/information/messages/{firstId}\"", again);
        Assert.Contains("Enregistrer quand même", again);
        Assert.Contains("value=\"Tests à domicile\"", again);
        Assert.Contains("id=\"texte-theme-depistage\" value=\"depistage\" checked=\"checked\"", again);

        var kept = Location(await AppFixture.PostFormAsync(c, newUrl, newUrl, new(Fields()) { ["AllowDuplicate"] = "true" }));
        Assert.NotEqual(first, kept);
        Assert.Contains($"Doublon assumé du <a href=\"/information/messages/{firstId}\">", await c.GetStringAsync(kept));
        var list = await c.GetStringAsync($"/information/messages?territoire={t.Territory}&nondiffuses=true");
        Assert.Contains("<span class=\"badge text-bg-warning\">doublon</span>", list);
        Assert.Contains("non diffusé", list);

        // "Diffuser dans un bulletin": the form starts from the message.
        Assert.Contains($"href=\"/information/bulletins/nouveau?territoire={t.Territory}&amp;message={firstId}\"", shown);
        var compose = await c.GetStringAsync($"/information/bulletins/nouveau?territoire={t.Territory}&message={firstId}");
        Assert.Contains("value=\"Tests à domicile\"", compose);
        Assert.Contains($"id=\"message-{firstId}\" value=\"{firstId}\" checked=\"checked\"", compose);
        Assert.Contains("id=\"profession-infirmier\" value=\"infirmier\" checked=\"checked\"", compose);

        // Tags changed from the message page.
        var tagged = await c.GetStringAsync(Location(await AppFixture.PostFormAsync(c, first, $"{first}?handler=Tags", new()
        {
            ["Version"] = Version(shown), ["Source"] = "ministry-alert", ["Themes"] = "vaccination", ["Professions"] = "pharmacien",
        })));
        Assert.Contains("Classement enregistré.", tagged);
        Assert.Contains("Ministère (DGS-Urgent)", tagged);
        Assert.Contains("<dd>Pharmacien·ne</dd>", tagged);
    }

    [SkippableFact]
    public async Task The_coverage_page_warns_about_the_professions_that_got_nothing_this_week()
    {
        await app.StartAsync();
        var t = await BulletinFlowTests.TeamAsync(app);
        var c = t.Coordinator;
        await BulletinFlowTests.JsonAsync(await c.PostAsJsonAsync("/api/messages", new
        {
            territoryId = t.Territory, source = "urps", subject = "Reprise des soins de kinésithérapie", body = "Consignes aux kinés.", professions = new[] { "masseur-kinesitherapeute" },
        }), HttpStatusCode.Created);
        var draft = await BulletinFlowTests.JsonAsync(await c.PostAsJsonAsync("/api/bulletins", new
        {
            territoryId = t.Territory, title = "Pour les infirmiers", body = "Texte.", professions = new[] { "infirmier" },
        }), HttpStatusCode.Created);
        await BulletinFlowTests.JsonAsync(await c.PostAsJsonAsync($"/api/bulletins/{draft.GetProperty("id").GetInt32()}/publish", new { version = draft.GetProperty("version").GetInt32() }));

        var page = await c.GetStringAsync($"/information/couverture?territoire={t.Territory}");
        Assert.Contains("Aucun bulletin cette semaine pour :", page);
        Assert.Contains("<strong>Masseur-kinésithérapeute</strong> (1 membre)", page);
        Assert.Contains("1 message reçu les concerne, non diffusé", page);
        Assert.Contains($"href=\"/information/messages?territoire={t.Territory}&amp;profession=masseur-kinesitherapeute&amp;nondiffuses=true\"", page);
        Assert.Contains("<strong>Médecin généraliste</strong> (1 membre)", page);
        Assert.DoesNotContain("<strong>Infirmier·e</strong>", page);
        Assert.Contains("Pour les infirmiers", page);
        Assert.Contains("data-print", page);

        var bad = await c.GetStringAsync($"/information/couverture?territoire={t.Territory}&semaine=2020-W99");
        Assert.Contains("Semaine invalide", bad);
    }
}

public sealed class BulletinDeskPagesSqliteTests(SqliteApp app) : BulletinDeskPagesTests(app), IClassFixture<SqliteApp>;

public sealed class BulletinDeskPagesPostgresTests(PostgresApp app) : BulletinDeskPagesTests(app), IClassFixture<PostgresApp>;
