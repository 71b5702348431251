using Microsoft.Playwright;

namespace Maillage.BrowserTests.Features.Directory;

[Collection("browser")]
public sealed class DirectoryBrowserTests(BrowserFixture app)
{
    [SkippableFact]
    public async Task Regulation_finds_a_place_for_a_suspected_patient_without_a_doctor()
    {
        BrowserFixture.SkipUnlessAvailable(app);
        var page = await app.LoginAsync("regulation@demo.maillage.test");
        await page.GetByRole(AriaRole.Link, new() { Name = "Annuaire" }).First.ClickAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "10-annuaire");

        await page.GetByRole(AriaRole.Link, new() { Name = "Trouver un lieu pour un patient" }).ClickAsync();
        await page.GetByLabel("Reçoit les patients suspects d'infection").CheckAsync();
        await page.GetByLabel("Reçoit les patients sans médecin traitant").CheckAsync();
        await page.GetByLabel("Commune du patient").FillAsync("lodeve");
        await page.GetByLabel("à une date et heure :").CheckAsync();
        await page.GetByLabel("Date et heure (heure de Paris)").FillAsync("2020-04-02T10:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Chercher" }).ClickAsync();

        var first = page.Locator("#resultats + p + ol > li").First;
        await Assertions.Expect(first).ToContainTextAsync("Centre Covid du Cœur d'Hérault (fictif)");
        await Assertions.Expect(first.GetByRole(AriaRole.Link, new() { Name = "04 67 00 13 00" })).ToBeVisibleAsync();
        await Assertions.Expect(first).ToContainTextAsync("Pourquoi");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "11-annuaire-trouver-un-lieu");
    }

    [SkippableFact]
    public async Task Coordinator_sees_a_structure_with_its_offer_and_composition_and_adds_a_service()
    {
        BrowserFixture.SkipUnlessAvailable(app);
        var page = await app.LoginAsync("coordination@demo.maillage.test");
        await page.GotoAsync("/annuaire?q=salagou");
        await page.GetByRole(AriaRole.Link, new() { Name = "MSP du Salagou (fictive)" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Composition conforme à une MSP")).ToBeVisibleAsync();
        var sites = page.Locator("section[aria-labelledby=sites]");
        await Assertions.Expect(sites.GetByText("Circuit Covid (après-midi)", new() { Exact = true }).First).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "12-annuaire-structure");

        await page.GetByRole(AriaRole.Link, new() { Name = "Ajouter un service à Site principal" }).ClickAsync();
        await page.GetByLabel("Nom du service").FillAsync("Téléconsultations du samedi");
        await page.GetByLabel("Téléconsultation").CheckAsync();
        await page.GetByLabel("Horaires de la semaine").FillAsync("samedi matin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le service" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Horaires");
        await Assertions.Expect(page.GetByLabel("Nom du service")).ToHaveValueAsync("Téléconsultations du samedi");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "13-annuaire-service-erreur");

        await page.GetByLabel("Horaires de la semaine").FillAsync("sa 09:00-12:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le service" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Service enregistré");
        await Assertions.Expect(page.Locator("section[aria-labelledby=sites]").GetByText("Téléconsultations du samedi", new() { Exact = true }).First).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task The_map_works_without_tiles_and_its_list_says_the_same()
    {
        BrowserFixture.SkipUnlessAvailable(app);
        var page = await app.LoginAsync("ars@demo.maillage.test");
        await page.GotoAsync("/annuaire/carte");
        await Assertions.Expect(page.Locator("#carte")).ToBeVisibleAsync();
        Assert.Equal(7, await page.Locator("#carte path.leaflet-interactive").CountAsync());
        Assert.Equal(7, await page.Locator("section[aria-labelledby=liste-sites] tbody tr").CountAsync());
        await Assertions.Expect(page.GetByText("Fond de carte désactivé")).ToBeVisibleAsync();
        await page.GetByText("Communes du territoire (77)").ClickAsync();
        await Assertions.Expect(page.GetByText("Clermont-l'Hérault", new() { Exact = false }).First).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "14-annuaire-carte");

        await page.GetByLabel("Capacité").SelectOptionAsync("pcr-sampling");
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
        Assert.Equal(2, await page.Locator("section[aria-labelledby=liste-sites] tbody tr").CountAsync());
        Assert.Equal(2, await page.Locator("#carte path.leaflet-interactive").CountAsync());
    }

    [SkippableFact]
    public async Task A_csv_import_with_errors_explains_each_rejected_row()
    {
        BrowserFixture.SkipUnlessAvailable(app);
        var page = await app.LoginAsync("coordination@demo.maillage.test");
        await page.GotoAsync("/annuaire");
        await page.GetByRole(AriaRole.Link, new() { Name = "Importer / exporter" }).ClickAsync();
        var csv = "structure_type;structure_nom;structure_siret;site_commune;rpps;nom;prenom;profession\n" +
                  "msp;MSP importée (fictive);;34079;;;;\n" +
                  "msp;MSP au mauvais SIRET;12345678901234;34079;;;;\n" +
                  "pharmacie;Pharmacie au code postal;;34800;;;;\n";
        await page.GetByLabel("Fichier CSV").SetInputFilesAsync(new FilePayload { Name = "annuaire.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Vérifier sans rien enregistrer" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("3 ligne(s) lue(s) : 1 acceptée(s), 2 refusée(s)");
        var rejected = page.GetByRole(AriaRole.Table, new() { Name = "2 erreur(s)" });
        await Assertions.Expect(rejected.GetByRole(AriaRole.Row).Filter(new() { HasText = "structure_siret" })).ToContainTextAsync("3");
        await Assertions.Expect(rejected.GetByRole(AriaRole.Row).Filter(new() { HasText = "site_commune" })).ToContainTextAsync("code postal");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "15-annuaire-import-erreurs");
    }
}
