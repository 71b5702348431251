using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Features.Equipment;
using Maillage.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Equipment;

/// <summary>The stock ledger through the HTTP API, on both providers: the flow of goods, refusals, idempotency and concurrency.</summary>
public abstract class EquipmentLedgerTests(AppFixture app)
{
    private static int counter;

    internal sealed record Stock(int Territory, string TerritoryName, HttpClient Coordinator, int Depot, int OtherDepot, int Item, int Donor, int Nurse)
    {
        public string Api => $"/api/equipment/territories/{Territory}";
    }

    internal static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {(int)response.StatusCode} {response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    private static async Task<int> CreatedAsync(HttpResponseMessage response) => (await JsonAsync(response, HttpStatusCode.Created)).GetProperty("id").GetInt32();

    /// <summary>A territory with a coordinator, a structure with two sites that are depots, a donor and a nurse of the directory.</summary>
    internal static async Task<Stock> StockAsync(Func<string[], Task<CliResult>> cli, Func<string, Task<HttpClient>> coordinatorOf)
    {
        var name = $"Matériel {Interlocked.Increment(ref counter)} {Guid.NewGuid():N}"[..24];
        var created = await cli(["territory", "create", "--name", name, "--epci", "243400355", "--json"]);
        Assert.True(created.ExitCode == 0, created.Error);
        var territory = JsonDocument.Parse(created.Output).RootElement.GetProperty("id").GetInt32();
        var coordinator = await coordinatorOf(name);
        var structure = await CreatedAsync(await coordinator.PostAsJsonAsync("/api/directory/structures", new { territoryId = territory, kind = "msp", name = "MSP du Lodévois" }));
        var site = await CreatedAsync(await coordinator.PostAsJsonAsync($"/api/directory/structures/{structure}/sites", new { name = "Salle des fêtes", communeCode = "34142" }));
        var otherSite = await CreatedAsync(await coordinator.PostAsJsonAsync($"/api/directory/structures/{structure}/sites", new { name = "Annexe", communeCode = "34079" }));
        var api = $"/api/equipment/territories/{territory}";
        var depot = await CreatedAsync(await coordinator.PostAsJsonAsync($"{api}/depots", new { siteId = site, name = "Dépôt de Lodève" }));
        var otherDepot = await CreatedAsync(await coordinator.PostAsJsonAsync($"{api}/depots", new { siteId = otherSite }));
        var donor = await CreatedAsync(await coordinator.PostAsJsonAsync($"{api}/donors", new { name = "Couturières du Lodévois", category = "association" }));
        var nurse = await CreatedAsync(await coordinator.PostAsJsonAsync("/api/directory/professionals", new
        {
            territoryId = territory, firstName = "Inès", lastName = "Soignante", profession = "infirmier",
        }));
        var items = await JsonAsync(await coordinator.GetAsync($"{api}/items"), HttpStatusCode.OK);
        var item = items.EnumerateArray().Single(i => i.GetProperty("code").GetString() == "masque-ffp2").GetProperty("id").GetInt32();
        return new Stock(territory, name, coordinator, depot, otherDepot, item, donor, nurse);
    }

    private Task<Stock> StockAsync() =>
        StockAsync(args => app.CliAsync(args), name => app.LoginAsNewUserAsync(TestRoles.Coordinator, name));

    private static Task<HttpResponseMessage> PostAsync(Stock s, object operation, HttpClient? client = null) =>
        (client ?? s.Coordinator).PostAsJsonAsync($"{s.Api}/operations", operation);

    private static object Distribution(Stock s, int quantity, string? key = null) =>
        new { kind = "distribution", depotId = s.Depot, itemId = s.Item, quantity, recipientName = "Cabinet infirmier des Halles", collectedBy = "Paul Porteur", key };

    /// <summary>For every lot of the territory: what it holds is the sum of its ledger lines. Returns the lots' total.</summary>
    private async Task<int> AssertLedgerBalancesAsync(int territory)
    {
        await using var db = TestDb.Open(app.Database);
        var lots = await db.Set<StockLot>().AsNoTracking().Where(l => l.TerritoryId == territory).ToListAsync();
        var sums = await db.Set<StockMovement>().AsNoTracking().Where(m => m.TerritoryId == territory)
            .GroupBy(m => m.LotId).Select(g => new { LotId = g.Key, Sum = g.Sum(m => m.Quantity) }).ToDictionaryAsync(x => x.LotId, x => x.Sum);
        Assert.NotEmpty(lots);
        Assert.All(lots, l => Assert.True(l.OnHand == sums.GetValueOrDefault(l.Id), $"lot {l.Id}: on hand {l.OnHand}, ledger {sums.GetValueOrDefault(l.Id)}"));
        Assert.All(lots, l => Assert.True(l.OnHand >= 0, $"lot {l.Id} is negative"));
        Assert.Empty(sums.Keys.Except(lots.Select(l => l.Id)));
        return lots.Sum(l => l.OnHand);
    }

    [SkippableFact]
    public async Task The_seeded_catalogue_is_the_standard_catalogue()
    {
        await app.StartAsync();
        await using var db = TestDb.Open(app.Database);
        var seeded = await db.Set<EquipmentItem>().AsNoTracking().Where(i => i.TerritoryId == null).OrderBy(i => i.Id).ToListAsync();

        Assert.Equal(
            StandardCatalogue.Items.Select(i => (i.Code, i.Name, i.Category, i.Unit, i.Lendable, i.TracksExpiry, false)),
            seeded.Select(i => (i.Code, i.Name, i.Category, i.Unit, i.Lendable, i.TracksExpiry, i.Archived)));
    }

    [SkippableFact]
    public async Task A_donation_is_checked_then_handed_out_and_the_stock_says_how_long_it_lasts()
    {
        await app.StartAsync();
        var s = await StockAsync();

        var donation = await JsonAsync(await PostAsync(s, new
        {
            kind = "donation", depotId = s.Depot, itemId = s.Item, quantity = 120, donorId = s.Donor, expiresOn = "2099-12-31", lotNumber = "FFP2-77", condition = "neuf",
        }), HttpStatusCode.Created);
        Assert.Equal((0, 120), (donation.GetProperty("usable").GetInt32(), donation.GetProperty("quarantined").GetInt32()));
        var lot = Assert.Single((await JsonAsync(await s.Coordinator.GetAsync($"{s.Api}/lots?depotId={s.Depot}"), HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(("quarantine", "En quarantaine", 120, "Couturières du Lodévois"),
            (lot.GetProperty("status").GetString(), lot.GetProperty("statusLabel").GetString(), lot.GetProperty("onHand").GetInt32(), lot.GetProperty("donor").GetString()));
        var lotId = lot.GetProperty("id").GetInt32();
        Assert.Single((await JsonAsync(await s.Coordinator.GetAsync($"{s.Api}/lots?status=quarantine"), HttpStatusCode.OK)).EnumerateArray());

        // Nothing leaves quarantine without a check.
        var early = await JsonAsync(await PostAsync(s, new { kind = "distribution", depotId = s.Depot, itemId = s.Item, quantity = 1, recipientProfessionalId = s.Nurse, collectedBy = "Inès" }), HttpStatusCode.Conflict);
        Assert.Contains("en quarantaine : 120 pièces", early.GetProperty("detail").GetString());

        var release = await JsonAsync(await PostAsync(s, new
        {
            kind = "quality-release", depotId = s.Depot, itemId = s.Item, lotId, rejectedQuantity = 20, reason = "emballages ouverts",
        }), HttpStatusCode.Created);
        Assert.Equal(("quality-release", 100, 100), (release.GetProperty("kind").GetString(), release.GetProperty("quantity").GetInt32(), release.GetProperty("usable").GetInt32()));

        var given = await JsonAsync(await PostAsync(s, new
        {
            kind = "distribution", depotId = s.Depot, itemId = s.Item, quantity = 14, recipientProfessionalId = s.Nurse, collectedBy = "Inès Soignante",
        }), HttpStatusCode.Created);
        Assert.Equal(86, given.GetProperty("usable").GetInt32());
        Assert.Equal([(lotId, -14)], given.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("lotId").GetInt32(), l.GetProperty("quantity").GetInt32())));

        var stock = await JsonAsync(await s.Coordinator.GetAsync($"{s.Api}/stock"), HttpStatusCode.OK);
        var row = Assert.Single(stock.GetProperty("rows").EnumerateArray());
        Assert.Equal((86, 0, 0, 14, 43.0, "43 jours"), (row.GetProperty("usable").GetInt32(), row.GetProperty("quarantined").GetInt32(), row.GetProperty("reserved").GetInt32(),
            row.GetProperty("consumedLast7Days").GetInt32(), row.GetProperty("daysOfCover").GetDouble(), row.GetProperty("coverLabel").GetString()));
        Assert.Equal("Dépôt de Lodève", row.GetProperty("depot").GetString());
        Assert.Equal(0, stock.GetProperty("lotsInQuarantine").GetInt32());
        Assert.Equal(86, Assert.Single(stock.GetProperty("items").EnumerateArray()).GetProperty("usable").GetInt32());

        // More than is there: a 409 problem that says what can go out.
        var over = await JsonAsync(await PostAsync(s, Distribution(s, 87)), HttpStatusCode.Conflict);
        Assert.Equal("Stock insuffisant au dépôt « Dépôt de Lodève » pour « Masque FFP2 » : demande 87 pièces, sortie possible 86 pièces.", over.GetProperty("detail").GetString());

        // The recipient is recorded as the directory names them on the day.
        var ops = await JsonAsync(await s.Coordinator.GetAsync($"{s.Api}/operations?kind=distribution"), HttpStatusCode.OK);
        var op = Assert.Single(ops.GetProperty("items").EnumerateArray());
        Assert.Equal(("Inès Soignante", "infirmier", "Inès Soignante"), (op.GetProperty("recipient").GetString(), op.GetProperty("recipientProfession").GetString(), op.GetProperty("collectedBy").GetString()));
        Assert.Equal(86, await AssertLedgerBalancesAsync(s.Territory));
    }

    [SkippableFact]
    public async Task Corrections_transfers_losses_and_refusals_are_checked_and_the_ledger_balances()
    {
        await app.StartAsync();
        var s = await StockAsync();
        var received = await JsonAsync(await PostAsync(s, new { kind = "state-allocation", depotId = s.Depot, itemId = s.Item, quantity = 500, expiresOn = "2099-06-30" }), HttpStatusCode.Created);
        var lotId = received.GetProperty("lines")[0].GetProperty("lotId").GetInt32();
        Assert.Equal(500, received.GetProperty("usable").GetInt32());

        // A correction needs a reason.
        var noReason = await JsonAsync(await PostAsync(s, new { kind = "correction", depotId = s.Depot, itemId = s.Item, lotId, countedQuantity = 480 }), HttpStatusCode.BadRequest);
        Assert.True(noReason.GetProperty("errors").TryGetProperty("reason", out _), noReason.ToString());
        var sameCount = await JsonAsync(await PostAsync(s, new { kind = "correction", depotId = s.Depot, itemId = s.Item, lotId, countedQuantity = 500, reason = "inventaire" }), HttpStatusCode.BadRequest);
        Assert.True(sameCount.GetProperty("errors").TryGetProperty("countedQuantity", out _));
        var corrected = await JsonAsync(await PostAsync(s, new { kind = "correction", depotId = s.Depot, itemId = s.Item, lotId, countedQuantity = 480, reason = "inventaire du lundi" }), HttpStatusCode.Created);
        Assert.Equal((20, 480), (corrected.GetProperty("quantity").GetInt32(), corrected.GetProperty("usable").GetInt32()));

        // A transfer: the arriving lot keeps its date and is usable at once.
        var sameDepot = await JsonAsync(await PostAsync(s, new { kind = "transfer", depotId = s.Depot, itemId = s.Item, quantity = 10, toDepotId = s.Depot }), HttpStatusCode.BadRequest);
        Assert.True(sameDepot.GetProperty("errors").TryGetProperty("toDepotId", out _));
        await JsonAsync(await PostAsync(s, new { kind = "transfer", depotId = s.Depot, itemId = s.Item, quantity = 130, toDepotId = s.OtherDepot }), HttpStatusCode.Created);
        var arrived = Assert.Single((await JsonAsync(await s.Coordinator.GetAsync($"{s.Api}/lots?depotId={s.OtherDepot}"), HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(("available", 130, "2099-06-30", "transfer"),
            (arrived.GetProperty("status").GetString(), arrived.GetProperty("onHand").GetInt32(), arrived.GetProperty("expiresOn").GetString(), arrived.GetProperty("source").GetString()));

        await JsonAsync(await PostAsync(s, new { kind = "loss", depotId = s.OtherDepot, itemId = s.Item, quantity = 5, lotId = arrived.GetProperty("id").GetInt32(), reason = "carton mouillé" }), HttpStatusCode.Created);
        await JsonAsync(await PostAsync(s, new { kind = "loss", depotId = s.Depot, itemId = s.Item, quantity = 5 }), HttpStatusCode.BadRequest);
        var notExpired = await JsonAsync(await PostAsync(s, new { kind = "expiry", depotId = s.Depot, itemId = s.Item, lotId }), HttpStatusCode.BadRequest);
        Assert.True(notExpired.GetProperty("errors").TryGetProperty("lotId", out _));
        var pastDate = await JsonAsync(await PostAsync(s, new { kind = "state-allocation", depotId = s.Depot, itemId = s.Item, quantity = 5, expiresOn = "2020-01-01" }), HttpStatusCode.BadRequest);
        Assert.True(pastDate.GetProperty("errors").TryGetProperty("expiresOn", out _));
        await JsonAsync(await PostAsync(s, new { kind = "distribution", depotId = s.Depot, itemId = s.Item, quantity = 0, recipientName = "X", collectedBy = "Y" }), HttpStatusCode.BadRequest);
        await JsonAsync(await PostAsync(s, new { kind = "distribution", depotId = s.Depot, itemId = s.Item, quantity = 5, recipientName = "X" }), HttpStatusCode.BadRequest);
        await JsonAsync(await PostAsync(s, new { kind = "distribution", depotId = 999_999, itemId = s.Item, quantity = 5, recipientName = "X", collectedBy = "Y" }), HttpStatusCode.BadRequest);

        var stock = await JsonAsync(await s.Coordinator.GetAsync($"{s.Api}/stock"), HttpStatusCode.OK);
        var usable = stock.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("depotId").GetInt32(), r => r.GetProperty("usable").GetInt32());
        Assert.Equal(new Dictionary<int, int> { [s.Depot] = 350, [s.OtherDepot] = 125 }, usable);
        Assert.Equal(475, Assert.Single(stock.GetProperty("items").EnumerateArray()).GetProperty("usable").GetInt32());
        Assert.Equal(475, await AssertLedgerBalancesAsync(s.Territory));

        // The list and the CSV export show every operation, newest first in the list, oldest first in the file.
        var ops = await JsonAsync(await s.Coordinator.GetAsync($"{s.Api}/operations"), HttpStatusCode.OK);
        Assert.Equal(["loss", "transfer", "correction", "state-allocation"], ops.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("kind").GetString()));
        Assert.Equal(4, ops.GetProperty("totalCount").GetInt32());
        var byDepot = await JsonAsync(await s.Coordinator.GetAsync($"{s.Api}/operations?depotId={s.OtherDepot}"), HttpStatusCode.OK);
        Assert.Equal(2, byDepot.GetProperty("totalCount").GetInt32());
        await JsonAsync(await s.Coordinator.GetAsync($"{s.Api}/operations?kind=teleportation"), HttpStatusCode.BadRequest);

        var csv = await s.Coordinator.GetAsync($"{s.Api}/operations.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("operation;date;type;depot;depot_destination;article;unite;quantite;lot;", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.Contains("Dotation de l'État reçue", lines[1]);
        Assert.Contains("Correction d'inventaire", lines[2]);
        Assert.Contains("inventaire du lundi", lines[2]);
        Assert.Contains("Transfert entre dépôts", lines[3]);
    }

    [SkippableFact]
    public async Task Professionals_cannot_record_and_other_territories_see_nothing()
    {
        await app.StartAsync();
        var s = await StockAsync();
        await JsonAsync(await PostAsync(s, new { kind = "state-allocation", depotId = s.Depot, itemId = s.Item, quantity = 50 }), HttpStatusCode.Created);

        var professional = await app.LoginAsNewUserAsync(TestRoles.Professional, s.TerritoryName);
        await JsonAsync(await PostAsync(s, Distribution(s, 1), professional), HttpStatusCode.Forbidden);
        await JsonAsync(await professional.GetAsync($"{s.Api}/operations"), HttpStatusCode.Forbidden);
        await JsonAsync(await professional.GetAsync($"{s.Api}/lots"), HttpStatusCode.Forbidden);

        var other = await StockAsync();
        var outsider = other.Coordinator;
        await JsonAsync(await PostAsync(s, Distribution(s, 1), outsider), HttpStatusCode.NotFound);
        await JsonAsync(await outsider.GetAsync($"{s.Api}/stock"), HttpStatusCode.NotFound);
        await JsonAsync(await outsider.GetAsync($"{s.Api}/operations.csv"), HttpStatusCode.NotFound);

        // Nor may they name the other territory's depot from their own.
        var foreignDepot = await JsonAsync(await PostAsync(other, new { kind = "state-allocation", depotId = s.Depot, itemId = s.Item, quantity = 5 }), HttpStatusCode.BadRequest);
        Assert.True(foreignDepot.GetProperty("errors").TryGetProperty("depotId", out _));
        Assert.Equal(50, await AssertLedgerBalancesAsync(s.Territory));
    }

    [SkippableFact]
    public async Task The_same_key_records_once_and_a_key_reused_for_another_kind_is_refused()
    {
        await app.StartAsync();
        var s = await StockAsync();
        await JsonAsync(await PostAsync(s, new { kind = "state-allocation", depotId = s.Depot, itemId = s.Item, quantity = 100 }), HttpStatusCode.Created);

        var first = await JsonAsync(await PostAsync(s, Distribution(s, 10, "remise-1")), HttpStatusCode.Created);
        var again = await JsonAsync(await PostAsync(s, Distribution(s, 10, "remise-1")), HttpStatusCode.OK);
        Assert.Equal(first.GetProperty("id").GetInt32(), again.GetProperty("id").GetInt32());
        Assert.False(first.GetProperty("replayed").GetBoolean());
        Assert.True(again.GetProperty("replayed").GetBoolean());
        Assert.Equal(90, again.GetProperty("usable").GetInt32());

        HttpRequestMessage WithHeader(object body, string key)
        {
            var message = new HttpRequestMessage(HttpMethod.Post, $"{s.Api}/operations") { Content = JsonContent.Create(body) };
            message.Headers.Add("Idempotency-Key", key);
            return message;
        }

        var byHeader = await JsonAsync(await s.Coordinator.SendAsync(WithHeader(Distribution(s, 5), "remise-2")), HttpStatusCode.Created);
        var byHeaderAgain = await JsonAsync(await s.Coordinator.SendAsync(WithHeader(Distribution(s, 5), "remise-2")), HttpStatusCode.OK);
        Assert.Equal(byHeader.GetProperty("id").GetInt32(), byHeaderAgain.GetProperty("id").GetInt32());
        Assert.True(byHeaderAgain.GetProperty("replayed").GetBoolean());

        // The header and the body's key are the same key.
        var bodyAfterHeader = await JsonAsync(await PostAsync(s, Distribution(s, 5, "remise-2")), HttpStatusCode.OK);
        Assert.Equal(byHeader.GetProperty("id").GetInt32(), bodyAfterHeader.GetProperty("id").GetInt32());

        var otherKind = await JsonAsync(await PostAsync(s, new { kind = "loss", depotId = s.Depot, itemId = s.Item, quantity = 10, reason = "x", key = "remise-1" }), HttpStatusCode.Conflict);
        Assert.Contains("remise-1", otherKind.GetProperty("detail").GetString());
        await JsonAsync(await s.Coordinator.SendAsync(WithHeader(new { kind = "loss", depotId = s.Depot, itemId = s.Item, quantity = 10, reason = "x" }, "remise-2")), HttpStatusCode.Conflict);

        // A key is the territory's: another territory may use the same one.
        var other = await StockAsync();
        await JsonAsync(await PostAsync(other, new { kind = "state-allocation", depotId = other.Depot, itemId = other.Item, quantity = 10, key = "remise-1" }), HttpStatusCode.Created);

        var stock = await JsonAsync(await s.Coordinator.GetAsync($"{s.Api}/stock"), HttpStatusCode.OK);
        Assert.Equal(85, Assert.Single(stock.GetProperty("rows").EnumerateArray()).GetProperty("usable").GetInt32());
        Assert.Equal(3, (await JsonAsync(await s.Coordinator.GetAsync($"{s.Api}/operations"), HttpStatusCode.OK)).GetProperty("totalCount").GetInt32());
        Assert.Equal(85, await AssertLedgerBalancesAsync(s.Territory));
    }

    [SkippableFact]
    public async Task Two_hundred_concurrent_distributions_never_spend_more_than_the_stock()
    {
        await app.StartAsync();
        var s = await StockAsync();
        await JsonAsync(await PostAsync(s, new { kind = "state-allocation", depotId = s.Depot, itemId = s.Item, quantity = 1000 }), HttpStatusCode.Created);

        // 200 distributions of 7, and 40 of them sent a second time with the same key, all at once.
        var sends = Enumerable.Range(0, 200).Select(i => $"c-{i}").Concat(Enumerable.Range(0, 40).Select(i => $"c-{i * 5}")).ToList();
        var responses = await Task.WhenAll(sends.Select(async key =>
        {
            var response = await PostAsync(s, Distribution(s, 7, key));
            return (Key: key, Status: response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(responses, r => Assert.True(r.Status is HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.Conflict, $"{r.Key}: {(int)r.Status} {r.Body}"));
        foreach (var group in responses.GroupBy(r => r.Key))
        {
            // Every answer to one key tells the same story: all recorded as one operation, or all refused.
            var ids = group.Where(r => r.Status != HttpStatusCode.Conflict).Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("id").GetInt32()).ToList();
            Assert.True(ids.Count == 0 || ids.Count == group.Count(), $"{group.Key}: {string.Join(" | ", group.Select(r => $"{(int)r.Status} {r.Body}"))}");
            Assert.True(ids.Distinct().Count() <= 1, group.Key);
            Assert.True(group.Count(r => r.Status == HttpStatusCode.Created) <= 1, group.Key);
        }

        var conflicts = responses.Where(r => r.Status == HttpStatusCode.Conflict).ToList();
        Assert.All(conflicts, r => Assert.StartsWith("Stock insuffisant", JsonDocument.Parse(r.Body).RootElement.GetProperty("detail").GetString()));
        var recorded = responses.Count(r => r.Status == HttpStatusCode.Created);
        Assert.Equal(1000 / 7, recorded);
        Assert.Equal(recorded, responses.Where(r => r.Status != HttpStatusCode.Conflict).Select(r => r.Key).Distinct().Count());

        await using (var db = TestDb.Open(app.Database))
        {
            var keys = await db.Set<StockOperation>().AsNoTracking().Where(o => o.TerritoryId == s.Territory && o.Kind == OperationKind.Distribution).Select(o => o.Key).ToListAsync();
            Assert.Equal(recorded, keys.Count);
            Assert.Equal(keys.Count, keys.Distinct().Count());
            var given = await db.Set<StockMovement>().AsNoTracking().Where(m => m.TerritoryId == s.Territory && m.Kind == OperationKind.Distribution).SumAsync(m => -m.Quantity);
            Assert.Equal(7 * recorded, given);
        }

        var stock = await JsonAsync(await s.Coordinator.GetAsync($"{s.Api}/stock"), HttpStatusCode.OK);
        Assert.Equal(1000 - 7 * recorded, Assert.Single(stock.GetProperty("rows").EnumerateArray()).GetProperty("usable").GetInt32());
        Assert.Equal(1000 - 7 * recorded, await AssertLedgerBalancesAsync(s.Territory));
    }

    [SkippableFact]
    public async Task Retries_sent_together_all_get_the_one_operation_even_when_it_took_the_last_units()
    {
        await app.StartAsync();
        var s = await StockAsync();
        await JsonAsync(await PostAsync(s, new { kind = "state-allocation", depotId = s.Depot, itemId = s.Item, quantity = 14 }), HttpStatusCode.Created);

        async Task<(HttpStatusCode Status, string Body)> SendAsync(string key, bool header)
        {
            var message = new HttpRequestMessage(HttpMethod.Post, $"{s.Api}/operations") { Content = JsonContent.Create(Distribution(s, 7, header ? null : key)) };
            if (header)
            {
                message.Headers.Add("Idempotency-Key", key);
            }

            var response = await s.Coordinator.SendAsync(message);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => SendAsync(i % 2 == 0 ? "last-units-body" : "last-units-header", header: i % 2 == 1)));

        foreach (var group in answers.Select((a, i) => (a.Status, a.Body, Key: i % 2)).GroupBy(a => a.Key))
        {
            Assert.True(group.Count(a => a.Status == HttpStatusCode.Created) == 1, string.Join(" | ", group.Select(a => $"{(int)a.Status} {a.Body}")));
            Assert.All(group, a => Assert.True(a.Status is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)a.Status} {a.Body}"));
            Assert.Single(group.Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("id").GetInt32()).Distinct());
        }

        Assert.Equal(0, await AssertLedgerBalancesAsync(s.Territory));
    }

    [SkippableFact]
    public async Task Concurrent_transfers_in_both_directions_and_distributions_keep_every_lot_balanced()
    {
        await app.StartAsync();
        var s = await StockAsync();
        await JsonAsync(await PostAsync(s, new { kind = "state-allocation", depotId = s.Depot, itemId = s.Item, quantity = 300 }), HttpStatusCode.Created);
        await JsonAsync(await PostAsync(s, new { kind = "state-allocation", depotId = s.OtherDepot, itemId = s.Item, quantity = 300 }), HttpStatusCode.Created);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 90).Select(async i =>
        {
            var (from, to) = i % 2 == 0 ? (s.Depot, s.OtherDepot) : (s.OtherDepot, s.Depot);
            var response = i % 3 == 0
                ? await PostAsync(s, new { kind = "distribution", depotId = from, itemId = s.Item, quantity = 9, recipientName = "Cabinet", collectedBy = "Paul" })
                : await PostAsync(s, new { kind = "transfer", depotId = from, itemId = s.Item, quantity = 11, toDepotId = to });
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }));

        Assert.All(statuses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{(int)r.StatusCode} {r.Item2}"));
        var distributed = 9 * statuses.Where((r, i) => i % 3 == 0 && r.StatusCode == HttpStatusCode.Created).Count();
        Assert.Equal(600 - distributed, await AssertLedgerBalancesAsync(s.Territory));
    }
}

public sealed class EquipmentLedgerSqliteTests(SqliteApp app) : EquipmentLedgerTests(app), IClassFixture<SqliteApp>;

public sealed class EquipmentLedgerPostgresTests(PostgresApp app) : EquipmentLedgerTests(app), IClassFixture<PostgresApp>;
