using Microsoft.Playwright;

namespace Maillage.BrowserTests.Features.Accounts;

[Collection("browser")]
public sealed class AccountsBrowserTests(BrowserFixture app)
{
    [SkippableFact]
    public async Task Login_page_is_accessible_and_a_wrong_password_keeps_the_email()
    {
        BrowserFixture.SkipUnlessAvailable(app);
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        Assert.Contains("/connexion", page.Url);
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "01-connexion");

        await page.GetByLabel("Adresse e-mail").FillAsync("medecin@demo.maillage.test");
        await page.GetByLabel("Mot de passe").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Adresse e-mail ou mot de passe incorrect");
        await Assertions.Expect(page.GetByLabel("Adresse e-mail")).ToHaveValueAsync("medecin@demo.maillage.test");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "02-connexion-erreur");
    }

    [SkippableFact]
    public async Task Each_role_gets_a_home_dashboard_and_the_demo_is_labelled()
    {
        BrowserFixture.SkipUnlessAvailable(app);
        var page = await app.LoginAsync("coordination@demo.maillage.test");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tableau de bord" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("fictifs");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "CPTS Cœur d'Hérault" })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "03-accueil-coordinatrice");
        await page.GetByRole(AriaRole.Link, new() { Name = "Double authentification" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Code à 6 chiffres de l'application")).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GotoAsync("/");

        var admin = await app.LoginAsync("admin@demo.maillage.test");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Administration" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Cell, new() { Name = "ars@demo.maillage.test" })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(admin);
        await BrowserFixture.ScreenshotAsync(admin, "04-admin-comptes");

        await admin.GetByRole(AriaRole.Link, new() { Name = "Journal d'audit" }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Vérifier l'intégrité du journal" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Journal intact");
        await BrowserFixture.AssertAccessibleAsync(admin);
        await BrowserFixture.ScreenshotAsync(admin, "05-admin-journal");
    }

    [SkippableFact]
    public async Task The_application_works_without_javascript()
    {
        BrowserFixture.SkipUnlessAvailable(app);
        var page = await app.LoginAsync("regulation@demo.maillage.test", javaScript: false);
        await page.GetByRole(AriaRole.Link, new() { Name = "Territoires" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "CPTS Cœur d'Hérault" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "CPTS Cœur d'Hérault" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connexion" })).ToBeVisibleAsync();
    }
}
