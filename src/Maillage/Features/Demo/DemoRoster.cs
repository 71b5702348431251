using Maillage.Features.Accounts;
using Maillage.Features.Crisis;
using Maillage.Features.Directory;
using Maillage.Features.Rosters;

namespace Maillage.Features.Demo;

/// <summary>
/// Staffing of the demo Covid centre around the day the demo is loaded, so the plannings pages have
/// something to show: two shifts a day, the demo volunteers' availability over four weeks (a fixed,
/// fictional pattern), one wish to work together, this week and the next proposed and published, the third
/// proposed as a draft, the fourth left for the visitor to propose. There are only two nurses who are not at
/// risk, so some places stay open, with their reasons — as they did.
/// </summary>
public sealed class DemoRoster(
    ListCentreRefs centres, AddStandardRoles addRoles, ShowCentreSetup setup, AddShiftTemplate addShift, ListProfessionals professionals,
    SetWeekAvailability setAvailability, SetRosterPreferences setPreferences, SolveRosterWeek solve, PublishRosterWeek publish, TimeProvider time)
{
    private static readonly UserScope Everything = UserScope.Everything;
    private static readonly Actor Loader = Actor.CommandLine;

    public async Task ExecuteAsync(int territoryId, CancellationToken ct = default)
    {
        var centre = (await centres.ExecuteAsync(Everything, null, ct))
            .FirstOrDefault(c => c.TerritoryId == territoryId && !c.EpisodeClosed && c.Stage == CentreStage.Open);
        if (centre is null || (await setup.ExecuteAsync(centre.Id, Everything, ct)).Roles.Count > 0)
        {
            return;
        }

        await addRoles.ExecuteAsync(centre.Id, Loader, Everything, ct);
        var roles = (await setup.ExecuteAsync(centre.Id, Everything, ct)).Roles.ToDictionary(r => r.Label, r => r.Id);
        var needs = new Dictionary<int, int> { [roles["Médecin"]] = 1, [roles["Infirmier·e"]] = 1, [roles["Accueil et tri"]] = 1 };
        var morning = await addShift.ExecuteAsync(centre.Id, "Matin", "lu-sa 08:30-12:30", needs, Loader, Everything, ct);
        var afternoon = await addShift.ExecuteAsync(centre.Id, "Après-midi", "lu-sa 13:30-18:30", needs, Loader, Everything, ct);

        var people = (await professionals.ExecuteAsync(new DirectoryFilter(TerritoryId: territoryId), Everything, 1, 100, ct)).Items.OrderBy(p => p.Id).ToList();
        var monday = RosterRules.WeekStart(RostersFeature.Today(time));
        for (var week = 0; week < 4; week++)
        {
            var start = monday.AddDays(7 * week);
            for (var i = 0; i < people.Count; i++)
            {
                // A fixed pattern: each person offers about two half-days out of three, never the same ones.
                var chosen = Enumerable.Range(0, 6).SelectMany(day => new[] { (morning, day, 0), (afternoon, day, 1) })
                    .Where(x => (i * 5 + x.day * 3 + x.Item3 * 2 + week) % 3 != 0)
                    .Select(x => (x.Item1, start.AddDays(x.day))).ToList();
                await setAvailability.ExecuteAsync(centre.Id, people[i].Id, start, chosen, Loader, Everything, ct);
            }
        }

        if (people.FirstOrDefault(p => p.Name == "FABRE Léa") is { } nurse && people.FirstOrDefault(p => p.Name == "MARTEL Inès") is { } doctor)
        {
            await setPreferences.ExecuteAsync(centre.Id, nurse.Id, centre.Id, [doctor.Id], Loader, Everything, ct);
        }

        foreach (var week in new[] { monday, monday.AddDays(7) })
        {
            await solve.ExecuteAsync(centre.Id, week, Loader, Everything, ct);
            await publish.ExecuteAsync(centre.Id, week, Loader, Everything, ct);
        }

        await solve.ExecuteAsync(centre.Id, monday.AddDays(14), Loader, Everything, ct);
    }
}
