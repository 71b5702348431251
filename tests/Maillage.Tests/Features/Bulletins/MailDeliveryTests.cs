using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Features.Bulletins;
using Maillage.Tests.Features.FollowUp;
using Maillage.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Maillage.Tests.Features.Bulletins.BulletinFlowTests;

namespace Maillage.Tests.Features.Bulletins;

/// <summary>
/// Bulletins leave by e-mail over a real SMTP exchange with a local listener: immediate and daily
/// digests, urgent ones at once, retries after a temporary refusal, failure and relaunch after a
/// permanent one, and the unsubscribe link.
/// </summary>
public abstract class MailDeliveryTests(AppFixture app)
{
    /// <summary>Thursday 2 April 2020, 6:00 in Paris: before the daily digest leaves.</summary>
    private static readonly DateTimeOffset Start = new(2020, 4, 2, 4, 0, 0, TimeSpan.Zero);

    private WebApplicationFactory<Program> Host(ManualClock clock, int smtpPort) => app.HostWith(clock, new Dictionary<string, string>
    {
        ["Maillage:Smtp:Host"] = "127.0.0.1",
        ["Maillage:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Maillage:Smtp:Security"] = "None",
        ["Maillage:Smtp:PublicUrl"] = "https://maillage.example.org",
        ["Maillage:Bulletins:MaxAttempts"] = "3",
        // The test runs the passes itself: the background job only runs its first one, at start.
        ["Maillage:Bulletins:TickSeconds"] = "3600",
    });

    private static Task<HttpClient> SignInAsync(WebApplicationFactory<Program> host, string email) => AppFixture.SignInAsync(host, email);

    private static async Task<int> PublishAsync(HttpClient coordinator, int territory, string title, bool urgent = false, string[]? professions = null)
    {
        var draft = await JsonAsync(await coordinator.PostAsJsonAsync("/api/bulletins", new
        {
            territoryId = territory, title, body = $"Texte de « {title} ».\n\n- point **important**", urgent, professions = professions ?? [],
        }), HttpStatusCode.Created);
        var id = draft.GetProperty("id").GetInt32();
        await JsonAsync(await coordinator.PostAsJsonAsync($"/api/bulletins/{id}/publish", new { version = draft.GetProperty("version").GetInt32() }));
        return id;
    }

    private static async Task<JsonElement> DispatchAsync(HttpClient coordinator) => await JsonAsync(await coordinator.PostAsync("/api/mail/dispatch", null));

    private static string AddressOf(JsonElement directoryEntry) => directoryEntry.GetProperty("email").GetString()!;

