using Microsoft.Playwright;

namespace Maillage.BrowserTests.Features.Crisis;

[Collection("browser")]
public sealed class CrisisBrowserTests(BrowserFixture app)
{
    [SkippableFact]
    public async Task The_crisis_cell_follows_the_stage_and_its_decisions()
    {
        BrowserFixture.SkipUnlessAvailable(app);
        var page = await app.LoginAsync("coordination@demo.maillage.test");
        await page.GetByRole(AriaRole.Link, new() { Name = "Crise", Exact = true }).ClickAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "COVID-19 — vague 1" }).ClickAsync();

        await Assertions.Expect(page.GetByText("Stade 3", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = "Ouvrir un centre Covid à la salle polyvalente de Gignac" })).ToBeVisibleAsync();

        await page.GetByLabel("Nouvelle décision").FillAsync("Prêter des saturomètres aux infirmières pour le suivi à domicile");
        await page.GetByLabel("Responsable").FillAsync("Pharmacie de la Place (fictive)");
        await page.GetByLabel("Décidée le").FillAsync("2020-04-06");
        await page.GetByRole(AriaRole.Button, new() { Name = "Inscrire la décision" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Décision inscrite au registre");
        await Assertions.Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = "Prêter des saturomètres aux infirmières pour le suivi à domicile" })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "16-crise");

        await page.GetByRole(AriaRole.Link, new() { Name = "Circuit des patients suspects au centre Covid (exemple fictif)" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Version 2 (en vigueur)", new() { Exact = false })).ToBeVisibleAsync();
        await page.GetByText("Changements par rapport à la version 1").ClickAsync();
        await Assertions.Expect(page.Locator(".diff-added")).ToContainTextAsync("Saturation mesurée");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "17-crise-protocole");
    }
}
