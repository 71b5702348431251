using System.Security.Claims;
using Maillage.Features.Accounts;
using Maillage.Features.Crisis;
using Maillage.Features.Reporting;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace Maillage.Features.Demo;

/// <summary>
/// The demo centre's activity: the first wave (from its opening on 20 March 2020 to mid-May), as the team
/// would have back-filled it from its spreadsheet, every week approved and one corrected after approval; and
/// the last eight weeks, the last two still to approve and the current one to complete. The figures are synthetic (a smooth
/// epidemic curve with a weekly rhythm), not real counts; antigen tests only appear in the recent weeks, as
/// they did not exist in spring 2020.
/// </summary>
public sealed class DemoReporting(
    ListCentreCalendars calendars, ActivityEntries entries, WeeklyReports weeks, ReportingSettingsStore settings,
    UserManager<AppUser> users, IUserClaimsPrincipalFactory<AppUser> signIn, TimeProvider time)
{
    public static readonly DateOnly FirstWaveStart = new(2020, 3, 20);
    public static readonly DateOnly FirstWaveEnd = new(2020, 5, 17);

    public async Task ExecuteAsync(int territoryId, CancellationToken ct = default)
    {
        var centre = (await calendars.ExecuteAsync(UserScope.Everything, [territoryId], ct)).FirstOrDefault();
        if (centre is null || (await weeks.ListAsync(territoryId, await CoordinatorAsync(), ct)).Count > 0)
        {
            return;
        }

        var coordinator = await CoordinatorAsync();
        var actor = Actor.From(coordinator);
        var name = Actor.NameOf(coordinator);
        await settings.SaveAsync(territoryId, new SettingsRequest(Suppression.DefaultThreshold, new Dictionary<string, int>
        {
            [Indicators.Consultations] = 2500,
            [Indicators.Teleconsultations] = 2500,
            [Indicators.HomeVisits] = 3500,
        }, 0), actor, name, ct);

        var firstWave = new List<DayEntry>();
        for (var day = FirstWaveStart; day <= FirstWaveEnd; day = day.AddDays(1))
        {
            firstWave.Add(Entry(centre.Id, day, FirstWave(day)));
        }

        await RecordAsync(territoryId, firstWave, actor, name, ct);

        for (var monday = IsoWeeks.Monday(FirstWaveStart); monday <= FirstWaveEnd; monday = monday.AddDays(7))
        {
            await weeks.ApproveAsync(territoryId, monday, new WeekApproval(null, AcceptIncomplete: true), coordinator, ct);
        }

        // A late laboratory result: the week of 6 April is corrected after it was sent, as version 2.
        var corrected = new DateOnly(2020, 4, 8);
        await weeks.ReopenAsync(territoryId, IsoWeeks.Monday(corrected), new WeekReopening(null, "Tests RT-PCR du 8 avril : résultats du laboratoire arrivés après l'envoi (exemple fictif)."), coordinator, ct);
        var figures = FirstWave(corrected);
        await entries.RecordAsync(territoryId, new DayEntry(centre.Id, corrected,
            new Dictionary<string, int?> { [Indicators.PcrTests] = figures[Indicators.PcrTests] + 6, [Indicators.Positives] = figures[Indicators.Positives] + 2 },
            "Résultats arrivés en retard (exemple fictif)", ConfirmOutliers: true), "saisie", actor, name, ct);
        await weeks.ApproveAsync(territoryId, IsoWeeks.Monday(corrected), new WeekApproval(null, AcceptIncomplete: true), coordinator, ct);

        // The last eight weeks: approved up to the week before last, the last one complete, the current one with days still missing.
        var today = French.Today(time);
        var current = IsoWeeks.Monday(today);
        var gap = today > current ? today.AddDays(-1) : (DateOnly?)null;
        var recent = new List<DayEntry>();
        for (var day = current.AddDays(-49); day < today; day = day.AddDays(1))
        {
            if (day != gap && centre.OpenOn(day))
            {
                recent.Add(Entry(centre.Id, day, Recent(day)));
            }
        }

        await RecordAsync(territoryId, recent, actor, name, ct);

        for (var monday = current.AddDays(-49); monday <= current.AddDays(-14); monday = monday.AddDays(7))
        {
            await weeks.ApproveAsync(territoryId, monday, new WeekApproval(null, AcceptIncomplete: true), coordinator, ct);
        }
    }

    private static DayEntry Entry(int centreId, DateOnly day, IReadOnlyDictionary<string, int?> values) =>
        new(centreId, day, values, "Reprise du tableur du centre (exemple fictif)", ConfirmOutliers: true);

    private async Task RecordAsync(int territoryId, IReadOnlyList<DayEntry> batch, Actor actor, string name, CancellationToken ct)
    {
        if ((await entries.RecordManyAsync(territoryId, batch, "import", actor, name, ct, allOrNothing: true)).FirstOrDefault(r => r.Error is not null).Error is { } error)
        {
            throw error;
        }
    }

    /// <summary>A bell-shaped first wave peaking in early April, quieter at the weekend, with a small fixed jitter.</summary>
    public static IReadOnlyDictionary<string, int?> FirstWave(DateOnly day)
    {
        var d = day.DayNumber - FirstWaveStart.DayNumber;
        var wave = Math.Exp(-Math.Pow((d - 17) / 11.0, 2));
        var week = day.DayOfWeek switch { DayOfWeek.Sunday => 0.3, DayOfWeek.Saturday => 0.6, _ => 1.0 };
        var jitter = (d * 37 % 5) - 2;
        int Of(double value) => Math.Max(0, (int)Math.Round(value * week) + jitter);
        var pcr = Of(10 + 38 * wave);
        var positivity = 0.02 + 0.26 * Math.Exp(-d / 18.0);
        return new Dictionary<string, int?>
        {
            [Indicators.Consultations] = Of(14 + 30 * wave),
            [Indicators.Teleconsultations] = Of(6 + 18 * wave),
            [Indicators.HomeVisits] = Math.Max(0, (int)Math.Round((1 + 4 * wave) * week)),
            [Indicators.CallsTo15] = Math.Max(0, (int)Math.Round((0.4 + 2.2 * wave) * week)),
            [Indicators.PcrTests] = pcr,
            [Indicators.AntigenTests] = 0,
            [Indicators.Positives] = Math.Min(pcr, (int)Math.Round(pcr * positivity)),
        };
    }

    /// <summary>A quiet period: a few tests a day, so that small counts are suppressed in what leaves the territory.</summary>
    public static IReadOnlyDictionary<string, int?> Recent(DateOnly day)
    {
        var n = day.DayNumber % 7;
        var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var pcr = weekend ? 2 + n % 2 : 6 + n % 4;
        var antigen = weekend ? 1 : 4 + n % 3;
        return new Dictionary<string, int?>
        {
            [Indicators.PcrTests] = pcr,
            [Indicators.AntigenTests] = antigen,
            [Indicators.Positives] = n % 3 == 0 ? 1 : 0,
            [Indicators.Teleconsultations] = weekend ? 0 : 3 + n % 3,
        };
    }

    private async Task<ClaimsPrincipal> CoordinatorAsync() =>
        await signIn.CreateAsync(await users.FindByEmailAsync("coordination@demo.maillage.test") ?? throw new InvalidOperationException("demo coordinator missing"));
}
