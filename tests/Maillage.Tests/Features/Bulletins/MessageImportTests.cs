using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Maillage.Tests.Support;
using static Maillage.Tests.Features.Bulletins.BulletinFlowTests;

namespace Maillage.Tests.Features.Bulletins;

/// <summary>Institutional e-mails recorded from .eml files through the CLI and the API, on both providers.</summary>
public abstract class MessageImportTests(AppFixture app)
{
    private static string Sample(string name) => Path.Combine(EmlParserTests.SamplesFolder, name);

    private static MultipartFormDataContent Upload(string sample, int territory, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(File.ReadAllBytes(Sample(sample)));
        file.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        form.Add(file, "file", sample);
        form.Add(new StringContent(territory.ToString(System.Globalization.CultureInfo.InvariantCulture)), "territoryId");
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }

    [SkippableFact]
    public async Task The_cli_records_an_eml_once_reports_the_duplicate_and_refuses_a_file_that_is_not_an_email()
    {
        await app.StartAsync();
        var t = await TeamAsync(app);
        var dry = await app.CliAsync("bulletins", "import-eml", Sample("dgs-urgent.eml"), "--territory", t.Name, "--dry-run", "--json");
        Assert.True(dry.ExitCode == 0, dry.Error);
        Assert.False(JsonDocument.Parse(dry.Output).RootElement.GetProperty("recorded").GetBoolean());

        var first = await app.CliAsync("bulletins", "import-eml", Sample("dgs-urgent.eml"), "--territory", t.Name, "--themes", "covid-19", "--professions", "medecin-generaliste,infirmier", "--json");
        Assert.True(first.ExitCode == 0, first.Error);
        var recorded = JsonDocument.Parse(first.Output).RootElement;
        Assert.True(recorded.GetProperty("recorded").GetBoolean());
        Assert.Equal("ministry-alert", recorded.GetProperty("source").GetString());
        var id = recorded.GetProperty("id").GetInt32();
        Assert.Equal("Fiche prise en charge en ville (fictif).pdf", recorded.GetProperty("attachments")[0].GetProperty("fileName").GetString());

        var again = await app.CliAsync("bulletins", "import-eml", Sample("dgs-urgent.eml"), "--territory", t.Name, "--json");
        Assert.Equal(1, again.ExitCode);
        Assert.Equal(id, JsonDocument.Parse(again.Output).RootElement.GetProperty("duplicateOf").GetInt32());

        var message = await JsonAsync(await t.Coordinator.GetAsync($"/api/messages/{id}"));
        Assert.StartsWith("DGS-Urgent n°2020-FICTIF-12", message.GetProperty("subject").GetString());
        Assert.Equal(["medecin-generaliste", "infirmier"], message.GetProperty("professions").EnumerateArray().Select(p => p.GetString()).Order().Reverse());

        foreach (var bad in new[] { "malformed-pdf.eml", "malformed-empty.eml", "malformed-truncated-headers.eml" })
        {
            var refused = await app.CliAsync("bulletins", "import-eml", Sample(bad), "--territory", t.Name);
            Assert.Equal(2, refused.ExitCode);
            Assert.Single(refused.Error.Trim().Split('\n'));
        }

        var unknownTheme = await app.CliAsync("bulletins", "import-eml", Sample("iso-8859-1.eml"), "--territory", t.Name, "--themes", "astrologie");
        Assert.Equal(2, unknownTheme.ExitCode);
        Assert.Contains("astrologie", unknownTheme.Error);
        Assert.Equal(2, (await app.CliAsync("bulletins", "import-eml", "/nulle/part.eml", "--territory", t.Name)).ExitCode);
    }

    [SkippableFact]
    public async Task The_api_imports_sanitised_html_detects_duplicates_and_shares_attachments_only_with_recipients()
    {
        await app.StartAsync();
        var t = await TeamAsync(app);
        var created = await JsonAsync(await t.Coordinator.PostAsync("/api/messages/import-eml", Upload("ars-html-hostile.eml", t.Territory, ("professions", "infirmier"))), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        var message = await JsonAsync(await t.Coordinator.GetAsync($"/api/messages/{id}"));
        Assert.Equal("ars", message.GetProperty("source").GetString());
        var html = new HtmlParser().ParseDocument(message.GetProperty("bodyHtml").GetString()!);
        Assert.Empty(html.QuerySelectorAll("script, style, iframe, form, input, img"));
        Assert.DoesNotContain(html.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal) || a.Name == "style"));
        Assert.Contains("Hérault", html.Body!.TextContent);

        var duplicate = await JsonAsync(await t.Coordinator.PostAsync("/api/messages/import-eml", Upload("ars-html-hostile.eml", t.Territory)), HttpStatusCode.Conflict);
        Assert.Contains($"n° {id}", duplicate.GetProperty("detail").GetString());
        var forced = await JsonAsync(await t.Coordinator.PostAsync("/api/messages/import-eml", Upload("ars-html-hostile.eml", t.Territory, ("allowDuplicate", "true"))), HttpStatusCode.Created);
        Assert.Equal(id, forced.GetProperty("duplicateOfId").GetInt32());

        var malformed = await JsonAsync(await t.Coordinator.PostAsync("/api/messages/import-eml", Upload("malformed-html-page.eml", t.Territory)), HttpStatusCode.BadRequest);
        Assert.True(malformed.GetProperty("errors").TryGetProperty("file", out _));
        await JsonAsync(await t.Nurse.Client.PostAsync("/api/messages/import-eml", Upload("iso-8859-1.eml", t.Territory)), HttpStatusCode.Forbidden);

        // The logo is an attachment: the nurse may download it once a bulletin passing the message on reaches her.
        var attachment = message.GetProperty("attachments")[0].GetProperty("id").GetInt32();
        var url = $"/api/messages/{id}/attachments/{attachment}";
        Assert.Equal(HttpStatusCode.OK, (await t.Coordinator.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await t.Nurse.Client.GetAsync(url)).StatusCode);
        var draft = await JsonAsync(await t.Coordinator.PostAsJsonAsync("/api/bulletins", new
        {
            territoryId = t.Territory, title = "Point de situation", body = "Voir le message de l'ARS.", professions = new[] { "infirmier" }, messageIds = new[] { id },
        }), HttpStatusCode.Created);
        await JsonAsync(await t.Coordinator.PostAsJsonAsync($"/api/bulletins/{draft.GetProperty("id").GetInt32()}/publish", new { version = draft.GetProperty("version").GetInt32() }));
        var download = await t.Nurse.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await t.Doctor.Client.GetAsync(url)).StatusCode);

        var undiffused = await JsonAsync(await t.Coordinator.GetAsync($"/api/messages?territoryId={t.Territory}&undiffused=true"));
        Assert.Equal([forced.GetProperty("id").GetInt32()], undiffused.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetInt32()));
        var search = await JsonAsync(await t.Coordinator.GetAsync($"/api/messages?territoryId={t.Territory}&q=epidemiologique"));
        Assert.Equal(2, search.GetProperty("totalCount").GetInt32());
    }
}

public sealed class MessageImportSqliteTests(SqliteApp app) : MessageImportTests(app), IClassFixture<SqliteApp>;

public sealed class MessageImportPostgresTests(PostgresApp app) : MessageImportTests(app), IClassFixture<PostgresApp>;