    [SkippableFact]
    public async Task Digests_reach_a_real_smtp_listener_with_retries_failures_and_unsubscription()
    {
        await app.StartAsync();
        var t = await TeamAsync(app);
        await using var sink = new LocalSmtpSink();
        var clock = new ManualClock(Start);
        await using var host = Host(clock, sink.Port);
        var coordinator = await SignInAsync(host, await app.CreateUserAsync(TestRoles.Coordinator, t.Name));
        var nurseAddress = AddressOf(await JsonAsync(await t.Coordinator.GetAsync($"/api/directory/professionals/{t.Nurse.Id}")));
        var doctorAddress = AddressOf(await JsonAsync(await t.Coordinator.GetAsync($"/api/directory/professionals/{t.Doctor.Id}")));
        await JsonAsync(await t.Doctor.Client.PutAsJsonAsync("/api/inbox/preferences", new { mode = "immediate" }));
        Assert.Equal("daily", (await JsonAsync(await t.Nurse.Client.GetAsync("/api/inbox/preferences"))).GetProperty("mode").GetString());

        // 6:00: the GP, who wants them at once, gets the bulletin; the nurse waits for the morning digest.
        var general = await PublishAsync(coordinator, t.Territory, "Organisation des gardes (exemple fictif)");
        var first = await DispatchAsync(coordinator);
        Assert.Equal(1, first.GetProperty("sent").GetInt32());
        var toDoctor = Assert.Single(await sink.WaitForMessagesAsync(1, TimeSpan.FromSeconds(30)));
        Assert.Equal([doctorAddress], toDoctor.Recipients);
        var mime = toDoctor.ToMimeMessage();
        Assert.Equal("Organisation des gardes (exemple fictif)", mime.Subject);
        Assert.Contains($"https://maillage.example.org/information/bulletins/{general}", mime.TextBody);
        Assert.Contains("<strong>important</strong>", mime.HtmlBody);
        var unsubscribe = mime.Headers["List-Unsubscribe"];
        Assert.Matches("^<https://maillage.example.org/api/mail/unsubscribe/[0-9a-f]{48}>$", unsubscribe);
        Assert.Equal("List-Unsubscribe=One-Click", mime.Headers["List-Unsubscribe-Post"]);
        Assert.Contains("https://maillage.example.org/information/desabonnement/", mime.TextBody);

        // An urgent bulletin leaves at once even for those on the daily digest.
        await PublishAsync(coordinator, t.Territory, "Alerte : rupture de masques FFP2", urgent: true, professions: ["infirmier"]);
        await DispatchAsync(coordinator);
        var urgent = (await sink.WaitForMessagesAsync(2, TimeSpan.FromSeconds(30)))[1];
        Assert.Equal([nurseAddress], urgent.Recipients);
        Assert.Equal("[URGENT] Alerte : rupture de masques FFP2", urgent.ToMimeMessage().Subject);

        // 7:30: the nurse's digest holds what she has not read and was not mailed yet; once a day.
        clock.Advance(TimeSpan.FromMinutes(90));
        await DispatchAsync(coordinator);
        var digest = (await sink.WaitForMessagesAsync(3, TimeSpan.FromSeconds(30)))[2];
        Assert.Equal([nurseAddress], digest.Recipients);
        Assert.Equal("Organisation des gardes (exemple fictif)", digest.ToMimeMessage().Subject);
        Assert.Contains("Voici le bulletin publié pour vous et que vous n'avez pas encore lu.", digest.ToMimeMessage().TextBody);
        await PublishAsync(coordinator, t.Territory, "Réunion de jeudi", professions: ["infirmier"]);
        Assert.Equal(0, (await DispatchAsync(coordinator)).GetProperty("queued").GetInt32());

        // A temporary refusal is retried after a minute, and both attempts are kept.
        sink.RejectNext(1, 451, "4.3.0 Boîte momentanément indisponible");
        await PublishAsync(coordinator, t.Territory, "Nouvelle cotation des téléconsultations", professions: ["medecin-generaliste"]);
        var refused = await DispatchAsync(coordinator);
        Assert.Equal((0, 1), (refused.GetProperty("sent").GetInt32(), refused.GetProperty("retrying").GetInt32()));
        var pending = (await JsonAsync(await coordinator.GetAsync($"/api/mail/deliveries?territoryId={t.Territory}&status=pending"))).GetProperty("items")[0];
        Assert.Contains("451", pending.GetProperty("lastError").GetString());
        Assert.Equal(0, (await DispatchAsync(coordinator)).GetProperty("sent").GetInt32());
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, (await DispatchAsync(coordinator)).GetProperty("sent").GetInt32());
        var attempts = await JsonAsync(await coordinator.GetAsync($"/api/mail/deliveries/{pending.GetProperty("id").GetInt32()}/attempts"));
        Assert.Equal([false, true], attempts.EnumerateArray().Select(a => a.GetProperty("succeeded").GetBoolean()));
        Assert.Equal(4, (await sink.WaitForMessagesAsync(4, TimeSpan.FromSeconds(30))).Count);

