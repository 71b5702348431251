using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Mail;
using System.Reflection;
using System.Security.Claims;
using Maillage;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Bulletins;
using Maillage.Features.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

/// <summary>
/// Information at scale, on SQLite and (when MAILLAGE_BENCH_PG gives a server URL) PostgreSQL: 100 territories with
/// 2,000 published bulletins each; territory 1 has 5,000 active professionals (and 100 archived) in 50 structures,
/// the others 10 professionals each. The rows are written with set-based SQL, then the use cases are timed in
/// process, each in its own DI scope as a request would be: publishing to all of territory 1, a professional's inbox
/// page and navigation badge, the coverage of a busy week, and one e-mail pass to a <see cref="LocalSmtpSink"/>.
/// </summary>
internal static class BulletinBench
{
    private const int Territories = 100;
    private const int BulletinsPerTerritory = 2000;
    private const int BigActive = 5000;
    private const int BigArchived = 100;
    private const int BigMembers = BigActive + BigArchived;
    private const int BigStructures = 50;
    private const int SmallMembers = 10;
    private const int OlderBulletins = 1800;

    /// <summary>The first professional of territory 2: every bulletin of that territory reaches them.</summary>
    private const int Reader = BigMembers + 1;

    private static readonly string[] Professions =
        ["medecin-generaliste", "infirmier", "pharmacien", "masseur-kinesitherapeute", "sage-femme", "chirurgien-dentiste", "orthophoniste", "medecin-specialiste"];

    private static readonly DateTime Origin = new(2018, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The busy week of territory 1 (ISO 2020-W12): its last 200 bulletins, one every 45 minutes from Monday 08:00 Paris.</summary>
    private static readonly DateOnly Week = new(2020, 3, 16);

    public static async Task RunAsync(string work, int runs, bool mail = true)
    {
        var rows = new List<(string Measure, string Goal, List<double> Times)>();
        await RunProviderAsync("SQLite", Path.Combine(work, "bulletins.db"), work, runs, mail, rows);
        if (Environment.GetEnvironmentVariable("MAILLAGE_BENCH_PG") is { Length: > 0 } admin)
        {
            var name = $"maillage_bench_bulletins_{Environment.ProcessId}";
            await using (var connection = new NpgsqlConnection(DatabaseSettings.Parse(admin).ConnectionString))
            {
                await connection.OpenAsync();
                await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection).ExecuteNonQueryAsync();
            }

            await RunProviderAsync("PostgreSQL", new UriBuilder(new Uri(admin)) { Path = "/" + name }.Uri.ToString(), work, runs, mail, rows);
        }
        else
        {
            Console.WriteLine("PostgreSQL figures skipped: set MAILLAGE_BENCH_PG=postgresql://user@127.0.0.1:PORT/postgres");
        }

        Console.WriteLine();
        Console.WriteLine("| measure | goal | runs | min | median | p95 | max |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (measure, goal, times) in rows)
        {
            var sorted = times.Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {measure} | {goal} | {sorted.Count} | {sorted[0]:0.0} | {P(sorted, 0.5):0.0} | {P(sorted, 0.95):0.0} | {sorted[^1]:0.0} |"));
        }
    }

    private static async Task RunProviderAsync(string label, string db, string work, int runs, bool mail, List<(string, string, List<double>)> rows)
    {
        var postgres = label == "PostgreSQL";
        await Cli(db, work, "db", "migrate");
        await using var sink = new LocalSmtpSink();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MAILLAGE_DB"] = db,
            ["MAILLAGE_KEYS"] = Path.Combine(work, "keys"),
            ["Maillage:Smtp:Host"] = "127.0.0.1",
            ["Maillage:Smtp:Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Maillage:Smtp:Security"] = "None",
            ["Maillage:Smtp:From"] = "information@exemple.invalid",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        MaillageApp.AddCore(services, configuration);
        await using var provider = services.BuildServiceProvider();
        var admin = Actor.CommandLineUser;

        var inProcess = new InProcess(provider);
        Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action) => inProcess.InScopeAsync(action);
        Task<List<double>> TimeAsync(int count, Func<IServiceProvider, Task> action) => inProcess.TimeAsync(count, action);

        var watch = Stopwatch.StartNew();
        var counts = await InScopeAsync(sp => SeedAsync(sp.GetRequiredService<MaillageDb>(), postgres));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: seeded in {watch.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", counts.Select(c => $"{c.Value:N0} {c.Key}"))}"));

