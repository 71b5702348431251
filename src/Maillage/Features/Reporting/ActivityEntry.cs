using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Crisis;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Reporting;

/// <summary>A day's figures for one centre. A null value clears what was entered.</summary>
public sealed record DayEntry(int CentreId, DateOnly Day, IReadOnlyDictionary<string, int?> Values, string? Reason = null, bool ConfirmOutliers = false);

/// <summary>What a day of a centre looks like in the entry form: each enterable indicator with its derived and entered values.</summary>
public sealed record DayField(string Code, string Label, string Definition, IndicatorSource Source, int? Derived, int? Entered, int? Version);

public sealed record DaySheet(int TerritoryId, int CentreId, string Centre, DateOnly Day, bool Open, bool Locked, int? LockedVersion, IReadOnlyList<DayField> Fields, IReadOnlyList<ChangeView> History);

public sealed record ChangeView(DateOnly Day, string Indicator, string Label, int? OldValue, int? NewValue, DateTime AtUtc, string By, string Channel, string? Reason);

/// <summary>The outcome of an entry: the figures kept, or the unusual ones to confirm (nothing was kept).</summary>
public sealed record EntryResult(bool Saved, int Changed, IReadOnlyList<ActivityWarning> Warnings);

/// <summary>Typing a centre's figures for a day, with their history.</summary>
public sealed class ActivityEntries(MaillageDb db, ActivitySources sources, ListCentreCalendars calendars, WeeklyReports weeks, AuditLog audit, TimeProvider time)
{
    public async Task<CentreCalendar> CentreAsync(int territoryId, int centreId, CancellationToken ct) =>
        (await calendars.ExecuteAsync(UserScope.Everything, [territoryId], ct)).FirstOrDefault(c => c.Id == centreId)
            ?? throw DomainException.NotFound("Centre introuvable dans ce territoire.", "centreId");

    public async Task<IReadOnlyList<CentreCalendar>> CentresAsync(int territoryId, CancellationToken ct) =>
        await calendars.ExecuteAsync(UserScope.Everything, [territoryId], ct);

    public async Task<DaySheet> SheetAsync(int territoryId, int centreId, DateOnly day, ClaimsPrincipal user, CancellationToken ct = default)
    {
        ReportingAccess.Require(ReportingAccess.MayEnter(user));
        await weeks.ScopeAsync(user, territoryId, ct);
        var centre = await CentreAsync(territoryId, centreId, ct);
        var inputs = (await sources.LoadAsync([territoryId], day, day, centreId, ct))[territoryId];
        var values = await db.Set<ActivityValue>().AsNoTracking().Where(v => v.CentreId == centreId && v.Day == day).ToDictionaryAsync(v => v.Indicator, ct);
        var fields = Indicators.Enterable.Select(i => new DayField(
            i.Code, i.Label, i.Definition, i.Source,
            i.Source == IndicatorSource.Derived ? inputs.DerivedCentre.GetValueOrDefault((centreId, day, i.Code)) : null,
            values.GetValueOrDefault(i.Code)?.Value, values.GetValueOrDefault(i.Code)?.Version)).ToList();
        var locked = await weeks.LockOfAsync(territoryId, day, ct);
        return new DaySheet(territoryId, centreId, centre.Name, day, centre.OpenOn(day), locked is not null, locked?.Version, fields, await HistoryAsync(centreId, day, day, ct));
    }

    public async Task<IReadOnlyList<ChangeView>> HistoryAsync(int centreId, DateOnly from, DateOnly to, CancellationToken ct) =>
        (await db.Set<ActivityChange>().AsNoTracking().Where(c => c.CentreId == centreId && c.Day >= from && c.Day <= to).ToListAsync(ct))
            .OrderByDescending(c => c.AtUtc).ThenByDescending(c => c.Id)
            .Select(c => new ChangeView(c.Day, c.Indicator, Indicators.Find(c.Indicator)?.Label ?? c.Indicator, c.OldValue, c.NewValue, c.AtUtc, c.By, c.Channel, c.Reason)).ToList();

    public async Task<EntryResult> RecordAsync(int territoryId, DayEntry entry, string channel, ClaimsPrincipal user, CancellationToken ct = default)
    {
        ReportingAccess.Require(ReportingAccess.MayEnter(user));
        await weeks.ScopeAsync(user, territoryId, ct);
        return await RecordAsync(territoryId, entry, channel, Actor.From(user), Actor.NameOf(user), ct);
    }

    /// <summary>Without access checks: the caller has checked them (the import, the demo).</summary>
    public async Task<EntryResult> RecordAsync(int territoryId, DayEntry entry, string channel, Actor actor, string byName, CancellationToken ct = default, bool audited = true)
    {
        var (result, error) = (await RecordManyAsync(territoryId, [entry], channel, actor, byName, ct, audited))[0];
        return error is null ? result! : throw error;
    }

