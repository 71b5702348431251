using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Features.Regulation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Regulation against the national-scale directory, through HTTP: evaluating a call and ranking the
/// places that can receive the patient, then 50 secretaries booking from one pool of 200 slots at once.
/// </summary>
internal static partial class DirectoryBench
{
    private const string Secretary = "secretariat@bench.maillage.test";

    private static readonly Dictionary<string, object?> FeverWithoutDoctor = new()
    {
        ["detresse_respiratoire"] = false, ["douleur_thoracique"] = false, ["confusion"] = false, ["spo2"] = null, ["age"] = 52, ["maladie_chronique"] = false,
        ["grossesse"] = false, ["peut_se_deplacer"] = true, ["medecin_traitant_joignable"] = false, ["fievre"] = true, ["temperature"] = 38.6,
        ["symptomes_respiratoires"] = true, ["contact_cas"] = false,
    };

    /// <summary>Before the server starts: a secretary of the national territory and its published example protocol.</summary>
    private static async Task<(int Territory, int Version)> PrepareRegulationAsync(Dictionary<string, string?> config)
    {
        await CliWithInput(config, "Bench-Password-2020\n", "user", "add", "--email", Secretary, "--role", "secretary", "--territory", "Bench France", "--password-stdin");
        return await WithServicesAsync(config, async sp =>
        {
            var territory = await sp.GetRequiredService<MaillageDb>().Set<Territory>().Where(t => t.Name == "Bench France").Select(t => t.Id).FirstAsync();
            var draft = await sp.GetRequiredService<SaveProtocolDraft>().ExecuteAsync(territory, ProtocolJson.DefaultText(), null, null, Actor.CommandLine, UserScope.Everything);
            await sp.GetRequiredService<PublishProtocol>().ExecuteAsync(draft.Version.Id, Actor.CommandLine, UserScope.Everything);
            return (territory, draft.Version.Id);
        });
    }

