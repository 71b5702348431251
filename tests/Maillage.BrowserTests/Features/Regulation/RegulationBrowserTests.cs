using Microsoft.Playwright;

namespace Maillage.BrowserTests.Features.Regulation;

[Collection("browser")]
public sealed class RegulationBrowserTests(BrowserFixture app)
{
    [SkippableFact]
    public async Task A_secretary_takes_a_call_from_the_first_question_to_a_booked_slot_with_an_override()
    {
        BrowserFixture.SkipUnlessAvailable(app);
        var page = await app.LoginAsync("secretariat@demo.maillage.test");
        await page.GetByRole(AriaRole.Link, new() { Name = "Régulation", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("Protocole en vigueur")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Nouvel appel" }).ClickAsync();

        await page.GetByLabel("Site qui prend l'appel").SelectOptionAsync(new SelectOptionValue { Label = "MSP du Salagou (fictive) — Site principal" });

        // An ambiguous commune is refused with the candidates; the exact one goes through.
        await page.GetByLabel("Commune où se trouve le patient").FillAsync("Saint-André");
        await page.GetByRole(AriaRole.Button, new() { Name = "Suivant" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Plusieurs communes");
        await page.GetByLabel("Commune où se trouve le patient").FillAsync("Lodève");
        await page.GetByRole(AriaRole.Button, new() { Name = "Suivant" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Signes de gravité" })).ToBeVisibleAsync();
        await page.Locator("#a_detresse_respiratoire-non").CheckAsync();
        await page.Locator("#a_douleur_thoracique-non").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Suivant" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Répondez à « Est-il confus");
        await page.Locator("#a_confusion-non").CheckAsync();
        await page.Locator("#a_spo2-nsp").CheckAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "24-regulation-questions");
        await page.GetByRole(AriaRole.Button, new() { Name = "Suivant" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Le patient" })).ToBeVisibleAsync();
        await page.Locator("#a_age-value").FillAsync("52");
        foreach (var (question, answer) in new[] { ("maladie_chronique", "non"), ("grossesse", "non"), ("peut_se_deplacer", "oui"), ("medecin_traitant_joignable", "non") })
        {
            await page.Locator($"#a_{question}-{answer}").CheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Suivant" }).ClickAsync();
        await page.Locator("#a_fievre-oui").CheckAsync();
        await page.Locator("#a_temperature-value").FillAsync("38,6");
        await page.Locator("#a_symptomes_respiratoires-oui").CheckAsync();
        await page.Locator("#a_contact_cas-non").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Suivant" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Lieu qui reçoit les patients sans médecin traitant" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Radio, new() { NameRegex = new System.Text.RegularExpressions.Regex("Centre Covid du Cœur d'Hérault") }).CheckAsync();
        await page.GetByText("Décider une autre orientation").ClickAsync();
        await page.GetByLabel("Orientation décidée").SelectOptionAsync(new SelectOptionValue { Label = "Dépistage" });
        await page.GetByLabel("Nom", new() { Exact = true }).FillAsync("Exemple");
        await page.GetByLabel("Prénom").FillAsync("Patiente (fictive)");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Enregistrer la fiche") }).ClickAsync();

        // Refused without a reason, and nothing typed is lost.
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("demande une raison");
        await Assertions.Expect(page.GetByLabel("Prénom")).ToHaveValueAsync("Patiente (fictive)");
        await Assertions.Expect(page.GetByLabel("Orientation décidée")).ToHaveValueAsync("depistage");
        await page.GetByLabel("Raison (obligatoire si l'orientation change)").FillAsync("Dépistage demandé par son employeur avant reprise (exemple fictif)");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "25-regulation-orientation");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Enregistrer la fiche") }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fiche de régulation n°", Exact = false })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Orientation changée par le professionnel")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Créneau réservé")).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "26-regulation-fiche");

        // The patient prefers another time: cancel (with a reason, kept) and book again from the record.
        await page.GetByLabel("Raison de l'annulation").FillAsync("Le patient préfère plus tard (exemple fictif)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Annuler la réservation" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("le créneau est de nouveau libre");
        await page.Locator("section[aria-labelledby=reserver] button").Nth(1).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Nouveau créneau réservé");
        await Assertions.Expect(page.GetByText("Le patient préfère plus tard (exemple fictif)")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Régulation", Exact = true }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "EXEMPLE Patiente (fictive)" })).ToBeVisibleAsync();

        // The coordinator sees the week's orientations by site, and the protocol with its proof.
        var coordinator = await app.LoginAsync("coordination@demo.maillage.test");
        await coordinator.GotoAsync("/regulation");
        await coordinator.GetByRole(AriaRole.Link, new() { Name = "Suivi des orientations" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Rowheader, new() { Name = "MSP du Salagou (fictive) — Site principal" })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await BrowserFixture.ScreenshotAsync(coordinator, "27-regulation-suivi");
        await coordinator.GotoAsync("/regulation/protocole");
        await Assertions.Expect(coordinator.GetByText("Vérification : publiable")).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await BrowserFixture.ScreenshotAsync(coordinator, "28-regulation-protocole");
    }
}
