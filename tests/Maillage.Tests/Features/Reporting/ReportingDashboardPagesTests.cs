using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Tests.Support;

namespace Maillage.Tests.Features.Reporting;

/// <summary>The dashboard, the authorities' aggregated view, the settings and the funding estimate, as pages.</summary>
public abstract class ReportingDashboardPagesTests(AppFixture app)
{
    private sealed record Place(int Territory, string Name, HttpClient Coordinator, int Centre);

    private static async Task<string> HtmlAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode} ({response.Headers.Location}): {body}");
        return body;
    }

    private static async Task<int> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private async Task<(int Id, string Name)> TerritoryAsync()
    {
        var name = $"Activité {Guid.NewGuid():N}"[..22];
        var result = await app.CliAsync("territory", "create", "--name", name, "--epci", "243400355", "--json");
        return (JsonDocument.Parse(result.Output).RootElement.GetProperty("id").GetInt32(), name);
    }

    /// <summary>A territory with a coordinator and a dedicated centre open since 20 March 2020.</summary>
    private async Task<Place> PlaceAsync()
    {
        var (territory, name) = await TerritoryAsync();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        var episode = await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/crisis/episodes", new { territoryId = territory, name = "Épidémie", openedOn = "2020-03-09" }));
        var centre = await CreatedIdAsync(await coordinator.PostAsJsonAsync($"/api/crisis/episodes/{episode}/centres", new
        {
            name = "Centre Covid du gymnase", communeCode = "34079", address = "Gymnase", suspectCircuit = true, capacityPerHour = 6,
            weeklyHours = "lu-sa 08:30-12:30,13:30-18:30", startedOn = "2020-03-16",
        }));
        foreach (var (stage, on) in new[] { ("file-sent-to-ars", "2020-03-17"), ("funded", "2020-03-19"), ("open", "2020-03-20") })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await coordinator.PostAsJsonAsync($"/api/crisis/centres/{centre}/stage", new { stage, on })).StatusCode);
        }

        return new Place(territory, name, coordinator, centre);
    }

    private static async Task EnterAsync(Place p, string day, Dictionary<string, int?> values)
    {
        var response = await p.Coordinator.PutAsJsonAsync($"/api/reporting/territories/{p.Territory}/days/{day}/centres/{p.Centre}", new { values, confirmOutliers = true });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("saved").GetBoolean(), body);
    }

    private static void AssertRefused(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/acces-refuse", response.Headers.Location!.OriginalString.Replace("http://localhost", ""));
    }

    [SkippableFact]
    public async Task The_dashboard_shows_each_section_as_a_chart_table_day_by_day_or_week_by_week()
    {
        await app.StartAsync();
        var p = await PlaceAsync();
        await EnterAsync(p, "2020-04-06", new() { ["tests-pcr"] = 40, ["tests-antigeniques"] = 10, ["positifs"] = 5 });

        var week = $"/activite/tableau-de-bord?territoire={p.Territory}&du=2020-04-06&au=2020-04-12";
        var html = await HtmlAsync(await p.Coordinator.GetAsync(week));
        foreach (var section in new[] { "Activité", "Dépistage et positivité", "Suivi des patients", "Matériel : stock et jours de couverture", "Couverture des plannings" })
        {
            Assert.Contains($"class=\"h4\">{section}</h2>", html);
        }

        foreach (var chart in new[] { "activite", "depistage", "suivi", "planning" })
        {
            Assert.Contains($"data-chart-target=\"{chart}-chart\"", html);
            Assert.Contains($"id=\"{chart}-chart\"", html);
        }

        Assert.Contains("<th scope=\"col\">Jour</th>", html);
        Assert.Contains("<th scope=\"row\">06/04</th>", html);
        Assert.Contains("data-value=\"40\">40</td>", html);
        Assert.Contains("data-value=\"10.0\">10,0 %", html); // 5 positives of 50 tests
        Assert.Contains("data-chart-axis=\"right\">Taux de positivité (%)</th>", html);
        Assert.Contains("6 jours-centres sans chiffres : totaux partiels.", html); // 7 to 12 April
        Assert.Contains("Patients suivis maintenant", html);
        Assert.Contains("Contacts en retard maintenant", html);
        Assert.Contains($"href=\"/suivi?territoire={p.Territory}\"", html);
        Assert.Contains("table-scroll scroll-x\" tabindex=\"0\" role=\"region\"", html);
        Assert.Contains("Centre Covid du gymnase", html);
        Assert.DoesNotContain("style=\"", html);

        // Over more than 31 days, ISO weeks; the first week is cut by the period.
        var weeks = await HtmlAsync(await p.Coordinator.GetAsync($"/activite/tableau-de-bord?territoire={p.Territory}&du=2020-03-19&au=2020-05-10&centre={p.Centre}"));
        Assert.Contains("<th scope=\"col\">Semaine</th>", weeks);
        Assert.Contains("<th scope=\"row\">2020-W12 (4 j)</th>", weeks);
        Assert.Contains("<th scope=\"row\">2020-W15</th>", weeks);
        Assert.Contains("data-value=\"40\">40<span class=\"partial-mark\"", weeks); // the week lacks six days
        Assert.Contains("Centre Covid du gymnase — du 19/03/2020 au 10/05/2020, par semaine ISO.", weeks);
        Assert.Contains($"<option value=\"{p.Centre}\" selected=\"selected\">", weeks);

        var csv = await p.Coordinator.GetAsync($"/activite/tableau-de-bord?handler=Csv&territoire={p.Territory}&du=2020-03-19&au=2020-05-10");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n");
        Assert.StartsWith("territoire;centre;periode;du;au;consultations;", lines[0].TrimStart('\uFEFF'));
        Assert.Contains(lines, l => l.StartsWith($"{p.Name};tous;2020-W15;2020-04-06;2020-04-12;0;0;0;0;40;10;5;10.0;", StringComparison.Ordinal));

        // A secretary reads it too; a centre of another territory is refused on its field.
        var secretary = await app.LoginAsNewUserAsync(TestRoles.Secretary, p.Name);
        Assert.Contains("Dépistage et positivité", await HtmlAsync(await secretary.GetAsync(week)));
        var wrongCentre = await HtmlAsync(await p.Coordinator.GetAsync(week + "&centre=999999"));
        Assert.Contains("Centre introuvable dans ce territoire.", wrongCentre);
        Assert.Contains("href=\"#centre\"", wrongCentre);

        // A territory without a centre says so, and still shows the follow-up and the stock.
        var (empty, emptyName) = await TerritoryAsync();
        var other = await app.LoginAsNewUserAsync(TestRoles.Coordinator, emptyName);
        var none = await HtmlAsync(await other.GetAsync($"/activite/tableau-de-bord?territoire={empty}"));
        Assert.Contains("Ce territoire n'a aucun centre dédié", none);
        Assert.Contains("Patients suivis maintenant", none);
        Assert.DoesNotContain("depistage-chart", none);
    }

    [SkippableFact]
    public async Task A_wrong_period_is_shown_next_to_its_field_and_the_form_keeps_it()
    {
        await app.StartAsync();
        var p = await PlaceAsync();
        var backwards = await HtmlAsync(await p.Coordinator.GetAsync($"/activite/tableau-de-bord?territoire={p.Territory}&du=2020-05-10&au=2020-04-01"));
        Assert.Contains("La fin de la période précède son début.", backwards);
        Assert.Contains("href=\"#au\"", backwards);
        Assert.Contains("value=\"2020-05-10\"", backwards);
        Assert.Contains("value=\"2020-04-01\"", backwards);
        Assert.Contains("id=\"au-error\"", backwards);
        Assert.DoesNotContain("activite-chart", backwards);
        Assert.Contains($"<option value=\"{p.Centre}\">Centre Covid du gymnase</option>", backwards); // the filter still offers the centres

        var notADate = await HtmlAsync(await p.Coordinator.GetAsync($"/activite/tableau-de-bord?territoire={p.Territory}&du=31-02-2020"));
        Assert.Contains("Début de la période : « 31-02-2020 » n&#x27;est pas une date", notADate);
        Assert.Contains("value=\"31-02-2020\"", notADate);

        var tooLong = await HtmlAsync(await p.Coordinator.GetAsync($"/activite/tableau-de-bord?territoire={p.Territory}&du=2019-01-01&au=2020-05-10"));
        Assert.Contains("Une période de 366 jours au plus.", tooLong);
        Assert.Contains("href=\"#du\"", tooLong);
    }

    [SkippableFact]
    public async Task The_authority_reads_only_the_aggregated_view_without_small_counts()
    {
        await app.StartAsync();
        var p = await PlaceAsync();
        await EnterAsync(p, "2020-04-06", new() { ["tests-pcr"] = 3, ["tests-antigeniques"] = 40, ["positifs"] = 2 });
        var approved = await p.Coordinator.PostAsJsonAsync($"/api/reporting/territories/{p.Territory}/weeks/2020-W15/approve", new { acceptIncomplete = true });
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());

        var authority = await app.LoginAsNewUserAsync(TestRoles.Authority, p.Name);
        var html = await HtmlAsync(await authority.GetAsync("/activite/ars?indicateur=tests-pcr&du=2020-W14&au=2020-W16"));
        Assert.Contains("Vue agrégée : seules les semaines approuvées apparaissent ; les effectifs de 1 à 4 sont masqués, ainsi que les cases qui permettraient de les retrouver.", html);
        Assert.Contains($"<th scope=\"row\">{p.Name}</th>", html);
        Assert.Contains("<th scope=\"col\" class=\"text-end\">2020-W15</th>", html);
        Assert.Contains("&lt;5</abbr>", html);
        Assert.Contains("non approuvé", html);
        Assert.DoesNotContain(">3<", html);
        Assert.DoesNotContain("data-value=\"3\"", html);
        Assert.Contains("data-chart=\"line\" data-chart-target=\"totaux-chart\"", html);
        Assert.Contains($"/activite/semaine/imprimer?territoire={p.Territory}&amp;semaine=2020-W15", html);
        Assert.Contains($"/api/reporting/territories/{p.Territory}/weeks/2020-W15/export?format=csv", html);
        Assert.Contains($"/api/reporting/territories/{p.Territory}/weeks/2020-W15/export?format=fhir", html);

        // A large count is shown as it is.
        var antigen = await HtmlAsync(await authority.GetAsync("/activite/ars?indicateur=tests-antigeniques&du=2020-W15&au=2020-W15"));
        Assert.Contains("data-value=\"40\">40</td>", antigen);
        Assert.Contains("<option value=\"tests-antigeniques\" selected=\"selected\">", antigen);

        var wrongWeek = await HtmlAsync(await authority.GetAsync("/activite/ars?du=2020-W60"));
        Assert.Contains("Semaine invalide « 2020-W60 »", wrongWeek);
        Assert.Contains("value=\"2020-W60\"", wrongWeek);
        Assert.Contains("choisissez un total", await HtmlAsync(await authority.GetAsync("/activite/ars?indicateur=taux-positivite")));

        foreach (var url in new[] { "/activite/tableau-de-bord", "/activite/financement", "/activite/reglages" })
        {
            AssertRefused(await authority.GetAsync($"{url}?territoire={p.Territory}"));
        }

        AssertRefused(await (await app.LoginAsNewUserAsync(TestRoles.Secretary, p.Name)).GetAsync("/activite/ars"));
        Assert.Equal(HttpStatusCode.OK, (await p.Coordinator.GetAsync("/activite/ars")).StatusCode);
    }

    [SkippableFact]
    public async Task Settings_take_french_amounts_and_refuse_a_wrong_threshold_on_its_field()
    {
        await app.StartAsync();
        var p = await PlaceAsync();
        var url = $"/activite/reglages?territoire={p.Territory}";
        var page = await HtmlAsync(await p.Coordinator.GetAsync(url));
        Assert.Contains("Réglages par défaut", page);
        Assert.Contains("value=\"5\"", page);
        Assert.Contains("<code>taux-positivite</code>", page);
        Assert.Contains("Tests positifs ÷ (tests RT-PCR &#x2B; tests antigéniques)", page);
        Assert.Contains("<td>saisi</td>", page);

        Dictionary<string, string> Form(string threshold, string consultations, string pcr = "", string version = "0") => new()
        {
            ["Version"] = version, ["SuppressionThreshold"] = threshold, ["Rates[consultations]"] = consultations, ["Rates[tests-pcr]"] = pcr,
        };

        var badThreshold = await HtmlAsync(await AppFixture.PostFormAsync(p.Coordinator, url, url, Form("1", "25,50")));
        Assert.Contains("Seuil de secret statistique : entre 2 et 20.", badThreshold);
        Assert.Contains("href=\"#SuppressionThreshold\"", badThreshold);
        Assert.Contains("is-invalid\" value=\"1\"", badThreshold);
        Assert.Contains("value=\"25,50\"", badThreshold);

        var badRate = await HtmlAsync(await AppFixture.PostFormAsync(p.Coordinator, url, url, Form("10", "25,50", "douze")));
        Assert.Contains("Tarif « Tests RT-PCR » : « douze » n&#x27;est pas un montant en euros", badRate);
        Assert.Contains("href=\"#Rates_tests-pcr_\"", badRate);
        Assert.Contains("value=\"douze\"", badRate);

        var saved = await AppFixture.PostFormAsync(p.Coordinator, url, url, Form("10", "25,50", "12,5"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await p.Coordinator.GetStringAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains("Réglages enregistrés", after);
        Assert.Contains("Modifiés le", after);
        Assert.Contains("value=\"10\"", after);
        Assert.Contains("value=\"25,50\"", after);
        Assert.Contains("value=\"12,50\"", after);
        var settings = await p.Coordinator.GetFromJsonAsync<JsonElement>($"/api/reporting/territories/{p.Territory}/settings");
        Assert.Equal(10, settings.GetProperty("suppressionThreshold").GetInt32());
        Assert.Equal(2550, settings.GetProperty("fundingRates").GetProperty("consultations").GetInt32());
        Assert.Equal(1250, settings.GetProperty("fundingRates").GetProperty("tests-pcr").GetInt32());

        // A form read before that change is refused instead of overwriting it.
        var stale = await HtmlAsync(await AppFixture.PostFormAsync(p.Coordinator, url, url, Form("8", "1")));
        Assert.Contains("Les réglages ont été modifiés entre-temps", stale);
    }

    [SkippableFact]
    public async Task The_funding_page_prices_the_weeks_per_centre_once_rates_are_set()
    {
        await app.StartAsync();
        var p = await PlaceAsync();
        await EnterAsync(p, "2020-04-06", new() { ["tests-pcr"] = 40, ["tests-antigeniques"] = 0, ["positifs"] = 4, ["consultations"] = 70 });
        await EnterAsync(p, "2020-04-07", new() { ["tests-pcr"] = 30, ["tests-antigeniques"] = 0, ["positifs"] = 3 });
        var url = $"/activite/financement?territoire={p.Territory}&du=2020-W15&au=2020-W15";

        var unpriced = await HtmlAsync(await p.Coordinator.GetAsync(url));
        Assert.Contains("Aucun tarif n'est réglé", unpriced);
        Assert.Contains($"href=\"/activite/reglages?territoire={p.Territory}\"", unpriced);

        var set = await p.Coordinator.PutAsJsonAsync($"/api/reporting/territories/{p.Territory}/settings",
            new { suppressionThreshold = 5, fundingRates = new Dictionary<string, int> { ["tests-pcr"] = 1250, ["consultations"] = 2000 }, version = 0 });
        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());

        var html = await HtmlAsync(await p.Coordinator.GetAsync(url));
        Assert.DoesNotContain("Aucun tarif", html);
        Assert.Contains("<h2 id=\"centre-", html);
        Assert.Contains("Centre Covid du gymnase</h2>", html);
        Assert.Contains("12,50 €", html);
        Assert.Contains("875,00 €", html); // 70 tests at 12,50 €
        Assert.Contains("1 400,00 €", html); // 70 consultations at 20 €
        Assert.Contains("2 275,00 €", html);
        Assert.Contains("Semaines non approuvées : 2020-W15.", html);
        Assert.Contains($"/api/reporting/territories/{p.Territory}/funding.csv?from=2020-W15&amp;to=2020-W15&amp;centreId={p.Centre}", html);
        Assert.Contains($"/api/reporting/territories/{p.Territory}/funding.csv?from=2020-W15&amp;to=2020-W15\"", html);
        Assert.Contains("Fichier de financement du centre", html);
        Assert.Contains("data-print", html);

        var wrongWeek = await HtmlAsync(await p.Coordinator.GetAsync($"/activite/financement?territoire={p.Territory}&du=2020-W15&au=2020-W10"));
        Assert.Contains("La dernière semaine précède la première.", wrongWeek);
        Assert.Contains("value=\"2020-W10\"", wrongWeek);
        AssertRefused(await (await app.LoginAsNewUserAsync(TestRoles.Secretary, p.Name)).GetAsync(url));
    }
}

public sealed class ReportingDashboardPagesSqliteTests(SqliteApp app) : ReportingDashboardPagesTests(app), IClassFixture<SqliteApp>;

public sealed class ReportingDashboardPagesPostgresTests(PostgresApp app) : ReportingDashboardPagesTests(app), IClassFixture<PostgresApp>;
