using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Maillage;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Crisis;
using Maillage.Features.Directory;
using Maillage.Features.FollowUp;
using Maillage.Features.Regulation;
using Maillage.Features.Reporting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

/// <summary>
/// Activity reporting at national scale on PostgreSQL: 100 territories of 10 dedicated centres each (real
/// communes), 120 days of figures entered for every centre, and what the derived figures are counted from —
/// booked slots (20 a centre a day, each with its call), calls sent to the 15 (1 a centre a day), rosters
/// (2 shifts, 2 roles, 3 people a centre a day), follow-up episodes with contacts and handoffs (10 new
/// episodes a territory a day). The rows are written with set-based SQL (generate_series), not through the
/// use cases. Then the weekly report of one territory, of all territories at once, the 120-day dashboard
/// grid of one territory and the authorities' overview are timed through the use cases, warm, each against
/// one hand-written SQL query computing the same daily counts.
/// </summary>
internal static class ReportingBench
{
    private const int Territories = 100;
    private const int CentresPerTerritory = 10;
    private const int Centres = Territories * CentresPerTerritory;
    private const int Days = 120;
    private const int SlotsPerDay = 20;
    private const int EpisodesPerDay = 10;
    private static readonly DateOnly First = new(2020, 3, 16);
    private static readonly DateOnly Last = First.AddDays(Days - 1);
    private static readonly DateOnly Week = new(2020, 4, 13);