        // A permanent refusal fails at once, shows as a failure, and can be relaunched.
        sink.RejectNext(1, 550, "5.1.1 Destinataire inconnu");
        await PublishAsync(coordinator, t.Territory, "Fin des consultations dédiées", professions: ["medecin-generaliste"]);
        Assert.Equal(1, (await DispatchAsync(coordinator)).GetProperty("failed").GetInt32());
        var failed = (await JsonAsync(await coordinator.GetAsync($"/api/mail/deliveries?territoryId={t.Territory}&status=failed"))).GetProperty("items");
        var failure = Assert.Single(failed.EnumerateArray());
        Assert.Contains("550", failure.GetProperty("lastError").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.PostAsync($"/api/mail/deliveries/{failure.GetProperty("id").GetInt32()}/retry", null)).StatusCode);
        Assert.Equal(1, (await DispatchAsync(coordinator)).GetProperty("sent").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.PostAsync($"/api/mail/deliveries/{failure.GetProperty("id").GetInt32()}/retry", null)).StatusCode);

        // The unsubscribe link needs no sign-in and stops the e-mails; the inbox still has the bulletins.
        var token = unsubscribe!.Trim('<', '>').Split('/')[^1];
        Assert.Equal(HttpStatusCode.NotFound, (await app.AnonymousClient().PostAsync("/api/mail/unsubscribe/inconnu", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await app.AnonymousClient().PostAsync($"/api/mail/unsubscribe/{token}", null)).StatusCode);
        Assert.Equal("none", (await JsonAsync(await t.Doctor.Client.GetAsync("/api/inbox/preferences"))).GetProperty("mode").GetString());
        var before = sink.Messages.Count;
        await PublishAsync(coordinator, t.Territory, "Pour tout le monde");
        await DispatchAsync(coordinator);
        Assert.DoesNotContain(sink.Messages.Skip(before), m => m.Recipients.Contains(doctorAddress));
        Assert.True((await JsonAsync(await t.Doctor.Client.GetAsync("/api/inbox"))).GetProperty("counts").GetProperty("unread").GetInt32() >= 4);
    }

    [SkippableFact]
    public async Task A_scheduled_bulletin_goes_out_at_its_time_or_back_to_draft_when_nobody_is_left()
    {
        await app.StartAsync();
        var t = await TeamAsync(app);
        var at = DateTime.UtcNow.AddHours(2);
        async Task<int> ScheduleAsync(string title, string profession)
        {
            var draft = await JsonAsync(await t.Coordinator.PostAsJsonAsync("/api/bulletins", new { territoryId = t.Territory, title, body = "Texte.", professions = new[] { profession } }), HttpStatusCode.Created);
            var id = draft.GetProperty("id").GetInt32();
            var scheduled = await JsonAsync(await t.Coordinator.PostAsJsonAsync($"/api/bulletins/{id}/publish", new { version = draft.GetProperty("version").GetInt32(), publishAt = at }));
            Assert.Equal("scheduled", scheduled.GetProperty("status").GetString());
            return id;
        }

        var forNurses = await ScheduleAsync("Réunion des infirmiers", "infirmier");
        var forPhysios = await ScheduleAsync("Réunion des kinés", "masseur-kinesitherapeute");
        Assert.Equal(0, (await JsonAsync(await t.Nurse.Client.GetAsync("/api/inbox"))).GetProperty("counts").GetProperty("unread").GetInt32());

        // The only physiotherapist leaves the directory before the time comes.
        var archived = await AppFixture.PostFormAsync(t.Coordinator, $"/annuaire/professionnels/{t.PhysioId}", $"/annuaire/professionnels/{t.PhysioId}?handler=Archive", new());
        Assert.Equal(HttpStatusCode.Redirect, archived.StatusCode);

        await using var later = app.HostWith(new ManualClock(new DateTimeOffset(at.AddMinutes(1))), new Dictionary<string, string> { ["Maillage:Bulletins:TickSeconds"] = "3600" });
        var coordinator = await AppFixture.SignInAsync(later, await app.CreateUserAsync(TestRoles.Coordinator, t.Name));
        // The server's job publishes what is due when it starts; a pass asked for now finds nothing more to do.
        await JsonAsync(await coordinator.PostAsync("/api/mail/dispatch", null));
        Assert.Equal("published", (await JsonAsync(await t.Coordinator.GetAsync($"/api/bulletins/{forNurses}"))).GetProperty("status").GetString());
        Assert.Equal(1, (await JsonAsync(await t.Nurse.Client.GetAsync("/api/inbox"))).GetProperty("counts").GetProperty("unread").GetInt32());
        var back = await JsonAsync(await t.Coordinator.GetAsync($"/api/bulletins/{forPhysios}"));
        Assert.Equal("draft", back.GetProperty("status").GetString());
        Assert.Equal(0, back.GetProperty("recipients").GetInt32());

        // Read, so that the e-mail test of this class, whose clock is in 2020, does not mail this 2026 bulletin.
        await JsonAsync(await t.Nurse.Client.PostAsync("/api/inbox/read-all", null));
    }
}

public sealed class MailDeliverySqliteTests(SqliteApp app) : MailDeliveryTests(app), IClassFixture<SqliteApp>;

public sealed class MailDeliveryPostgresTests(PostgresApp app) : MailDeliveryTests(app), IClassFixture<PostgresApp>;
