using System.Text;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Crisis;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Rosters;

public sealed record VolunteerShift(int AssignmentId, int CentreId, string CentreName, string Address, DateOnly Date, DateTime Start, DateTime End, string ShiftName, string Role, bool Published);

public sealed record UncoveredSoon(int CentreId, string CentreName, DateOnly Date, string Hours, string Role, int Missing, DateTime Start);

/// <summary>
/// A volunteer's shifts in every centre, from a date on. Volunteers see only published weeks; the
/// coordinator sees drafts too.
/// </summary>
public sealed class ListVolunteerShifts(MaillageDb db, ListCentreRefs centreRefs)
{
    public async Task<IReadOnlyList<VolunteerShift>> ExecuteAsync(int professionalId, DateOnly since, bool includeDrafts, UserScope scope, CancellationToken ct = default)
    {
        var rows = await (
            from a in db.Set<ShiftAssignment>().AsNoTracking()
            where a.ProfessionalId == professionalId && a.Date >= since
            join s in db.Set<ShiftTemplate>() on a.ShiftTemplateId equals s.Id
            join r in db.Set<CentreRole>() on a.RoleId equals r.Id
            select new { a.Id, a.Date, s.Pattern, ShiftName = s.Name, Role = r.Label, s.CentreId })
            .OrderBy(x => x.Date).Take(500).ToListAsync(ct);
        var centreIds = rows.Select(r => r.CentreId).Distinct().ToList();
        var centres = (await centreRefs.ExecuteAsync(scope, ct: ct)).Where(c => centreIds.Contains(c.Id)).ToDictionary(c => c.Id);
        var published = (await db.Set<RosterWeek>().AsNoTracking().Where(w => centreIds.Contains(w.CentreId) && w.PublishedVersion != null)
            .Select(w => new { w.CentreId, w.WeekStart }).ToListAsync(ct)).Select(w => (w.CentreId, w.WeekStart)).ToHashSet();
        return rows.Where(r => centres.ContainsKey(r.CentreId)).SelectMany(r =>
                RosterRules.Occurrences(r.Pattern, r.Date, r.Date).Take(1).Select(o =>
                {
                    var (start, end) = RosterRules.Times(r.Date, o.Hours);
                    var centre = centres[r.CentreId];
                    return new VolunteerShift(r.Id, r.CentreId, centre.Name, centre.Address, r.Date, start, end, r.ShiftName, r.Role,
                        published.Contains((r.CentreId, RosterRules.WeekStart(r.Date))));
                }))
            .Where(s => includeDrafts || s.Published).OrderBy(s => s.Start).ToList();
    }
}

/// <summary>Places still open in the next hours at the open centres of a reader's territories: the coordinator's alert.</summary>
public sealed class ListUncoveredSoon(MaillageDb db, ListCentreRefs centreRefs, TimeProvider time)
{
    /// <summary>How far ahead an open place is an emergency.</summary>
    public static readonly TimeSpan AlertWindow = TimeSpan.FromHours(48);

    public async Task<IReadOnlyList<UncoveredSoon>> ExecuteAsync(UserScope scope, CancellationToken ct = default)
    {
        var now = TimeZoneInfo.ConvertTimeFromUtc(time.GetUtcNow().UtcDateTime, French.Paris);
        var until = now + AlertWindow;
        var names = (await centreRefs.ExecuteAsync(scope, ct: ct)).Where(c => c.Stage == CentreStage.Open && !c.EpisodeClosed).ToDictionary(c => c.Id, c => c.Name);
        if (names.Count == 0)
        {
            return [];
        }

        var ids = names.Keys.ToList();
        var templates = await db.Set<ShiftTemplate>().AsNoTracking().Include(s => s.Requirements).Where(s => ids.Contains(s.CentreId)).ToListAsync(ct);
        var first = DateOnly.FromDateTime(now);
        var last = DateOnly.FromDateTime(until);
        var templateIds = templates.Select(t => t.Id).ToList();
        var counts = (await db.Set<ShiftAssignment>().AsNoTracking().Where(a => templateIds.Contains(a.ShiftTemplateId) && a.Date >= first && a.Date <= last)
            .Select(a => new { a.ShiftTemplateId, a.Date, a.RoleId }).ToListAsync(ct))
            .GroupBy(a => (a.ShiftTemplateId, a.Date, a.RoleId)).ToDictionary(g => g.Key, g => g.Count());
        var roles = await db.Set<CentreRole>().AsNoTracking().Where(r => ids.Contains(r.CentreId)).ToDictionaryAsync(r => r.Id, r => r.Label, ct);
        var result = new List<UncoveredSoon>();
        foreach (var t in templates)
        {
            foreach (var (date, hours) in RosterRules.Occurrences(t.Pattern, first, last))
            {
                var (start, _) = RosterRules.Times(date, hours);
                if (start < now || start > until)
                {
                    continue;
                }

                foreach (var r in t.Requirements)
                {
                    var missing = r.Headcount - counts.GetValueOrDefault((t.Id, date, r.RoleId));
                    if (missing > 0)
                    {
                        result.Add(new UncoveredSoon(t.CentreId, names[t.CentreId], date, hours.ToString(), roles.GetValueOrDefault(r.RoleId, "?"), missing, start));
                    }
                }
            }
        }

        return result.OrderBy(r => r.Start).ThenBy(r => r.CentreName, StringComparer.CurrentCulture).ToList();
    }
}

