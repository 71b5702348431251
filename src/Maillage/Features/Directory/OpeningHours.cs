using System.Globalization;
using Maillage.Infrastructure;

namespace Maillage.Features.Directory;

public sealed record TimeRange(TimeOnly Opens, TimeOnly Closes)
{
    /// <summary>A range that closes at or before it opens runs past midnight ("20:00-08:00").</summary>
    public bool Overnight => Closes <= Opens && !(Opens == TimeOnly.MinValue && Closes == TimeOnly.MinValue);

    public override string ToString() =>
        $"{Opens.ToString("HH:mm", CultureInfo.InvariantCulture)}-{(Closes == TimeOnly.MinValue ? "24:00" : Closes.ToString("HH:mm", CultureInfo.InvariantCulture))}";
}

/// <summary>A dated exception: closed all day, or other hours that replace the weekly ones.</summary>
public sealed record OpeningException(DateOnly Date, IReadOnlyList<TimeRange> Ranges, string? Reason)
{
    public bool Closed => Ranges.Count == 0;
}

/// <summary>
/// A weekly opening pattern in a short, typeable syntax: "lu-ve 08:30-12:30,13:30-18:30; sa 09:00-12:00",
/// "24/7". Times are Europe/Paris wall-clock times, so "open at T" holds across daylight-saving changes.
/// </summary>
public sealed class OpeningHours
{
    private static readonly string[] FrenchDays = ["lu", "ma", "me", "je", "ve", "sa", "di"];
    private static readonly string[] EnglishDays = ["mo", "tu", "we", "th", "fr", "sa", "su"];

    // Index 0 is Monday.
    private readonly IReadOnlyList<TimeRange>[] days;

    private OpeningHours(IReadOnlyList<TimeRange>[] days) => this.days = days;

    public static OpeningHours Closed { get; } = new(Enumerable.Range(0, 7).Select(_ => (IReadOnlyList<TimeRange>)[]).ToArray());

    public IReadOnlyList<TimeRange> On(DayOfWeek day) => days[Index(day)];

    public static OpeningHours Parse(string? text, string field = "hours")
    {
        var source = (text ?? "").Trim().ToLowerInvariant();
        var result = Enumerable.Range(0, 7).Select(_ => new List<TimeRange>()).ToArray();
        if (source.Length == 0)
        {
            return Closed;
        }

        if (source is "24/7" or "24h/24")
        {
            return new OpeningHours(Enumerable.Range(0, 7).Select(_ => (IReadOnlyList<TimeRange>)[new TimeRange(TimeOnly.MinValue, TimeOnly.MinValue)]).ToArray());
        }

        foreach (var rule in source.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var space = rule.IndexOf(' ');
            if (space < 0)
            {
                throw DomainException.Invalid($"Horaires : « {rule} » doit donner des jours puis des heures, par exemple « lu-ve 08:30-12:30 ».", field);
            }

            var dayIndexes = ParseDays(rule[..space], field);
            var ranges = ParseRanges(rule[(space + 1)..], field);
            foreach (var day in dayIndexes)
            {
                result[day].AddRange(ranges);
            }
        }

        return new OpeningHours(result.Select(r => (IReadOnlyList<TimeRange>)r.OrderBy(x => x.Opens).ToList()).ToArray());
    }

    public static IReadOnlyList<TimeRange> ParseRanges(string text, string field = "hours")
    {
        var ranges = new List<TimeRange>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length != 2 || ParseTime(bounds[0]) is not { } opens || ParseTime(bounds[1]) is not { } closes)
            {
                throw DomainException.Invalid($"Horaires : « {part} » n'est pas une plage horaire (attendu : 08:30-12:30).", field);
            }

            if (opens == closes && opens != TimeOnly.MinValue)
            {
                throw DomainException.Invalid($"Horaires : la plage « {part} » est vide.", field);
            }

