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

        // The demo GP declares availability from a phone for two mornings of a coming week.
        var centreId = System.Text.RegularExpressions.Regex.Match(page.Url, "/plannings/centres/(\\d+)").Groups[1].Value;
        var doctor = await app.LoginAsync("medecin@demo.maillage.test", width: 390);
        await doctor.GotoAsync($"/plannings/centres/{centreId}/disponibilites?semaine=2030-01-07");
        await doctor.GetByLabel("Matin, 08:30-12:30").Nth(0).CheckAsync();
        await doctor.GetByLabel("Matin, 08:30-12:30").Nth(1).CheckAsync();
        await doctor.GetByRole(AriaRole.Button, new() { Name = "Enregistrer mes disponibilités" }).ClickAsync();
        await Assertions.Expect(doctor.GetByRole(AriaRole.Status)).ToContainTextAsync("2 créneau(x)");
        await BrowserFixture.AssertAccessibleAsync(doctor);
        await BrowserFixture.ScreenshotAsync(doctor, "20-plannings-disponibilites-mobile", fullPage: false);
        await doctor.GetByLabel("Centre préféré").SelectOptionAsync(new SelectOptionValue { Label = "Centre Covid de Lodève (fictif)" });
        await doctor.GetByLabel("Inès Martel — Médecin généraliste").CheckAsync();
        await doctor.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les préférences" }).ClickAsync();
        await Assertions.Expect(doctor.GetByRole(AriaRole.Status)).ToContainTextAsync("Préférences enregistrées");
        await Assertions.Expect(doctor.GetByLabel("Inès Martel — Médecin généraliste")).ToBeCheckedAsync();

        // The coordinator gets a proposal, locks it, re-solves (the lock holds), publishes and prints.
        await page.GotoAsync($"/plannings/centres/{centreId}/semaine?semaine=2030-01-07");
        await page.GetByRole(AriaRole.Button, new() { Name = "Proposer le planning" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("2 place(s) pourvue(s) sur 18");
        await Assertions.Expect(page.GetByText("Personne ne s'est dit disponible").First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Verrouiller ") }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Affectation verrouillée");
        await page.GetByRole(AriaRole.Button, new() { Name = "Proposer le planning" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("2 gardée(s)");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Déverrouiller ") })).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Publier et prévenir les volontaires" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 personne(s) prévenue(s)");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "21-plannings-semaine");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Proposer le planning" })).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Planning de la semaine" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "22-plannings-impression");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        // The volunteer sees the message and the shifts, and takes them to a calendar app.
        await doctor.GotoAsync("/plannings");
        await Assertions.Expect(doctor.GetByText("Planning publié").First).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(doctor);
        await BrowserFixture.ScreenshotAsync(doctor, "23-plannings-mes-creneaux-mobile");
        var download = await doctor.RunAndWaitForDownloadAsync(() => doctor.GetByRole(AriaRole.Link, new() { Name = "Ajouter à mon agenda (.ics)" }).ClickAsync());
        var ics = await File.ReadAllTextAsync(await download.PathAsync());
        var events = Unfold(ics).Split("BEGIN:VEVENT").Skip(1).Select(e => e.Split("\r\n").Where(l => l.Contains(':') && !l.StartsWith("END:", StringComparison.Ordinal)).ToDictionary(l => l[..l.IndexOf(':')], l => l[(l.IndexOf(':') + 1)..]))
            .Where(e => e["SUMMARY"].Contains("Lodève", StringComparison.Ordinal)).ToList(); // the demo centre's own roster is in the feed too
        Assert.StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0", ics);
        Assert.Contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris", ics);
        Assert.Equal(["20300107T083000", "20300108T083000"], events.Select(e => e["DTSTART;TZID=Europe/Paris"]).Order());
        Assert.All(events, e => Assert.EndsWith("T123000", e["DTEND;TZID=Europe/Paris"]));
        Assert.All(events, e => Assert.Contains("Centre Covid de Lodève (fictif) — Médecin", e["SUMMARY"]));
    }

    /// <summary>RFC 5545 folding: a line break followed by a space continues the previous line.</summary>
    private static string Unfold(string ics) => ics.Replace("\r\n ", "");
}
