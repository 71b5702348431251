using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Maillage.BrowserTests.Features.Equipment;

[Collection("browser")]
public sealed class DepotBrowserTests(BrowserFixture app)
{
    [SkippableFact]
    public async Task A_depot_is_opened_a_donation_recorded_on_a_phone_checked_and_counted()
    {
        BrowserFixture.SkipUnlessAvailable(app);
        var coordinator = await app.LoginAsync("coordination@demo.maillage.test");
        await coordinator.GetByRole(AriaRole.Link, new() { Name = "Matériel", Exact = true }).ClickAsync();
        await coordinator.GetByRole(AriaRole.Link, new() { Name = "Dépôts", Exact = true }).ClickAsync();
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await coordinator.GetByLabel("Lieu de l'annuaire").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await coordinator.GetByLabel("Nom du dépôt (facultatif)").FillAsync("Dépôt de démonstration");
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Créer le dépôt" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Status)).ToContainTextAsync("Dépôt « Dépôt de démonstration » créé.");

        // The donation, on a phone.
        var phone = await app.LoginAsync("coordination@demo.maillage.test", width: 390);
        await phone.GotoAsync("/materiel/don");
        await phone.GetByLabel("Dépôt", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Dépôt de démonstration" });
        await phone.GetByLabel("Article").SelectOptionAsync(new SelectOptionValue { Label = "Masque FFP2 (pièce)" });
        await phone.GetByLabel("Quantité").FillAsync("200");
        await phone.GetByLabel("Nom du nouveau donateur").FillAsync("Boulangerie du marché (fictive)");
        await phone.GetByLabel("Catégorie").SelectOptionAsync(new SelectOptionValue { Label = "Entreprise" });
        await BrowserFixture.AssertAccessibleAsync(phone);
        await BrowserFixture.ScreenshotAsync(phone, "40-materiel-don-mobile");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le don" }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("200 pièces de « Masque FFP2 »");
        await phone.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Reçu de don n°") }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Reçu de don n°") })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(phone);
        await BrowserFixture.ScreenshotAsync(phone, "41-materiel-recu-mobile");

        await coordinator.GotoAsync("/materiel/controle");
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        var lot = coordinator.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Boulangerie du marché (fictive)" });
        await lot.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Libérer le lot") }).ClickAsync();
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Status)).ToContainTextAsync("200 pièces de « Masque FFP2 » disponibles");

        await coordinator.GotoAsync("/materiel");
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Dépôt de démonstration") })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await BrowserFixture.ScreenshotAsync(coordinator, "42-materiel-stock");

        await coordinator.GotoAsync("/materiel/mouvements/nouveau?type=distribution");
        await coordinator.GetByLabel("Dépôt", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Dépôt de démonstration" });
        await coordinator.GetByLabel("Article").SelectOptionAsync(new SelectOptionValue { Label = "Masque FFP2 (pièce)" });
        await coordinator.GetByLabel("Quantité").FillAsync("1000");
        await coordinator.GetByLabel("ou structure / autre bénéficiaire").FillAsync("EHPAD (fictif)");
        await coordinator.GetByLabel("Retiré par").FillAsync("Marc (fictif)");
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }).ClickAsync();
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Alert)).ToContainTextAsync("Stock insuffisant");
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await coordinator.GetByLabel("Quantité").FillAsync("50");
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }).ClickAsync();
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Status)).ToContainTextAsync("reste 150 pièces");
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await BrowserFixture.ScreenshotAsync(coordinator, "43-materiel-mouvements");

        await coordinator.GotoAsync("/materiel/depots");
        await coordinator.GetByRole(AriaRole.Link, new() { Name = "Fiche d'inventaire de Dépôt de démonstration" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Columnheader, new() { Name = "Compté" })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(coordinator);
    }
}
