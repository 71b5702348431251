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

    [SkippableFact]
    public async Task A_coordinator_declares_a_centre_and_moves_it_along_its_lifecycle()
    {
        BrowserFixture.SkipUnlessAvailable(app);
        var page = await app.LoginAsync("coordination@demo.maillage.test");
        await page.GotoAsync("/crise");
        await page.GetByRole(AriaRole.Link, new() { Name = "COVID-19 — vague 1" }).ClickAsync();
        await page.GetByText("Déclarer un centre dédié").ClickAsync();
        await page.GetByLabel("Nom du centre").FillAsync("Centre Covid de Lodève (fictif)");
        await page.GetByLabel("Commune (code INSEE)").FillAsync("34700");
        await page.GetByLabel("Adresse (salle, gymnase…)").FillAsync("Gymnase (adresse fictive)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Déclarer le centre" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("34700");
        await Assertions.Expect(page.GetByLabel("Nom du centre")).ToHaveValueAsync("Centre Covid de Lodève (fictif)");
        await page.GetByLabel("Commune (code INSEE)").FillAsync("34142");
        await page.GetByRole(AriaRole.Button, new() { Name = "Déclarer le centre" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Centre Covid de Lodève (fictif)" })).ToBeVisibleAsync();
        await page.GetByLabel("Étape suivante").SelectOptionAsync(new SelectOptionValue { Label = "Dossier envoyé à l'ARS" });
        await page.GetByLabel("Le", new() { Exact = true }).FillAsync("2030-01-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Passer à cette étape" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Dossier envoyé à l'ARS");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "18-crise-centre");

        await page.GetByRole(AriaRole.Link, new() { Name = "Rôles et créneaux du centre" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter les rôles standard (médecin, infirmier·e, accueil et tri, secrétariat)" }).ClickAsync();
        await page.GetByText("Ajouter un créneau").ClickAsync();
        await page.GetByLabel("Nom", new() { Exact = true }).FillAsync("Matin");
        await page.GetByLabel("Jours et horaire").FillAsync("lu-sa 08:30-12:30");
        await page.GetByLabel("Médecin", new() { Exact = true }).FillAsync("1");
        await page.GetByLabel("Accueil et tri", new() { Exact = true }).FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter le créneau" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Créneau « Matin » ajouté");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "19-plannings-roles-creneaux");

        // The demo GP declares availability from a phone, for the week of 6 April 2020.
        var centreId = System.Text.RegularExpressions.Regex.Match(page.Url, "/plannings/centres/(\\d+)").Groups[1].Value;
        var doctor = await app.LoginAsync("medecin@demo.maillage.test", width: 390);
        await doctor.GotoAsync($"/plannings/centres/{centreId}/disponibilites?semaine=2020-04-06");
        await doctor.GetByLabel("Matin, 08:30-12:30").First.CheckAsync();
        await doctor.GetByRole(AriaRole.Button, new() { Name = "Enregistrer mes disponibilités" }).ClickAsync();
        await Assertions.Expect(doctor.GetByRole(AriaRole.Status)).ToContainTextAsync("1 créneau(x)");
        await BrowserFixture.AssertAccessibleAsync(doctor);
        await BrowserFixture.ScreenshotAsync(doctor, "20-plannings-disponibilites-mobile", fullPage: false);
    }
}
