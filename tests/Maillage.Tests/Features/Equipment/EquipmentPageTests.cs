using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Maillage.Features.Accounts;
using Maillage.Tests.Support;

namespace Maillage.Tests.Features.Equipment;

/// <summary>The depot's pages, end to end: a donation through the form, its check, the stock, a refused distribution, the ledger and the sheets.</summary>
public abstract partial class EquipmentPageTests(AppFixture app)
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    private static async Task<string> HtmlAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode} ({response.Headers.Location}): {body}");
        return body;
    }

    private sealed record Depot(int Territory, string Name, HttpClient Coordinator, int DepotId, int SecondSite, int ItemId);

    /// <summary>A territory with a coordinator, a structure with two sites of the directory, and a depot on the first.</summary>
    private async Task<Depot> DepotAsync()
    {
        var name = $"Matériel {Guid.NewGuid():N}"[..22];
        var territory = JsonDocument.Parse((await app.CliAsync("territory", "create", "--name", name, "--epci", "243400355", "--json")).Output).RootElement.GetProperty("id").GetInt32();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        var structure = (await JsonAsync(await coordinator.PostAsJsonAsync("/api/directory/structures", new { territoryId = territory, kind = "msp", name = "Maison de santé test" }), HttpStatusCode.Created))
            .GetProperty("id").GetInt32();
        async Task<int> SiteAsync(string site) =>
            (await JsonAsync(await coordinator.PostAsJsonAsync($"/api/directory/structures/{structure}/sites", new { name = site, communeCode = "34142" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var first = await SiteAsync("Salle des fêtes");
        var second = await SiteAsync("Local associatif");
        var depot = (await JsonAsync(await coordinator.PostAsJsonAsync($"/api/equipment/territories/{territory}/depots", new { siteId = first, name = "Dépôt de la salle des fêtes" }), HttpStatusCode.Created))
            .GetProperty("id").GetInt32();
        var item = (await JsonAsync(await coordinator.GetAsync($"/api/equipment/territories/{territory}/items"))).EnumerateArray()
            .Single(i => i.GetProperty("code").GetString() == "masque-ffp2").GetProperty("id").GetInt32();
        return new Depot(territory, name, coordinator, depot, second, item);
    }

    private static string KeyOf(string html) => FormKey().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no key on the form");

    [SkippableFact]
    public async Task A_donation_goes_through_the_pages_from_the_form_to_the_check_the_stock_and_the_ledger()
    {
        await app.StartAsync();
        var d = await DepotAsync();
        Assert.Contains("Aucun mouvement encore : enregistrez un premier don ou une dotation", await d.Coordinator.GetStringAsync($"/materiel?territoire={d.Territory}"));
        var volunteer = await app.LoginAsNewUserAsync(Roles.Depot, d.Name);

        // The donation form: the only depot is preselected; an error keeps what was typed.
        var donationUrl = $"/materiel/don?territoire={d.Territory}";
        var form = await volunteer.GetStringAsync(donationUrl);
        Assert.Contains($"<option value=\"{d.DepotId}\" selected=\"selected\">", form);
        Assert.Contains("<optgroup label=\"Masques\">", form);
        Dictionary<string, string> Donation(string key, string quantity = "100") => new()
        {
            ["depot"] = d.DepotId.ToString(), ["ItemId"] = d.ItemId.ToString(), ["Quantity"] = quantity, ["DonorId"] = "", ["DonorName"] = "Pharmacie du Centre",
            ["DonorCategory"] = "Company", ["Condition"] = "neuf, emballage d'origine", ["Key"] = key,
        };
        var refused = await HtmlAsync(await AppFixture.PostFormAsync(volunteer, donationUrl, donationUrl, Donation(KeyOf(form), "cent")));
        Assert.Contains("« cent » n&#x27;est pas un nombre entier.", refused);
        Assert.Contains("href=\"#Quantity\"", refused);
        Assert.Contains("value=\"Pharmacie du Centre\"", refused);

        // Posted twice with the same key (a double tap): one donation.
        var key = KeyOf(refused);
        var recorded = await AppFixture.PostFormAsync(volunteer, donationUrl, donationUrl, Donation(key));
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var again = await AppFixture.PostFormAsync(volunteer, donationUrl, donationUrl, Donation(key));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var confirmation = await volunteer.GetStringAsync(again.Headers.Location!.OriginalString);
        var operation = int.Parse(ReceiptLink().Match(confirmation).Groups[1].Value);
        Assert.Contains($"Don n° {operation} enregistré : 100 pièces de « Masque FFP2 »", confirmation);
        var donations = await JsonAsync(await d.Coordinator.GetAsync($"/api/equipment/territories/{d.Territory}/operations?kind=donation"));
        Assert.Equal(1, donations.GetProperty("totalCount").GetInt32());
        Assert.Equal(operation, donations.GetProperty("items")[0].GetProperty("id").GetInt32());

        var receipt = await volunteer.GetStringAsync($"/materiel/dons/{operation}/recu");
        Assert.Contains($"Reçu de don n° {operation}", receipt);
        Assert.Contains("Pharmacie du Centre (Entreprise)", receipt);
        Assert.Contains("100 pièces", receipt);
        Assert.Contains("neuf, emballage d&#x27;origine", receipt);
        Assert.Contains("Dépôt de la salle des fêtes", receipt);

        // The quality check lists the lot; a partial refusal needs its reason; then the rest is released.
        var checkUrl = $"/materiel/controle?territoire={d.Territory}";
        var check = await volunteer.GetStringAsync(checkUrl);
        var lot = (await JsonAsync(await d.Coordinator.GetAsync($"/api/equipment/territories/{d.Territory}/lots?status=quarantine")))[0].GetProperty("id").GetInt32();
        Assert.Contains($"Lot n° {lot} — Masque FFP2 : 100 pièces", check);
        Assert.Contains("don de <strong>Pharmacie du Centre</strong>", check);
        var noReason = await HtmlAsync(await AppFixture.PostFormAsync(volunteer, checkUrl, checkUrl + "&handler=Release", new() { ["lotId"] = lot.ToString(), ["rejectedQuantity"] = "10", ["key"] = KeyOf2(check) }));
        Assert.Contains("Le motif du refus", noReason);
        Assert.Contains("value=\"10\"", noReason);
        var released = await AppFixture.PostFormAsync(volunteer, checkUrl, checkUrl + "&handler=Release",
            new() { ["lotId"] = lot.ToString(), ["rejectedQuantity"] = "10", ["reason"] = "Emballages déchirés", ["key"] = KeyOf2(check) });
        Assert.Equal(HttpStatusCode.Redirect, released.StatusCode);
        var afterCheck = await volunteer.GetStringAsync(released.Headers.Location!.OriginalString);
        Assert.Contains($"Lot n° {lot} libéré : 90 pièces de « Masque FFP2 »", afterCheck);
        Assert.Contains("Aucun lot en attente de contrôle", afterCheck);

        var stock = await volunteer.GetStringAsync($"/materiel?territoire={d.Territory}");
        Assert.Contains("Masque FFP2", stock);
        Assert.Contains("90 pièces", stock);
        Assert.Contains("Contrôle qualité (0 lot en attente)", stock);

        // A distribution bigger than the stock is refused on the form, which keeps what was typed.
        var distributionUrl = $"/materiel/mouvements/nouveau?type=distribution&territoire={d.Territory}";
        async Task<Dictionary<string, string>> DistributionAsync(string quantity) => new()
        {
            ["depot"] = d.DepotId.ToString(), ["article"] = d.ItemId.ToString(), ["Quantity"] = quantity, ["RecipientName"] = "EHPAD Les Oliviers", ["CollectedBy"] = "Jeanne Martin",
            ["Key"] = KeyOf(await volunteer.GetStringAsync(distributionUrl)),
        };
        var tooMuch = await HtmlAsync(await AppFixture.PostFormAsync(volunteer, distributionUrl, distributionUrl, await DistributionAsync("500")));
        Assert.Contains("Stock insuffisant au dépôt « Dépôt de la salle des fêtes » pour « Masque FFP2 » : demande 500 pièces, sortie possible 90 pièces", tooMuch);
        Assert.Contains("value=\"500\"", tooMuch);
        Assert.Contains("value=\"EHPAD Les Oliviers\"", tooMuch);
        Assert.Contains("value=\"Jeanne Martin\"", tooMuch);
        Assert.Contains("class=\"form-control form-control-lg is-invalid\" value=\"500\"", tooMuch);
        var handedOut = await AppFixture.PostFormAsync(volunteer, distributionUrl, distributionUrl, await DistributionAsync("30"));
        Assert.Equal(HttpStatusCode.Redirect, handedOut.StatusCode);

        // The ledger lists every operation, and filters them.
        var ledger = await volunteer.GetStringAsync(handedOut.Headers.Location!.OriginalString);
        Assert.Contains("reste 60 pièces à remettre au dépôt Dépôt de la salle des fêtes", ledger);
        Assert.Contains("3 mouvement(s)", ledger);
        Assert.Contains($"/materiel/dons/{operation}/recu", ledger);
        Assert.Contains("à EHPAD Les Oliviers", ledger);
        Assert.Contains("retiré par Jeanne Martin", ledger);
        var filtered = await volunteer.GetStringAsync($"/materiel/mouvements?territoire={d.Territory}&type=distribution&depot={d.DepotId}&du={DateTime.UtcNow.AddDays(-1):yyyy-MM-dd}");
        Assert.Contains("1 mouvement(s)", filtered);
        Assert.DoesNotContain($"/materiel/dons/{operation}/recu", filtered);
        Assert.Contains($"operations.csv?from={DateTime.UtcNow.AddDays(-1):yyyy-MM-dd}&amp;depotId={d.DepotId}&amp;kind=distribution", filtered);
        Assert.Contains("Aucun mouvement pour ces critères", await volunteer.GetStringAsync($"/materiel/mouvements?territoire={d.Territory}&au=2000-01-01"));

        // The depot sheet, ready for a count.
        var sheet = await volunteer.GetStringAsync($"/materiel/depots/{d.DepotId}/fiche");
        Assert.Contains("Fiche d&#x27;inventaire — Dépôt de la salle des fêtes", sheet);
        Assert.Contains($"n° {lot}", sheet);
        Assert.Contains("Compté", sheet);
        Assert.Contains(">60<", sheet);
    }

    [SkippableFact]
    public async Task Each_role_finds_its_place_and_a_coordinator_opens_a_depot_from_the_directory()
    {
        await app.StartAsync();
        var d = await DepotAsync();

        var professional = await app.LoginAsNewUserAsync(TestRoles.Professional, d.Name);
        var redirected = await professional.GetAsync($"/materiel?territoire={d.Territory}");
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.Equal("/materiel/demandes", redirected.Headers.Location!.OriginalString);

        var authority = await app.LoginAsNewUserAsync(TestRoles.Authority, d.Name);
        await JsonAsync(await d.Coordinator.PostAsJsonAsync($"/api/equipment/territories/{d.Territory}/operations",
            new { kind = "state-allocation", depotId = d.DepotId, itemId = d.ItemId, quantity = 400 }), HttpStatusCode.Created);
        var overview = await HtmlAsync(await authority.GetAsync($"/materiel?territoire={d.Territory}"));
        Assert.Contains("400 pièces", overview);
        Assert.DoesNotContain("Enregistrer un don", overview);
        foreach (var url in new[] { $"/materiel/don?territoire={d.Territory}", $"/materiel/controle?territoire={d.Territory}", $"/materiel/depots/{d.DepotId}/fiche" })
        {
            var denied = await authority.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.StartsWith("/acces-refuse", denied.Headers.Location!.OriginalString.Replace("http://localhost", ""));
        }

        // A second depot, from the other site of the directory; the first site is no longer offered.
        var depotsUrl = $"/materiel/depots?territoire={d.Territory}";
        var depots = await d.Coordinator.GetStringAsync(depotsUrl);
        Assert.Contains($"<option value=\"{d.SecondSite}\">", depots);
        var missing = await HtmlAsync(await AppFixture.PostFormAsync(d.Coordinator, depotsUrl, depotsUrl, new() { ["SiteId"] = "", ["Name"] = "Annexe" }));
        Assert.Contains("Choisissez un lieu de l&#x27;annuaire.", missing);
        Assert.Contains("value=\"Annexe\"", missing);
        var created = await AppFixture.PostFormAsync(d.Coordinator, depotsUrl, depotsUrl, new() { ["SiteId"] = d.SecondSite.ToString(), ["Name"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var after = await d.Coordinator.GetStringAsync(created.Headers.Location!.OriginalString);
        Assert.Contains("Dépôt « Maison de santé test – Local associatif » créé.", after);
        Assert.DoesNotContain($"<option value=\"{d.SecondSite}\">", after);
        Assert.Equal(HttpStatusCode.Redirect, (await AppFixture.PostFormAsync(
            await app.LoginAsNewUserAsync(Roles.Depot, d.Name), depotsUrl, depotsUrl, new() { ["SiteId"] = d.SecondSite.ToString() })).StatusCode);
    }

    private static string KeyOf2(string html) => CheckKey().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no key on the check form");

    [GeneratedRegex("name=\"Key\" value=\"([^\"]+)\"")]
    private static partial Regex FormKey();

    [GeneratedRegex("name=\"key\" value=\"([^\"]+)\"")]
    private static partial Regex CheckKey();

    [GeneratedRegex("/materiel/dons/(\\d+)/recu")]
    private static partial Regex ReceiptLink();
}

public sealed class EquipmentPageSqliteTests(SqliteApp app) : EquipmentPageTests(app), IClassFixture<SqliteApp>;

public sealed class EquipmentPagePostgresTests(PostgresApp app) : EquipmentPageTests(app), IClassFixture<PostgresApp>;
