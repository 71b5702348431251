using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Maillage.BrowserTests.Features.Geography;

[Collection("browser")]
public sealed partial class TerritoryBrowserTests(BrowserFixture app)
{
    [SkippableFact]
    public async Task Territory_page_shows_the_real_communes_population_and_tier()
    {
        BrowserFixture.SkipUnlessAvailable(app);
        var page = await app.LoginAsync("ars@demo.maillage.test");
        await page.GetByRole(AriaRole.Link, new() { Name = "Territoires" }).First.ClickAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "CPTS Cœur d'Hérault" }).ClickAsync();

        await Assertions.Expect(page.GetByText("86 257", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Niveau 3", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = "Clermont-l'Hérault" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = "Lodève" })).ToBeVisibleAsync();
        Assert.Equal(77, await page.Locator("section[aria-labelledby=communes] tbody tr").CountAsync());
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "06-territoire");
    }

    [SkippableFact]
    public async Task Coordinator_adds_and_removes_a_commune_found_without_accents()
    {
        BrowserFixture.SkipUnlessAvailable(app);
        var page = await app.LoginAsync("coordination@demo.maillage.test");
        await page.GetByRole(AriaRole.Link, new() { Name = "CPTS Cœur d'Hérault" }).ClickAsync();

        await page.GetByLabel("Nom, code postal ou code INSEE").FillAsync("st martin de londres");
        await page.GetByRole(AriaRole.Button, new() { Name = "Chercher" }).ClickAsync();
        var add = page.GetByRole(AriaRole.Button, new() { Name = "Ajouter Saint-Martin-de-Londres" });
        await Assertions.Expect(add).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "07-territoire-recherche");

        await add.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("78 communes");
        var communes = page.Locator("section[aria-labelledby=communes]");
        await Assertions.Expect(communes.GetByRole(AriaRole.Rowheader, new() { Name = "Saint-Martin-de-Londres" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(CommuneAdded())).ToBeVisibleAsync();

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await communes.GetByRole(AriaRole.Button, new() { Name = "Retirer Saint-Martin-de-Londres" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("77 communes");
        await BrowserFixture.ScreenshotAsync(page, "08-territoire-modifie");
    }

    [SkippableFact]
    public async Task Territory_page_reads_on_a_phone()
    {
        BrowserFixture.SkipUnlessAvailable(app);
        var page = await app.LoginAsync("medecin@demo.maillage.test", width: 390);
        await page.GetByRole(AriaRole.Link, new() { Name = "CPTS Cœur d'Hérault" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "CPTS Cœur d'Hérault" })).ToBeVisibleAsync();
        var overflowing = await page.EvaluateAsync<string[]>(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-responsive'))" +
            ".map(e => e.tagName + '.' + e.className).slice(0, 5)");
        Assert.True(overflowing.Length == 0, "the page scrolls sideways on a 390 px screen: " + string.Join(", ", overflowing));
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "09-territoire-mobile", fullPage: false);
    }

    [GeneratedRegex("commune 34274 ajoutée")]
    private static partial Regex CommuneAdded();
}
