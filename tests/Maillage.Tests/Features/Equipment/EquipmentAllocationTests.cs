using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Maillage.Tests.Support;

namespace Maillage.Tests.Features.Equipment;

/// <summary>Requests, the explained split of short stock, approval, pickups and the rules, through the API and the pages.</summary>
public abstract partial class EquipmentAllocationTests(AppFixture app)
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    private static int Id(JsonElement created) => created.GetProperty("id").GetInt32();

    private sealed record Pro(int Id, string Email, HttpClient Client);

    private sealed record Team(int Territory, string Name, HttpClient Coordinator, int Depot, int Masks, Pro Gp, Pro Nurse, Pro Physio)
    {
        public string Api => $"/api/equipment/territories/{Territory}";
    }

    /// <summary>A territory with a coordinator, a depot on a structure's site holding 100 surgical masks from the State, and three professionals with accounts.</summary>
    private async Task<Team> TeamAsync(string prefix)
    {
        var name = $"{prefix} {Guid.NewGuid():N}"[..22];
        var territory = JsonDocument.Parse((await app.CliAsync("territory", "create", "--name", name, "--epci", "243400355", "--json")).Output).RootElement.GetProperty("id").GetInt32();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        var structure = Id(await JsonAsync(await coordinator.PostAsJsonAsync("/api/directory/structures", new { territoryId = territory, kind = "msp", name = "MSP du dépôt" }), HttpStatusCode.Created));
        var site = Id(await JsonAsync(await coordinator.PostAsJsonAsync($"/api/directory/structures/{structure}/sites", new { name = "Site principal", communeCode = "34079" }), HttpStatusCode.Created));
        var api = $"/api/equipment/territories/{territory}";
        var depot = Id(await JsonAsync(await coordinator.PostAsJsonAsync($"{api}/depots", new { siteId = site, name = "Dépôt central" }), HttpStatusCode.Created));
        var masks = (await JsonAsync(await coordinator.GetAsync($"{api}/items"))).EnumerateArray().Single(i => i.GetProperty("code").GetString() == "masque-chirurgical").GetProperty("id").GetInt32();
        await JsonAsync(await coordinator.PostAsJsonAsync($"{api}/operations", new
        {
            kind = "state-allocation", depotId = depot, itemId = masks, quantity = 100, expiresOn = DateTime.UtcNow.AddYears(2).ToString("yyyy-MM-dd"),
        }), HttpStatusCode.Created);

        async Task<Pro> ProAsync(string last, string profession)
        {
            var email = await app.CreateUserAsync(TestRoles.Professional, name);
            var id = Id(await JsonAsync(await coordinator.PostAsJsonAsync("/api/directory/professionals", new { territoryId = territory, firstName = "Test", lastName = last, profession, email }),
                HttpStatusCode.Created));
            return new Pro(id, email, await app.LoginAsync(email));
        }

        return new Team(territory, name, coordinator, depot, masks,
            await ProAsync("Généraliste", "medecin-generaliste"), await ProAsync("Infirmière", "infirmier"), await ProAsync("Kiné", "masseur-kinesitherapeute"));
    }

    private static async Task<string> FollowAsync(HttpClient client, HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await client.GetStringAsync(response.Headers.Location);
    }

    [SkippableFact]
    public async Task Requests_are_split_by_explained_priority_within_quotas_approved_with_an_edit_and_handed_out_once()
    {
        await app.StartAsync();
        var t = await TeamAsync("Matériel");
        var page = $"/materiel/demandes?territoire={t.Territory}";

        // The GP asks through the page: the form offers stock items, not lendable ones.
        var form = await t.Gp.Client.GetStringAsync(page);
        Assert.Contains("Nouvelle demande", form);
        Assert.Contains("Masque chirurgical", form);
        Assert.DoesNotContain("Concentrateur", form);
        var refused = await AppFixture.PostFormAsync(t.Gp.Client, page, page, new()
        {
            ["ItemId"] = t.Masks.ToString(), ["Quantity"] = "beaucoup", ["Reason"] = "Tournée à domicile", ["Urgency"] = "urgent", ["HomeVisits"] = "true",
        });
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("n&#x27;est pas un nombre entier", html);
        Assert.Contains("value=\"beaucoup\"", html);
        Assert.Contains("Tournée à domicile</textarea>", html);
        var mine = await FollowAsync(t.Gp.Client, await AppFixture.PostFormAsync(t.Gp.Client, page, page, new()
        {
            ["ItemId"] = t.Masks.ToString(), ["Quantity"] = "15", ["Reason"] = "Tournée à domicile", ["Urgency"] = "urgent", ["HomeVisits"] = "true",
        }));
        Assert.Contains("enregistrée", mine);
        Assert.Contains("15 × Masque chirurgical", mine);
        Assert.Contains("En attente", mine);

        // The nurse and the physiotherapist ask through the API; the coordinator asks for a nursing home on its behalf, through the page.
        var nurseRequest = Id(await JsonAsync(await t.Nurse.Client.PostAsJsonAsync($"{t.Api}/requests",
            new { itemId = t.Masks, quantity = 30, reason = "Soins à domicile", urgency = "normal", suspectedInfection = true }), HttpStatusCode.Created));
        var physioRequest = Id(await JsonAsync(await t.Physio.Client.PostAsJsonAsync($"{t.Api}/requests",
            new { itemId = t.Masks, quantity = 20, reason = "Cabinet", urgency = "normal" }), HttpStatusCode.Created));
        await FollowAsync(t.Coordinator, await AppFixture.PostFormAsync(t.Coordinator, page, page, new()
        {
            ["ItemId"] = t.Masks.ToString(), ["Quantity"] = "200", ["Reason"] = "EHPAD en tension", ["Urgency"] = "normal", ["StructureName"] = "EHPAD Les Oliviers",
        }));
        var queue = await t.Coordinator.GetStringAsync(page);
        Assert.Contains("File des demandes du territoire", queue);
        Assert.Contains("EHPAD Les Oliviers", queue);
        Assert.True(queue.IndexOf("— Test Généraliste", StringComparison.Ordinal) is > 0 and var gpAt && gpAt < queue.IndexOf("— Test Infirmière", StringComparison.Ordinal), "the urgent request comes first");
        var gpRequest = (await JsonAsync(await t.Gp.Client.GetAsync($"{t.Api}/requests"))).GetProperty("items").EnumerateArray().Single().GetProperty("id").GetInt32();

        // A professional sees only their own requests, cannot cancel another's, nor open the split.
        var nurseSees = (await JsonAsync(await t.Nurse.Client.GetAsync($"{t.Api}/requests"))).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetInt32()).ToList();
        Assert.Equal([nurseRequest], nurseSees);
        Assert.DoesNotContain("Test Généraliste", await t.Nurse.Client.GetStringAsync(page));
        Assert.Equal(HttpStatusCode.NotFound, (await t.Nurse.Client.PostAsJsonAsync($"{t.Api}/requests/{gpRequest}/cancel", new { note = "" })).StatusCode);
        var forbidden = await t.Nurse.Client.GetAsync($"/materiel/repartition?territoire={t.Territory}");
        Assert.Equal(HttpStatusCode.Redirect, forbidden.StatusCode);
        Assert.Contains("/acces-refuse", forbidden.Headers.Location!.ToString());

        // The coordinator proposes: the nurse capped at 18 and the physiotherapist at 6 by the weekly quotas, the GP served in full, the nursing home most of the rest; every line explained.
        var split = $"/materiel/repartition?territoire={t.Territory}";
        var proposed = await AppFixture.PostFormAsync(t.Coordinator, split, split + "&handler=Propose", new() { ["depot"] = t.Depot.ToString(), ["article"] = t.Masks.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        var roundUrl = proposed.Headers.Location!.ToString();
        var roundId = int.Parse(RoundId().Match(roundUrl).Groups[1].Value);
        var round = await JsonAsync(await t.Coordinator.GetAsync($"{t.Api}/allocations/{roundId}"));
        Assert.Equal(100, round.GetProperty("available").GetInt32());
        var lines = round.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("requestId").GetInt32());
        Assert.Equal(4, lines.Count);
        foreach (var l in lines.Values)
        {
            Assert.InRange(l.GetProperty("proposed").GetInt32(), 0, l.GetProperty("need").GetInt32());
            Assert.True(l.GetProperty("need").GetInt32() <= l.GetProperty("requested").GetInt32());
            Assert.StartsWith("Priorité ", l.GetProperty("explanation").GetString());
        }

        Assert.Equal(100, lines.Values.Sum(l => l.GetProperty("proposed").GetInt32()));
        Assert.Equal(15, lines[gpRequest].GetProperty("need").GetInt32());
        Assert.Equal(18, lines[nurseRequest].GetProperty("need").GetInt32());
        Assert.Equal(6, lines[physioRequest].GetProperty("need").GetInt32());
        Assert.Contains("quota hebdomadaire 6", lines[physioRequest].GetProperty("explanation").GetString());
        Assert.Equal(15, lines[gpRequest].GetProperty("proposed").GetInt32()); // urgent, home visits: its share exceeds its need.
        var home = lines.Values.Single(l => l.GetProperty("requester").GetString() == "EHPAD Les Oliviers");
        var ehpad = home.GetProperty("proposed").GetInt32();
        var nurseGets = lines[nurseRequest].GetProperty("proposed").GetInt32();
        Assert.True(ehpad > 50 && nurseGets < 18, $"{ehpad} {nurseGets}");

        var shown = await t.Coordinator.GetStringAsync(roundUrl);
        Assert.Contains("proportionnelle à sa priorité", shown);
        Assert.Contains("quota hebdomadaire 6", shown);
        Assert.Contains("Total attribué : <strong>100</strong> sur 100", shown);
        var version = VersionField().Match(shown).Groups[1].Value;

        // Giving more than the stock is refused: the message is shown and the edits stay.
        var lineOf = (int request) => lines[request].GetProperty("id").GetInt32();
        Dictionary<string, string> Approval(int physio, int ehpad) => new()
        {
            ["Version"] = version, [$"Approved[{lineOf(gpRequest)}]"] = "15", [$"Approved[{lineOf(nurseRequest)}]"] = nurseGets.ToString(),
            [$"Approved[{lineOf(physioRequest)}]"] = physio.ToString(), [$"Approved[{home.GetProperty("id").GetInt32()}]"] = ehpad.ToString(),
        };
        var approveUrl = $"/materiel/repartition/{roundId}?territoire={t.Territory}&handler=Approve";
        var physioLine = lineOf(physioRequest);
        var physioProposed = lines[physioRequest].GetProperty("proposed").GetInt32();
        var tooMuch = await AppFixture.PostFormAsync(t.Coordinator, roundUrl, approveUrl, Approval(6, ehpad));
        Assert.Equal(HttpStatusCode.OK, tooMuch.StatusCode);
        html = await tooMuch.Content.ReadAsStringAsync();
        Assert.Contains("seulement peuvent sortir du dépôt", html);
        Assert.Matches($"name=\"Approved\\[{physioLine}\\]\"[^>]*value=\"6\"", html);
        Assert.Equal(HttpStatusCode.Forbidden, (await t.Nurse.Client.PostAsJsonAsync($"{t.Api}/allocations/{roundId}/approve", new { version = int.Parse(version) })).StatusCode);

        // Approved with the physiotherapist's line raised to 4 and the nursing home's lowered to match: all 100 reserved, the professionals are told.
        var approved = await FollowAsync(t.Coordinator, await AppFixture.PostFormAsync(t.Coordinator, roundUrl, approveUrl, Approval(4, ehpad + physioProposed - 4)));
        Assert.Contains("Répartition approuvée : 100", approved);
        Assert.Contains("Approuvée", approved);
        Assert.Equal(4, (await JsonAsync(await t.Coordinator.GetAsync($"{t.Api}/allocations/{roundId}"))).GetProperty("lines").EnumerateArray()
            .Single(l => l.GetProperty("requestId").GetInt32() == physioRequest).GetProperty("approved").GetInt32());
        Assert.Contains("à retirer au dépôt", await t.Gp.Client.GetStringAsync("/api/notifications"));
        Assert.Contains("Réservé au dépôt, à retirer : <strong>15</strong>", await t.Gp.Client.GetStringAsync(page));

        // At the depot: the GP's line, handed out with the form's key; a double tap records nothing more.
        var pickups = $"/materiel/retraits?territoire={t.Territory}";
        var desk = await t.Coordinator.GetStringAsync(pickups);
        var gpLine = lineOf(gpRequest);
        var key = PickupKey().Matches(desk).Select(m => m.Groups[1].Value).Single(k => k.StartsWith($"retrait-{gpLine}-", StringComparison.Ordinal));
        Assert.Contains("value=\"Test Généraliste\"", desk);
        Dictionary<string, string> Pickup() => new() { ["LineId"] = gpLine.ToString(), ["Key"] = key, ["CollectedBy"] = "Dr Test Généraliste", ["Quantity"] = "15" };
        var first = await FollowAsync(t.Coordinator, await AppFixture.PostFormAsync(t.Coordinator, pickups, pickups, Pickup()));
        Assert.Contains("Remis : 15 pièce(s) de « Masque chirurgical » à Dr Test Généraliste", first);
        var again = await FollowAsync(t.Coordinator, await AppFixture.PostFormAsync(t.Coordinator, pickups, pickups, Pickup()));
        Assert.Contains("déjà enregistrée", again);
        var handed = await JsonAsync(await t.Coordinator.GetAsync($"{t.Api}/operations?kind=distribution"));
        Assert.Equal(1, handed.GetProperty("totalCount").GetInt32());
        Assert.Equal(15, handed.GetProperty("items")[0].GetProperty("quantity").GetInt32());
        var served = (await JsonAsync(await t.Gp.Client.GetAsync($"{t.Api}/requests"))).GetProperty("items").EnumerateArray().Single();
        Assert.Equal("served", served.GetProperty("status").GetString());
        Assert.Equal(15, served.GetProperty("served").GetInt32());
        Assert.Contains("Servie", await t.Gp.Client.GetStringAsync(page));

        // A pickup of more than is left is refused on the page, and the typed values stay.
        desk = await t.Coordinator.GetStringAsync(pickups);
        var physioKey = PickupKey().Matches(desk).Select(m => m.Groups[1].Value).Single(k => k.StartsWith($"retrait-{physioLine}-", StringComparison.Ordinal));
        var over = await AppFixture.PostFormAsync(t.Coordinator, pickups, pickups, new() { ["LineId"] = physioLine.ToString(), ["Key"] = physioKey, ["CollectedBy"] = "Son assistant", ["Quantity"] = "9" });
        Assert.Equal(HttpStatusCode.OK, over.StatusCode);
        html = await over.Content.ReadAsStringAsync();
        Assert.Contains("Il reste 4 à remettre", html);
        Assert.Contains("value=\"Son assistant\"", html);
        Assert.Contains($"value=\"{physioKey}\"", html);

        // The coordinator refuses the nursing home's request: a reason is needed; the reservation goes back to the shelf.
        var homeRequest = home.GetProperty("requestId").GetInt32();
        var noReason = await AppFixture.PostFormAsync(t.Coordinator, page, page + "&handler=Refuse", new() { ["id"] = homeRequest.ToString(), ["Note"] = " " });
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("id=\"Note\"", await noReason.Content.ReadAsStringAsync());
        var refusedPage = await FollowAsync(t.Coordinator, await AppFixture.PostFormAsync(t.Coordinator, page, page + "&handler=Refuse", new() { ["id"] = homeRequest.ToString(), ["Note"] = "Stock réservé aux libéraux cette semaine" }));
        Assert.Contains("refusée", refusedPage);
        Assert.DoesNotContain("EHPAD Les Oliviers", await t.Coordinator.GetStringAsync(pickups));
    }

    [SkippableFact]
    public async Task A_professional_cancels_an_open_request_and_one_without_a_directory_entry_is_told_why()
    {
        await app.StartAsync();
        var t = await TeamAsync("Annulation");
        var page = $"/materiel/demandes?territoire={t.Territory}";
        var id = Id(await JsonAsync(await t.Nurse.Client.PostAsJsonAsync($"{t.Api}/requests", new { itemId = t.Masks, quantity = 5, reason = "Test", urgency = "critical" }), HttpStatusCode.Created));
        Assert.Contains("Vital", await t.Nurse.Client.GetStringAsync(page));
        var other = await AppFixture.PostFormAsync(t.Physio.Client, page, page + "&handler=Cancel", new() { ["id"] = id.ToString() });
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        var cancelled = await FollowAsync(t.Nurse.Client, await AppFixture.PostFormAsync(t.Nurse.Client, page, page + "&handler=Cancel", new() { ["id"] = id.ToString() }));
        Assert.Contains($"Demande n° {id} annulée", cancelled);
        Assert.Contains("Annulée", cancelled);

        var stranger = await app.LoginAsNewUserAsync(TestRoles.Professional, t.Name);
        var html = await stranger.GetStringAsync(page);
        Assert.Contains("relié à aucune fiche de l&#x27;annuaire", html);
        Assert.DoesNotContain("Envoyer la demande", html);
    }

    [SkippableFact]
    public async Task The_rules_page_refuses_a_bad_weight_keeping_the_input_saves_french_decimals_and_sets_alert_thresholds()
    {
        await app.StartAsync();
        var t = await TeamAsync("Règles");
        var page = $"/materiel/reglages?territoire={t.Territory}";
        var html = await t.Coordinator.GetStringAsync(page);
        Assert.Contains("Règles par défaut", html);
        Assert.Contains("name=\"Weights[masseur-kinesitherapeute]\" inputmode=\"decimal\" class=\"form-control form-control-lg \" value=\"2\"", html);
        Assert.Contains("name=\"Quotas[4].PerWeek\"", html); // 5 default quotas, then empty rows.
        Assert.Equal(HttpStatusCode.Redirect, (await t.Nurse.Client.GetAsync(page)).StatusCode);

        Dictionary<string, string> Form(string physio, string version = "0") => new()
        {
            ["Version"] = version, ["Weights[medecin-generaliste]"] = "3", ["Weights[infirmier]"] = "3", ["Weights[masseur-kinesitherapeute]"] = physio,
            ["OtherProfessionWeight"] = "1", ["StructureWeight"] = "2", ["HomeVisitsBonus"] = "0,5", ["SuspectedInfectionBonus"] = "1", ["UrgentFactor"] = "1,5", ["CriticalFactor"] = "2",
            ["Quotas[0].Profession"] = "medecin-generaliste", ["Quotas[0].ItemCode"] = "masque-chirurgical", ["Quotas[0].PerWeek"] = "24",
            ["Quotas[1].Profession"] = "", ["Quotas[1].ItemCode"] = "", ["Quotas[1].PerWeek"] = "",
        };
        var bad = await AppFixture.PostFormAsync(t.Coordinator, page, page, Form("150"));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("Poids de Masseur-kinésithérapeute : un nombre entre 0 et 100.", html);
        Assert.Contains("href=\"#Weights_masseur-kinesitherapeute_\"", html);
        Assert.Contains("value=\"150\"", html);
        Assert.Contains("value=\"0,5\"", html);
        Assert.True((await JsonAsync(await t.Coordinator.GetAsync($"{t.Api}/policy"))).GetProperty("isDefault").GetBoolean());

        var saved = await FollowAsync(t.Coordinator, await AppFixture.PostFormAsync(t.Coordinator, page, page, Form("1,5")));
        Assert.Contains("Règles de répartition enregistrées", saved);
        var policy = await JsonAsync(await t.Coordinator.GetAsync($"{t.Api}/policy"));
        Assert.Equal(1, policy.GetProperty("version").GetInt32());
        Assert.Equal(1.5, policy.GetProperty("policy").GetProperty("professionWeights").GetProperty("masseur-kinesitherapeute").GetDouble());
        Assert.Equal(0.5, policy.GetProperty("policy").GetProperty("homeVisitsBonus").GetDouble());
        var quota = policy.GetProperty("policy").GetProperty("quotas").EnumerateArray().Single();
        Assert.Equal(24, quota.GetProperty("perWeek").GetInt32());
        Assert.Contains("value=\"1,5\"", saved);

        // The same form sent again with the old version would overwrite the new rules: refused.
        var stale = await AppFixture.PostFormAsync(t.Coordinator, page, page, Form("2"));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("modifiées entre-temps", await stale.Content.ReadAsStringAsync());

        // A low-stock threshold for the depot: a bad one is refused with its field, a good one shows on the stock.
        var alerts = page + $"&depot={t.Depot}&handler=Alerts";
        var wrong = await AppFixture.PostFormAsync(t.Coordinator, page, alerts, new() { [$"Alerts[{t.Masks}]"] = "-3" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains($"href=\"#Alerts_{t.Masks}_\"", await wrong.Content.ReadAsStringAsync());
        Assert.Contains("Seuils d&#x27;alerte enregistrés (1 article(s))", await FollowAsync(t.Coordinator, await AppFixture.PostFormAsync(t.Coordinator, page, alerts, new() { [$"Alerts[{t.Masks}]"] = "150" })));
        var row = (await JsonAsync(await t.Coordinator.GetAsync($"{t.Api}/stock"))).GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("itemId").GetInt32() == t.Masks);
        Assert.Equal(150, row.GetProperty("alertBelow").GetInt32());
        Assert.True(row.GetProperty("low").GetBoolean());
    }

    [SkippableFact]
    public async Task A_weekly_quota_counts_every_request_of_the_professional_and_a_cancelled_request_gets_nothing_on_approval()
    {
        await app.StartAsync();
        var t = await TeamAsync("Quota");
        var first = Id(await JsonAsync(await t.Physio.Client.PostAsJsonAsync($"{t.Api}/requests", new { itemId = t.Masks, quantity = 4, reason = "Cabinet" }), HttpStatusCode.Created));
        var second = Id(await JsonAsync(await t.Physio.Client.PostAsJsonAsync($"{t.Api}/requests", new { itemId = t.Masks, quantity = 4, reason = "Visites" }), HttpStatusCode.Created));
        var nurse = Id(await JsonAsync(await t.Nurse.Client.PostAsJsonAsync($"{t.Api}/requests", new { itemId = t.Masks, quantity = 10, reason = "Soins" }), HttpStatusCode.Created));
        var round = await JsonAsync(await t.Coordinator.PostAsJsonAsync($"{t.Api}/allocations", new { depotId = t.Depot, itemId = t.Masks }), HttpStatusCode.Created);
        var lines = round.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("requestId").GetInt32());
        Assert.Equal(4, lines[first].GetProperty("need").GetInt32());
        Assert.Equal(2, lines[second].GetProperty("need").GetInt32()); // 6 a week for a physiotherapist, 4 already asked.

        // The nurse cancels before the approval: nothing is reserved for her, and her request stays cancelled.
        await JsonAsync(await t.Nurse.Client.PostAsJsonAsync($"{t.Api}/requests/{nurse}/cancel", new { note = "Plus besoin" }), HttpStatusCode.NoContent);
        var approved = await JsonAsync(await t.Coordinator.PostAsJsonAsync($"{t.Api}/allocations/{Id(round)}/approve", new { version = round.GetProperty("version").GetInt32() }));
        Assert.Equal(0, approved.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("requestId").GetInt32() == nurse).GetProperty("approved").GetInt32());
        var nurseRequest = (await JsonAsync(await t.Nurse.Client.GetAsync($"{t.Api}/requests"))).GetProperty("items").EnumerateArray().Single();
        Assert.Equal("cancelled", nurseRequest.GetProperty("status").GetString());
        var stock = (await JsonAsync(await t.Coordinator.GetAsync($"{t.Api}/stock"))).GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("itemId").GetInt32() == t.Masks);
        Assert.Equal(6, stock.GetProperty("reserved").GetInt32());
    }

    [GeneratedRegex(@"/materiel/repartition/(\d+)")]
    private static partial Regex RoundId();

    [GeneratedRegex("name=\"Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();

    [GeneratedRegex("name=\"Key\" value=\"([^\"]+)\"")]
    private static partial Regex PickupKey();
}

public sealed class EquipmentAllocationSqliteTests(SqliteApp app) : EquipmentAllocationTests(app), IClassFixture<SqliteApp>;

public sealed class EquipmentAllocationPostgresTests(PostgresApp app) : EquipmentAllocationTests(app), IClassFixture<PostgresApp>;
