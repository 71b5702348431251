using Microsoft.Playwright;

namespace Maillage.BrowserTests.Features.Bulletins.Library;

[Collection("browser")]
public sealed class LibraryBrowserTests(BrowserFixture app)
{
    [SkippableFact]
    public async Task A_reader_finds_a_protocol_without_accents_and_reads_its_replaced_version()
    {
        BrowserFixture.SkipUnlessAvailable(app);
        var page = await app.LoginAsync("ars@demo.maillage.test");
        await page.GetByRole(AriaRole.Link, new() { Name = "Bibliothèque", Exact = true }).ClickAsync();
        await page.GetByLabel("Rechercher", new() { Exact = true }).FillAsync("prise en charge a domicile");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 document");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Ajouter un document" })).ToHaveCountAsync(0);
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "56-bibliotheque-recherche");

        await page.GetByRole(AriaRole.Link, new() { Name = "Prise en charge à domicile des patients Covid-19 (exemple fictif)" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Déroulé" })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "57-bibliotheque-document");

        await page.GetByRole(AriaRole.Link, new() { Name = "Version 1", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Note).Filter(new() { HasText = "Cette version est remplacée par la version 2" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("passe à domicile à J2, J4 et J7")).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    [SkippableFact]
    public async Task A_coordinator_adds_a_document_keeps_what_was_typed_on_error_and_publishes_a_new_version()
    {
        BrowserFixture.SkipUnlessAvailable(app);
        var page = await app.LoginAsync("coordination@demo.maillage.test");
        await page.GotoAsync("/bibliotheque");
        await page.GetByRole(AriaRole.Link, new() { Name = "Ajouter un document" }).ClickAsync();
        await page.GetByLabel("Type de document").SelectOptionAsync(new SelectOptionValue { Label = "Formulaire" });
        await page.GetByLabel("Texte", new() { Exact = true }).FillAsync("Nom, prénom, téléphone du médecin traitant.");
        await page.GetByLabel("Infirmier·e").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter à la bibliothèque" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Le titre est obligatoire");
        await Assertions.Expect(page.GetByLabel("Texte", new() { Exact = true })).ToHaveValueAsync("Nom, prénom, téléphone du médecin traitant.");
        await Assertions.Expect(page.GetByLabel("Infirmier·e")).ToBeCheckedAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByLabel("Titre", new() { Exact = true }).FillAsync("Fiche de sortie (exemple fictif)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter à la bibliothèque" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Document ajouté");

        await page.GetByRole(AriaRole.Link, new() { Name = "Nouvelle version" }).ClickAsync();
        await page.GetByLabel("Texte", new() { Exact = true }).FillAsync("Nom, prénom, téléphone du médecin traitant et de l'infirmière.");
        await page.GetByLabel("Motif du changement").FillAsync("Ajout de l'infirmière");
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la nouvelle version" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Version 2 enregistrée");
        await BrowserFixture.ScreenshotAsync(page, "58-bibliotheque-nouvelle-version");
    }
}
