using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Maillage.Tests.Support;

namespace Maillage.Tests.Features.Bulletins.Library;

/// <summary>The library through its API and pages: versions, search, supersession, archives, rights, files, crisis protocols.</summary>
public abstract class LibraryTests(AppFixture app)
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    private async Task<(int Id, string Name)> TerritoryAsync()
    {
        var name = $"Biblio {Guid.NewGuid():N}"[..20];
        var result = await app.CliAsync("territory", "create", "--name", name, "--epci", "243400355", "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        return (JsonDocument.Parse(result.Output).RootElement.GetProperty("id").GetInt32(), name);
    }

    private static async Task<int> CreateAsync(HttpClient client, object document) =>
        (await JsonAsync(await client.PostAsJsonAsync("/api/library", document), HttpStatusCode.Created)).GetProperty("id").GetInt32();

    private static async Task<IReadOnlyList<string>> TitlesAsync(HttpClient client, string query) =>
        (await JsonAsync(await client.GetAsync($"/api/library?{query}"))).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!).ToList();

    private static string Errors(JsonElement problem) => string.Join(",", problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));

    [SkippableFact]
    public async Task A_document_is_found_without_accents_revised_superseded_archived_and_keeps_every_version_readable()
    {
        await app.StartAsync();
        var (territory, name) = await TerritoryAsync();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        var homeCare = await CreateAsync(coordinator, new
        {
            territoryId = territory, kind = "protocol", title = "Prise en charge à domicile", body = "## Déroulé\n1. Visite infirmière à J2.\n2. Appel du médecin traitant.",
            themes = new[] { "Covid-19", "Domicile" }, professions = new[] { "infirmier" }, validFrom = "2020-03-20",
        });
        var other = await CreateAsync(coordinator, new { territoryId = territory, kind = "guideline", title = "Surveillance", body = "Passage à domicile chaque jour." });

        Assert.Equal(["Prise en charge à domicile", "Surveillance"], await TitlesAsync(coordinator, $"territoryId={territory}&q=domicile"));
        Assert.Equal(["Prise en charge à domicile"], await TitlesAsync(coordinator, $"territoryId={territory}&q={Uri.EscapeDataString("prise en charge a domicile")}"));
        Assert.Equal(["Prise en charge à domicile"], await TitlesAsync(coordinator, $"territoryId={territory}&q={Uri.EscapeDataString("INFIRMIÈRE visite")}"));
        Assert.Empty(await TitlesAsync(coordinator, $"territoryId={territory}&q=domicile+hopital"));
        Assert.Equal(["Prise en charge à domicile"], await TitlesAsync(coordinator, $"territoryId={territory}&kind=protocol"));
        Assert.Equal(["Prise en charge à domicile"], await TitlesAsync(coordinator, $"territoryId={territory}&theme=Covid-19"));
        // A document aimed at no profession concerns every one.
        Assert.Equal(["Prise en charge à domicile", "Surveillance"], await TitlesAsync(coordinator, $"territoryId={territory}&profession=infirmier"));
        Assert.Equal(["Surveillance"], await TitlesAsync(coordinator, $"territoryId={territory}&profession=pharmacien"));

        var v2 = await JsonAsync(await coordinator.PostAsJsonAsync($"/api/library/{homeCare}/versions", new
        {
            basedOnVersion = 1, body = "## Déroulé\n1. Visite infirmière chaque jour de J2 à J10.\n2. Appel du médecin traitant.", changeNote = "Visites quotidiennes", validFrom = "2020-04-10",
        }), HttpStatusCode.Created);
        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        var stale = await JsonAsync(await coordinator.PostAsJsonAsync($"/api/library/{homeCare}/versions", new { basedOnVersion = 1, body = "Autre", changeNote = "x" }), HttpStatusCode.Conflict);
        Assert.Contains("rechargez la page", stale.GetProperty("detail").GetString());
        var unchanged = await JsonAsync(await coordinator.PostAsJsonAsync($"/api/library/{homeCare}/versions", new
        {
            basedOnVersion = 2, body = "## Déroulé\n1. Visite infirmière chaque jour de J2 à J10.\n2. Appel du médecin traitant.", changeNote = "rien",
        }), HttpStatusCode.BadRequest);
        Assert.Equal("body", Errors(unchanged));

        var details = await JsonAsync(await coordinator.GetAsync($"/api/library/{homeCare}"));
        var versions = details.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(["superseded", "current"], versions.Select(v => v.GetProperty("status").GetString()));
        Assert.Equal(2, versions[0].GetProperty("replacedBy").GetInt32());
        var old = await coordinator.GetStringAsync($"/bibliotheque/{homeCare}/versions/1");
        Assert.Contains("Cette version est remplacée par la version 2", old);
        Assert.Contains("Visite infirmière à J2", old);
        Assert.Contains("diff-added", await coordinator.GetStringAsync($"/bibliotheque/{homeCare}/versions/2"));
        var current = await coordinator.GetStringAsync($"/bibliotheque/{homeCare}");
        Assert.Contains("<h3>Déroulé</h3>", current);
        Assert.Contains("data-print", current);
        Assert.Contains("Infirmier·e", current);

        // Restoring version 1 adds version 3 with its text.
        Assert.Equal(3, (await JsonAsync(await coordinator.PostAsJsonAsync($"/api/library/{homeCare}/versions/1/restore", new { basedOnVersion = 2 }), HttpStatusCode.Created)).GetProperty("version").GetInt32());
        var restored = (await JsonAsync(await coordinator.GetAsync($"/api/library/{homeCare}/versions/3"))).GetProperty("body").GetString();
        Assert.Equal(versions[0].GetProperty("body").GetString(), restored);

        // Superseded by another document: hidden from a default search, still readable and marked.
        await JsonAsync(await coordinator.PostAsJsonAsync($"/api/library/{homeCare}/supersede", new { byDocumentId = other }), HttpStatusCode.NoContent);
        await JsonAsync(await coordinator.PostAsJsonAsync($"/api/library/{other}/supersede", new { byDocumentId = homeCare }), HttpStatusCode.BadRequest);
        Assert.Equal(["Surveillance"], await TitlesAsync(coordinator, $"territoryId={territory}&q=domicile"));
        Assert.Equal(["Prise en charge à domicile", "Surveillance"], await TitlesAsync(coordinator, $"territoryId={territory}&q=domicile&superseded=true"));
        var marked = await coordinator.GetStringAsync($"/bibliotheque/{homeCare}");
        Assert.Contains($"Ce document est remplacé par « <a href=\"/bibliotheque/{other}\">Surveillance</a> »", marked);
        Assert.Contains("Prise en charge à domicile", await coordinator.GetStringAsync($"/bibliotheque/{other}"));
        await JsonAsync(await coordinator.PostAsJsonAsync($"/api/library/{homeCare}/supersede", new { byDocumentId = (int?)null }), HttpStatusCode.NoContent);
        Assert.Equal(2, (await TitlesAsync(coordinator, $"territoryId={territory}&q=domicile")).Count);

        // Archived: gone from searches unless asked for, restorable.
        await JsonAsync(await coordinator.PostAsync($"/api/library/{other}/archive", null), HttpStatusCode.NoContent);
        Assert.Equal(["Prise en charge à domicile"], await TitlesAsync(coordinator, $"territoryId={territory}&q=domicile"));
        Assert.Equal(2, (await TitlesAsync(coordinator, $"territoryId={territory}&q=domicile&archived=true")).Count);
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.PostAsJsonAsync($"/api/library/{other}/versions", new { basedOnVersion = 1, body = "x", changeNote = "y" })).StatusCode);
        await JsonAsync(await coordinator.PostAsync($"/api/library/{other}/restore", null), HttpStatusCode.NoContent);
        Assert.Equal(2, (await TitlesAsync(coordinator, $"territoryId={territory}&q=domicile")).Count);

        // Expired: hidden unless asked for, and marked.
        var expired = await CreateAsync(coordinator, new { territoryId = territory, kind = "form", title = "Fiche de liaison", body = "Rubriques", validFrom = "2020-03-01", validUntil = "2020-06-30" });
        Assert.DoesNotContain("Fiche de liaison", await TitlesAsync(coordinator, $"territoryId={territory}"));
        var withExpired = await JsonAsync(await coordinator.GetAsync($"/api/library?territoryId={territory}&q=liaison&expired=true"));
        Assert.Equal("expired", withExpired.GetProperty("items")[0].GetProperty("status").GetString());
        Assert.Contains("Cette version est expirée depuis le 30/06/2020", await coordinator.GetStringAsync($"/bibliotheque/{expired}"));
        var search = await coordinator.GetStringAsync($"/bibliotheque?territoire={territory}&q=liaison&expires=true");
        Assert.Contains("Expiré", search);
        Assert.Contains("Aucun document ne correspond à « introuvable »", await coordinator.GetStringAsync($"/bibliotheque?territoire={territory}&q=introuvable"));
    }

    [SkippableFact]
    public async Task Everyone_in_the_territory_reads_only_coordinators_write_and_other_territories_see_nothing()
    {
        await app.StartAsync();
        var (territory, name) = await TerritoryAsync();
        var (_, otherName) = await TerritoryAsync();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        var id = await CreateAsync(coordinator, new { territoryId = territory, kind = "guideline", title = "Gestes barrières", body = "Masque, distance." });
        var document = new { territoryId = territory, kind = "form", title = "Interdit", body = "x" };

        foreach (var role in new[] { TestRoles.Authority, TestRoles.Professional, TestRoles.Secretary })
        {
            var reader = await app.LoginAsNewUserAsync(role, name);
            Assert.Equal(["Gestes barrières"], await TitlesAsync(reader, "q=barrieres"));
            await JsonAsync(await reader.GetAsync($"/api/library/{id}"));
            Assert.Contains("Gestes barrières", await reader.GetStringAsync($"/bibliotheque/{id}"));
            Assert.DoesNotContain("Nouvelle version", await reader.GetStringAsync($"/bibliotheque/{id}"));
            Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/library", document)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync($"/api/library/{id}/versions", new { basedOnVersion = 1, body = "y", changeNote = "z" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync($"/api/library/{id}/archive", null)).StatusCode);
            var form = await reader.GetAsync("/bibliotheque/nouveau");
            Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);
            Assert.Contains("acces-refuse", form.Headers.Location!.ToString());
        }

        var stranger = await app.LoginAsNewUserAsync(TestRoles.Coordinator, otherName);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/library/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/library/{id}/file")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/library?territoryId={territory}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/library/{id}/versions", new { basedOnVersion = 1, body = "y", changeNote = "z" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync("/api/library", document)).StatusCode);
        Assert.Empty(await TitlesAsync(stranger, "q=barrieres"));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/bibliotheque/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.AnonymousClient().GetAsync("/api/library")).StatusCode);
    }

    [SkippableFact]
    public async Task Bad_input_is_refused_with_the_field_and_nothing_is_written()
    {
        await app.StartAsync();
        var (territory, name) = await TerritoryAsync();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        async Task<string> RefusedAsync(object body) => Errors(await JsonAsync(await coordinator.PostAsJsonAsync("/api/library", body), HttpStatusCode.BadRequest));

        Assert.Equal("title", await RefusedAsync(new { territoryId = territory, kind = "form", body = "x" }));
        Assert.Equal("kind", await RefusedAsync(new { territoryId = territory, kind = "affiche", title = "T", body = "x" }));
        Assert.Equal("kind", await RefusedAsync(new { territoryId = territory, title = "T", body = "x" }));
        Assert.Equal("territoryId", await RefusedAsync(new { kind = "form", title = "T", body = "x" }));
        Assert.Equal("body", await RefusedAsync(new { territoryId = territory, kind = "form", title = "T", body = " " }));
        Assert.Equal("validFrom", await RefusedAsync(new { territoryId = territory, kind = "form", title = "T", body = "x", validFrom = "31/12/2020" }));
        Assert.Equal("validUntil", await RefusedAsync(new { territoryId = territory, kind = "form", title = "T", body = "x", validFrom = "2020-05-01", validUntil = "2020-04-01" }));
        Assert.Equal("professions", await RefusedAsync(new { territoryId = territory, kind = "form", title = "T", body = "x", professions = new[] { "sorcier" } }));
        Assert.Equal("title", await RefusedAsync(new { territoryId = territory, kind = "form", title = new string('x', 201), body = "x" }));
        var malformed = await coordinator.PostAsync("/api/library", new StringContent("{\"title\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync("/api/library/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.GetAsync("/api/library?kind=affiche")).StatusCode);
        Assert.Empty(await TitlesAsync(coordinator, $"territoryId={territory}&archived=true&expired=true&superseded=true"));

        var id = await CreateAsync(coordinator, new { territoryId = territory, kind = "form", title = "Fiche", body = "x" });
        Assert.Equal("changeNote", Errors(await JsonAsync(await coordinator.PostAsJsonAsync($"/api/library/{id}/versions", new { basedOnVersion = 1, body = "y" }), HttpStatusCode.BadRequest)));
        Assert.Equal("basedOnVersion", Errors(await JsonAsync(await coordinator.PostAsJsonAsync($"/api/library/{id}/versions", new { body = "y", changeNote = "z" }), HttpStatusCode.BadRequest)));
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.PostAsJsonAsync($"/api/library/{id}/versions/7/restore", new { basedOnVersion = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.PostAsJsonAsync($"/api/library/{id}/versions/1/restore", new { basedOnVersion = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.PostAsJsonAsync($"/api/library/{id}/supersede", new { byDocumentId = id })).StatusCode);

        // The form keeps what was typed and puts the refusal next to its field.
        var refused = await AppFixture.PostFormAsync(coordinator, "/bibliotheque/nouveau", "/bibliotheque/nouveau", new()
        {
            ["TerritoryId"] = territory.ToString(), ["Kind"] = "guideline", ["Title"] = "", ["Body"] = "Texte gardé après l'erreur", ["Themes"] = "Covid-19",
            ["Professions"] = "infirmier",
        });
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("data-valmsg-for=\"Title\" data-valmsg-replace=\"true\">Le titre est obligatoire", page);
        Assert.Contains("Texte gardé après l&#x27;erreur", page);
        Assert.Contains("value=\"Covid-19\"", page);
        Assert.Contains("value=\"infirmier\" checked=\"checked\"", page);
        var created = await AppFixture.PostFormAsync(coordinator, "/bibliotheque/nouveau", "/bibliotheque/nouveau", new()
        {
            ["TerritoryId"] = territory.ToString(), ["Kind"] = "guideline", ["Title"] = "Depuis la page", ["Body"] = "Texte", ["ValidFrom"] = "2020-04-01",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var pageId = int.Parse(created.Headers.Location!.ToString().Split('/').Last());

        var revisePage = $"/bibliotheque/{pageId}/nouvelle-version";
        Assert.Contains("value=\"Depuis la page\"", await coordinator.GetStringAsync(revisePage));
        var noNote = await AppFixture.PostFormAsync(coordinator, revisePage, revisePage, new() { ["BasedOnVersion"] = "1", ["Title"] = "Depuis la page", ["Body"] = "Texte revu", ["ChangeNote"] = "" });
        var noNoteText = await noNote.Content.ReadAsStringAsync();
        Assert.Contains("data-valmsg-for=\"ChangeNote\" data-valmsg-replace=\"true\">Le motif du changement est obligatoire", noNoteText);
        Assert.Contains("Texte revu", noNoteText);
        var conflict = await AppFixture.PostFormAsync(coordinator, revisePage, revisePage, new() { ["BasedOnVersion"] = "0", ["Title"] = "Depuis la page", ["Body"] = "Texte revu", ["ChangeNote"] = "n" });
        Assert.Contains("rechargez la page", await conflict.Content.ReadAsStringAsync());
        var revised = await AppFixture.PostFormAsync(coordinator, revisePage, revisePage, new() { ["BasedOnVersion"] = "1", ["Title"] = "Depuis la page", ["Body"] = "Texte revu", ["ChangeNote"] = "Relu" });
        Assert.Equal(HttpStatusCode.Redirect, revised.StatusCode);
        Assert.Contains("Version 2 enregistrée", await coordinator.GetStringAsync($"/bibliotheque/{pageId}"));
    }

    [SkippableFact]
    public async Task Concurrent_revisions_of_the_same_version_give_one_new_version_and_conflicts()
    {
        await app.StartAsync();
        var (territory, name) = await TerritoryAsync();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        var id = await CreateAsync(coordinator, new { territoryId = territory, kind = "protocol", title = "Circuit", body = "v1" });
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            coordinator.PostAsJsonAsync($"/api/library/{id}/versions", new { basedOnVersion = 1, body = $"texte {i}", changeNote = $"essai {i}" })));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var details = await JsonAsync(await coordinator.GetAsync($"/api/library/{id}"));
        Assert.Equal(2, details.GetProperty("versions").GetArrayLength());
    }

    [SkippableFact]
    public async Task A_file_is_uploaded_downloaded_and_searched_by_its_text_when_it_is_text()
    {
        await app.StartAsync();
        var (territory, name) = await TerritoryAsync();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        async Task<HttpResponseMessage> UploadAsync(string url, string fileName, byte[] bytes, string type, params (string Name, string Value)[] fields)
        {
            using var form = new MultipartFormDataContent();
            foreach (var (field, value) in fields)
            {
                form.Add(new StringContent(value), field);
            }

            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(type);
            form.Add(file, "file", fileName);
            return await coordinator.PostAsync(url, form);
        }

        var text = (await JsonAsync(await UploadAsync("/api/library", "consignes.txt", Encoding.UTF8.GetBytes("Mesurer la saturation avec le saturomètre prêté."), "text/plain",
            ("territoryId", territory.ToString()), ("kind", "guideline"), ("title", "Consignes de prêt"), ("themes", "Matériel, Domicile"), ("professions", "infirmier")), HttpStatusCode.Created))
            .GetProperty("id").GetInt32();
        var pdf = (await JsonAsync(await UploadAsync("/api/library", "formulaire.pdf", Encoding.ASCII.GetBytes("%PDF-1.4 saturometre"), "application/pdf",
            ("territoryId", territory.ToString()), ("kind", "form"), ("title", "Formulaire de prêt")), HttpStatusCode.Created)).GetProperty("id").GetInt32();

        Assert.Equal(["Consignes de prêt"], await TitlesAsync(coordinator, $"territoryId={territory}&q=saturometre"));
        Assert.Equal(["Consignes de prêt", "Formulaire de prêt"], await TitlesAsync(coordinator, $"territoryId={territory}&q=pret"));
        Assert.Equal(["Formulaire de prêt"], await TitlesAsync(coordinator, $"territoryId={territory}&q=formulaire"));
        var details = await JsonAsync(await coordinator.GetAsync($"/api/library/{text}"));
        Assert.Equal(["Matériel", "Domicile"], details.GetProperty("themes").EnumerateArray().Select(t => t.GetString()));
        Assert.True(details.GetProperty("versions")[0].GetProperty("file").GetProperty("indexed").GetBoolean());
        Assert.Contains("recherche le trouve par son titre seulement", await coordinator.GetStringAsync($"/bibliotheque/{pdf}"));

        var download = await coordinator.GetAsync($"/api/library/{pdf}/file?version=1");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("formulaire.pdf", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("%PDF-1.4 saturometre", await download.Content.ReadAsStringAsync());

        // A new version without a file keeps the file; asking to remove it removes it.
        await JsonAsync(await UploadAsync($"/api/library/{text}/versions", "consignes-v2.txt", Encoding.UTF8.GetBytes("Nouvelles consignes : oxymètre."), "text/plain",
            ("basedOnVersion", "1"), ("changeNote", "Nouveau fichier")), HttpStatusCode.Created);
        Assert.Equal(["Consignes de prêt"], await TitlesAsync(coordinator, $"territoryId={territory}&q=oxymetre"));
        Assert.Empty(await TitlesAsync(coordinator, $"territoryId={territory}&q=saturometre+prete"));
        Assert.Equal("Mesurer la saturation avec le saturomètre prêté.", await coordinator.GetStringAsync($"/api/library/{text}/file?version=1"));
        await JsonAsync(await coordinator.PostAsJsonAsync($"/api/library/{pdf}/versions", new { basedOnVersion = 1, body = "Le formulaire est en pièce jointe.", changeNote = "Mode d'emploi" }), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync($"/api/library/{pdf}/file")).StatusCode);
        await JsonAsync(await coordinator.PostAsJsonAsync($"/api/library/{pdf}/versions", new { basedOnVersion = 2, body = "Plus de pièce jointe.", changeNote = "Sans fichier", removeFile = true }), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/api/library/{pdf}/file")).StatusCode);

        var tooBig = await UploadAsync("/api/library", "gros.pdf", new byte[(10 * 1024 * 1024) + 1], "application/pdf", ("territoryId", territory.ToString()), ("kind", "form"), ("title", "Gros"));
        Assert.Equal("file", Errors(await JsonAsync(tooBig, HttpStatusCode.BadRequest)));
        var empty = await UploadAsync("/api/library", "vide.txt", [], "text/plain", ("territoryId", territory.ToString()), ("kind", "form"), ("title", "Vide"));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [SkippableFact]
    public async Task The_crisis_cells_protocols_are_library_documents_that_follow_the_crisis_rules()
    {
        await app.StartAsync();
        var (territory, name) = await TerritoryAsync();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        var episode = (await JsonAsync(await coordinator.PostAsJsonAsync("/api/crisis/episodes", new { territoryId = territory, name = "Vague test", openedOn = "2020-03-09" }), HttpStatusCode.Created))
            .GetProperty("id").GetInt32();
        var protocol = (await JsonAsync(await coordinator.PostAsJsonAsync($"/api/crisis/episodes/{episode}/protocols", new { title = "Circuit des suspects", body = "Accueil à l'extérieur" }), HttpStatusCode.Created))
            .GetProperty("id").GetInt32();

        var document = await JsonAsync(await coordinator.GetAsync($"/api/library/{protocol}"));
        Assert.Equal("protocol", document.GetProperty("kind").GetString());
        Assert.Equal(territory, document.GetProperty("territoryId").GetInt32());
        Assert.Equal("Vague test", document.GetProperty("crisis").GetProperty("name").GetString());
        Assert.Equal(["Circuit des suspects"], await TitlesAsync(coordinator, $"territoryId={territory}&kind=protocol&q=exterieur"));
        var page = await coordinator.GetStringAsync($"/bibliotheque/{protocol}");
        Assert.Contains($"Protocole de la cellule de crise « <a href=\"/crise/{episode}\">Vague test</a> »", page);
        Assert.Contains($"/bibliotheque/{protocol}", await coordinator.GetStringAsync($"/crise/protocoles/{protocol}"));

        // A revision in the library is a revision of the crisis protocol, and the reverse.
        await JsonAsync(await coordinator.PostAsJsonAsync($"/api/library/{protocol}/versions", new { basedOnVersion = 1, body = "Accueil à l'extérieur\nMasque", changeNote = "Masque" }), HttpStatusCode.Created);
        var listed = (await JsonAsync(await coordinator.GetAsync($"/api/crisis/episodes/{episode}/protocols"))).EnumerateArray().Single();
        Assert.Equal(2, listed.GetProperty("currentVersion").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.PostAsJsonAsync($"/api/crisis/protocols/{protocol}/versions", new { body = "x", changeNote = "y", basedOnVersion = 1 })).StatusCode);
        await JsonAsync(await coordinator.PostAsJsonAsync($"/api/crisis/protocols/{protocol}/versions", new { body = "Accueil\nMasque\nSaturation", changeNote = "Saturation", basedOnVersion = 2 }));

        // An ordinary document is no crisis protocol.
        var plain = await CreateAsync(coordinator, new { territoryId = territory, kind = "protocol", title = "Autre", body = "x" });
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/api/crisis/protocols/{plain}")).StatusCode);

        // Once the crisis is closed its protocols are history, in the library too.
        var closed = await coordinator.PostAsJsonAsync($"/api/crisis/episodes/{episode}/close", new { closedOn = "2020-06-30" });
        Assert.Equal(HttpStatusCode.NoContent, closed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.PostAsJsonAsync($"/api/library/{protocol}/versions", new { basedOnVersion = 3, body = "Après", changeNote = "z" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.PostAsJsonAsync($"/api/crisis/protocols/{protocol}/versions", new { body = "Après", changeNote = "z", basedOnVersion = 3 })).StatusCode);
        Assert.Contains("(crise close)", await coordinator.GetStringAsync($"/bibliotheque/{protocol}"));
        Assert.DoesNotContain("nouvelle-version", await coordinator.GetStringAsync($"/bibliotheque/{protocol}"));
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.PostAsync($"/api/library/{protocol}/archive", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.PostAsJsonAsync($"/api/library/{protocol}/supersede", new { byDocumentId = plain })).StatusCode);
        Assert.DoesNotContain("Gérer le document", await coordinator.GetStringAsync($"/bibliotheque/{protocol}"));
    }

    [SkippableFact]
    public async Task The_command_line_imports_and_searches_with_exit_codes()
    {
        await app.StartAsync();
        var (territory, name) = await TerritoryAsync();
        var file = Path.Combine(TestDatabases.Root, $"protocole-{Guid.NewGuid():N}.md");
        await File.WriteAllTextAsync(file, "## Objet\nPrise en charge à domicile des patients fragiles.");
        var imported = await app.CliAsync("library", "import", file, "--territory", name, "--title", "Protocole domicile (CLI)", "--kind", "protocol",
            "--valid-from", "2020-03-20", "--theme", "Domicile", "--profession", "infirmier", "--json");
        Assert.True(imported.ExitCode == 0, imported.Error);
        var json = JsonDocument.Parse(imported.Output).RootElement;
        Assert.Equal(territory, json.GetProperty("territoryId").GetInt32());
        Assert.Equal("2020-03-20", json.GetProperty("validFrom").GetString());

        var pdf = Path.Combine(TestDatabases.Root, $"fiche-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(pdf, Encoding.ASCII.GetBytes("%PDF-1.4"));
        var attached = await app.CliAsync("library", "import", pdf, "--territory", territory.ToString(), "--title", "Fiche (CLI)", "--kind", "formulaire");
        Assert.True(attached.ExitCode == 0, attached.Error);
        Assert.Contains("searchable by title only", attached.Output);

        var found = await app.CliAsync("library", "search", "prise en charge a domicile", "--territory", name, "--json");
        Assert.Equal(0, found.ExitCode);
        var items = JsonDocument.Parse(found.Output).RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("Protocole domicile (CLI)", Assert.Single(items).GetProperty("title").GetString());
        var text = await app.CliAsync("library", "search", "FICHE", "--territory", name);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("Fiche (CLI)", text.Output);
        Assert.Contains("no document found", (await app.CliAsync("library", "search", "zzzz", "--territory", name)).Output);

        foreach (var args in new[]
        {
            new[] { "library", "import", "/nonexistent/file.md", "--territory", name, "--title", "T", "--kind", "form" },
            ["library", "import", file, "--territory", name, "--title", "T", "--kind", "affiche"],
            ["library", "import", file, "--territory", name, "--kind", "form"],
            ["library", "import", file, "--territory", name, "--title", "T", "--kind", "form", "--valid-from", "20/03/2020"],
            ["library", "import", file, "--territory", name, "--title", "T", "--kind", "form", "--profession", "sorcier"],
            ["library", "import", file, "--territory", "Nulle part", "--title", "T", "--kind", "form"],
            ["library", "search", "x", "--kind", "affiche"],
            ["library", "search"],
        })
        {
            var refused = await app.CliAsync(args);
            Assert.True(refused.ExitCode == 2, $"{string.Join(' ', args)} → {refused.ExitCode}: {refused.Error}");
            Assert.Single(refused.Error.Trim().Split('\n'));
            Assert.StartsWith("maillage: ", refused.Error);
        }

        Assert.Single(JsonDocument.Parse((await app.CliAsync("library", "search", "domicile", "--territory", name, "--json")).Output).RootElement.GetProperty("items").EnumerateArray());
    }
}

public sealed class LibrarySqliteTests(SqliteApp app) : LibraryTests(app), IClassFixture<SqliteApp>;

public sealed class LibraryPostgresTests(PostgresApp app) : LibraryTests(app), IClassFixture<PostgresApp>;
