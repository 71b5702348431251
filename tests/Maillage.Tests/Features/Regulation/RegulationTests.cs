using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maillage.Features.Regulation;
using Maillage.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Regulation;

public abstract class RegulationTests(AppFixture app)
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    private async Task<(int Territory, string Name, HttpClient Coordinator)> TerritoryAsync(string prefix)
    {
        var name = $"{prefix} {Guid.NewGuid():N}"[..22];
        var territory = JsonDocument.Parse((await app.CliAsync("territory", "create", "--name", name, "--epci", "243400355", "--epci", "200017341", "--json")).Output).RootElement.GetProperty("id").GetInt32();
        return (territory, name, await app.LoginAsNewUserAsync(TestRoles.Coordinator, name));
    }

    /// <summary>A published example protocol, and a site receiving patients without a regular doctor at Lodève.</summary>
    private async Task<(int Version, int Site)> ReadyAsync(HttpClient coordinator, int territory)
    {
        var draft = await JsonAsync(await coordinator.PostAsync($"/api/regulation/territories/{territory}/protocol/draft/example", null));
        var version = draft.GetProperty("version").GetProperty("id").GetInt32();
        await JsonAsync(await coordinator.PostAsync($"/api/regulation/protocol/versions/{version}/publish", null));
        var structure = (await JsonAsync(await coordinator.PostAsJsonAsync("/api/directory/structures", new { territoryId = territory, kind = "centre-dedie", name = "Centre de régulation test", phone = "0467000000" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var site = (await JsonAsync(await coordinator.PostAsJsonAsync($"/api/directory/structures/{structure}/sites", new { name = "Gymnase", communeCode = "34142", latitude = 43.7315, longitude = 3.3194 }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await JsonAsync(await coordinator.PostAsJsonAsync($"/api/directory/sites/{site}/services", new
        {
            name = "Consultations dédiées", capabilities = new[] { "suspected-infectious", "no-regular-doctor" }, weeklyHours = "24/7", isActive = true,
        }), HttpStatusCode.Created);
        return (version, site);
    }

    private static readonly Dictionary<string, object?> FeverNoDoctor = new()
    {
        ["detresse_respiratoire"] = false, ["douleur_thoracique"] = false, ["confusion"] = false, ["spo2"] = null, ["age"] = 52, ["maladie_chronique"] = false,
        ["grossesse"] = false, ["peut_se_deplacer"] = true, ["medecin_traitant_joignable"] = false, ["fievre"] = true, ["temperature"] = 38.6,
        ["symptomes_respiratoires"] = true, ["contact_cas"] = false,
    };

    private static object Call(int territory, int version, int? slotId, Dictionary<string, object?>? answers = null, string? overrideOrientation = null, string? overrideReason = null, int? regularDoctorId = null) => new
    {
        territoryId = territory, protocolVersionId = version, startedAtUtc = DateTime.UtcNow.AddMinutes(-3), callerRelation = "patient",
        patientLastName = "Fictif", patientFirstName = "Patient", patientBirthDate = "1972-05-04", patientPhone = "06 00 00 00 00", patientCommuneCode = "34142",
        regularDoctorId, answers = answers ?? FeverNoDoctor, overrideOrientation, overrideReason, slotId,
    };

    [SkippableFact]
    public async Task A_protocol_is_drafted_refused_while_unsafe_then_published_and_versioned()
    {
        await app.StartAsync();
        var (territory, name, coordinator) = await TerritoryAsync("Protocole");
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/api/regulation/territories/{territory}/protocol")).StatusCode);
        var secretary = await app.LoginAsNewUserAsync(TestRoles.Secretary, name);
        Assert.Equal(HttpStatusCode.Forbidden, (await secretary.PostAsync($"/api/regulation/territories/{territory}/protocol/draft/example", null)).StatusCode);

        var draft = await JsonAsync(await coordinator.PostAsync($"/api/regulation/territories/{territory}/protocol/draft/example", null));
        var id = draft.GetProperty("version").GetProperty("id").GetInt32();
        Assert.True(draft.GetProperty("report").GetProperty("publishable").GetBoolean());
        Assert.Equal("draft", draft.GetProperty("version").GetProperty("status").GetString());

        // Without the default rule some calls reach no orientation: saved as a draft, refused for publication.
        var unsafeProtocol = JsonNode.Parse(ProtocolJson.DefaultText())!;
        unsafeProtocol["rules"]!.AsArray().RemoveAt(5);
        var revision = draft.GetProperty("version").GetProperty("revision").GetInt32();
        var saved = await JsonAsync(await coordinator.PutAsJsonAsync($"/api/regulation/territories/{territory}/protocol/draft", new { definition = unsafeProtocol, changeNote = "Sans règle par défaut", revision }));
        Assert.False(saved.GetProperty("report").GetProperty("publishable").GetBoolean());
        Assert.Equal(id, saved.GetProperty("version").GetProperty("id").GetInt32());
        var refused = await JsonAsync(await coordinator.PostAsync($"/api/regulation/protocol/versions/{id}/publish", null), HttpStatusCode.BadRequest);
        Assert.Contains("Publication refusée", refused.GetProperty("detail").GetString());
        Assert.Contains("aucune orientation", refused.GetProperty("detail").GetString());

        // A stale editor is told, and a file that is not JSON is refused with its line.
        var stale = await coordinator.PutAsJsonAsync($"/api/regulation/territories/{territory}/protocol/draft", new { definition = ProtocolJson.DefaultText(), revision });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var broken = await JsonAsync(await coordinator.PutAsJsonAsync($"/api/regulation/territories/{territory}/protocol/draft", new { definition = "{ \"name\": \"x\",\n \"steps\": [ }" }), HttpStatusCode.BadRequest);
        Assert.Contains("JSON invalide (ligne 2)", broken.GetProperty("detail").GetString());

        await JsonAsync(await coordinator.PutAsJsonAsync($"/api/regulation/territories/{territory}/protocol/draft", new { definition = ProtocolJson.DefaultText(), revision = revision + 1 }));
        await JsonAsync(await coordinator.PostAsync($"/api/regulation/protocol/versions/{id}/publish", null));
        var current = await JsonAsync(await secretary.GetAsync($"/api/regulation/territories/{territory}/protocol"));
        Assert.Equal(1, current.GetProperty("version").GetProperty("number").GetInt32());
        Assert.Equal("yes-no", current.GetProperty("definition").GetProperty("steps")[0].GetProperty("questions")[0].GetProperty("type").GetString());

        // Version 2 replaces it; version 1 is retired, not lost.
        var second = await JsonAsync(await coordinator.PostAsync($"/api/regulation/territories/{territory}/protocol/draft/example", null));
        Assert.Equal(2, second.GetProperty("version").GetProperty("number").GetInt32());
        await JsonAsync(await coordinator.PostAsync($"/api/regulation/protocol/versions/{second.GetProperty("version").GetProperty("id").GetInt32()}/publish", null));
        var versions = await JsonAsync(await coordinator.GetAsync($"/api/regulation/territories/{territory}/protocol/versions"));
        Assert.Equal(["published", "retired"], versions.EnumerateArray().Select(v => v.GetProperty("status").GetString()!).ToArray());
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.PostAsync($"/api/regulation/protocol/versions/{id}/publish", null)).StatusCode);
    }

    [SkippableFact]
    public async Task A_call_is_evaluated_with_places_recorded_with_its_slot_and_read_only_by_those_concerned()
    {
        await app.StartAsync();
        var (territory, name, coordinator) = await TerritoryAsync("Appels");
        var (version, site) = await ReadyAsync(coordinator, territory);
        var secretary = await app.LoginAsNewUserAsync(TestRoles.Secretary, name);
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(1)).ToString("yyyy-MM-dd");
        var offered = await JsonAsync(await secretary.PostAsJsonAsync("/api/regulation/slots", new { siteId = site, circuit = "suspect", date = tomorrow, from = "09:00", to = "10:00", minutes = 15 }));
        Assert.Equal(4, offered.GetProperty("created").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await secretary.PostAsJsonAsync("/api/regulation/slots", new { siteId = site, circuit = "suspect", date = tomorrow, from = "09:30", to = "11:00", minutes = 15 })).StatusCode);
        await JsonAsync(await secretary.PostAsJsonAsync("/api/regulation/slots", new { siteId = site, circuit = "suspect", date = tomorrow, from = "10:00", to = "09:00", minutes = 15 }), HttpStatusCode.BadRequest);

        // Severity decides at the first question; fever without a reachable doctor gives places with their next slot.
        var early = await JsonAsync(await secretary.PostAsJsonAsync("/api/regulation/evaluate", new { territoryId = territory, answers = new { detresse_respiratoire = true } }));
        Assert.Equal("appel-15", early.GetProperty("orientation").GetProperty("code").GetString());
        Assert.Empty(early.GetProperty("places").EnumerateArray());
        var waiting = await JsonAsync(await secretary.PostAsJsonAsync("/api/regulation/evaluate", new { territoryId = territory, answers = new { detresse_respiratoire = false } }));
        Assert.False(waiting.GetProperty("orientation").GetProperty("decided").GetBoolean());
        Assert.Equal("douleur_thoracique", waiting.GetProperty("nextQuestion").GetString());
        var evaluation = await JsonAsync(await secretary.PostAsJsonAsync("/api/regulation/evaluate", new { territoryId = territory, answers = FeverNoDoctor, communeCode = "34142" }));
        Assert.Equal("lieu-sans-medecin-traitant", evaluation.GetProperty("orientation").GetProperty("code").GetString());
        Assert.Equal("suspect_sans_medecin", evaluation.GetProperty("orientation").GetProperty("ruleId").GetString());
        var place = evaluation.GetProperty("places").EnumerateArray().Single(p => p.GetProperty("siteId").GetInt32() == site);
        Assert.Equal(4, place.GetProperty("freeSlots").GetInt32());
        var slot = place.GetProperty("nextSlot").GetProperty("id").GetInt32();
        var bad = await JsonAsync(await secretary.PostAsJsonAsync("/api/regulation/evaluate", new { territoryId = territory, answers = new { spo2 = 140 } }), HttpStatusCode.BadRequest);
        Assert.Contains("hors des bornes", bad.GetProperty("detail").GetString());

        // An override needs its reason; the call is saved with the slot booked.
        var noReason = await JsonAsync(await secretary.PostAsJsonAsync("/api/regulation/calls", Call(territory, version, slot, overrideOrientation: "appel-15")), HttpStatusCode.BadRequest);
        Assert.Contains("demande une raison", noReason.GetProperty("detail").GetString());
        var doctorEmail = await app.CreateUserAsync(TestRoles.Professional, name);
        var doctor = (await JsonAsync(await coordinator.PostAsJsonAsync("/api/directory/professionals", new { territoryId = territory, firstName = "Médecin", lastName = "Traitant", profession = "medecin-generaliste", email = doctorEmail }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var callId = (await JsonAsync(await secretary.PostAsJsonAsync("/api/regulation/calls", Call(territory, version, slot, regularDoctorId: doctor)), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var again = await JsonAsync(await secretary.PostAsJsonAsync("/api/regulation/calls", Call(territory, version, slot)), HttpStatusCode.Conflict);
        Assert.Contains("vient d'être pris", again.GetProperty("detail").GetString());
        var overridden = (await JsonAsync(await secretary.PostAsJsonAsync("/api/regulation/calls", Call(territory, version, null, overrideOrientation: "appel-15", overrideReason: "Voix très essoufflée au téléphone")), HttpStatusCode.Created)).GetProperty("id").GetInt32();

        var record = await JsonAsync(await secretary.GetAsync($"/api/regulation/calls/{callId}"));
        Assert.Equal("lieu-sans-medecin-traitant", record.GetProperty("finalOrientation").GetString());
        Assert.Equal("Lodève", record.GetProperty("patientCommune").GetString());
        Assert.Contains(record.GetProperty("answers").EnumerateArray(), a => a.GetProperty("questionId").GetString() == "temperature" && a.GetProperty("answer").GetString() == "38,6 °C");
        var booking = record.GetProperty("bookings").EnumerateArray().Single();
        Assert.Equal(slot, booking.GetProperty("slotId").GetInt32());
        var other = await JsonAsync(await secretary.GetAsync($"/api/regulation/calls/{overridden}"));
        Assert.Equal("appel-15", other.GetProperty("finalOrientation").GetString());
        Assert.Equal("lieu-sans-medecin-traitant", other.GetProperty("computedOrientation").GetString());
        Assert.Equal("Voix très essoufflée au téléphone", other.GetProperty("overrideReason").GetString());

        // Cancel and rebook keep the history; the freed slot can be taken again.
        await JsonAsync(await secretary.PostAsJsonAsync($"/api/regulation/bookings/{booking.GetProperty("id").GetInt32()}/cancel", new { reason = "" }), HttpStatusCode.BadRequest);
        await JsonAsync(await secretary.PostAsJsonAsync($"/api/regulation/bookings/{booking.GetProperty("id").GetInt32()}/cancel", new { reason = "Le patient préfère l'après-midi" }), HttpStatusCode.NoContent);
        var slots = await JsonAsync(await secretary.GetAsync($"/api/regulation/slots?territoryId={territory}&from={tomorrow}T00:00:00Z&to={tomorrow}T23:59:00Z"));
        Assert.All(slots.EnumerateArray(), s => Assert.False(s.GetProperty("booked").GetBoolean()));
        var later = slots.EnumerateArray().Last().GetProperty("id").GetInt32();
        await JsonAsync(await secretary.PostAsJsonAsync($"/api/regulation/calls/{callId}/booking", new { slotId = later }), HttpStatusCode.Created);
        var history = (await JsonAsync(await secretary.GetAsync($"/api/regulation/calls/{callId}"))).GetProperty("bookings").EnumerateArray().ToList();
        Assert.Equal(2, history.Count);
        Assert.Equal("Le patient préfère l'après-midi", history[0].GetProperty("cancelReason").GetString());
        Assert.Equal(JsonValueKind.Null, history[1].GetProperty("cancelledAtUtc").ValueKind);

        // The regular doctor reads the call; another professional, or another territory's staff, does not even see it exists.
        var asDoctor = await app.LoginAsync(doctorEmail);
        await JsonAsync(await asDoctor.GetAsync($"/api/regulation/calls/{callId}"));
        var sentToMe = await JsonAsync(await asDoctor.GetAsync("/api/regulation/calls/sent-to-me"));
        Assert.Equal([callId], sentToMe.EnumerateArray().Select(c => c.GetProperty("id").GetInt32()).ToArray());
        Assert.Contains("FICTIF Patient", await asDoctor.GetStringAsync("/regulation"));
        Assert.Equal(HttpStatusCode.NotFound, (await asDoctor.GetAsync($"/api/regulation/calls/{overridden}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asDoctor.GetAsync($"/api/regulation/calls?territoryId={territory}")).StatusCode);
        var (_, _, stranger) = await TerritoryAsync("Ailleurs");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/regulation/calls/{callId}")).StatusCode);
        var list = await JsonAsync(await secretary.GetAsync($"/api/regulation/calls?territoryId={territory}&q=fict"));
        Assert.Equal(2, list.GetProperty("totalCount").GetInt32());

        await using var db = TestDb.Open(app.Database);
        var reads = await db.Set<Maillage.Features.Accounts.AuditEntry>().Where(e => e.Target == $"call:{callId}" && e.Action == "regulation.call.read").Select(e => e.ActorName).ToListAsync();
        Assert.Equal(3, reads.Count); // the secretary twice, the regular doctor once (lists are audited apart)
        Assert.Contains(doctorEmail, reads);
    }

    [SkippableFact]
    public async Task Pages_open_to_their_roles_only_and_the_desk_lists_the_day()
    {
        await app.StartAsync();
        var (territory, name, coordinator) = await TerritoryAsync("Pages");
        var secretary = await app.LoginAsNewUserAsync(TestRoles.Secretary, name);
        var professional = await app.LoginAsNewUserAsync(TestRoles.Professional, name);
        Assert.Contains("Aucun protocole publié", await secretary.GetStringAsync($"/regulation?territoire={territory}"));
        Assert.Contains("pas encore de protocole de régulation publié", await secretary.GetStringAsync($"/regulation/appel?territoire={territory}"));

        var (version, _) = await ReadyAsync(coordinator, territory);
        var desk = await secretary.GetStringAsync($"/regulation?territoire={territory}");
        Assert.Contains("Nouvel appel", desk);
        Assert.Contains("Aucune fiche", desk);
        var call = await secretary.GetStringAsync($"/regulation/appel?territoire={territory}");
        Assert.Contains("Commune où se trouve le patient", call);
        Assert.Contains("Protocole en vigueur", desk);

        var id = (await JsonAsync(await secretary.PostAsJsonAsync("/api/regulation/calls", Call(territory, version, null)), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        Assert.Contains("FICTIF Patient", await secretary.GetStringAsync($"/regulation?territoire={territory}"));
        Assert.Contains("Ouvrir un suivi pour ce patient", await secretary.GetStringAsync($"/regulation/appels/{id}"));
        var followUp = await secretary.GetStringAsync($"/suivi/episodes/nouveau?appel={id}");
        Assert.Contains($"Suite de la fiche de régulation n° {id}", followUp);
        Assert.Contains("value=\"Fictif\"", followUp);
        Assert.Equal(HttpStatusCode.NotFound, (await professional.GetAsync($"/suivi/episodes/nouveau?appel={id}")).StatusCode);
        var episode = await JsonAsync(await secretary.PostAsJsonAsync("/api/followup/episodes", new
        {
            territoryId = territory, patientLastName = "Fictif", patientFirstName = "Patient", patientCommuneCode = "34142", reason = "suspected-infection", sourceCallId = id,
        }), HttpStatusCode.Created);
        Assert.True(episode.GetProperty("id").GetInt32() > 0);
        var unknown = await JsonAsync(await secretary.PostAsJsonAsync("/api/followup/episodes", new
        {
            territoryId = territory, patientLastName = "Fictif", patientFirstName = "Patient", patientCommuneCode = "34142", reason = "suspected-infection", sourceCallId = 99_999_999,
        }), HttpStatusCode.BadRequest);
        Assert.Contains("Fiche de régulation introuvable", unknown.GetProperty("detail").GetString());
        Assert.Contains("Fiche de régulation n° " + id, await secretary.GetStringAsync($"/regulation/appels/{id}"));
        Assert.Equal(HttpStatusCode.NotFound, (await professional.GetAsync($"/regulation/appels/{id}")).StatusCode);

        foreach (var (client, url) in new[] { (professional, "/regulation/appel"), (secretary, "/regulation/protocole"), (professional, "/regulation/creneaux") })
        {
            var denied = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.Contains("acces-refuse", denied.Headers.Location!.OriginalString);
        }

        Assert.Contains("Version 1", await coordinator.GetStringAsync($"/regulation/protocole?territoire={territory}"));
        Assert.Contains("Proposer ces créneaux", await secretary.GetStringAsync($"/regulation/creneaux?territoire={territory}"));
    }

    [SkippableFact]
    public async Task Oversight_points_out_the_site_that_orients_differently_under_the_same_version()
    {
        await app.StartAsync();
        var (territory, name, coordinator) = await TerritoryAsync("Suivi");
        var (version, site) = await ReadyAsync(coordinator, territory);
        var structure = (await JsonAsync(await coordinator.PostAsJsonAsync("/api/directory/structures", new { territoryId = territory, kind = "msp", name = "MSP du suivi" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var other = (await JsonAsync(await coordinator.PostAsJsonAsync($"/api/directory/structures/{structure}/sites", new { name = "Accueil", communeCode = "34142" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var secretary = await app.LoginAsNewUserAsync(TestRoles.Secretary, name);
        async Task CallAsync(int takenAt, string? overrideTo)
        {
            var body = JsonSerializer.SerializeToNode(Call(territory, version, null, overrideOrientation: overrideTo, overrideReason: overrideTo is null ? null : "Appréciation au téléphone"))!.AsObject();
            body["takenAtSiteId"] = takenAt;
            await JsonAsync(await secretary.PostAsJsonAsync("/api/regulation/calls", body), HttpStatusCode.Created);
        }

        for (var i = 0; i < 12; i++)
        {
            await CallAsync(site, i < 8 ? "appel-15" : null);
            await CallAsync(other, null);
        }

        var report = await JsonAsync(await coordinator.GetAsync($"/api/regulation/territories/{territory}/oversight"));
        Assert.Equal(24, report.GetProperty("calls").GetInt32());
        var sites = report.GetProperty("versions").EnumerateArray().Single().GetProperty("sites").EnumerateArray().ToList();
        var drifting = sites.Single(s => s.GetProperty("siteId").GetInt32() == site);
        Assert.Equal(8, drifting.GetProperty("overrides").GetInt32());
        Assert.Equal(8, drifting.GetProperty("final").GetProperty("appel-15").GetInt32());
        Assert.Equal(12, drifting.GetProperty("computed").GetProperty("lieu-sans-medecin-traitant").GetInt32());
        Assert.Contains(drifting.GetProperty("differences").EnumerateArray(), d => d.GetString()!.Contains("67 % des appels, contre 0 % sur les autres sites"));
        Assert.Contains(drifting.GetProperty("differences").EnumerateArray(), d => d.GetString()!.StartsWith("orientation du protocole changée", StringComparison.Ordinal));
        Assert.Equal(0, sites.Single(s => s.GetProperty("siteId").GetInt32() == other).GetProperty("overrides").GetInt32());

        var page = await coordinator.GetStringAsync($"/regulation/suivi?territoire={territory}");
        Assert.Contains("table-warning", page);
        Assert.Equal(HttpStatusCode.Forbidden, (await secretary.GetAsync($"/api/regulation/territories/{territory}/oversight")).StatusCode);
        var lastWeek = await JsonAsync(await coordinator.GetAsync($"/api/regulation/territories/{territory}/oversight?week={DateTime.UtcNow.AddDays(-7):yyyy-MM-dd}"));
        Assert.Equal(0, lastWeek.GetProperty("calls").GetInt32());
    }

    [SkippableFact]
    public async Task Concurrent_bookings_of_the_same_slot_give_it_to_exactly_one_call()
    {
        await app.StartAsync();
        var (territory, name, coordinator) = await TerritoryAsync("Concurrence");
        var (version, site) = await ReadyAsync(coordinator, territory);
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(1)).ToString("yyyy-MM-dd");
        await JsonAsync(await coordinator.PostAsJsonAsync("/api/regulation/slots", new { siteId = site, circuit = "suspect", date = tomorrow, from = "14:00", to = "14:20", minutes = 20 }));
        var slot = (await JsonAsync(await coordinator.GetAsync($"/api/regulation/slots?territoryId={territory}&from={tomorrow}T00:00:00Z&to={tomorrow}T23:59:00Z"))).EnumerateArray().Single().GetProperty("id").GetInt32();
        var secretaries = new List<HttpClient>();
        for (var i = 0; i < 8; i++)
        {
            secretaries.Add(await app.LoginAsNewUserAsync(TestRoles.Secretary, name));
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => secretaries[i % secretaries.Count].PostAsJsonAsync("/api/regulation/calls", Call(territory, version, slot))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var calls = await JsonAsync(await coordinator.GetAsync($"/api/regulation/calls?territoryId={territory}"));
        Assert.Equal(1, calls.GetProperty("totalCount").GetInt32()); // the refused ones saved nothing
    }
}

public sealed class RegulationSqliteTests(SqliteApp app) : RegulationTests(app), IClassFixture<SqliteApp>;

public sealed class RegulationPostgresTests(PostgresApp app) : RegulationTests(app), IClassFixture<PostgresApp>;
