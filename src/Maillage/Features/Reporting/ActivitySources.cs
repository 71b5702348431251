using System.Globalization;
using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Crisis;
using Maillage.Features.FollowUp;
using Maillage.Features.Regulation;
using Maillage.Features.Rosters;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Reporting;

/// <summary>Who does what with activity figures. Coordinators decide; centre secretaries also type the day's figures; the ARS reads what was approved, suppressed.</summary>
public static class ReportingAccess
{
    public static bool MayApprove(ClaimsPrincipal user) => user.IsInRole(Roles.Coordinator) || user.IsInRole(Roles.Administrator);

    public static bool MayEnter(ClaimsPrincipal user) => MayApprove(user) || user.IsInRole(Roles.Secretary);

    /// <summary>Exact figures of the territory, as recorded: those who enter or approve them.</summary>
    public static bool MayReadExact(ClaimsPrincipal user) => MayEnter(user);

    /// <summary>Approved reports with small counts suppressed.</summary>
    public static bool MayReadPublished(ClaimsPrincipal user) => MayApprove(user) || user.IsInRole(Roles.Authority);

    public static void Require(bool allowed)
    {
        if (!allowed)
        {
            throw new UnauthorizedAccessException();
        }
    }

}

/// <summary>
/// Gathers what a territory's activity grid is built from: its centres and their calendars, the values typed
/// by hand, and the counts the other features derive from their records (through their own use cases).
/// Several territories are read at once, one query per source, for the all-territories report.
/// </summary>
public sealed class ActivitySources(
    MaillageDb db, ListCentreCalendars calendars, CountSiteActivity siteActivity, CountFollowUpActivity followUp, CountRosterActivity rosters)
{
    public async Task<IReadOnlyDictionary<int, ActivityInputs>> LoadAsync(IReadOnlyCollection<int> territoryIds, DateOnly from, DateOnly to, int? centreId = null, CancellationToken ct = default)
    {
        var centres = (await calendars.ExecuteAsync(UserScope.Everything, territoryIds, ct)).Where(c => centreId == null || c.Id == centreId).ToList();
        var centreIds = centres.Select(c => c.Id).ToList();
        var entered = await EnteredAsync(centreIds, from, to, ct);
        var sites = await siteActivity.ExecuteAsync(centres.Select(c => c.SiteId).ToList(), from, to, ct);
        var roster = await rosters.ExecuteAsync(centreIds, from, to, ct);
        var follow = await followUp.ExecuteAsync(territoryIds, from, to, ct, roster.OnShift.Select(s => s.ProfessionalId).ToList());

        var derived = new Dictionary<(int, DateOnly, string), int>();
        void Add(int centre, DateOnly day, string code, int value)
        {
            if (value != 0)
            {
                derived[(centre, day, code)] = derived.GetValueOrDefault((centre, day, code)) + value;
            }
        }

        var centreOfSite = centres.GroupBy(c => c.SiteId).ToDictionary(g => g.Key, g => g.First().Id);
        foreach (var s in sites)
        {
            Add(centreOfSite[s.SiteId], s.Day, Indicators.Consultations, s.Consultations);
            Add(centreOfSite[s.SiteId], s.Day, Indicators.CallsTo15, s.CallsTo15);
        }

        foreach (var c in roster.Coverage)
        {
            Add(c.CentreId, c.Day, Indicators.PlacesRequired, c.Required);
            Add(c.CentreId, c.Day, Indicators.PlacesFilled, c.Filled);
        }

        // A contact counts for the centre where its author was on shift that day; on two centres, for the first one.
        var shiftOf = roster.OnShift.GroupBy(s => (s.ProfessionalId, s.Day)).ToDictionary(g => g.Key, g => g.Min(s => s.CentreId));
        foreach (var contact in follow.Contacts)
        {
            if (shiftOf.TryGetValue((contact.ProfessionalId, contact.Day), out var centre))
            {
                Add(centre, contact.Day, contact.Channel == ContactChannel.Teleconsultation ? Indicators.Teleconsultations : Indicators.HomeVisits, contact.Contacts);
            }
        }

        var result = new Dictionary<int, ActivityInputs>();
        foreach (var territory in territoryIds.Distinct())
        {
            var mine = centres.Where(c => c.TerritoryId == territory).ToList();
            var ids = mine.Select(c => c.Id).ToHashSet();
            var territoryDays = new Dictionary<(DateOnly, string), int>();
            foreach (var d in follow.Days.Where(d => d.TerritoryId == territory))
            {
                territoryDays[(d.Day, Indicators.UnderFollowUp)] = d.UnderFollowUp;
                territoryDays[(d.Day, Indicators.NewEpisodes)] = d.NewEpisodes;
                territoryDays[(d.Day, Indicators.HandoffsAsked)] = d.HandoffsAsked;
                territoryDays[(d.Day, Indicators.HandoffsInTime)] = d.HandoffsAcceptedInTime;
            }

            result[territory] = new ActivityInputs(
                mine,
                entered.Where(e => ids.Contains(e.Key.Centre)).ToDictionary(),
                derived.Where(e => ids.Contains(e.Key.Item1)).ToDictionary(),
                territoryDays);
        }

        return result;
    }

    public async Task<Dictionary<(int Centre, DateOnly Day, string Code), int>> EnteredAsync(IReadOnlyCollection<int> centreIds, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var ids = centreIds.ToList();
        return (await db.Set<ActivityValue>().AsNoTracking()
                .Where(v => ids.Contains(v.CentreId) && v.Day >= from && v.Day <= to && v.Value != null)
                .Select(v => new { v.CentreId, v.Day, v.Indicator, v.Value }).ToListAsync(ct))
            .ToDictionary(v => (v.CentreId, v.Day, v.Indicator), v => v.Value!.Value);
    }
}