    /// <summary>
    /// Several days at once, for the import and the demo: the records the rules need are read once for the
    /// whole span, and every accepted day is saved together. Each entry gets its result or its error.
    /// </summary>
    public async Task<IReadOnlyList<(EntryResult? Result, DomainException? Error)>> RecordManyAsync(
        int territoryId, IReadOnlyList<DayEntry> batch, string channel, Actor actor, string byName, CancellationToken ct = default, bool audited = true, bool save = true, bool allOrNothing = false)
    {
        var results = new (EntryResult?, DomainException?)[batch.Count];
        if (batch.Count == 0)
        {
            return results;
        }

        var centres = (await CentresAsync(territoryId, ct)).ToDictionary(c => c.Id);
        var first = batch.Min(e => e.Day);
        var last = batch.Max(e => e.Day);
        var inputs = (await sources.LoadAsync([territoryId], first.AddDays(-7), last, ct: ct))[territoryId];
        var ids = batch.Select(e => e.CentreId).Distinct().ToList();
        var current = (await db.Set<ActivityValue>().Where(v => ids.Contains(v.CentreId) && v.Day >= first && v.Day <= last).ToListAsync(ct))
            .ToDictionary(v => (v.CentreId, v.Day, v.Indicator));
        var locks = new Dictionary<DateOnly, WeeklyReport?>();
        var today = French.Today(time);
        var now = time.GetUtcNow().UtcDateTime;
        var changedDays = new List<string>();
        for (var i = 0; i < batch.Count; i++)
        {
            var entry = batch[i];
            try
            {
                var centre = centres.GetValueOrDefault(entry.CentreId) ?? throw DomainException.NotFound("Centre introuvable dans ce territoire.", "centreId");
                if (entry.Day > today)
                {
                    throw DomainException.Invalid($"Le {entry.Day:dd/MM/yyyy} n'est pas encore passé : on ne saisit que des jours écoulés.", "day");
                }

                var monday = IsoWeeks.Monday(entry.Day);
                if (!locks.TryGetValue(monday, out var locked))
                {
                    locked = locks[monday] = await weeks.LockOfAsync(territoryId, entry.Day, ct);
                }

                if (locked is not null)
                {
                    throw DomainException.Conflict($"La semaine {IsoWeeks.Label(entry.Day)} est approuvée (version {locked.Version}) : rouvrez-la avec un motif pour la corriger.", "day");
                }

                var reason = DirectoryRules.Optional(entry.Reason, "Motif", "reason", 500);
                if (entry.Values.Count == 0)
                {
                    throw DomainException.Invalid("Aucune valeur à enregistrer.", "values");
                }

                var changes = entry.Values.ToDictionary(kv => kv.Key.Trim().ToLowerInvariant(), kv => kv.Value);
                var after = new Dictionary<string, int?>();
                foreach (var indicator in Indicators.Enterable)
                {
                    var entered = changes.TryGetValue(indicator.Code, out var changed) ? changed : current.GetValueOrDefault((centre.Id, entry.Day, indicator.Code))?.Value;
                    after[indicator.Code] = entered ?? (indicator.Source == IndicatorSource.Derived ? inputs.DerivedCentre.GetValueOrDefault((centre.Id, entry.Day, indicator.Code)) : null);
                }

                ActivityRules.Validate(changes, after);
                var real = changes.Where(kv => current.GetValueOrDefault((centre.Id, entry.Day, kv.Key))?.Value != kv.Value).ToDictionary();
                if (!entry.ConfirmOutliers && real.Count > 0)
                {
                    var only = inputs with { Centres = [centre] };
                    var block = ActivityGridBuilder.Build(only, entry.Day.AddDays(-7), entry.Day.AddDays(-1), entry.Day).Centres.Single();
                    var previous = real.Keys.ToDictionary(code => code, code => (IReadOnlyList<int>)block.Line(code).Days
                        .Where(c => c.Value is not null && c.Mark != CellMark.NotExpected).Select(c => c.Value!.Value).ToList());
                    var warnings = ActivityRules.Outliers(real, previous);
                    if (warnings.Count > 0)
                    {
                        results[i] = (new EntryResult(false, 0, warnings), null);
                        continue;
                    }
                }

                foreach (var (code, value) in real)
                {
                    var row = current.GetValueOrDefault((centre.Id, entry.Day, code));
                    if (row is null)
                    {
                        row = new ActivityValue { TerritoryId = territoryId, CentreId = centre.Id, Day = entry.Day, Indicator = code, UpdatedBy = byName };
                        db.Add(row);
                        current[(centre.Id, entry.Day, code)] = row;
                    }

                    db.Add(new ActivityChange
                    {
                        TerritoryId = territoryId, CentreId = centre.Id, Day = entry.Day, Indicator = code, OldValue = row.Value, NewValue = value,
                        AtUtc = now, By = byName, Channel = channel, Reason = reason,
                    });
                    row.Value = value;
                    row.UpdatedAtUtc = now;
                    row.UpdatedBy = byName;
                    row.Version++;
                }

                if (real.Count > 0)
                {
                    changedDays.Add($"centre {centre.Id} {entry.Day:yyyy-MM-dd} {string.Join(", ", real.Select(kv => $"{kv.Key}={kv.Value?.ToString() ?? "∅"}"))}");
                }

                results[i] = (new EntryResult(true, real.Count, []), null);
            }
            catch (DomainException e)
            {
                results[i] = (null, e);
            }
        }

        if (!save || (allOrNothing && results.Any(r => r.Item2 is not null)))
        {
            db.ChangeTracker.Clear();
            return results;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            throw DomainException.Conflict("Ces chiffres viennent d'être modifiés par quelqu'un d'autre : rechargez la page.", "values");
        }

        if (audited && changedDays.Count > 0)
        {
            var details = string.Join("; ", changedDays);
            await audit.RecordAsync(actor, "reporting.activity.entered", $"territory:{territoryId}", details.Length <= 1000 ? details : $"{changedDays.Count} jour(s)-centre modifié(s), {changedDays[0]} …", ct);
        }

        return results;
    }
}
