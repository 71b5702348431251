using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Maillage.BrowserTests.Features.Bulletins;

[Collection("browser")]
public sealed class BulletinBrowserTests(BrowserFixture app)
{
    private static string Sample()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Maillage.slnx")))
            {
                return Path.Combine(dir.FullName, "docs", "samples", "message-exemple.eml");
            }
        }

        throw new InvalidOperationException("repository root not found");
    }

    [SkippableFact]
    public async Task A_coordinator_passes_an_email_on_to_nurses_who_read_and_acknowledge_it()
    {
        BrowserFixture.SkipUnlessAvailable(app);
        var coordinator = await app.LoginAsync("coordination@demo.maillage.test");
        await coordinator.GetByRole(AriaRole.Link, new() { Name = "Information", Exact = true }).ClickAsync();
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Heading, new() { Name = "Information", Exact = true })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await BrowserFixture.ScreenshotAsync(coordinator, "59-information-accueil-coordination");

        // The e-mail of the ministry, saved from the mail client, is recorded from its .eml file.
        await coordinator.GotoAsync("/information/messages/nouveau");
        await coordinator.GetByLabel("Fichier du message (.eml, 20 Mo au plus)").SetInputFilesAsync(Sample());
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le fichier" }).ClickAsync();
        var again = coordinator.GetByLabel("Enregistrer quand même").First;
        if (await again.IsVisibleAsync())
        {
            // A previous run of this test on the same database already recorded it.
            await coordinator.GetByLabel("Fichier du message (.eml, 20 Mo au plus)").SetInputFilesAsync(Sample());
            await again.CheckAsync();
            await coordinator.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le fichier" }).ClickAsync();
        }

        await Assertions.Expect(coordinator.GetByRole(AriaRole.Heading, new() { Level = 1, NameRegex = new Regex("^DGS-Urgent") })).ToBeVisibleAsync();
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Heading, new() { Name = "Pièces jointes" })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await BrowserFixture.ScreenshotAsync(coordinator, "60-information-message-recu");

        // Passed on in an urgent bulletin for nurses, previewed before it is saved.
        await coordinator.GetByRole(AriaRole.Link, new() { Name = "Diffuser dans un bulletin" }).ClickAsync();
        await coordinator.GetByLabel("Titre", new() { Exact = true }).FillAsync("Conduite à tenir : prélèvements à domicile (exemple fictif)");
        await coordinator.GetByLabel("Texte", new() { Exact = true }).FillAsync(
            "# À retenir\n\n- les **prélèvements à domicile** sont possibles dès aujourd'hui ;\n- la fiche du ministère est jointe.\n\n<script>alert('inerte')</script>");
        await coordinator.GetByRole(AriaRole.Checkbox, new() { Name = "Urgent", Exact = true }).CheckAsync();
        await coordinator.GetByLabel("Infirmier·e", new() { Exact = true }).CheckAsync();
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Aperçu" }).ClickAsync();
        await Assertions.Expect(coordinator.Locator(".audience-reach")).ToContainTextAsync("Ce ciblage atteint");
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Heading, new() { Name = "À retenir" })).ToBeVisibleAsync();
        await Assertions.Expect(coordinator.GetByLabel("Titre", new() { Exact = true })).ToHaveValueAsync("Conduite à tenir : prélèvements à domicile (exemple fictif)");
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await BrowserFixture.ScreenshotAsync(coordinator, "61-information-redaction");

        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le brouillon" }).ClickAsync();
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Publier maintenant" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Heading, new() { Name = "Lectures" })).ToBeVisibleAsync();
        var follow = coordinator.Url;
        var bulletinId = Regex.Match(follow, @"/information/bulletins/(\d+)/suivi").Groups[1].Value;

        // The nurse sees it on top of her inbox, urgent, and acknowledges it.
        var nurse = await app.LoginAsync("infirmiere@demo.maillage.test");
        await Assertions.Expect(nurse.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Information ?, \\d+ non lus?$") })).ToBeVisibleAsync();
        await nurse.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Information") }).ClickAsync();
        var first = nurse.Locator("tbody tr, .inbox-item").First;
        await Assertions.Expect(first).ToContainTextAsync("Conduite à tenir : prélèvements à domicile (exemple fictif)");
        await Assertions.Expect(first).ToContainTextAsync("URGENT");
        await BrowserFixture.AssertAccessibleAsync(nurse);
        await BrowserFixture.ScreenshotAsync(nurse, "62-information-boite-infirmiere");

        await nurse.GetByRole(AriaRole.Link, new() { Name = "Conduite à tenir : prélèvements à domicile (exemple fictif)" }).ClickAsync();
        await Assertions.Expect(nurse.GetByRole(AriaRole.Heading, new() { Name = "Message transmis" })).ToBeVisibleAsync();
        await Assertions.Expect(nurse.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("Fiche prise en charge en ville") })).ToBeVisibleAsync();
        Assert.Equal(0, await nurse.Locator("#contenu script").CountAsync());
        await nurse.GetByRole(AriaRole.Button, new() { Name = "J'ai lu ce bulletin" }).ClickAsync();
        await Assertions.Expect(nurse.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new Regex("^Lu le") })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(nurse);
        await BrowserFixture.ScreenshotAsync(nurse, "63-information-bulletin-lu");

        // The coordinator sees the acknowledgement, then the week's coverage with the professions left out.
        await coordinator.GotoAsync(follow);
        var nurses = coordinator.Locator("tbody tr").Filter(new() { HasText = "Infirmier·e" }).First;
        await Assertions.Expect(nurses).ToContainTextAsync("1");
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await BrowserFixture.ScreenshotAsync(coordinator, "64-information-suivi-lectures");

        await coordinator.GotoAsync("/information/couverture");
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Heading, new() { Name = "Aucun bulletin cette semaine pour :" })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await BrowserFixture.ScreenshotAsync(coordinator, "65-information-couverture");
        Assert.NotEmpty(bulletinId);
    }
}
