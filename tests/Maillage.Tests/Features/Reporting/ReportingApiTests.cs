using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maillage.Features.Reporting;
using Maillage.Infrastructure;
using Maillage.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Reporting;

/// <summary>Activity reporting through the HTTP API, on both providers: entry, approval and its lock, versions, exports, rights, settings, funding, import, and the figures derived from the other features.</summary>
public abstract class ReportingApiTests(AppFixture app)
{
    /// <summary>2020-W14, Monday 30 March to Sunday 5 April 2020: the centres of these tests open on 19 March.</summary>
    private const string Week = "2020-W14";

    private static readonly DateOnly Monday = new(2020, 3, 30);

    internal sealed record Place(int Territory, string Name, HttpClient Coordinator, int Centre, int Site)
    {
        public string Api => $"/api/reporting/territories/{Territory}";

        public string Day(DateOnly day) => $"{Api}/days/{day:yyyy-MM-dd}/centres/{Centre}";
    }

    internal static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {(int)response.StatusCode} {response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    private static async Task<int> CreatedAsync(HttpResponseMessage response) => (await JsonAsync(response, HttpStatusCode.Created)).GetProperty("id").GetInt32();

    internal static DateOnly ParisToday() =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")));

    /// <summary>A territory with a coordinator and a dedicated centre open since 19 March 2020.</summary>
    internal static async Task<Place> CentreAsync(AppFixture app, string centreName = "Centre Covid du gymnase")
    {
        var name = $"Activité {Guid.NewGuid():N}"[..22];
        var created = await app.CliAsync("territory", "create", "--name", name, "--epci", "243400355", "--json");
        Assert.True(created.ExitCode == 0, created.Error);
        var territory = JsonDocument.Parse(created.Output).RootElement.GetProperty("id").GetInt32();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        var episode = await CreatedAsync(await coordinator.PostAsJsonAsync("/api/crisis/episodes", new { territoryId = territory, name = "Vague 1", openedOn = "2020-03-09" }));
        var centre = await CreatedAsync(await coordinator.PostAsJsonAsync($"/api/crisis/episodes/{episode}/centres", new
        {
            name = centreName, communeCode = "34142", suspectCircuit = true, capacityPerHour = 6, weeklyHours = "lu-di 08:00-12:00,13:00-17:00", startedOn = "2020-03-16",
        }));
        foreach (var (stage, on) in new[] { ("file-sent-to-ars", "2020-03-17"), ("funded", "2020-03-18"), ("open", "2020-03-19") })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await coordinator.PostAsJsonAsync($"/api/crisis/centres/{centre}/stage", new { stage, on })).StatusCode);
        }

        var structure = (await JsonAsync(await coordinator.GetAsync($"/api/crisis/centres/{centre}"))).GetProperty("structureId").GetInt32();
        var site = (await JsonAsync(await coordinator.GetAsync($"/api/directory/structures/{structure}"))).GetProperty("sites")[0].GetProperty("id").GetInt32();
        return new Place(territory, name, coordinator, centre, site);
    }

    private Task<Place> CentreAsync() => CentreAsync(app);

    private static Task<HttpResponseMessage> PutDayAsync(Place p, DateOnly day, object values, string? reason = null, bool confirm = false, HttpClient? client = null) =>
        (client ?? p.Coordinator).PutAsJsonAsync(p.Day(day), new { values, reason, confirmOutliers = confirm });

    private static JsonElement Line(JsonElement report, string code, int centre) =>
        report.GetProperty("grid").GetProperty("centres").EnumerateArray().Single(c => c.GetProperty("centreId").GetInt32() == centre)
            .GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("code").GetString() == code);

    private static JsonElement Published(JsonElement week, string code, int centre) =>
        week.GetProperty("centres").EnumerateArray().Single(c => c.GetProperty("centreId").GetInt32() == centre)
            .GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("code").GetString() == code);

    private static void AssertField(JsonElement problem, string field) =>
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error on {field}: {problem}");

    [SkippableFact]
    public async Task A_centre_export_is_its_part_of_the_territory_export_hiding_the_same_cells()
    {
        await app.StartAsync();
        var p = await CentreAsync();
        await JsonAsync(await PutDayAsync(p, Monday, new Dictionary<string, int?> { [Indicators.PcrTests] = 3, [Indicators.AntigenTests] = 0, [Indicators.Positives] = 1 }));
        await JsonAsync(await PutDayAsync(p, Monday.AddDays(1), new Dictionary<string, int?> { [Indicators.PcrTests] = 20, [Indicators.AntigenTests] = 6, [Indicators.Positives] = 2 }));

        var territory = await (await p.Coordinator.GetAsync($"{p.Api}/weeks/{Week}/export?format=csv")).Content.ReadAsStringAsync();
        var centre = await p.Coordinator.GetAsync($"{p.Api}/weeks/{Week}/export?format=csv&centreId={p.Centre}");
        Assert.Equal(HttpStatusCode.OK, centre.StatusCode);
        var centreLines = (await centre.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var pcr = Assert.Single(centreLines, l => l.Contains($";Centre Covid du gymnase;{Indicators.PcrTests};", StringComparison.Ordinal));
        Assert.Contains(pcr, territory.Split("\r\n"));
        Assert.Contains(";<5;", pcr);
        Assert.DoesNotContain(centreLines, l => l.Contains(";Ensemble des centres;", StringComparison.Ordinal));
        await JsonAsync(await p.Coordinator.GetAsync($"{p.Api}/weeks/{Week}/export?format=csv&centreId=999999"), HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task A_week_is_entered_approved_locked_reopened_with_a_reason_and_approved_again_as_version_two()
    {
        await app.StartAsync();
        var p = await CentreAsync();

        var centres = await JsonAsync(await p.Coordinator.GetAsync($"{p.Api}/centres"));
        var listed = Assert.Single(centres.EnumerateArray());
        Assert.Equal((p.Centre, "Centre Covid du gymnase", "open"), (listed.GetProperty("id").GetInt32(), listed.GetProperty("name").GetString(), listed.GetProperty("stage").GetString()));

        // Monday's figures, then a correction with its reason: both kept in the history.
        var saved = await JsonAsync(await PutDayAsync(p, Monday, new Dictionary<string, int?> { [Indicators.PcrTests] = 12, [Indicators.AntigenTests] = 8, [Indicators.Positives] = 3 }));
        Assert.Equal((true, 3), (saved.GetProperty("saved").GetBoolean(), saved.GetProperty("changed").GetInt32()));
        saved = await JsonAsync(await PutDayAsync(p, Monday, new Dictionary<string, int?> { [Indicators.PcrTests] = 14, [Indicators.AntigenTests] = 8 }, "recompté le soir"));
        Assert.Equal((true, 1), (saved.GetProperty("saved").GetBoolean(), saved.GetProperty("changed").GetInt32()));

        var sheet = await JsonAsync(await p.Coordinator.GetAsync(p.Day(Monday)));
        Assert.True(sheet.GetProperty("open").GetBoolean());
        var pcrField = sheet.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("code").GetString() == Indicators.PcrTests);
        Assert.Equal((14, 2), (pcrField.GetProperty("entered").GetInt32(), pcrField.GetProperty("version").GetInt32()));
        var history = sheet.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(4, history.Count);
        Assert.Equal((Indicators.PcrTests, 12, 14, "recompté le soir", "api"), (history[0].GetProperty("indicator").GetString(), history[0].GetProperty("oldValue").GetInt32(),
            history[0].GetProperty("newValue").GetInt32(), history[0].GetProperty("reason").GetString(), history[0].GetProperty("channel").GetString()));
        Assert.Contains(history, h => h.GetProperty("indicator").GetString() == Indicators.PcrTests && h.GetProperty("oldValue").ValueKind == JsonValueKind.Null && h.GetProperty("newValue").GetInt32() == 12);

        var week = await JsonAsync(await p.Coordinator.GetAsync($"{p.Api}/weeks/{Week}"));
        Assert.Equal(("open", Week), (week.GetProperty("state").GetString(), week.GetProperty("week").GetString()));
        var pcr = Line(week, Indicators.PcrTests, p.Centre);
        Assert.Equal((14, "entered"), (pcr.GetProperty("days")[0].GetProperty("value").GetInt32(), pcr.GetProperty("days")[0].GetProperty("mark").GetString()));
        Assert.Equal("missing", pcr.GetProperty("days")[1].GetProperty("mark").GetString());
        Assert.Equal(13.6, Line(week, Indicators.Positivity, p.Centre).GetProperty("days")[0].GetProperty("rate").GetDouble()); // 3 ÷ (14 + 8)
        Assert.Equal((7, 1), (week.GetProperty("body").GetProperty("completeness").GetProperty("expectedDays").GetInt32(), week.GetProperty("body").GetProperty("completeness").GetProperty("completeDays").GetInt32()));

        // Refusals: a negative figure, more positives than tests; an unusual figure is confirmed before it is kept.
        AssertField(await JsonAsync(await PutDayAsync(p, Monday.AddDays(1), new Dictionary<string, int?> { [Indicators.PcrTests] = -2 }), HttpStatusCode.BadRequest), Indicators.PcrTests);
        AssertField(await JsonAsync(await PutDayAsync(p, Monday.AddDays(1), new Dictionary<string, int?> { [Indicators.PcrTests] = 2, [Indicators.Positives] = 5 }), HttpStatusCode.BadRequest), Indicators.Positives);
        var tuesday = new Dictionary<string, int?> { [Indicators.PcrTests] = 80, [Indicators.AntigenTests] = 8, [Indicators.Positives] = 10 };
        var unusual = await JsonAsync(await PutDayAsync(p, Monday.AddDays(1), tuesday));
        Assert.False(unusual.GetProperty("saved").GetBoolean());
        var warning = Assert.Single(unusual.GetProperty("warnings").EnumerateArray());
        Assert.Equal(Indicators.PcrTests, warning.GetProperty("indicator").GetString());
        Assert.Contains("plus du triple", warning.GetProperty("message").GetString());
        var notKept = (await JsonAsync(await p.Coordinator.GetAsync(p.Day(Monday.AddDays(1))))).GetProperty("fields").EnumerateArray();
        Assert.All(notKept, f => Assert.Equal(JsonValueKind.Null, f.GetProperty("entered").ValueKind));
        var confirmed = await JsonAsync(await PutDayAsync(p, Monday.AddDays(1), tuesday, confirm: true));
        Assert.Equal((true, 3), (confirmed.GetProperty("saved").GetBoolean(), confirmed.GetProperty("changed").GetInt32()));

        var future = await JsonAsync(await PutDayAsync(p, ParisToday().AddDays(2), new Dictionary<string, int?> { [Indicators.PcrTests] = 1 }), HttpStatusCode.BadRequest);
        AssertField(future, "day");

        // Approval: an incomplete week only when that is confirmed.
        var refused = await JsonAsync(await p.Coordinator.PostAsJsonAsync($"{p.Api}/weeks/{Week}/approve", new { acceptIncomplete = false }), HttpStatusCode.BadRequest);
        AssertField(refused, "acceptIncomplete");
        Assert.Contains("Centre Covid du gymnase (5 j)", refused.GetProperty("detail").GetString());
        var approved = await JsonAsync(await p.Coordinator.PostAsJsonAsync($"{p.Api}/weeks/{Week}/approve", new { acceptIncomplete = true }));
        Assert.Equal(("approved", 1), (approved.GetProperty("state").GetString(), approved.GetProperty("version").GetInt32()));
        await JsonAsync(await p.Coordinator.PostAsJsonAsync($"{p.Api}/weeks/{Week}/approve", new { acceptIncomplete = true }), HttpStatusCode.Conflict);

        // Locked: no entry, and records made since do not change what was approved.
        await JsonAsync(await PutDayAsync(p, Monday.AddDays(2), new Dictionary<string, int?> { [Indicators.PcrTests] = 9 }), HttpStatusCode.Conflict);
        Assert.True((await JsonAsync(await p.Coordinator.GetAsync(p.Day(Monday.AddDays(2))))).GetProperty("locked").GetBoolean());
        await p.Coordinator.PostAsync($"/api/rosters/centres/{p.Centre}/standard-roles", null);
        var roles = (await JsonAsync(await p.Coordinator.GetAsync($"/api/rosters/centres/{p.Centre}"))).GetProperty("roles").EnumerateArray()
            .ToDictionary(r => r.GetProperty("label").GetString()!, r => r.GetProperty("id").GetInt32());
        var shift = await CreatedAsync(await p.Coordinator.PostAsJsonAsync($"/api/rosters/centres/{p.Centre}/shifts", new
        {
            name = "Matin", pattern = "lu-di 08:00-12:00", headcounts = new Dictionary<int, int> { [roles["Médecin"]] = 1 },
        }));
        // Someone on shift in both weeks: each week is now rostered, so its places count.
        var doctor = await CreatedAsync(await p.Coordinator.PostAsJsonAsync("/api/directory/professionals", new { territoryId = p.Territory, firstName = "Test", lastName = "Docteur", profession = "medecin-generaliste" }));
        foreach (var date in new[] { "2020-04-01", "2020-04-07" })
        {
            await CreatedAsync(await p.Coordinator.PostAsJsonAsync($"/api/rosters/centres/{p.Centre}/assignments", new { shiftId = shift, date, roleId = roles["Médecin"], professionalId = doctor }));
        }

        var frozen = await JsonAsync(await p.Coordinator.GetAsync($"{p.Api}/weeks/{Week}"));
        Assert.Equal(("approved", 0), (frozen.GetProperty("state").GetString(), Line(frozen, Indicators.PlacesRequired, p.Centre).GetProperty("total").GetProperty("value").GetInt32()));
        var nextWeek = await JsonAsync(await p.Coordinator.GetAsync($"{p.Api}/weeks/2020-W15"));
        Assert.Equal(7, Line(nextWeek, Indicators.PlacesRequired, p.Centre).GetProperty("total").GetProperty("value").GetInt32());

        // Reopening needs a reason, makes version 2, and lets figures in again.
        AssertField(await JsonAsync(await p.Coordinator.PostAsJsonAsync($"{p.Api}/weeks/{Week}/reopen", new { reason = "" }), HttpStatusCode.BadRequest), "reason");
        var reopened = await JsonAsync(await p.Coordinator.PostAsJsonAsync($"{p.Api}/weeks/{Week}/reopen", new { reason = "Tests du mercredi oubliés" }));
        Assert.Equal(("reopened", 1), (reopened.GetProperty("state").GetString(), reopened.GetProperty("version").GetInt32()));
        Assert.Equal((2, "reopened", "Tests du mercredi oubliés"), (reopened.GetProperty("current").GetProperty("version").GetInt32(),
            reopened.GetProperty("current").GetProperty("status").GetString(), reopened.GetProperty("current").GetProperty("reason").GetString()));
        await JsonAsync(await p.Coordinator.PostAsJsonAsync($"{p.Api}/weeks/{Week}/reopen", new { reason = "Encore une fois" }), HttpStatusCode.Conflict);
        await JsonAsync(await PutDayAsync(p, Monday.AddDays(2), new Dictionary<string, int?> { [Indicators.PcrTests] = 9, [Indicators.AntigenTests] = 4, [Indicators.Positives] = 2 }));
        var live = await JsonAsync(await p.Coordinator.GetAsync($"{p.Api}/weeks/{Week}"));
        Assert.Equal(7, Line(live, Indicators.PlacesRequired, p.Centre).GetProperty("total").GetProperty("value").GetInt32());

        var second = await JsonAsync(await p.Coordinator.PostAsJsonAsync($"{p.Api}/weeks/{Week}/approve", new { acceptIncomplete = true, revision = reopened.GetProperty("revision").GetInt32() }));
        Assert.Equal(("approved", 2), (second.GetProperty("state").GetString(), second.GetProperty("version").GetInt32()));
        var weeks = await JsonAsync(await p.Coordinator.GetAsync($"{p.Api}/weeks"));
        var listedWeek = Assert.Single(weeks.EnumerateArray());
        Assert.Equal((Week, "approved", 2), (listedWeek.GetProperty("week").GetString(), listedWeek.GetProperty("status").GetString(), listedWeek.GetProperty("version").GetInt32()));

        // Exports of version 2, small counts suppressed.
        var csvResponse = await p.Coordinator.GetAsync($"{p.Api}/weeks/{Week}/export?format=csv");
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        var csv = (await csvResponse.Content.ReadAsStringAsync()).TrimStart('\uFEFF');
        var positivesRow = csv.Split('\n').Single(l => l.Contains($";Centre Covid du gymnase;{Indicators.Positives};", StringComparison.Ordinal));
        Assert.StartsWith($"{p.Name};{Week};2;approuve;", positivesRow);
        Assert.Contains(";<5;10;<5;NR;", positivesRow); // 3, 10, 2, then Thursday missing
        var json = await JsonAsync(await p.Coordinator.GetAsync($"{p.Api}/weeks/{Week}/export?format=json"));
        Assert.Equal((2, "approved", 5), (json.GetProperty("version").GetInt32(), json.GetProperty("state").GetString(), json.GetProperty("threshold").GetInt32()));
        Assert.True(Published(json, Indicators.Positives, p.Centre).GetProperty("days")[0].GetProperty("hidden").GetBoolean());
        Assert.Equal(7, Published(json, Indicators.PlacesRequired, p.Centre).GetProperty("total").GetProperty("value").GetInt32());
        var fhirResponse = await p.Coordinator.GetAsync($"{p.Api}/weeks/{Week}/export?format=fhir");
        Assert.Equal("application/fhir+json", fhirResponse.Content.Headers.ContentType?.MediaType);
        var fhir = JsonNode.Parse(await fhirResponse.Content.ReadAsStringAsync())!;
        var (code, output) = await FhirValidator.ValidateAsync(fhir);
        Assert.True(code == 0, output);
        var reports = fhir["entry"]!.AsArray().Select(e => e!["resource"]!).Where(r => r["resourceType"]!.GetValue<string>() == "MeasureReport").ToList();
        Assert.Equal(4, reports.Count);
        Assert.All(reports, r => Assert.Equal("complete", r["status"]!.GetValue<string>()));
        Assert.Contains(FhirValidator.Descendants(fhir).OfType<JsonObject>(), o => o["comparator"]?.GetValue<string>() == "<" && o["value"]!.GetValue<int>() == 5);

        // Version 1 is still what it was when it was sent.
        var first = await JsonAsync(await p.Coordinator.GetAsync($"{p.Api}/weeks/{Week}/export?format=json&version=1"));
        Assert.Equal(1, first.GetProperty("version").GetInt32());
        Assert.Equal(0, Published(first, Indicators.PlacesRequired, p.Centre).GetProperty("total").GetProperty("value").GetInt32());
        Assert.True(Published(first, Indicators.PcrTests, p.Centre).GetProperty("days")[2].GetProperty("missing").GetBoolean());
        var exactFirst = await JsonAsync(await p.Coordinator.GetAsync($"{p.Api}/weeks/{Week}/versions/1"));
        Assert.Equal(94, Line(exactFirst, Indicators.PcrTests, p.Centre).GetProperty("total").GetProperty("value").GetInt32());
        await JsonAsync(await p.Coordinator.GetAsync($"{p.Api}/weeks/{Week}/export?format=json&version=3"), HttpStatusCode.NotFound);
        AssertField(await JsonAsync(await p.Coordinator.GetAsync($"{p.Api}/weeks/{Week}/export?format=pdf"), HttpStatusCode.BadRequest), "format");
        AssertField(await JsonAsync(await p.Coordinator.GetAsync($"{p.Api}/weeks/2020-W54/export"), HttpStatusCode.BadRequest), "week");

        // The ARS reads approved weeks, suppressed, and nothing else.
        var ars = await app.LoginAsNewUserAsync(TestRoles.Authority, p.Name);
        var arsCsv = await ars.GetAsync($"{p.Api}/weeks/{Week}/export?format=csv");
        Assert.Equal(HttpStatusCode.OK, arsCsv.StatusCode);
        Assert.Contains("<5", await arsCsv.Content.ReadAsStringAsync());
        var arsFhir = JsonNode.Parse(await (await ars.GetAsync($"{p.Api}/weeks/{Week}/export?format=fhir")).Content.ReadAsStringAsync())!;
        Assert.Equal("complete", arsFhir["entry"]![0]!["resource"]!["status"]!.GetValue<string>());
        await JsonAsync(await ars.GetAsync($"{p.Api}/weeks/2020-W16/export?format=csv"), HttpStatusCode.NotFound);
        await JsonAsync(await ars.GetAsync($"{p.Api}/weeks/{Week}"), HttpStatusCode.Forbidden);
        await JsonAsync(await ars.GetAsync($"{p.Api}/weeks/{Week}/versions/1"), HttpStatusCode.Forbidden);
        await JsonAsync(await PutDayAsync(p, Monday.AddDays(7), new Dictionary<string, int?> { [Indicators.PcrTests] = 1 }, client: ars), HttpStatusCode.Forbidden);
        await JsonAsync(await ars.PostAsJsonAsync($"{p.Api}/weeks/2020-W15/approve", new { acceptIncomplete = true }), HttpStatusCode.Forbidden);
        await JsonAsync(await ars.GetAsync($"{p.Api}/centres"), HttpStatusCode.Forbidden);
        Assert.Single((await JsonAsync(await ars.GetAsync($"{p.Api}/weeks"))).EnumerateArray());

        // Another territory's coordinator does not know this one exists.
        var outsider = (await CentreAsync()).Coordinator;
        await JsonAsync(await outsider.GetAsync($"{p.Api}/weeks/{Week}"), HttpStatusCode.NotFound);
        await JsonAsync(await outsider.GetAsync($"{p.Api}/weeks/{Week}/export?format=csv"), HttpStatusCode.NotFound);
        await JsonAsync(await PutDayAsync(p, Monday.AddDays(7), new Dictionary<string, int?> { [Indicators.PcrTests] = 1 }, client: outsider), HttpStatusCode.NotFound);
        await JsonAsync(await outsider.GetAsync($"{p.Api}/centres"), HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task Settings_change_the_threshold_of_the_exports_and_the_rates_of_the_funding_estimate()
    {
        await app.StartAsync();
        var p = await CentreAsync();
        await JsonAsync(await PutDayAsync(p, Monday, new Dictionary<string, int?> { [Indicators.PcrTests] = 7, [Indicators.AntigenTests] = 12, [Indicators.Positives] = 6 }));

        var settings = await JsonAsync(await p.Coordinator.GetAsync($"{p.Api}/settings"));
        Assert.Equal((5, 0), (settings.GetProperty("suppressionThreshold").GetInt32(), settings.GetProperty("version").GetInt32()));
        AssertField(await JsonAsync(await p.Coordinator.PutAsJsonAsync($"{p.Api}/settings", new { suppressionThreshold = 1, version = 0 }), HttpStatusCode.BadRequest), "suppressionThreshold");
        AssertField(await JsonAsync(await p.Coordinator.PutAsJsonAsync($"{p.Api}/settings", new
        {
            suppressionThreshold = 10, fundingRates = new Dictionary<string, int> { [Indicators.Positivity] = 100 }, version = 0,
        }), HttpStatusCode.BadRequest), "fundingRates");
        var rates = new Dictionary<string, int> { [Indicators.Consultations] = 2500, [Indicators.PcrTests] = 1000, [Indicators.AntigenTests] = 800 };
        var saved = await JsonAsync(await p.Coordinator.PutAsJsonAsync($"{p.Api}/settings", new { suppressionThreshold = 10, fundingRates = rates, version = 0 }));
        Assert.Equal((10, 1), (saved.GetProperty("suppressionThreshold").GetInt32(), saved.GetProperty("version").GetInt32()));
        await JsonAsync(await p.Coordinator.PutAsJsonAsync($"{p.Api}/settings", new { suppressionThreshold = 6, version = 0 }), HttpStatusCode.Conflict);
        var secretary = await app.LoginAsNewUserAsync(TestRoles.Secretary, p.Name);
        await JsonAsync(await secretary.PutAsJsonAsync($"{p.Api}/settings", new { suppressionThreshold = 6, version = 1 }), HttpStatusCode.Forbidden);

        // The draft export now hides 7 and 6 as "<10"; 12 stays.
        var csv = await p.Coordinator.GetStringAsync($"{p.Api}/weeks/{Week}/export?format=csv");
        var rows = csv.Split('\n').Where(l => l.Contains(";Centre Covid du gymnase;", StringComparison.Ordinal)).ToDictionary(l => l.Split(';')[5]);
        Assert.StartsWith($"{p.Name};{Week};;brouillon;", rows[Indicators.PcrTests]);
        Assert.Contains(";<10;", rows[Indicators.PcrTests]);
        Assert.Contains(";12;", rows[Indicators.AntigenTests]);
        Assert.Contains(";<10;", rows[Indicators.Positives]);
        Assert.Equal(10, (await JsonAsync(await p.Coordinator.GetAsync($"{p.Api}/weeks/{Week}/export?format=json"))).GetProperty("threshold").GetInt32());

        // Funding: quantity × rate, per centre and activity.
        var funding = await JsonAsync(await p.Coordinator.GetAsync($"{p.Api}/funding?from={Week}&to=2020-W15"));
        Assert.True(funding.GetProperty("ratesSet").GetBoolean());
        Assert.Equal(2, funding.GetProperty("weeks").GetArrayLength());
        var centre = Assert.Single(funding.GetProperty("centres").EnumerateArray());
        var lines = centre.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("indicator").GetString()!);
        Assert.Equal((7, 1000, 7000L), (lines[Indicators.PcrTests].GetProperty("quantity").GetInt32(), lines[Indicators.PcrTests].GetProperty("rateCents").GetInt32(), lines[Indicators.PcrTests].GetProperty("amountCents").GetInt64()));
        Assert.Equal((12, 800, 9600L), (lines[Indicators.AntigenTests].GetProperty("quantity").GetInt32(), lines[Indicators.AntigenTests].GetProperty("rateCents").GetInt32(), lines[Indicators.AntigenTests].GetProperty("amountCents").GetInt64()));
        Assert.Equal((0, 2500, 0L), (lines[Indicators.Consultations].GetProperty("quantity").GetInt32(), lines[Indicators.Consultations].GetProperty("rateCents").GetInt32(), lines[Indicators.Consultations].GetProperty("amountCents").GetInt64()));
        Assert.Equal(0, lines[Indicators.Positives].GetProperty("rateCents").GetInt32());
        Assert.Equal(16600L, centre.GetProperty("totalCents").GetInt64());
        Assert.Equal(16600L, funding.GetProperty("totalCents").GetInt64());
        var fundingCsv = await p.Coordinator.GetStringAsync($"{p.Api}/funding.csv?from={Week}&to={Week}");
        Assert.Contains($"Centre Covid du gymnase;{Week};non approuvée;{Indicators.PcrTests};", fundingCsv);
        Assert.Contains(";7;10.00;70.00", fundingCsv);
        Assert.Contains(";total;Total du centre;;;166.00", fundingCsv);
        AssertField(await JsonAsync(await p.Coordinator.GetAsync($"{p.Api}/funding?from=2020-W15&to={Week}"), HttpStatusCode.BadRequest), "to");
    }

    [SkippableFact]
    public async Task An_import_reports_every_refused_line_keeps_nothing_on_a_dry_run_and_writes_a_clean_file()
    {
        await app.StartAsync();
        var p = await CentreAsync();
        async Task<JsonElement> ImportAsync(string csv, bool dryRun, HttpClient? client = null, HttpStatusCode expected = HttpStatusCode.OK) =>
            await JsonAsync(await (client ?? p.Coordinator).PostAsync($"{p.Api}/import?dryRun={(dryRun ? "true" : "false")}", new StringContent(csv, Encoding.UTF8, "text/csv")), expected);
        async Task<int?> EnteredAsync(DateOnly day, string code)
        {
            var field = (await JsonAsync(await p.Coordinator.GetAsync(p.Day(day)))).GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("code").GetString() == code);
            return field.GetProperty("entered").ValueKind == JsonValueKind.Number ? field.GetProperty("entered").GetInt32() : null;
        }

        var bad = $"""
            centre;date;tests-pcr;tests-antigeniques;positifs
            {p.Centre};2020-04-06;10;5;2
            Centre inconnu;2020-04-07;1;1;0
            {p.Centre};2020-13-45;1;1;1
            {p.Centre};08/04/2020;2;1;5
            {p.Centre};2020-04-06;3;3;1
            centre covid du GYMNASE;09/04/2020;4;4;x
            """;
        foreach (var dryRun in new[] { true, false })
        {
            var report = await ImportAsync(bad, dryRun);
            Assert.Equal((6, false, dryRun), (report.GetProperty("lines").GetInt32(), report.GetProperty("applied").GetBoolean(), report.GetProperty("dryRun").GetBoolean()));
            var errors = report.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("line").GetInt32(), e => e.GetProperty("message").GetString()!);
            Assert.Equal([3, 4, 5, 6, 7], errors.Keys.Order());
            Assert.Contains("centre inconnu « Centre inconnu »", errors[3]);
            Assert.Contains("date « 2020-13-45 » illisible", errors[4]);
            Assert.Contains("plus de positifs que de tests", errors[5]);
            Assert.Contains("apparaît déjà plus haut", errors[6]);
            Assert.Contains("« x » n'est pas un nombre entier", errors[7]);
            Assert.Null(await EnteredAsync(new DateOnly(2020, 4, 6), Indicators.PcrTests));
        }

        await using (var db = TestDb.Open(app.Database))
        {
            Assert.False(await db.Set<ActivityValue>().AnyAsync(v => v.TerritoryId == p.Territory));
            Assert.False(await db.Set<ActivityChange>().AnyAsync(c => c.TerritoryId == p.Territory));
        }

        var clean = $"""
            centre;date;tests-pcr;tests-antigeniques;positifs;consultations
            {p.Centre};2020-04-06;10;5;2;
            Centre Covid du gymnase;07/04/2020;4;1;0;25
            """;
        var dry = await ImportAsync(clean, dryRun: true);
        Assert.Equal((2, 7, 7, false), (dry.GetProperty("lines").GetInt32(), dry.GetProperty("values").GetInt32(), dry.GetProperty("changed").GetInt32(), dry.GetProperty("applied").GetBoolean()));
        Assert.Empty(dry.GetProperty("errors").EnumerateArray());
        Assert.Null(await EnteredAsync(new DateOnly(2020, 4, 6), Indicators.PcrTests));

        var done = await ImportAsync(clean, dryRun: false);
        Assert.Equal((true, 7), (done.GetProperty("applied").GetBoolean(), done.GetProperty("changed").GetInt32()));
        Assert.Equal(10, await EnteredAsync(new DateOnly(2020, 4, 6), Indicators.PcrTests));
        Assert.Equal(25, await EnteredAsync(new DateOnly(2020, 4, 7), Indicators.Consultations));
        var history = (await JsonAsync(await p.Coordinator.GetAsync(p.Day(new DateOnly(2020, 4, 7))))).GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(4, history.Count);
        Assert.All(history, h => Assert.Equal("import", h.GetProperty("channel").GetString()));
        Assert.Equal(0, (await ImportAsync(clean, dryRun: false)).GetProperty("changed").GetInt32()); // the same file again changes nothing

        var secretary = await app.LoginAsNewUserAsync(TestRoles.Secretary, p.Name);
        await ImportAsync(clean, dryRun: true, secretary, HttpStatusCode.Forbidden);
        AssertField(await ImportAsync("centre;date;tests-pcr;licornes\n", dryRun: true, expected: HttpStatusCode.BadRequest), "file");
    }

    [SkippableFact]
    public async Task Consultations_calls_to_the_15_and_roster_places_are_derived_from_the_other_features()
    {
        await app.StartAsync();
        var p = await CentreAsync();

        // Regulation: a published protocol, a slot booked for a call at the centre tomorrow, and a call taken at the centre sent to the 15 today.
        var draft = await JsonAsync(await p.Coordinator.PostAsync($"/api/regulation/territories/{p.Territory}/protocol/draft/example", null));
        var version = draft.GetProperty("version").GetProperty("id").GetInt32();
        await JsonAsync(await p.Coordinator.PostAsync($"/api/regulation/protocol/versions/{version}/publish", null));
        var secretary = await app.LoginAsNewUserAsync(TestRoles.Secretary, p.Name);
        var today = ParisToday();
        var tomorrow = today.AddDays(1);
        await JsonAsync(await secretary.PostAsJsonAsync("/api/regulation/slots", new { siteId = p.Site, circuit = "suspect", date = tomorrow.ToString("yyyy-MM-dd"), from = "09:00", to = "10:00", minutes = 15 }));
        var slots = await JsonAsync(await secretary.GetAsync(string.Create(CultureInfo.InvariantCulture,
            $"/api/regulation/slots?territoryId={p.Territory}&siteId={p.Site}&from={tomorrow:yyyy-MM-dd}T00:00:00Z&to={tomorrow.AddDays(2):yyyy-MM-dd}T00:00:00Z")));
        var slot = slots.EnumerateArray().First().GetProperty("id").GetInt32();
        object Call(int? slotId, string? overrideOrientation = null) => new
        {
            territoryId = p.Territory, protocolVersionId = version, takenAtSiteId = p.Site, callerRelation = "patient",
            patientLastName = "Fictif", patientFirstName = "Patient", patientBirthDate = "1972-05-04", patientCommuneCode = "34142",
            answers = new Dictionary<string, object?>
            {
                ["detresse_respiratoire"] = false, ["douleur_thoracique"] = false, ["confusion"] = false, ["spo2"] = null, ["age"] = 52, ["maladie_chronique"] = false,
                ["grossesse"] = false, ["peut_se_deplacer"] = true, ["medecin_traitant_joignable"] = false, ["fievre"] = true, ["temperature"] = 38.6,
                ["symptomes_respiratoires"] = true, ["contact_cas"] = false,
            },
            overrideOrientation, overrideReason = overrideOrientation is null ? null : "Voix très essoufflée", slotId,
        };
        await CreatedAsync(await secretary.PostAsJsonAsync("/api/regulation/calls", Call(slot)));
        await CreatedAsync(await secretary.PostAsJsonAsync("/api/regulation/calls", Call(null, "appel-15")));

        JsonElement Field(JsonElement sheet, string code) => sheet.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("code").GetString() == code);
        var tomorrowSheet = await JsonAsync(await p.Coordinator.GetAsync(p.Day(tomorrow)));
        Assert.Equal(1, Field(tomorrowSheet, Indicators.Consultations).GetProperty("derived").GetInt32());
        Assert.Equal(0, Field(tomorrowSheet, Indicators.CallsTo15).GetProperty("derived").GetInt32());
        var todaySheet = await JsonAsync(await p.Coordinator.GetAsync(p.Day(today)));
        Assert.Equal(1, Field(todaySheet, Indicators.CallsTo15).GetProperty("derived").GetInt32());
        Assert.Equal(0, Field(todaySheet, Indicators.Consultations).GetProperty("derived").GetInt32());
        var thisWeek = await JsonAsync(await p.Coordinator.GetAsync($"{p.Api}/weeks/{IsoWeeks.Label(tomorrow)}"));
        var consultations = Line(thisWeek, Indicators.Consultations, p.Centre).GetProperty("days")[tomorrow.DayNumber - IsoWeeks.Monday(tomorrow).DayNumber];
        Assert.Equal((1, "derived"), (consultations.GetProperty("value").GetInt32(), consultations.GetProperty("mark").GetString()));

        // A correction by hand keeps the derived figure beside it.
        await JsonAsync(await PutDayAsync(p, today, new Dictionary<string, int?> { [Indicators.CallsTo15] = 2 }, "un transfert décidé en consultation"));
        var corrected = Line(await JsonAsync(await p.Coordinator.GetAsync($"{p.Api}/weeks/{IsoWeeks.Label(today)}")), Indicators.CallsTo15, p.Centre)
            .GetProperty("days")[today.DayNumber - IsoWeeks.Monday(today).DayNumber];
        Assert.Equal((2, "corrected", 1), (corrected.GetProperty("value").GetInt32(), corrected.GetProperty("mark").GetString(), corrected.GetProperty("derivedValue").GetInt32()));

        // Rosters: a morning shift needing a doctor and a receptionist every day, a doctor put on Wednesday's.
        await p.Coordinator.PostAsync($"/api/rosters/centres/{p.Centre}/standard-roles", null);
        var roles = (await JsonAsync(await p.Coordinator.GetAsync($"/api/rosters/centres/{p.Centre}"))).GetProperty("roles").EnumerateArray()
            .ToDictionary(r => r.GetProperty("label").GetString()!, r => r.GetProperty("id").GetInt32());
        var shift = await CreatedAsync(await p.Coordinator.PostAsJsonAsync($"/api/rosters/centres/{p.Centre}/shifts", new
        {
            name = "Matin", pattern = "lu-di 08:00-12:00", headcounts = new Dictionary<int, int> { [roles["Médecin"]] = 1, [roles["Accueil et tri"]] = 1 },
        }));
        var doctor = await CreatedAsync(await p.Coordinator.PostAsJsonAsync("/api/directory/professionals", new { territoryId = p.Territory, firstName = "Test", lastName = "Docteur", profession = "medecin-generaliste" }));
        await CreatedAsync(await p.Coordinator.PostAsJsonAsync($"/api/rosters/centres/{p.Centre}/assignments", new { shiftId = shift, date = "2020-04-01", roleId = roles["Médecin"], professionalId = doctor }));

        var week = await JsonAsync(await p.Coordinator.GetAsync($"{p.Api}/weeks/{Week}"));
        Assert.Equal(14, Line(week, Indicators.PlacesRequired, p.Centre).GetProperty("total").GetProperty("value").GetInt32());
        Assert.Equal(1, Line(week, Indicators.PlacesFilled, p.Centre).GetProperty("total").GetProperty("value").GetInt32());
        var coverage = Line(week, Indicators.RosterCoverage, p.Centre);
        Assert.Equal(50.0, coverage.GetProperty("days")[2].GetProperty("rate").GetDouble());
        Assert.Equal(0.0, coverage.GetProperty("days")[3].GetProperty("rate").GetDouble());
        Assert.Equal(7.1, coverage.GetProperty("total").GetProperty("rate").GetDouble());

        // The dashboard reads the same grid over any period.
        var dashboard = await JsonAsync(await p.Coordinator.GetAsync($"{p.Api}/dashboard?from=2020-03-30&to=2020-04-12"));
        Assert.Equal(14, dashboard.GetProperty("grid").GetProperty("days").GetArrayLength());
        // The second week has the same shift but no roster: nothing to fill there.
        Assert.Equal(14, dashboard.GetProperty("grid").GetProperty("centreTotals").EnumerateArray()
            .Single(l => l.GetProperty("code").GetString() == Indicators.PlacesRequired).GetProperty("total").GetProperty("value").GetInt32());
    }
}

public sealed class ReportingApiSqliteTests(SqliteApp app) : ReportingApiTests(app), IClassFixture<SqliteApp>;

public sealed class ReportingApiPostgresTests(PostgresApp app) : ReportingApiTests(app), IClassFixture<PostgresApp>;