            ranges.Add(new TimeRange(opens, closes));
        }

        if (ranges.Count == 0)
        {
            throw DomainException.Invalid("Horaires : indiquez au moins une plage horaire.", field);
        }

        return ranges.OrderBy(r => r.Opens).ToList();
    }

    /// <summary>Is it open at this Paris wall-clock time, given the dated exceptions?</summary>
    public bool IsOpen(DateTime local, IReadOnlyCollection<OpeningException> exceptions)
    {
        var date = DateOnly.FromDateTime(local);
        var time = TimeOnly.FromDateTime(local);
        foreach (var range in RangesOn(date, exceptions))
        {
            if (range.Overnight ? time >= range.Opens : time >= range.Opens && (range.Closes == TimeOnly.MinValue || time < range.Closes))
            {
                return true;
            }
        }

        // Last night's overnight ranges still running this morning.
        return RangesOn(date.AddDays(-1), exceptions).Any(r => r.Overnight && time < r.Closes);
    }

    public bool IsOpenAtUtc(DateTime utc, IReadOnlyCollection<OpeningException> exceptions) =>
        IsOpen(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), French.Paris), exceptions);

    /// <summary>The next opening at or after <paramref name="utc"/> within two weeks, as a UTC instant; null if none.</summary>
    public DateTime? NextOpeningUtc(DateTime utc, IReadOnlyCollection<OpeningException> exceptions)
    {
        if (IsOpenAtUtc(utc, exceptions))
        {
            return utc;
        }

        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), French.Paris);
        var today = DateOnly.FromDateTime(local);
        for (var offset = 0; offset <= 14; offset++)
        {
            var date = today.AddDays(offset);
            foreach (var range in RangesOn(date, exceptions))
            {
                var start = date.ToDateTime(range.Opens);
                if (start < local)
                {
                    continue;
                }

                // A wall-clock time skipped by the spring change does not exist; the next minute that does is the opening.
                while (French.Paris.IsInvalidTime(start))
                {
                    start = start.AddMinutes(1);
                }

                return TimeZoneInfo.ConvertTimeToUtc(start, French.Paris);
            }
        }

        return null;
    }

    public override string ToString()
    {
        if (days.All(d => d.Count == 1 && d[0].Opens == TimeOnly.MinValue && d[0].Closes == TimeOnly.MinValue))
        {
            return "24/7";
        }

        // Group consecutive days with the same ranges: "lu-ve 08:30-12:30; sa 09:00-12:00".
        var parts = new List<string>();
        var i = 0;
        while (i < 7)
        {
            if (days[i].Count == 0)
            {
                i++;
                continue;
            }

            var j = i;
            while (j + 1 < 7 && days[j + 1].SequenceEqual(days[i]))
            {
                j++;
            }

            var dayText = j == i ? FrenchDays[i] : $"{FrenchDays[i]}-{FrenchDays[j]}";
            parts.Add($"{dayText} {string.Join(",", days[i])}");
            i = j + 1;
        }

        return string.Join("; ", parts);
    }

    private IReadOnlyList<TimeRange> RangesOn(DateOnly date, IReadOnlyCollection<OpeningException> exceptions)
    {
        var exception = exceptions.FirstOrDefault(e => e.Date == date);
        return exception is not null ? exception.Ranges : days[Index(date.DayOfWeek)];
    }

    private static int Index(DayOfWeek day) => ((int)day + 6) % 7;

    private static List<int> ParseDays(string text, string field)
    {
        var result = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var bounds = part.Split('-');
            var from = Day(bounds[0], field);
            var to = bounds.Length == 2 ? Day(bounds[1], field) : from;
            if (bounds.Length > 2)
            {
                throw DomainException.Invalid($"Horaires : jours « {part} » illisibles.", field);
            }

            for (var d = from; ; d = (d + 1) % 7)
            {
                result.Add(d);
                if (d == to)
                {
                    break;
                }
            }
        }

        return result;
    }

    private static int Day(string text, string field)
    {
        var key = text.Trim();
        var index = Array.IndexOf(FrenchDays, key);
        if (index < 0)
        {
            index = Array.IndexOf(EnglishDays, key);
        }

        return index >= 0
            ? index
            : throw DomainException.Invalid($"Horaires : « {text} » n'est pas un jour (lu, ma, me, je, ve, sa, di).", field);
    }

    private static TimeOnly? ParseTime(string text)
    {
        if (text is "24:00" or "24h")
        {
            return TimeOnly.MinValue;
        }

        var normalized = text.Replace('h', ':');
        if (normalized.EndsWith(':'))
        {
            normalized += "00";
        }

        return TimeOnly.TryParseExact(normalized, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;
    }
}