    private static async Task RegulationOverHttpAsync(Dictionary<string, string?> config, Uri server, int territory, int version, IReadOnlyList<string> communes)
    {
        var inProcess = await WithServicesAsync(config, async sp =>
        {
            var answers = FeverWithoutDoctor.ToDictionary(a => a.Key, a => System.Text.Json.JsonSerializer.SerializeToElement(a.Value));
            var scope = new UserScope(false, new HashSet<int> { territory });
            var times = new List<double>();
            for (var i = 0; i < 210; i++)
            {
                await using var request = sp.CreateAsyncScope();
                var evaluate = request.ServiceProvider.GetRequiredService<EvaluateCall>();
                var watch = Stopwatch.StartNew();
                await evaluate.ExecuteAsync(territory, null, answers, communes[i % communes.Count], scope);
                if (i >= 10)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            return times;
        });
        BenchReport.Row("evaluate + rank places against 10,000 sites, in process (ms)", inProcess);
        foreach (var (label, everything) in new[] { ("territory scope", false), ("all territories", true) })
        {
            var search = await WithServicesAsync(config, async sp =>
            {
                var scope = everything ? UserScope.Everything : new UserScope(false, new HashSet<int> { territory });
                var times = new List<double>();
                for (var i = 0; i < 210; i++)
                {
                    await using var request = sp.CreateAsyncScope();
                    var offer = request.ServiceProvider.GetRequiredService<SearchOffer>();
                    var watch = Stopwatch.StartNew();
                    await offer.ExecuteAsync(new OfferQuery(["no-regular-doctor"], NearCommune: communes[i % communes.Count], Limit: 20), scope);
                    if (i >= 10)
                    {
                        times.Add(watch.Elapsed.TotalMilliseconds);
                    }
                }

                return times;
            });
            BenchReport.Row($"(diagnostic) offer search alone, no-regular-doctor near commune, {label} (ms)", search);
        }

        var secretary = await SignInAsync(server, Secretary);
        var timings = new List<double>();
        var places = 0;
        for (var i = 0; i < 210; i++)
        {
            var watch = Stopwatch.StartNew();
            var response = await secretary.PostAsJsonAsync("/api/regulation/evaluate", new { territoryId = territory, answers = FeverWithoutDoctor, communeCode = communes[i % communes.Count] });
            var body = await response.Content.ReadFromJsonAsync<Evaluation>(ProtocolJson.Options);
            if (!response.IsSuccessStatusCode || body?.Orientation.Code != Orientations.NoRegularDoctor)
            {
                throw new InvalidOperationException($"evaluate: {(int)response.StatusCode}");
            }

            if (i >= 10)
            {
                timings.Add(watch.Elapsed.TotalMilliseconds);
                places += body.Places.Count;
            }
        }

        BenchReport.Row($"evaluate + rank places against 10,000 sites, through HTTP, client-measured (ms; {places / 200.0:0.0} places per answer)", timings);

        // 200 slots at one site; 50 secretaries each record calls on whatever slot they last saw free.
        var site = await WithServicesAsync(config, async sp =>
        {
            var db = sp.GetRequiredService<MaillageDb>();
            var siteId = await db.Set<Site>().OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
            var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2);
            var offer = sp.GetRequiredService<OfferSlots>();
            await offer.ExecuteAsync(siteId, Circuit.Suspect, day, new TimeOnly(6, 0), new TimeOnly(22, 40), 5, Actor.CommandLine, UserScope.Everything);
            return siteId;
        });
        var slots = await WithServicesAsync(config, sp => sp.GetRequiredService<MaillageDb>().Set<Slot>().Where(s => s.SiteId == site).Select(s => s.Id).ToListAsync());
        var clients = new List<HttpClient>();
        for (var i = 0; i < 50; i++)
        {
            clients.Add(await SignInAsync(server, Secretary));
        }

        var booked = 0;
        var conflicts = 0;
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(async (client, n) =>
        {
            var random = new Random(n);
            while (Volatile.Read(ref booked) < slots.Count)
            {
                var slot = slots[random.Next(slots.Count)];
                var watch = Stopwatch.StartNew();
                var response = await client.PostAsJsonAsync("/api/regulation/calls", new
                {
                    territoryId = territory, protocolVersionId = version, callerRelation = "patient", patientLastName = $"Synthétique {n}", patientFirstName = "Patient",
                    patientCommuneCode = communes[n % communes.Count], answers = FeverWithoutDoctor, slotId = slot,
                });
                lock (latencies)
                {
                    latencies.Add(watch.Elapsed.TotalMilliseconds);
                }

                if (response.StatusCode == HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref booked);
                }
                else if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    Interlocked.Increment(ref conflicts);
                }
                else
                {
                    throw new InvalidOperationException($"book: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }));
        clock.Stop();
        var (live, doubles) = await WithServicesAsync(config, async sp =>
        {
            var db = sp.GetRequiredService<MaillageDb>();
            var bookings = await db.Set<SlotBooking>().Where(b => slots.Contains(b.SlotId) && b.CancelledAtUtc == null).Select(b => b.SlotId).ToListAsync();
            return (bookings.Count, bookings.GroupBy(s => s).Count(g => g.Count() > 1));
        });
        Console.WriteLine($"50 concurrent secretaries, 200 slots: {booked} calls recorded with a slot, {conflicts} refused as taken, {live} live bookings, {doubles} slot(s) booked twice, {clock.Elapsed.TotalSeconds:0.0} s");
        BenchReport.Row("record a call with its slot, 50 secretaries at once, through HTTP (ms)", latencies);
    }

    private static async Task<HttpClient> SignInAsync(Uri server, string email)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = server };
        var login = await http.GetStringAsync("/connexion");
        await http.PostAsync("/connexion", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email, ["Password"] = "Bench-Password-2020", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(Token().Match(login).Groups[1].Value),
        }));
        return http;
    }
}
