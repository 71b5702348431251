using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Tests.Support;

namespace Maillage.Tests.Features.Equipment;

/// <summary>Loans of lendable equipment, the flows report and the donors' thank-you pages.</summary>
public abstract class EquipmentLoansReportsTests(AppFixture app)
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    private async Task<(HttpClient Coordinator, int Territory, string Name, int Depot)> DepotAsync()
    {
        var name = $"Matériel {Guid.NewGuid():N}"[..22];
        var territory = JsonDocument.Parse((await app.CliAsync("territory", "create", "--name", name, "--epci", "243400355", "--json")).Output).RootElement.GetProperty("id").GetInt32();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        var structure = (await JsonAsync(await coordinator.PostAsJsonAsync("/api/directory/structures", new { territoryId = territory, kind = "cpts", name = "CPTS test" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var site = (await JsonAsync(await coordinator.PostAsJsonAsync($"/api/directory/structures/{structure}/sites", new { name = "Siège", communeCode = "34079" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var depot = (await JsonAsync(await coordinator.PostAsJsonAsync($"/api/equipment/territories/{territory}/depots", new { siteId = site, name = "Dépôt test" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        return (coordinator, territory, name, depot);
    }

    private static async Task<int> ItemAsync(HttpClient client, int territory, string code, bool lendable = false) =>
        (await JsonAsync(await client.GetAsync($"/api/equipment/territories/{territory}/items?lendable={lendable}"))).EnumerateArray().First(i => i.GetProperty("code").GetString() == code).GetProperty("id").GetInt32();

    [SkippableFact]
    public async Task A_saturometer_is_lent_returned_for_maintenance_and_back_in_service_with_its_history()
    {
        await app.StartAsync();
        var (coordinator, territory, name, depot) = await DepotAsync();
        var api = $"/api/equipment/territories/{territory}";
        var saturometer = await ItemAsync(coordinator, territory, "saturometre", lendable: true);
        var masks = await ItemAsync(coordinator, territory, "masque-ffp2");
        await JsonAsync(await coordinator.PostAsJsonAsync($"{api}/lendables", new { itemId = masks, depotId = depot, label = "X" }), HttpStatusCode.BadRequest);
        var unit = (await JsonAsync(await coordinator.PostAsJsonAsync($"{api}/lendables", new { itemId = saturometer, depotId = depot, label = "Saturomètre 1", serialNumber = "S-1" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await JsonAsync(await coordinator.PostAsJsonAsync($"{api}/lendables", new { itemId = saturometer, depotId = depot, label = "Saturomètre 1" }), HttpStatusCode.Conflict);

        var due = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7).ToString("yyyy-MM-dd");
        await JsonAsync(await coordinator.PostAsJsonAsync($"{api}/lendables/{unit}/loans", new { borrowerName = "", dueOn = due, version = 0 }), HttpStatusCode.BadRequest);
        await JsonAsync(await coordinator.PostAsJsonAsync($"{api}/lendables/{unit}/loans", new { borrowerName = "SSIAD du Clermontais", dueOn = "2001-01-01", version = 0 }), HttpStatusCode.BadRequest);
        await JsonAsync(await coordinator.PostAsJsonAsync($"{api}/lendables/{unit}/loans", new { borrowerName = "SSIAD du Clermontais", purpose = "surveillance", dueOn = due, version = 0 }), HttpStatusCode.Created);
        // A second loan with the version read before the first is refused: nobody lends the same unit twice.
        await JsonAsync(await coordinator.PostAsJsonAsync($"{api}/lendables/{unit}/loans", new { borrowerName = "Autre", dueOn = due, version = 0 }), HttpStatusCode.Conflict);
        await JsonAsync(await coordinator.PostAsJsonAsync($"{api}/lendables/{unit}/return", new { note = "capteur fendu", needsMaintenance = true, version = 1 }), HttpStatusCode.NoContent);
        await JsonAsync(await coordinator.PostAsJsonAsync($"{api}/lendables/{unit}/status", new { status = "available", version = 2 }), HttpStatusCode.NoContent);

        var listed = (await JsonAsync(await coordinator.GetAsync($"{api}/lendables"))).EnumerateArray().Single();
        Assert.Equal("available", listed.GetProperty("status").GetString());
        var history = listed.GetProperty("history").EnumerateArray().Single();
        Assert.Equal("SSIAD du Clermontais", history.GetProperty("borrower").GetString());
        Assert.Equal("capteur fendu", history.GetProperty("returnNote").GetString());

        // The page lends through the form and keeps what was typed when the date is missing.
        var page = await coordinator.GetStringAsync($"/materiel/prets?territoire={territory}");
        Assert.Contains("Saturomètre 1", page);
        var refused = await AppFixture.PostFormAsync(coordinator, $"/materiel/prets?territoire={territory}", $"/materiel/prets?handler=Lend&territoire={territory}",
            new() { ["UnitId"] = unit.ToString(), ["Borrower"] = "EHPAD Les Tilleuls", ["Purpose"] = "nuit", ["DueOn"] = "" });
        var text = await refused.Content.ReadAsStringAsync();
        Assert.Contains("date de retour", text);
        Assert.Contains("value=\"EHPAD Les Tilleuls\"", text);
        var lent = await AppFixture.PostFormAsync(coordinator, $"/materiel/prets?territoire={territory}", $"/materiel/prets?handler=Lend&territoire={territory}",
            new() { ["UnitId"] = unit.ToString(), ["Borrower"] = "EHPAD Les Tilleuls", ["DueOn"] = due });
        Assert.Equal(HttpStatusCode.Redirect, lent.StatusCode);
        Assert.Contains("EHPAD Les Tilleuls", await coordinator.GetStringAsync($"/materiel/prets?territoire={territory}"));

        var professional = await app.LoginAsNewUserAsync(TestRoles.Professional, name);
        Assert.Equal(HttpStatusCode.Forbidden, (await professional.GetAsync($"{api}/lendables")).StatusCode);
    }

    [SkippableFact]
    public async Task The_flows_report_counts_by_kind_origin_and_profession_day_by_day_and_thanks_each_donor()
    {
        await app.StartAsync();
        var (coordinator, territory, name, depot) = await DepotAsync();
        var api = $"/api/equipment/territories/{territory}";
        var masks = await ItemAsync(coordinator, territory, "masque-chirurgical");
        var nurseEmail = await app.CreateUserAsync(TestRoles.Professional, name);
        var nurse = (await JsonAsync(await coordinator.PostAsJsonAsync("/api/directory/professionals", new
        {
            territoryId = territory, firstName = "Inès", lastName = "Rapport", profession = "infirmier", email = nurseEmail,
        }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var donor = (await JsonAsync(await coordinator.PostAsJsonAsync($"{api}/donors", new { name = "Boulangerie du coin", category = "company" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();

        await JsonAsync(await coordinator.PostAsJsonAsync($"{api}/operations", new { kind = "state-allocation", depotId = depot, itemId = masks, quantity = 200 }), HttpStatusCode.Created);
        var gift = await JsonAsync(await coordinator.PostAsJsonAsync($"{api}/operations", new { kind = "donation", depotId = depot, itemId = masks, quantity = 50, donorId = donor }), HttpStatusCode.Created);
        await JsonAsync(await coordinator.PostAsJsonAsync($"{api}/operations", new { kind = "quality-release", depotId = depot, itemId = masks, lotId = gift.GetProperty("lines")[0].GetProperty("lotId").GetInt32(), rejectedQuantity = 5, reason = "taches" }), HttpStatusCode.Created);
        await JsonAsync(await coordinator.PostAsJsonAsync($"{api}/operations", new { kind = "distribution", depotId = depot, itemId = masks, quantity = 30, recipientProfessionalId = nurse, collectedBy = "Inès" }), HttpStatusCode.Created);
        await JsonAsync(await coordinator.PostAsJsonAsync($"{api}/operations", new { kind = "distribution", depotId = depot, itemId = masks, quantity = 20, recipientName = "EHPAD", collectedBy = "Directrice" }), HttpStatusCode.Created);

        var report = await JsonAsync(await coordinator.GetAsync($"{api}/reports/flows?itemId={masks}"));
        var item = report.GetProperty("byItem").EnumerateArray().Single();
        Assert.Equal(250, item.GetProperty("received").GetInt32());
        Assert.Equal(50, item.GetProperty("distributed").GetInt32());
        Assert.Equal(5, item.GetProperty("lost").GetInt32());
        Assert.Equal(195, item.GetProperty("inStockNow").GetInt32());
        var origins = report.GetProperty("byDonorCategory").EnumerateArray().ToDictionary(o => o.GetProperty("label").GetString()!, o => o.GetProperty("units").GetInt32());
        Assert.Equal(200, origins["Dotation de l'État"]);
        Assert.Equal(50, origins["Entreprise"]);
        var professions = report.GetProperty("byProfession").EnumerateArray().ToDictionary(o => o.GetProperty("label").GetString()!, o => o.GetProperty("units").GetInt32());
        Assert.Equal(30, professions["Infirmier·e"]);
        Assert.Equal(20, professions["Structure ou autre bénéficiaire"]);
        var days = report.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(30, days.Count);
        Assert.Equal(195, days[^1].GetProperty("closing").GetInt32());
        Assert.Equal(250, days.Sum(d => d.GetProperty("in").GetInt32()));
        Assert.Equal(55, days.Sum(d => d.GetProperty("out").GetInt32()));
        // Figures only: no donor or professional name leaves in the report.
        var raw = await coordinator.GetStringAsync($"{api}/reports/flows?itemId={masks}");
        Assert.DoesNotContain("Boulangerie", raw);
        Assert.DoesNotContain("Rapport", raw);

        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.GetAsync($"{api}/reports/flows?from=2020-01-01&to=2022-01-01")).StatusCode);
        var csv = await coordinator.GetStringAsync($"{api}/reports/flows.csv?itemId={masks}");
        Assert.Contains("remis par profession;Infirmier·e;1;30", csv);

        var authority = await app.LoginAsNewUserAsync(TestRoles.Authority, name);
        Assert.Contains("Par article", await authority.GetStringAsync($"/materiel/rapports?territoire={territory}&article={masks}"));
        Assert.Equal(HttpStatusCode.Forbidden, (await authority.GetAsync($"{api}/donors")).StatusCode);

        var donors = await coordinator.GetStringAsync($"/materiel/donateurs?territoire={territory}&q=boulangerie");
        Assert.Contains("Boulangerie du coin", donors);
        var thanks = await coordinator.GetStringAsync($"/materiel/donateurs/{donor}?territoire={territory}");
        Assert.Contains("Merci, Boulangerie du coin", thanks);
        Assert.Contains("50 pièce", thanks);
        var stranger = await app.LoginAsNewUserAsync(TestRoles.Coordinator, (await DepotAsync()).Name);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/materiel/donateurs/{donor}?territoire={territory}")).StatusCode);
    }
}

public sealed class EquipmentLoansReportsSqliteTests(SqliteApp app) : EquipmentLoansReportsTests(app), IClassFixture<SqliteApp>;

public sealed class EquipmentLoansReportsPostgresTests(PostgresApp app) : EquipmentLoansReportsTests(app), IClassFixture<PostgresApp>;