        // Publishing to all of territory 1: the draft is written outside the clock, the publication is timed.
        async Task<(int Id, double Ms)> PublishAsync(bool urgent)
        {
            var id = await InScopeAsync(sp => sp.GetRequiredService<BulletinDesk>().CreateAsync(
                new BulletinInput(1, "Bulletin fictif de mesure", "Texte **fictif** pour la mesure.", urgent, null, null, null, null), admin));
            return await InScopeAsync(async sp =>
            {
                var w = Stopwatch.StartNew();
                var status = await sp.GetRequiredService<BulletinDesk>().PublishAsync(id, null, 0, admin);
                var ms = w.Elapsed.TotalMilliseconds;
                var recipients = await sp.GetRequiredService<MaillageDb>().Set<BulletinRecipient>().CountAsync(r => r.BulletinId == id);
                if (status != BulletinStatus.Published || recipients != BigActive)
                {
                    throw new InvalidOperationException($"publication: {status}, {recipients} recipients instead of {BigActive}");
                }

                return (id, ms);
            });
        }

        for (var i = 0; i < 2; i++)
        {
            await PublishAsync(urgent: false);
        }

        var publish = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            publish.Add((await PublishAsync(urgent: false)).Ms);
        }

        rows.Add(($"{label}: publish to a whole territory, 5,000 recipients (ms)", "< 2,000", publish));

        // The reader's inbox: checked against the seeding rule before timing.
        var theirs = Enumerable.Range(BulletinsPerTerritory + 1, BulletinsPerTerritory).ToList();
        var unread = theirs.Count(id => !IsRead(id, Reader));
        var urgentUnread = theirs.Count(id => !IsRead(id, Reader) && IsUrgent(id));
        await InScopeAsync(async sp =>
        {
            var inbox = sp.GetRequiredService<Inbox>();
            var page = await inbox.ListAsync(Reader, false, null, 1, 20);
            var inboxCounts = await inbox.CountsAsync(Reader);
            if (page.TotalCount != BulletinsPerTerritory || page.Items.Count != 20 || inboxCounts != new InboxCounts(unread, urgentUnread)
                || page.Items.Count(i => i.Urgent && i.ReadAtUtc is null) != Math.Min(20, urgentUnread))
            {
                throw new InvalidOperationException($"inbox: {page.TotalCount} bulletins, {inboxCounts}; expected {BulletinsPerTerritory}, {unread} unread, {urgentUnread} urgent");
            }

            return 0;
        });
        rows.Add(($"{label}: inbox page, list of 20 + counts, 2,000 received (ms)", "< 50", await TimeAsync(20 * runs, async sp =>
        {
            var inbox = sp.GetRequiredService<Inbox>();
            await inbox.CountsAsync(Reader);
            await inbox.ListAsync(Reader, false, null, 1, 20);
        })));
        rows.Add(($"{label}: inbox page, unread only (ms)", "", await TimeAsync(20 * runs, sp => sp.GetRequiredService<Inbox>().ListAsync(Reader, true, null, 1, 20))));
        rows.Add(($"{label}: nav badge, unread count (ms)", "< 10", await TimeAsync(50 * runs, sp => sp.GetRequiredService<Inbox>().UnreadAsync(Reader))));
        var professional = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "bench-reader"), new Claim(ClaimTypes.Name, "reader"), new Claim(ClaimTypes.Email, Email(Reader)), new Claim(ClaimTypes.Role, Roles.Professional)],
            "bench"));
        rows.Add(($"{label}: nav badge with the directory entry lookup, as on every page (ms)", "", await TimeAsync(50 * runs, async sp =>
        {
            var me = await sp.GetRequiredService<FindOwnEntry>().ExecuteAsync(professional) ?? throw new InvalidOperationException("reader not found");
            await sp.GetRequiredService<Inbox>().UnreadAsync(me);
        })));

        // The busy week of territory 1: 200 bulletins, 10 to everyone, the others to one profession each.
        var weekIds = Enumerable.Range(OlderBulletins + 1, BulletinsPerTerritory - OlderBulletins).ToList();
        var deliveries = weekIds.Sum(b => b % 20 == 0 ? BigActive : BigActive / Professions.Length);
        var report = await InScopeAsync(sp => sp.GetRequiredService<WeekCoverage>().ExecuteAsync(1, Week, admin));
        if (report.Bulletins.Count != weekIds.Count || report.Professions.Sum(p => p.Deliveries) != deliveries
            || report.Professions.Where(p => Professions.Contains(p.Profession)).Any(p => p.Members != BigActive / Professions.Length))
        {
            throw new InvalidOperationException($"coverage: {report.Bulletins.Count} bulletins, {report.Professions.Sum(p => p.Deliveries)} deliveries; expected {weekIds.Count}, {deliveries}");
        }

        rows.Add(($"{label}: week coverage, 5,000 professionals, 200 bulletins, {deliveries:N0} deliveries (ms)", "< 500",
            await TimeAsync(2 * runs, sp => sp.GetRequiredService<WeekCoverage>().ExecuteAsync(1, Week, admin))));

        if (mail)
        {
            await MailAsync(label, provider, sink, InScopeAsync<int>, PublishAsync, rows);
        }
    }

    /// <summary>
    /// One urgent bulletin to the 5,000 of territory 1, then dispatch passes as the background job runs them, until the
    /// sink holds every e-mail; then the SMTP hand-over alone, one connection per e-mail as MailSender does it, and for
    /// comparison one SmtpClient reused.
    /// </summary>
    private static async Task MailAsync(
        string label, IServiceProvider provider, LocalSmtpSink sink, Func<Func<IServiceProvider, Task<int>>, Task<int>> inScope,
        Func<bool, Task<(int Id, double Ms)>> publish, List<(string, string, List<double>)> rows)
    {
        // What the publication benchmark left counts as already mailed: only the next bulletin goes out.
        await inScope(sp => sp.GetRequiredService<MaillageDb>().Set<BulletinRecipient>().Where(r => r.MailedAtUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.MailedAtUtc, DateTime.UtcNow)));
        await publish(true);
        var before = sink.Messages.Count;
        var passes = new List<double>();
        var total = Stopwatch.StartNew();
        DispatchResult? first = null;
        while (sink.Messages.Count - before < BigActive)
        {
            var pass = Stopwatch.StartNew();
            var result = await inScope(async sp =>
            {
                var r = await sp.GetRequiredService<MailDispatcher>().RunOnceAsync();
                first ??= r;
                return r.Sent;
            });
            passes.Add(pass.Elapsed.TotalMilliseconds);
            if (result == 0)
            {
                throw new InvalidOperationException($"a dispatch pass sent nothing; {sink.Messages.Count - before} of {BigActive} received");
            }
        }

        var elapsed = total.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: first pass queued {first!.Queued} and sent {first.Sent} in {passes[0]:0} ms; {passes.Count} passes in all, {elapsed.TotalSeconds:0.0} s for {BigActive} e-mails: {BigActive / elapsed.TotalSeconds:0} e-mails/s"));
        rows.Add(($"{label}: first dispatch pass, queue 5,000 + send {first.Sent} (ms)", "", [passes[0]]));
        if (passes.Count > 1)
        {
            // Passes cut short by their time limit, when a pass cannot send everything due at once.
            rows.Add(($"{label}: following dispatch passes (ms)", "", passes.Skip(1).ToList()));
        }
        var queued = await inScope(sp => sp.GetRequiredService<MaillageDb>().Set<MailDelivery>().CountAsync(d => d.Status == DeliveryStatus.Sent));
        if (queued != BigActive)
        {
            throw new InvalidOperationException($"{queued} deliveries sent instead of {BigActive}");
        }

        // The SMTP hand-over alone: MailSender opens a connection for each e-mail; a reused SmtpClient, for comparison.
        const int count = 500;
        var sessions = typeof(LocalSmtpSink).GetField("sessionCount", BindingFlags.NonPublic | BindingFlags.Instance);
        int Sessions() => (int)sessions!.GetValue(sink)!;
        var sender = provider.GetRequiredService<MailSender>();
        var mail = new OutgoingMail("pro1@exemple.invalid", "Prénom Fictif", "Bulletin fictif", "Texte fictif.\r\n", "<p>Texte fictif.</p>", "http://127.0.0.1:5080/information/desabonnement/x");
        var opened = Sessions();
        var alone = new List<double>();
        total.Restart();
        for (var i = 0; i < count; i++)
        {
            var w = Stopwatch.StartNew();
            await sender.SendAsync(mail);
            alone.Add(w.Elapsed.TotalMilliseconds);
        }

        var aloneRate = count / total.Elapsed.TotalSeconds;
        var aloneSessions = Sessions() - opened;
        opened = Sessions();
        var reused = new List<double>();
        total.Restart();
        using (var client = new SmtpClient("127.0.0.1", sink.Port) { EnableSsl = false })
        {
            for (var i = 0; i < count; i++)
            {
                using var message = new MailMessage("information@exemple.invalid", "pro1@exemple.invalid", "Bulletin fictif", "Texte fictif.");
                var w = Stopwatch.StartNew();
                await client.SendMailAsync(message);
                reused.Add(w.Elapsed.TotalMilliseconds);
            }
        }

        var reusedRate = count / total.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: MailSender alone {aloneRate:0} e-mails/s over {aloneSessions} SMTP sessions; one SmtpClient reused {reusedRate:0} e-mails/s over {Sessions() - opened} sessions"));
        rows.Add(($"{label}: MailSender.SendAsync alone, one e-mail (ms)", "", alone));
        rows.Add(($"{label}: one SmtpClient reused, one e-mail (ms)", "", reused));
    }

    private static bool IsRead(int bulletinId, int professionalId) => (bulletinId + professionalId) % 10 < 7;

    private static bool IsUrgent(int bulletinId) => (bulletinId - 1) % BulletinsPerTerritory % 25 == 24;

    private static string Email(int professionalId) => $"pro{professionalId}@exemple.invalid";

    private static double P(List<double> sorted, double q) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(q * sorted.Count) - 1)];

    /// <summary>
    /// Writes the dataset with explicit ids in one dialect both databases accept (a recursive CTE for the numbers; only
    /// the date arithmetic differs). Bulletin n of territory t has id (t − 1) × 2,000 + n; professional i of territory 1
    /// has id i, professional k of territory t &gt; 1 has id 5,100 + (t − 2) × 10 + k.
    /// </summary>
    private static async Task<Dictionary<string, long>> SeedAsync(MaillageDb db, bool postgres)
    {
        var weekStart = (int)(new DateTime(2020, 3, 16, 7, 0, 0, DateTimeKind.Utc) - Origin).TotalMinutes;
        string At(string minutes) => postgres
            ? $"(TIMESTAMPTZ '2018-06-01 00:00:00+00' + ({minutes}) * INTERVAL '1 minute')"
            : $"strftime('%Y-%m-%d %H:%M:%S', '2018-06-01', '+' || ({minutes}) || ' minutes')";
        string Plus(string column, int minutes) => postgres
            ? $"({column} + INTERVAL '{minutes} minutes')"
            : $"strftime('%Y-%m-%d %H:%M:%S', {column}, '+{minutes} minutes')";
        string ProfessionOf(string n) => $"CASE {n} % {Professions.Length} {string.Concat(Professions.Select((p, i) => $"WHEN {i} THEN '{p}' "))}END";
        var now = At("0");
        var recipientColumns = """ "BulletinId", "ProfessionalId", "Profession", "TerritoryId", "ReadAtUtc", "MailedAtUtc" """;
        var recipientValues = $"""b."Id", p."Id", p."Profession", b."TerritoryId", CASE WHEN (b."Id" + p."Id") % 10 < 7 THEN {Plus("b.\"PublishedAtUtc\"", 60)} ELSE NULL END, b."PublishedAtUtc" """;
        string[] script =
        [
            $"CREATE TEMP TABLE bench_n AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {BigMembers}) SELECT i FROM n",
            $"""
            INSERT INTO "Territories" ("Id", "Name", "NameKey", "IsDemo", "CreatedAtUtc", "UpdatedAtUtc", "Version")
            SELECT i, 'Territoire fictif ' || i, 'territoire fictif ' || i, FALSE, {now}, {now}, 1 FROM bench_n WHERE i <= {Territories}
            """,
            $"""
            INSERT INTO "Structures" ("Id", "TerritoryId", "Kind", "Name", "NameKey", "IsDemo", "CreatedAtUtc", "UpdatedAtUtc", "Version")
            SELECT i, 1, {(int)StructureKind.Msp}, 'Structure fictive ' || i, 'structure fictive ' || i, FALSE, {now}, {now}, 1 FROM bench_n WHERE i <= {BigStructures}
            UNION ALL
            SELECT {BigStructures} + i, i, {(int)StructureKind.Msp}, 'Structure fictive ' || ({BigStructures} + i), 'structure fictive ' || ({BigStructures} + i), FALSE, {now}, {now}, 1
            FROM bench_n WHERE i BETWEEN 2 AND {Territories}
            """,
            $"""
            INSERT INTO "Professionals" ("Id", "TerritoryId", "FirstName", "LastName", "NameKey", "Profession", "PracticeMode", "Email",
                "AcceptsNewPatients", "AtRisk", "IsDemo", "CreatedAtUtc", "UpdatedAtUtc", "ArchivedAtUtc", "Version")
            SELECT i, 1, 'Prénom', 'Fictif ' || i, 'fictif ' || i, {ProfessionOf("i")}, 0, 'pro' || i || '@exemple.invalid',
                TRUE, FALSE, FALSE, {now}, {now}, CASE WHEN i > {BigActive} THEN {now} ELSE NULL END, 1
            FROM bench_n WHERE i <= {BigMembers}
            UNION ALL
            SELECT {BigMembers} + (t.i - 2) * {SmallMembers} + k.i, t.i, 'Prénom', 'Fictif ' || ({BigMembers} + (t.i - 2) * {SmallMembers} + k.i),
                'fictif ' || ({BigMembers} + (t.i - 2) * {SmallMembers} + k.i), {ProfessionOf("k.i")}, 0,
                'pro' || ({BigMembers} + (t.i - 2) * {SmallMembers} + k.i) || '@exemple.invalid', TRUE, FALSE, FALSE, {now}, {now}, NULL, 1
            FROM bench_n t, bench_n k WHERE t.i BETWEEN 2 AND {Territories} AND k.i <= {SmallMembers}
            """,
            $"""
            INSERT INTO "Memberships" ("ProfessionalId", "StructureId", "Role")
            SELECT "Id", CASE WHEN "TerritoryId" = 1 THEN ("Id" - 1) % {BigStructures} + 1 ELSE {BigStructures} + "TerritoryId" END, 'membre' FROM "Professionals"
            """,
            $"""
            INSERT INTO "MailPreferences" ("ProfessionalId", "Mode", "UnsubscribeToken", "UpdatedAtUtc")
            SELECT "Id", 'Daily', 'jeton-fictif-' || "Id", {now} FROM "Professionals"
            """,
            // Territory 1: 1,800 bulletins every 8 hours to one structure each, then its busy week: 200 bulletins, every
            // 20th to everyone, the others to one profession. The other territories: every bulletin to all 10 members.
            $"""
            INSERT INTO "Bulletins" ("Id", "TerritoryId", "Title", "BodyMarkdown", "Urgent", "TerritoryIds", "Professions", "StructureIds", "Status",
                "PublishAtUtc", "PublishedAtUtc", "PublishedBy", "RecipientCount", "CreatedAtUtc", "CreatedBy", "UpdatedAtUtc", "Version")
            SELECT (t - 1) * {BulletinsPerTerritory} + n, t, 'Bulletin fictif ' || t || '-' || n, 'Texte **fictif** du bulletin ' || n || '.', (n % 25 = 0), '|' || t || '|',
                CASE WHEN t = 1 AND n > {OlderBulletins} AND n % 20 <> 0 THEN '|' || {ProfessionOf("n")} || '|' ELSE '' END,
                CASE WHEN t = 1 AND n <= {OlderBulletins} THEN '|' || ((n - 1) % {BigStructures} + 1) || '|' ELSE '' END,
                'Published', at, at, 'bench', 0, at, 'bench', at, 2
            FROM (SELECT t.i AS t, n.i AS n, {At($"CASE WHEN n.i <= {OlderBulletins} THEN n.i * 480 ELSE {weekStart} + (n.i - {OlderBulletins + 1}) * 45 END")} AS at
                  FROM bench_n t, bench_n n WHERE t.i <= {Territories} AND n.i <= {BulletinsPerTerritory}) x
            """,
            // 70 % of deliveries read an hour after publication; all mailed.
            $"""
            INSERT INTO "BulletinRecipients" ({recipientColumns})
            SELECT {recipientValues} FROM "Bulletins" b JOIN "Professionals" p ON p."TerritoryId" = b."TerritoryId"
            WHERE b."TerritoryId" > 1
            """,
            $"""
            INSERT INTO "BulletinRecipients" ({recipientColumns})
            SELECT {recipientValues} FROM "Bulletins" b JOIN "Memberships" m ON m."StructureId" = (b."Id" - 1) % {BigStructures} + 1
            JOIN "Professionals" p ON p."Id" = m."ProfessionalId" AND p."ArchivedAtUtc" IS NULL
            WHERE b."Id" <= {OlderBulletins}
            """,
            $"""
            INSERT INTO "BulletinRecipients" ({recipientColumns})
            SELECT {recipientValues} FROM "Bulletins" b JOIN "Professionals" p ON p."TerritoryId" = 1 AND p."ArchivedAtUtc" IS NULL
                AND (b."Professions" = '' OR b."Professions" = '|' || p."Profession" || '|')
            WHERE b."Id" > {OlderBulletins} AND b."Id" <= {BulletinsPerTerritory}
            """,
            // The reader's account, which sees territory 2: the badge finds the directory entry through it.
            $"""
            INSERT INTO "AspNetUsers" ("Id", "DisplayName", "IsDemo", "CreatedAtUtc", "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
            VALUES ('bench-reader', 'Prénom Fictif', FALSE, {now}, FALSE, FALSE, FALSE, FALSE, 0)
            """,
            """INSERT INTO "UserTerritories" ("UserId", "TerritoryId") VALUES ('bench-reader', 2)""",
            """UPDATE "Bulletins" SET "RecipientCount" = (SELECT count(*) FROM "BulletinRecipients" r WHERE r."BulletinId" = "Bulletins"."Id")""",
            "DROP TABLE bench_n",
        ];

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                foreach (var statement in script)
                {
                    await ExecuteAsync(connection, transaction, statement);
                }

                await transaction.CommitAsync();
            }

            var counts = new Dictionary<string, long>();
            foreach (var table in new[] { "Territories", "Structures", "Professionals", "Memberships", "Bulletins", "BulletinRecipients" })
            {
                if (postgres && table is not ("Memberships" or "BulletinRecipients"))
                {
                    // Rows written with explicit ids: the next id the application asks for comes after them.
                    await ExecuteAsync(connection, null, $"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), (SELECT max(\"Id\") FROM \"{table}\") + 1, false)");
                }

                await using var count = connection.CreateCommand();
                count.CommandText = $"SELECT count(*) FROM \"{table}\"";
                counts[table] = Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            }

            if (postgres)
            {
                // What autovacuum does soon after a bulk load; SQLite is left as the application leaves it (no ANALYZE).
                await ExecuteAsync(connection, null, "VACUUM ANALYZE");
            }

            return counts;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 1800;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task Cli(string db, string work, params string[] args)
    {
        var config = new Dictionary<string, string?> { ["MAILLAGE_DB"] = db, ["MAILLAGE_KEYS"] = Path.Combine(work, "keys") };
        var error = new StringWriter();
        var code = await MaillageApp.RunCliAsync(args, TextReader.Null, TextWriter.Null, error, config);
        if (code != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', args)} failed: {error}");
        }
    }
}