    public static async Task RunAsync(string work, int runs)
    {
        if (Environment.GetEnvironmentVariable("MAILLAGE_BENCH_PG") is not { Length: > 0 } admin)
        {
            Console.WriteLine("reporting benchmark skipped: set MAILLAGE_BENCH_PG=postgresql://user@127.0.0.1:PORT/postgres");
            return;
        }

        var name = $"maillage_bench_reporting_{Environment.ProcessId}";
        await using (var connection = new NpgsqlConnection(DatabaseSettings.Parse(admin).ConnectionString))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection).ExecuteNonQueryAsync();
        }

        var url = new UriBuilder(new Uri(admin)) { Path = "/" + name }.Uri.ToString();
        var connectionString = DatabaseSettings.Parse(url).ConnectionString;
        await Cli(url, work, "db", "migrate");
        await Cli(url, work, "geo", "import");

        var watch = Stopwatch.StartNew();
        var counts = await GenerateAsync(connectionString);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated in {watch.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", counts.Select(c => $"{c.Value:N0} {c.Key}"))}"));

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MAILLAGE_DB"] = url,
            ["MAILLAGE_KEYS"] = Path.Combine(work, "keys"),
        }).Build();
        var services = new ServiceCollection().AddLogging();
        MaillageApp.AddCore(services, configuration);
        await using var provider = services.BuildServiceProvider();
        var everyone = Enumerable.Range(1, Territories).ToList();

        var inProcess = new InProcess(provider);
        Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action) => inProcess.InScopeAsync(action);
        Task<List<double>> TimeAsync(int count, Func<IServiceProvider, Task> action) => inProcess.TimeAsync(count, action);

        await using var sql = new NpgsqlConnection(connectionString);
        await sql.OpenAsync();

        async Task<List<double>> TimeSqlAsync(int count, string text, Action<NpgsqlParameterCollection> parameters)
        {
            var timings = new List<double>();
            for (var i = 0; i < count + 3; i++)
            {
                var w = Stopwatch.StartNew();
                await using var command = new NpgsqlCommand(text, sql);
                parameters(command.Parameters);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                }

                if (i >= 3)
                {
                    timings.Add(w.Elapsed.TotalMilliseconds);
                }
            }

            return timings;
        }

        void Daily(NpgsqlParameterCollection p, int[] territories, DateOnly from, DateOnly to)
        {
            p.AddWithValue("t", territories);
            p.AddWithValue("from", from);
            p.AddWithValue("to", to);
        }

        var rows = new List<(string Measure, List<double> Ours, List<double> Sql, string Goal)>();

        // Sanity check before timing: the hand-written query finds the same week totals as the use case.
        var report = await InScopeAsync(sp => sp.GetRequiredService<WeeklyReports>().BuildAsync(1, Week));
        await using (var check = new NpgsqlCommand($"SELECT code, sum(value)::int FROM ({DailySql}) x GROUP BY code", sql))
        {
            Daily(check.Parameters, [1], Week, Week.AddDays(6));
            await using var reader = await check.ExecuteReaderAsync();
            var mismatches = new List<string>();
            while (await reader.ReadAsync())
            {
                var code = reader.GetString(0);
                var ours = Indicators.Get(code).Scope == IndicatorScope.Centre ? report.Grid.CentreTotal(code).Total.Value : report.Grid.TerritoryLine(code).Total.Value;
                if (Indicators.Get(code).Kind == IndicatorKind.Sum && ours != reader.GetInt32(1))
                {
                    mismatches.Add($"{code}: ours {ours}, SQL {reader.GetInt32(1)}");
                }
            }

            Console.WriteLine(mismatches.Count == 0 ? "check: the SQL week totals equal the report's" : $"check FAILED: {string.Join("; ", mismatches)}");
        }

        rows.Add(("weekly report, one territory (10 centres, 7 days)",
            await TimeAsync(10 * runs, sp => sp.GetRequiredService<WeeklyReports>().BuildAsync(7, Week)),
            await TimeSqlAsync(10 * runs, DailySql, p => Daily(p, [7], Week, Week.AddDays(6))),
            "< 200 ms"));
        rows.Add(("weekly reports, all 100 territories at once",
            await TimeAsync(2 * runs, sp => sp.GetRequiredService<WeeklyReports>().BuildManyAsync(everyone, Week)),
            await TimeSqlAsync(2 * runs, DailySql, p => Daily(p, [.. everyone], Week, Week.AddDays(6))),
            "< 2 s"));
        rows.Add(("dashboard grid, one territory over 120 days",
            await TimeAsync(5 * runs, async sp =>
            {
                var inputs = (await sp.GetRequiredService<ActivitySources>().LoadAsync([13], First, Last))[13];
                ActivityGridBuilder.Build(inputs, First, Last, Last);
            }),
            await TimeSqlAsync(5 * runs, DailySql, p => Daily(p, [13], First, Last)),
            "< 300 ms"));

        // The authorities' overview reads approved weeks: approve 8 weeks of every territory first.
        var adminUser = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "bench"), new Claim(ClaimTypes.Name, "bench"), new Claim(ClaimTypes.Role, Roles.Administrator)], "bench"));
        var overviewFirst = new DateOnly(2020, 4, 6);
        var overviewLast = overviewFirst.AddDays(7 * 7);
        watch.Restart();
        for (var monday = overviewFirst; monday <= overviewLast; monday = monday.AddDays(7))
        {
            foreach (var territory in everyone)
            {
                await InScopeAsync(sp => sp.GetRequiredService<WeeklyReports>().ApproveAsync(territory, monday, new WeekApproval(null, AcceptIncomplete: true), adminUser));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"approved 800 territory-weeks in {watch.Elapsed.TotalSeconds:0.0} s"));
        rows.Add(("authorities' overview, consultations, 100 territories × 8 approved weeks",
            await TimeAsync(runs, sp => sp.GetRequiredService<Dashboards>().OverviewAsync(Indicators.Consultations, overviewFirst, overviewLast, adminUser)),
            await TimeSqlAsync(runs, OverviewSql, p =>
            {
                p.AddWithValue("t", everyone.ToArray());
                p.AddWithValue("from", overviewFirst);
                p.AddWithValue("to", overviewLast.AddDays(6));
            }),
            ""));

        Console.WriteLine();
        Console.WriteLine("| measure | goal | runs | ours median | ours p95 | SQL median | SQL p95 | ours ÷ SQL (median) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var (measure, ours, sqlTimes, goal) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {measure} (ms) | {goal} | {ours.Count} | {P(ours, 0.5):0.0} | {P(ours, 0.95):0.0} | {P(sqlTimes, 0.5):0.0} | {P(sqlTimes, 0.95):0.0} | {P(ours, 0.5) / P(sqlTimes, 0.5):0.0} |"));
        }

        Console.WriteLine();
        foreach (var (measure, ours, sqlTimes, _) in rows)
        {
            BenchReport.Row($"{measure}, use case (ms)", ours);
            BenchReport.Row($"{measure}, one SQL query (ms)", sqlTimes);
        }
    }

    private static double P(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(q * sorted.Count) - 1)];
    }

    /// <summary>
    /// Every daily count of the report for some territories and days, as rows (centre or territory, day,
    /// indicator, value), in one query: entered values; bookings and calls to the 15 by the Paris day of the
    /// slot or call; roster places (the benchmark's shifts are every day, which the query assumes, where the use
    /// case reads each shift's pattern); contacts by the centre where their author was on shift; follow-up
    /// levels and handoffs per territory.
    /// </summary>
    private const string DailySql = """
        WITH c AS (
            SELECT d."Id" AS centre, d."SiteId" AS site, e."TerritoryId" AS territory
            FROM "DedicatedCentres" d JOIN "CrisisEpisodes" e ON e."Id" = d."EpisodeId"
            WHERE e."TerritoryId" = ANY(@t)),
        days AS (SELECT generate_series(@from::date, @to::date, interval '1 day')::date AS day),
        span AS (SELECT (@from::date)::timestamp AT TIME ZONE 'Europe/Paris' AS start, (@to::date + 1)::timestamp AT TIME ZONE 'Europe/Paris' AS finish),
        onshift AS (
            SELECT a."ProfessionalId" AS pro, a."Date" AS day, min(t."CentreId") AS centre
            FROM c JOIN "ShiftTemplates" t ON t."CentreId" = c.centre
            JOIN "ShiftAssignments" a ON a."ShiftTemplateId" = t."Id" AND a."Date" BETWEEN @from AND @to
            GROUP BY 1, 2),
        episodes AS (
            SELECT e."Id", e."TerritoryId", e."OpenedAtUtc", e."ClosedAtUtc"
            FROM "FollowUpEpisodes" e, span
            WHERE e."TerritoryId" = ANY(@t) AND e."OpenedAtUtc" < span.finish AND (e."ClosedAtUtc" IS NULL OR e."ClosedAtUtc" >= span.start))
        SELECT v."CentreId" AS unit, v."Day" AS day, v."Indicator" AS code, v."Value" AS value
        FROM "ActivityValues" v JOIN c ON c.centre = v."CentreId"
        WHERE v."Day" BETWEEN @from AND @to AND v."Value" IS NOT NULL
        UNION ALL
        SELECT c.centre, (s."StartUtc" AT TIME ZONE 'Europe/Paris')::date, 'consultations', count(*)::int
        FROM c JOIN "Slots" s ON s."SiteId" = c.site JOIN span ON s."StartUtc" >= span.start AND s."StartUtc" < span.finish
        JOIN "SlotBookings" b ON b."SlotId" = s."Id" AND b."CancelledAtUtc" IS NULL
        GROUP BY 1, 2
        UNION ALL
        SELECT c.centre, (r."StartedAtUtc" AT TIME ZONE 'Europe/Paris')::date, 'transferts-15', count(*)::int
        FROM c JOIN "RegulationCalls" r ON r."TakenAtSiteId" = c.site AND r."FinalOrientation" = 'appel-15'
        JOIN span ON r."StartedAtUtc" >= span.start AND r."StartedAtUtc" < span.finish
        GROUP BY 1, 2
        UNION ALL
        SELECT centre, day, code, value FROM (
            SELECT t."CentreId" AS centre, days.day,
                sum(q."Headcount")::int AS required,
                sum(LEAST(q."Headcount", coalesce(f.filled, 0)))::int AS filled
            FROM c JOIN "ShiftTemplates" t ON t."CentreId" = c.centre
            JOIN "RoleRequirements" q ON q."ShiftTemplateId" = t."Id"
            CROSS JOIN days
            JOIN "RosterWeeks" w ON w."CentreId" = t."CentreId" AND w."WeekStart" = date_trunc('week', days.day)::date
            LEFT JOIN (SELECT a."ShiftTemplateId", a."Date", a."RoleId", count(*) AS filled FROM "ShiftAssignments" a
                       WHERE a."Date" BETWEEN @from AND @to GROUP BY 1, 2, 3) f
                ON f."ShiftTemplateId" = t."Id" AND f."Date" = days.day AND f."RoleId" = q."RoleId"
            GROUP BY 1, 2) p
        CROSS JOIN LATERAL (VALUES ('postes-requis', p.required), ('postes-pourvus', p.filled)) v(code, value)
        UNION ALL
        SELECT o.centre, o.day, CASE k."Channel" WHEN 'Teleconsultation' THEN 'teleconsultations' ELSE 'visites-domicile' END, count(*)::int
        FROM episodes e JOIN "EpisodeContacts" k ON k."EpisodeId" = e."Id"
        JOIN span ON k."AtUtc" >= span.start AND k."AtUtc" < span.finish
        JOIN onshift o ON o.pro = k."ByProfessionalId" AND o.day = (k."AtUtc" AT TIME ZONE 'Europe/Paris')::date
        WHERE k."Channel" IN ('Teleconsultation', 'HomeVisit')
        GROUP BY 1, 2, 3
        UNION ALL
        SELECT e."TerritoryId", days.day, v.code, v.value FROM (
            SELECT e."TerritoryId", days.day,
                count(*) FILTER (WHERE e."OpenedAtUtc" < (days.day + 1)::timestamp AT TIME ZONE 'Europe/Paris'
                    AND (e."ClosedAtUtc" IS NULL OR e."ClosedAtUtc" >= (days.day + 1)::timestamp AT TIME ZONE 'Europe/Paris'))::int AS open,
                count(*) FILTER (WHERE (e."OpenedAtUtc" AT TIME ZONE 'Europe/Paris')::date = days.day)::int AS opened
            FROM episodes e JOIN days ON e."OpenedAtUtc" < (days.day + 1)::timestamp AT TIME ZONE 'Europe/Paris'
                AND (e."ClosedAtUtc" IS NULL OR e."ClosedAtUtc" >= days.day::timestamp AT TIME ZONE 'Europe/Paris')
            GROUP BY 1, 2) e
        JOIN days ON days.day = e.day
        CROSS JOIN LATERAL (VALUES ('patients-suivis', e.open), ('nouveaux-suivis', e.opened)) v(code, value)
        UNION ALL
        SELECT territory, day, v.code, v.value FROM (
            SELECT e."TerritoryId" AS territory, (h."RequestedAtUtc" AT TIME ZONE 'Europe/Paris')::date AS day, count(*)::int AS asked,
                count(*) FILTER (WHERE h."Status" = 'Accepted' AND h."AnsweredAtUtc" <= h."DeadlineUtc")::int AS in_time
            FROM "Handoffs" h JOIN "FollowUpEpisodes" e ON e."Id" = h."EpisodeId" AND e."TerritoryId" = ANY(@t)
            JOIN span ON h."RequestedAtUtc" >= span.start AND h."RequestedAtUtc" < span.finish
            GROUP BY 1, 2) h
        CROSS JOIN LATERAL (VALUES ('relais-demandes', h.asked), ('relais-acceptes-delai', h.in_time)) v(code, value)
        """;

    /// <summary>Consultations per territory and ISO week from the records, with the week and grand totals: the overview's table.</summary>
    private const string OverviewSql = """
        SELECT e."TerritoryId", date_trunc('week', s."StartUtc" AT TIME ZONE 'Europe/Paris')::date AS week, count(*)::int
        FROM "DedicatedCentres" d JOIN "CrisisEpisodes" e ON e."Id" = d."EpisodeId"
        JOIN "Slots" s ON s."SiteId" = d."SiteId"
            AND s."StartUtc" >= (@from::date)::timestamp AT TIME ZONE 'Europe/Paris' AND s."StartUtc" < (@to::date + 1)::timestamp AT TIME ZONE 'Europe/Paris'
        JOIN "SlotBookings" b ON b."SlotId" = s."Id" AND b."CancelledAtUtc" IS NULL
        WHERE e."TerritoryId" = ANY(@t)
        GROUP BY ROLLUP (1, 2)
        """;

    /// <summary>Writes the national dataset with explicit ids (centre c is in territory (c−1)/10+1, its structure and site are c), then moves the id sequences past them.</summary>
    private static async Task<Dictionary<string, long>> GenerateAsync(string connectionString)
    {
        var first = First.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var last = Last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var kind = (int)StructureKind.CentreDedie;
        var open = (int)CentreStage.Open;
        var project = (int)CentreStage.Project;
        var dormant = (int)CentreStage.Dormant;
        var published = TriageProtocolStatus.Published;
        const string empty = "{}";
        var script = $"""
            SELECT setseed(0.42);
            CREATE TEMP TABLE bench_days AS
                SELECT d::date AS day, (d::date - DATE '{first}') AS i FROM generate_series(DATE '{first}', DATE '{last}', interval '1 day') d;
            CREATE TEMP TABLE bench_centres AS
                SELECT n AS c, (n - 1) / {CentresPerTerritory} + 1 AS t, x."Code" AS commune, x."DepartementCode" AS dep
                FROM (SELECT row_number() OVER (ORDER BY "Code") AS r, "Code", "DepartementCode" FROM "Communes"
                      WHERE "EpciCode" IS NOT NULL AND "DepartementCode" IS NOT NULL) x
                JOIN generate_series(1, {Centres}) n ON x.r = n * 34;

            INSERT INTO "Territories" ("Id", "Name", "NameKey", "IsDemo", "CreatedAtUtc", "UpdatedAtUtc", "Version")
            SELECT t, 'Territoire de test ' || t, 'territoire de test ' || t, false, now(), now(), 1 FROM generate_series(1, {Territories}) t;
            INSERT INTO "Structures" ("Id", "TerritoryId", "Kind", "Name", "NameKey", "IsDemo", "CreatedAtUtc", "UpdatedAtUtc", "Version")
            SELECT c, t, {kind}, 'Centre Covid ' || c, 'centre covid ' || c, false, now(), now(), 1 FROM bench_centres;
            INSERT INTO "Sites" ("Id", "StructureId", "Name", "CommuneCode", "DepartementCode", "Version")
            SELECT c, c, 'Gymnase', commune, dep, 1 FROM bench_centres;
            INSERT INTO "CrisisEpisodes" ("Id", "TerritoryId", "Name", "OpenedOn", "IsDemo", "CreatedAtUtc", "Version")
            SELECT t, t, 'Vague 1', DATE '2020-03-01', false, now(), 1 FROM generate_series(1, {Territories}) t;
            INSERT INTO "DedicatedCentres" ("Id", "EpisodeId", "StructureId", "SiteId", "SuspectCircuit", "NonSuspectCircuit", "CapacityPerHour", "Stage", "Version")
            SELECT c, t, c, c, true, false, 6, CASE WHEN c % 10 = 0 THEN {dormant} ELSE {open} END, 1 FROM bench_centres;
            INSERT INTO "CentreStageChanges" ("CentreId", "Stage", "On", "RecordedAtUtc", "RecordedBy")
            SELECT c, {project}, DATE '2020-03-02', now(), 'bench' FROM bench_centres
            UNION ALL SELECT c, {open}, DATE '{first}' + c % 5, now(), 'bench' FROM bench_centres
            UNION ALL SELECT c, {dormant}, DATE '2020-06-01', now(), 'bench' FROM bench_centres WHERE c % 10 = 0;
            INSERT INTO "TriageProtocolVersions" ("Id", "TerritoryId", "Number", "Name", "Definition", "Status", "CreatedAtUtc", "CreatedBy", "UpdatedAtUtc", "UpdatedBy", "Revision")
            SELECT t, t, 1, 'Protocole', '{empty}', '{published}', now(), 'bench', now(), 'bench', 1 FROM generate_series(1, {Territories}) t;
            INSERT INTO "Professionals" ("Id", "TerritoryId", "FirstName", "LastName", "NameKey", "Profession", "PracticeMode", "AcceptsNewPatients", "AtRisk", "IsDemo", "CreatedAtUtc", "UpdatedAtUtc", "Version")
            SELECT 5 * (c - 1) + k, t, 'Prénom', 'Volontaire ' || (5 * (c - 1) + k), 'volontaire ' || (5 * (c - 1) + k), 'medecin-generaliste', 0, true, false, false, now(), now(), 1
            FROM bench_centres, generate_series(1, 5) k;

            -- Entered figures: tests and positives for each centre and day, 2 % of days left missing.
            INSERT INTO "ActivityValues" ("TerritoryId", "CentreId", "Day", "Indicator", "Value", "UpdatedAtUtc", "UpdatedBy", "Version")
            SELECT t, c, day, v.code, v.value, now(), 'bench', 1
            FROM (SELECT t, c, day, 5 + floor(random() * 40)::int AS pcr, floor(random() * 20)::int AS ag FROM bench_centres, bench_days WHERE random() > 0.02) x
            CROSS JOIN LATERAL (VALUES ('tests-pcr', pcr), ('tests-antigeniques', ag), ('positifs', floor(random() * (pcr + ag) * 0.15)::int)) v(code, value);

            -- Regulation: 20 slots a centre a day, every one booked by its call; 1 call a centre a day sent to the 15.
            INSERT INTO "Slots" ("Id", "TerritoryId", "SiteId", "Circuit", "StartUtc", "EndUtc", "CreatedAtUtc", "CreatedBy")
            SELECT id, t, c, 'Suspect', start, start + interval '20 minutes', start - interval '3 days', 'bench'
            FROM (SELECT ((c - 1) * {Days} + i) * {SlotsPerDay} + k + 1 AS id, t, c,
                         (day + time '08:00' + k * interval '20 minutes') AT TIME ZONE 'Europe/Paris' AS start
                  FROM bench_centres, bench_days, generate_series(0, {SlotsPerDay - 1}) k) s;
            INSERT INTO "RegulationCalls" ("Id", "TerritoryId", "ProtocolVersionId", "PlaceSiteId", "StartedAtUtc", "RecordedAtUtc", "TakenBy", "CallerRelation",
                "PatientLastName", "PatientFirstName", "PatientCommuneCode", "Answers", "ComputedOrientation", "RuleId", "Priority", "FinalOrientation", "DurationSeconds")
            SELECT s."Id", s."TerritoryId", s."TerritoryId", s."SiteId", s."StartUtc" - interval '1 day', s."StartUtc" - interval '1 day', 'bench', 'patient',
                'Fictif', 'Patient', b.commune, '{empty}', 'lieu-sans-medecin-traitant', 'suspect_sans_medecin', false, 'lieu-sans-medecin-traitant', 240
            FROM "Slots" s JOIN bench_centres b ON b.c = s."SiteId";
            INSERT INTO "SlotBookings" ("Id", "SlotId", "CallId", "BookedAtUtc", "BookedBy")
            SELECT "Id", "Id", "Id", "StartedAtUtc", 'bench' FROM "RegulationCalls";
            INSERT INTO "RegulationCalls" ("Id", "TerritoryId", "ProtocolVersionId", "TakenAtSiteId", "StartedAtUtc", "RecordedAtUtc", "TakenBy", "CallerRelation",
                "PatientLastName", "PatientFirstName", "PatientCommuneCode", "Answers", "ComputedOrientation", "RuleId", "Priority", "FinalOrientation", "DurationSeconds")
            SELECT {Centres * Days * SlotsPerDay} + (c - 1) * {Days} + i + 1, t, t, c, (day + time '10:30') AT TIME ZONE 'Europe/Paris', (day + time '10:40') AT TIME ZONE 'Europe/Paris',
                'bench', 'patient', 'Fictif', 'Patient', commune, '{empty}', 'appel-15', 'gravite', true, 'appel-15', 300
            FROM bench_centres, bench_days;

            -- Rosters: a morning and an afternoon shift every day, a doctor and a nurse on each; three of the four places filled.
            INSERT INTO "CentreRoles" ("Id", "CentreId", "Label", "Professions", "Exposed")
            SELECT 2 * c - 1, c, 'Médecin', 'medecin-generaliste', true FROM bench_centres
            UNION ALL SELECT 2 * c, c, 'Infirmier·e', 'infirmier', true FROM bench_centres;
            INSERT INTO "ShiftTemplates" ("Id", "CentreId", "Name", "Pattern")
            SELECT 2 * c - 1, c, 'Matin', 'lu-di 08:00-12:00' FROM bench_centres
            UNION ALL SELECT 2 * c, c, 'Après-midi', 'lu-di 13:00-17:00' FROM bench_centres;
            INSERT INTO "RoleRequirements" ("ShiftTemplateId", "RoleId", "Headcount")
            SELECT 2 * c - 1 + s, 2 * c - 1 + r, 1 FROM bench_centres, generate_series(0, 1) s, generate_series(0, 1) r;
            INSERT INTO "ShiftAssignments" ("ShiftTemplateId", "Date", "RoleId", "ProfessionalId", "Locked", "AssignedAtUtc", "AssignedBy")
            SELECT 2 * c - 1 + a.s, day, 2 * c - 1 + a.r, 5 * (c - 1) + (i + a.o) % 5 + 1, false, now(), 'bench'
            FROM bench_centres, bench_days, (VALUES (0, 0, 0), (0, 1, 1), (1, 0, 2)) a(s, r, o);
            -- Every week of the period is rostered: its places count.
            INSERT INTO "RosterWeeks" ("CentreId", "WeekStart", "Version")
            SELECT DISTINCT c, date_trunc('week', day)::date, 1 FROM bench_centres, bench_days;

            -- Follow-up: 10 new episodes a territory a day, most closed after 7 to 16 days; 3 contacts each by the doctor on the
            -- morning shift of a centre that day; one handoff each, most accepted in time.
            INSERT INTO "FollowUpEpisodes" ("Id", "TerritoryId", "PatientLastName", "PatientFirstName", "PatientCommuneCode", "Reason", "Status", "OpenedAtUtc", "ClosedAtUtc",
                "OpenedBy", "OpenedByUserId", "OwnerAccepted", "Version")
            SELECT ((t - 1) * {Days} + i) * {EpisodesPerDay} + k + 1, t, 'Fictif', 'Patient', '34142', '{EpisodeReason.SuspectedInfection}',
                CASE WHEN k = 0 THEN '{EpisodeStatus.Open}' ELSE '{EpisodeStatus.Closed}' END,
                (day + time '09:00' + k * interval '10 minutes') AT TIME ZONE 'Europe/Paris',
                CASE WHEN k = 0 THEN NULL ELSE (day + time '18:00' + (6 + k) * interval '1 day') AT TIME ZONE 'Europe/Paris' END,
                'bench', 'bench', true, 1
            FROM generate_series(1, {Territories}) t, bench_days, generate_series(0, {EpisodesPerDay - 1}) k;
            INSERT INTO "EpisodeContacts" ("EpisodeId", "AtUtc", "Channel", "Outcome", "By", "ByProfessionalId", "RecordedAtUtc")
            SELECT e.id, at, CASE n WHEN 1 THEN '{ContactChannel.Teleconsultation}' WHEN 2 THEN '{ContactChannel.HomeVisit}' ELSE '{ContactChannel.Phone}' END, 'joint', 'bench',
                5 * (centre - 1) + (i + n) % 5 + 1, at
            FROM (SELECT ((t - 1) * {Days} + i) * {EpisodesPerDay} + k + 1 AS id, (t - 1) * {CentresPerTerritory} + k + 1 AS centre, day, i
                  FROM generate_series(1, {Territories}) t, bench_days, generate_series(0, {EpisodesPerDay - 1}) k) e
            CROSS JOIN generate_series(1, 3) n
            CROSS JOIN LATERAL (SELECT (e.day + n + time '11:00') AT TIME ZONE 'Europe/Paris' AS at) a;
            INSERT INTO "Handoffs" ("EpisodeId", "Attempt", "ProfessionalId", "Basis", "Status", "RequestedAtUtc", "DeadlineUtc", "AnsweredAtUtc")
            SELECT "Id", 1, 5 * (("TerritoryId" - 1) * {CentresPerTerritory}) + 1, 'proximite',
                CASE WHEN "Id" % 3 = 0 THEN '{HandoffStatus.Declined}' ELSE '{HandoffStatus.Accepted}' END,
                "OpenedAtUtc" + interval '1 hour', "OpenedAtUtc" + interval '25 hours', "OpenedAtUtc" + ("Id" % 30) * interval '1 hour'
            FROM "FollowUpEpisodes";

            """;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand(script, connection) { CommandTimeout = 1800 })
        {
            await command.ExecuteNonQueryAsync();
        }

        var counts = new Dictionary<string, long>();
        foreach (var table in new[] { "Territories", "Structures", "Sites", "DedicatedCentres", "CentreStageChanges", "Professionals", "ActivityValues", "Slots", "SlotBookings",
            "RegulationCalls", "ShiftTemplates", "ShiftAssignments", "FollowUpEpisodes", "EpisodeContacts", "Handoffs" })
        {
            // Rows written with explicit ids: the next id the application asks for comes after them.
            await using (var reset = new NpgsqlCommand($"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), coalesce((SELECT max(\"Id\") FROM \"{table}\"), 0) + 1, false)", connection))
            {
                await reset.ExecuteScalarAsync();
            }

            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection);
            counts[table] = (long)(await count.ExecuteScalarAsync())!;
        }

        foreach (var table in new[] { "CrisisEpisodes", "TriageProtocolVersions", "CentreRoles" })
        {
            await using var reset = new NpgsqlCommand($"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), (SELECT max(\"Id\") FROM \"{table}\") + 1, false)", connection);
            await reset.ExecuteScalarAsync();
        }

        await using (var analyze = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 1800 })
        {
            await analyze.ExecuteNonQueryAsync();
        }

        return counts;
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
