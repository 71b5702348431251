using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Tests.Support;

namespace Maillage.Tests.Features.Reporting;

/// <summary>The activity pages, end to end: a day typed through the form, refused, confirmed, shown in the week, approved, locked, reopened; what the ARS may open.</summary>
public abstract class ReportingPagesTests(AppFixture app)
{
    private const string Week = "2020-W14";

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

    private static string Location(HttpResponseMessage response) => response.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal);

    private sealed record Territory(int Id, string Name, HttpClient Coordinator, int Centre);

    /// <summary>A territory with a coordinator and one centre open since 19 March 2020.</summary>
    private async Task<Territory> TerritoryAsync()
    {
        var name = $"Activité {Guid.NewGuid():N}"[..22];
        var territory = JsonDocument.Parse((await app.CliAsync("territory", "create", "--name", name, "--epci", "243400355", "--json")).Output).RootElement.GetProperty("id").GetInt32();
        var coordinator = await app.LoginAsNewUserAsync(TestRoles.Coordinator, name);
        var episode = await CreatedIdAsync(await coordinator.PostAsJsonAsync("/api/crisis/episodes", new { territoryId = territory, name = "Vague" }));
        var centre = await CreatedIdAsync(await coordinator.PostAsJsonAsync($"/api/crisis/episodes/{episode}/centres", new
        {
            name = "Centre de la halle", communeCode = "34079", suspectCircuit = true, capacityPerHour = 6, weeklyHours = "lu-di 08:00-12:00", startedOn = "2020-03-16",
        }));
        foreach (var (stage, on) in new[] { ("file-sent-to-ars", "2020-03-17"), ("funded", "2020-03-18"), ("open", "2020-03-19") })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await coordinator.PostAsJsonAsync($"/api/crisis/centres/{centre}/stage", new { stage, on })).StatusCode);
        }

        return new Territory(territory, name, coordinator, centre);
    }

    private static string EntryUrl(Territory t, string day) => $"/activite/saisie?territoire={t.Id}&centre={t.Centre}&jour={day}";

    private static string WeekUrl(Territory t) => $"/activite/semaine?territoire={t.Id}&semaine={Week}";

    private static Task<HttpResponseMessage> EnterAsync(HttpClient client, Territory t, string day, Dictionary<string, string> fields) =>
        AppFixture.PostFormAsync(client, EntryUrl(t, day), EntryUrl(t, day), fields);

    [SkippableFact]
    public async Task Figures_typed_in_the_form_are_checked_confirmed_shown_in_the_week_then_locked_by_approval_and_reopened_with_a_reason()
    {
        await app.StartAsync();
        var t = await TerritoryAsync();
        var secretary = await app.LoginAsNewUserAsync(TestRoles.Secretary, t.Name);

        // More positives than tests: refused next to the field, and everything typed is still there.
        var form = await secretary.GetStringAsync(EntryUrl(t, "2020-03-30"));
        Assert.Contains("Centre de la halle — lundi 30 mars 2020", form);
        Assert.Contains("name=\"tests-pcr\"", form);
        Assert.Contains("Calculé par la plateforme : 0.", form);
        var refused = await HtmlAsync(await EnterAsync(secretary, t, "2020-03-30", new() { ["tests-pcr"] = "3", ["tests-antigeniques"] = "1", ["positifs"] = "9", ["motif"] = "fin de journée" }));
        Assert.Contains("il ne peut pas y avoir plus de positifs que de tests", refused);
        Assert.Contains("href=\"#positifs\"", refused);
        Assert.Contains("class=\"form-control is-invalid \" value=\"9\"", refused);
        Assert.Contains("value=\"3\"", refused);
        Assert.Contains("value=\"fin de journée\"", refused);
        Assert.Contains("Aucune saisie pour ce centre ce jour-là.", refused);

        // Accepted: back to the form with a message and the day's history.
        var saved = await EnterAsync(secretary, t, "2020-03-30", new() { ["tests-pcr"] = "12", ["tests-antigeniques"] = "4", ["positifs"] = "2", ["consultations"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(EntryUrl(t, "2020-03-30"), Location(saved));
        var afterSave = await secretary.GetStringAsync(Location(saved));
        Assert.Contains("Chiffres enregistrés : 3 valeurs modifiées.", afterSave);
        Assert.Contains("value=\"12\"", afterSave);
        Assert.Contains("vide → 12", afterSave);
        Assert.Contains("<td>saisie</td>", afterSave);

        // Ten times the usual: nothing is kept until it is confirmed, and what was typed stays.
        var unusual = await HtmlAsync(await EnterAsync(secretary, t, "2020-03-31", new() { ["tests-pcr"] = "150" }));
        Assert.Contains("Je confirme ces valeurs inhabituelles", unusual);
        Assert.Contains("Tests RT-PCR : 150, soit plus du triple de la moyenne", unusual);
        Assert.Contains("value=\"150\"", unusual);
        Assert.Contains("Aucune saisie pour ce centre ce jour-là.", unusual);
        var confirmed = await EnterAsync(secretary, t, "2020-03-31", new() { ["tests-pcr"] = "150", ["confirmer"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Contains("Chiffres enregistrés : 1 valeur modifiée.", await secretary.GetStringAsync(Location(confirmed)));

        // The week shows the typed figures marked as such, the rate, and what is missing; a secretary does not approve.
        var week = await secretary.GetStringAsync(WeekUrl(t));
        Assert.Contains("12 <span class=\"mark mark-entered\">saisi</span>", week);
        Assert.Contains("150 <span class=\"mark mark-entered\">saisi</span>", week);
        Assert.Contains("12,5 %", week);
        Assert.Contains("à approuver", week);
        Assert.Contains($"href=\"/activite/saisie?territoire={t.Id}&amp;centre={t.Centre}&amp;jour=2020-04-01\"", week);
        Assert.Contains("Complétude : 1/7 jours-centres", week);
        Assert.DoesNotContain("Approuver la semaine", week);
        Assert.Contains("aucun chiffre cette semaine", await secretary.GetStringAsync($"/activite/semaine?territoire={t.Id}&semaine=2020-W15"));
        Assert.Contains("CSV pour l'ARS", week);

        // Approving an incomplete week asks to say so; then it is locked for entry.
        var approveUrl = WeekUrl(t) + "&handler=Approve";
        var incomplete = await HtmlAsync(await AppFixture.PostFormAsync(t.Coordinator, WeekUrl(t), approveUrl, new() { ["revision"] = "0" }));
        Assert.Contains("Il manque des chiffres", incomplete);
        Assert.Contains("href=\"#incomplete\"", incomplete);
        var approved = await AppFixture.PostFormAsync(t.Coordinator, WeekUrl(t), approveUrl, new() { ["revision"] = "0", ["incomplete"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var approvedPage = await t.Coordinator.GetStringAsync(Location(approved));
        Assert.Contains($"Semaine {Week} approuvée : version 1", approvedPage);
        Assert.Contains("approuvée v1", approvedPage);
        Assert.Contains("Rouvrir pour correction", approvedPage);
        Assert.DoesNotContain("Approuver la semaine", approvedPage);

        var locked = await secretary.GetStringAsync(EntryUrl(t, "2020-03-30"));
        Assert.Contains($"La semaine {Week} est approuvée (version 1)", locked);
        Assert.Contains("<fieldset disabled=\"disabled\"", locked);
        Assert.Contains("demandez à la coordination", locked);
        var lockedPost = await HtmlAsync(await EnterAsync(t.Coordinator, t, "2020-03-30", new() { ["tests-pcr"] = "13" }));
        Assert.Contains("rouvrez-la avec un motif pour la corriger", lockedPost);

        // Reopening needs a reason; with one, the week takes figures again as its version 2.
        var reopenUrl = WeekUrl(t) + "&handler=Reopen";
        var revision = System.Text.RegularExpressions.Regex.Match(approvedPage, "name=\"revision\" value=\"(\\d+)\"").Groups[1].Value;
        var noReason = await HtmlAsync(await AppFixture.PostFormAsync(t.Coordinator, WeekUrl(t), reopenUrl, new() { ["revision"] = revision, ["motif"] = "" }));
        Assert.Contains("Motif de la correction", noReason);
        Assert.Contains("href=\"#motif\"", noReason);
        Assert.Contains("approuvée v1", noReason);
        var reopened = await AppFixture.PostFormAsync(t.Coordinator, WeekUrl(t), reopenUrl, new() { ["revision"] = revision, ["motif"] = "Tests du 31 mars mal comptés" });
        Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);
        var reopenedPage = await t.Coordinator.GetStringAsync(Location(reopened));
        Assert.Contains("rouverte pour correction v2", reopenedPage);
        Assert.Contains("Tests du 31 mars mal comptés", reopenedPage);
        Assert.DoesNotContain("<fieldset disabled=\"disabled\"", await secretary.GetStringAsync(EntryUrl(t, "2020-03-31")));
        Assert.Contains("rouverte pour correction v2", await t.Coordinator.GetStringAsync($"/activite?territoire={t.Id}&semaine=2020-W15"));
    }

    [SkippableFact]
    public async Task The_authority_reads_only_the_approved_week_with_small_counts_hidden()
    {
        await app.StartAsync();
        var t = await TerritoryAsync();
        var saved = await EnterAsync(t.Coordinator, t, "2020-03-30", new() { ["tests-pcr"] = "40", ["tests-antigeniques"] = "", ["positifs"] = "3" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("aucun jour complet cette semaine", await t.Coordinator.GetStringAsync(WeekUrl(t)));
        var authority = await app.LoginAsNewUserAsync(TestRoles.Authority, t.Name);

        var entry = await authority.GetAsync(EntryUrl(t, "2020-03-30"));
        Assert.Equal(HttpStatusCode.Redirect, entry.StatusCode);
        Assert.StartsWith("/acces-refuse", Location(entry));
        var exact = await authority.GetAsync(WeekUrl(t));
        Assert.Equal(HttpStatusCode.Redirect, exact.StatusCode);
        Assert.StartsWith("/activite/semaine/imprimer", Location(exact));
        var notYet = await HtmlAsync(await authority.GetAsync(Location(exact)), HttpStatusCode.NotFound);
        Assert.Contains("n&#x27;est pas encore approuvé", notYet);
        Assert.DoesNotContain(">40<", notYet);
        Assert.Contains("Aucune semaine approuvée pour l&#x27;instant.", await authority.GetStringAsync($"/activite?territoire={t.Id}"));

        // The draft, for the coordinator: marked, and already suppressed.
        var printUrl = $"/activite/semaine/imprimer?territoire={t.Id}&semaine={Week}";
        var draft = await t.Coordinator.GetStringAsync(printUrl);
        Assert.Contains("BROUILLON — non approuvé", draft);
        Assert.Contains("&lt;5", draft);
        Assert.Contains("Les effectifs de 1 à 4 sont masqués (&lt;5)", draft);
        Assert.Contains("&lt;5", await t.Coordinator.GetStringAsync(WeekUrl(t) + "&apercu=1"));

        var approveUrl = WeekUrl(t) + "&handler=Approve";
        Assert.Equal(HttpStatusCode.Redirect, (await AppFixture.PostFormAsync(t.Coordinator, WeekUrl(t), approveUrl, new() { ["revision"] = "0", ["incomplete"] = "true" })).StatusCode);

        var home = await authority.GetStringAsync($"/activite?territoire={t.Id}");
        Assert.Contains("approuvée v1", home);
        Assert.Contains("/activite/ars", home);
        Assert.DoesNotContain("/activite/saisie", home);
        var published = await authority.GetStringAsync(printUrl);
        Assert.Contains("Version 1 approuvée le", published);
        Assert.DoesNotContain("BROUILLON", published);
        Assert.Contains("&lt;5", published);
        Assert.Contains(">40<", published);
        Assert.DoesNotContain(">3<", published);
        Assert.Contains("data-print", published);
    }
}

public sealed class ReportingPagesSqliteTests(SqliteApp app) : ReportingPagesTests(app), IClassFixture<SqliteApp>;

public sealed class ReportingPagesPostgresTests(PostgresApp app) : ReportingPagesTests(app), IClassFixture<PostgresApp>;
