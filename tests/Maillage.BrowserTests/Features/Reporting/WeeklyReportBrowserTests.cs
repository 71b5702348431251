using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Maillage.BrowserTests.Features.Reporting;

[Collection("browser")]
public sealed class WeeklyReportBrowserTests(BrowserFixture app)
{
    [SkippableFact]
    public async Task A_coordinator_completes_the_week_corrects_a_figure_approves_and_the_ars_reads_it_suppressed()
    {
        BrowserFixture.SkipUnlessAvailable(app);
        var coordinator = await app.LoginAsync("coordination@demo.maillage.test");
        await coordinator.GetByRole(AriaRole.Link, new() { Name = "Activité", Exact = true }).ClickAsync();
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Rapports hebdomadaires") })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await BrowserFixture.ScreenshotAsync(coordinator, "49-activite-semaines");

        // The current week: the demo leaves today (and yesterday, after a Monday) without figures.
        await coordinator.GotoAsync("/activite/semaine");
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Heading, new() { Name = "Chiffres manquants" })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await BrowserFixture.ScreenshotAsync(coordinator, "50-activite-semaine-a-completer");
        var week = coordinator.Url;

        // Every missing day of the week, through the link the completeness panel gives; the first one with a correction of a derived figure.
        var corrected = false;
        while (await coordinator.Locator(".gaps a").CountAsync() > 0)
        {
            await coordinator.Locator(".gaps a").First.ClickAsync();
            await Assertions.Expect(coordinator.GetByRole(AriaRole.Heading, new() { Name = "Saisir les chiffres d'un jour" })).ToBeVisibleAsync();
            await coordinator.GetByLabel("Tests RT-PCR", new() { Exact = true }).FillAsync("7");
            await coordinator.GetByLabel("Tests antigéniques", new() { Exact = true }).FillAsync("3");
            await coordinator.GetByLabel("Tests positifs", new() { Exact = true }).FillAsync("12");
            if (!corrected)
            {
                // More positives than tests is refused, next to the field, and what was typed stays.
                await coordinator.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les chiffres" }).ClickAsync();
                await Assertions.Expect(coordinator.Locator("#positifs-erreur")).ToContainTextAsync("plus de positifs que de tests");
                await Assertions.Expect(coordinator.GetByLabel("Tests RT-PCR", new() { Exact = true })).ToHaveValueAsync("7");
                await BrowserFixture.AssertAccessibleAsync(coordinator);
                await coordinator.GetByLabel("Tests positifs", new() { Exact = true }).FillAsync("2");
                await coordinator.GetByLabel("Téléconsultations", new() { Exact = true }).FillAsync("4");
                await coordinator.GetByLabel("Motif / commentaire (facultatif)").FillAsync("Téléconsultations du Dr Généraliste hors planning (fictif)");
                await BrowserFixture.ScreenshotAsync(coordinator, "51-activite-saisie");
            }
            else
            {
                await coordinator.GetByLabel("Tests positifs", new() { Exact = true }).FillAsync("1");
            }

            await coordinator.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les chiffres" }).ClickAsync();
            var confirm = coordinator.GetByLabel("Je confirme ces valeurs inhabituelles");
            if (await confirm.CountAsync() > 0)
            {
                await confirm.CheckAsync();
                await coordinator.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les chiffres" }).ClickAsync();
            }

            await Assertions.Expect(coordinator.GetByRole(AriaRole.Status)).ToContainTextAsync("Chiffres enregistrés");
            if (!corrected)
            {
                await Assertions.Expect(coordinator.GetByRole(AriaRole.Table).Filter(new() { HasText = "Téléconsultations" }).Last).ToContainTextAsync("Téléconsultations du Dr Généraliste");
                corrected = true;
            }

            await coordinator.GotoAsync(week);
        }

        Assert.True(corrected);
        await Assertions.Expect(coordinator.GetByText("Aucun : chaque centre ouvert a donné ses chiffres pour chaque jour.")).ToBeVisibleAsync();
        await Assertions.Expect(coordinator.Locator(".mark-corrected").First).ToBeVisibleAsync();
        await coordinator.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Approuver la semaine") }).ClickAsync();
        await Assertions.Expect(coordinator.Locator(".week-state-approved").First).ToContainTextAsync("approuvée v1");
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await BrowserFixture.ScreenshotAsync(coordinator, "52-activite-semaine-approuvee");

        // What leaves the territory: small counts hidden, printable.
        await coordinator.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Version imprimable") }).First.ClickAsync();
        await Assertions.Expect(coordinator.GetByText("<5").First).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await BrowserFixture.ScreenshotAsync(coordinator, "53-activite-semaine-imprimable");

        // The dashboards of the last eight weeks.
        await coordinator.GotoAsync("/activite/tableau-de-bord");
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Heading, new() { Name = "Dépistage et positivité" })).ToBeVisibleAsync();
        await coordinator.Locator(".chart-box canvas").First.WaitForAsync();
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await BrowserFixture.ScreenshotAsync(coordinator, "54-activite-tableau-de-bord");

        // The ARS: aggregates of approved weeks only, never an exact small count.
        var ars = await app.LoginAsync("ars@demo.maillage.test");
        await ars.GotoAsync("/activite/ars?indicateur=tests-pcr&du=2020-W12&au=2020-W20");
        await Assertions.Expect(ars.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(ars);
        await BrowserFixture.ScreenshotAsync(ars, "55-activite-vue-ars");
        var forbidden = await ars.GotoAsync("/activite/saisie");
        Assert.Contains("/acces-refuse", ars.Url);
        Assert.NotNull(forbidden);
    }
}