/// <summary>Roster exports: CSV for spreadsheets, iCalendar for volunteers' phones.</summary>
public static class RosterExports
{
    public static byte[] WeekCsv(RosterWeekView week)
    {
        var rows = week.Occurrences.SelectMany(o => o.Slots.SelectMany(s =>
            s.People.Select(p => new[] { o.Date.ToString("yyyy-MM-dd"), o.Start.ToString("HH:mm"), o.End.ToString("HH:mm"), o.ShiftName, s.Role, p.Name, p.Profession, p.Locked ? "oui" : "non" })
                .Concat(Enumerable.Range(0, s.Missing).Select(_ => new[] { o.Date.ToString("yyyy-MM-dd"), o.Start.ToString("HH:mm"), o.End.ToString("HH:mm"), o.ShiftName, s.Role, "", "", "à pourvoir" }))));
        return Csv.Write(["date", "debut", "fin", "creneau", "role", "nom", "profession", "verrouille"], rows);
    }

    /// <summary>
    /// An RFC 5545 calendar of shifts. Times are local Europe/Paris with the zone's rules written out
    /// (VTIMEZONE), so phones show the right hour on both sides of the clock changes.
    /// </summary>
    public static string ICalendar(string name, IEnumerable<VolunteerShift> shifts, DateTime stampUtc, string host)
    {
        var text = new StringBuilder();
        void Line(string line) => text.Append(Fold(line)).Append("\r\n");

        Line("BEGIN:VCALENDAR");
        Line("VERSION:2.0");
        Line("PRODID:-//Maillage//Plannings//FR");
        Line("CALSCALE:GREGORIAN");
        Line("METHOD:PUBLISH");
        Line($"X-WR-CALNAME:{Escape(name)}");
        Line("X-WR-TIMEZONE:Europe/Paris");
        foreach (var zoneLine in ParisTimeZone)
        {
            Line(zoneLine);
        }

        foreach (var s in shifts)
        {
            Line("BEGIN:VEVENT");
            Line($"UID:shift-{s.AssignmentId}@{host}");
            Line($"DTSTAMP:{stampUtc:yyyyMMdd'T'HHmmss'Z'}");
            Line($"DTSTART;TZID=Europe/Paris:{s.Start:yyyyMMdd'T'HHmmss}");
            Line($"DTEND;TZID=Europe/Paris:{s.End:yyyyMMdd'T'HHmmss}");
            Line($"SUMMARY:{Escape($"{s.CentreName} — {s.Role}")}");
            Line($"LOCATION:{Escape(s.Address.Length > 0 ? $"{s.CentreName}, {s.Address}" : s.CentreName)}");
            Line($"DESCRIPTION:{Escape($"Créneau « {s.ShiftName} », rôle « {s.Role} ». Prévenez le coordinateur si vous ne pouvez pas venir.")}");
            Line(s.Published ? "STATUS:CONFIRMED" : "STATUS:TENTATIVE");
            Line("END:VEVENT");
        }

        Line("END:VCALENDAR");
        return text.ToString();
    }

    private static readonly string[] ParisTimeZone =
    [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Paris",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "DTSTART:19810329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "DTSTART:19961027T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ];

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\").Replace(";", "\\;").Replace(",", "\\,").Replace("\r\n", "\\n").Replace("\n", "\\n");

    /// <summary>Lines longer than 75 octets continue on the next line after a space, never inside a UTF-8 character.</summary>
    private static string Fold(string line)
    {
        var result = new StringBuilder();
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > 75)
            {
                result.Append("\r\n ");
                octets = 1;
            }

            result.Append(rune.ToString());
            octets += size;
        }

        return result.ToString();
    }
}
