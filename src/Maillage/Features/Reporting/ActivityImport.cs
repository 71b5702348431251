using System.Globalization;
using Maillage.Features.Accounts;
using Maillage.Infrastructure;

namespace Maillage.Features.Reporting;

public sealed record ImportLineError(int Line, string Message);

public sealed record ActivityImportReport(int Lines, int Values, int Changed, bool DryRun, bool Applied, IReadOnlyList<ImportLineError> Errors);

/// <summary>
/// Back-fills daily figures from the spreadsheets teams kept: one line per centre and day, a column per
/// indicator (its code). Every line goes through the same rules as the entry form. Nothing is kept on a dry
/// run or when any line is refused: the file is fixed and imported again, whole.
/// </summary>
public sealed class ActivityImport(ActivityEntries entries, AuditLog audit)
{
    public static IReadOnlyList<string> Columns => ["centre", "date", .. Indicators.Enterable.Select(i => i.Code)];

    public async Task<ActivityImportReport> ExecuteAsync(int territoryId, string csv, bool dryRun, Actor actor, CancellationToken ct = default)
    {
        var records = Csv.Read(csv).GetEnumerator();
        if (!records.MoveNext())
        {
            throw DomainException.Invalid("Le fichier est vide : la première ligne doit nommer les colonnes (centre;date;consultations;…).", "file");
        }

        var header = records.Current.Fields.Select(h => h.Trim().ToLowerInvariant().Replace('_', '-')).ToList();
        var index = Csv.Columns(header, Columns, ["centre", "date"]);
        var indicatorColumns = index.Keys.Where(k => k is not "centre" and not "date").ToList();
        if (indicatorColumns.Count == 0)
        {
            throw DomainException.Invalid($"Aucune colonne d'indicateur : ajoutez au moins l'une de {string.Join(", ", Indicators.Enterable.Select(i => i.Code))}.", "file");
        }

        var centres = await entries.CentresAsync(territoryId, ct);
        var errors = new List<ImportLineError>();
        var seen = new HashSet<(int, DateOnly)>();
        var batch = new List<(int Line, DayEntry Entry)>();
        var lines = 0;
        while (records.MoveNext())
        {
            var (line, fields) = records.Current;
            lines++;
            string Field(string column) => index.TryGetValue(column, out var i) && i < fields.Count ? fields[i].Trim() : "";
            try
            {
                var centreText = Field("centre");
                var centre = (int.TryParse(centreText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? centres.FirstOrDefault(c => c.Id == id) : null)
                    ?? centres.FirstOrDefault(c => TextNormalizer.Fold(c.Name) == TextNormalizer.Fold(centreText))
                    ?? throw DomainException.Invalid($"centre inconnu « {centreText} » (numéro ou nom d'un centre du territoire)");
                var day = ParseDay(Field("date"));
                if (!seen.Add((centre.Id, day)))
                {
                    throw DomainException.Invalid($"{centre.Name} le {day:dd/MM/yyyy} apparaît déjà plus haut dans le fichier");
                }

                var dayValues = new Dictionary<string, int?>();
                foreach (var column in indicatorColumns)
                {
                    var text = Field(column);
                    if (text.Length == 0)
                    {
                        continue;
                    }

                    dayValues[column] = int.TryParse(text.Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
                        ? v
                        : throw DomainException.Invalid($"{column} : « {text} » n'est pas un nombre entier");
                }

                if (dayValues.Count > 0)
                {
                    batch.Add((line, new DayEntry(centre.Id, day, dayValues, "import", ConfirmOutliers: true)));
                }
            }
            catch (DomainException e)
            {
                errors.Add(new ImportLineError(line, e.Message));
            }
        }

        // The same rules as the entry form, for every line at once; kept only when no line is refused.
        var results = await entries.RecordManyAsync(territoryId, batch.Select(b => b.Entry).ToList(), "import", actor, actor.Name, ct,
            audited: false, save: !dryRun && errors.Count == 0, allOrNothing: true);
        errors.AddRange(results.Select((r, i) => (r, batch[i].Line)).Where(x => x.r.Error is not null).Select(x => new ImportLineError(x.Line, x.r.Error!.Message)));
        errors.Sort((a, b) => a.Line.CompareTo(b.Line));
        var apply = !dryRun && errors.Count == 0;
        var changed = results.Sum(r => r.Result?.Changed ?? 0);
        if (apply && changed > 0)
        {
            await audit.RecordAsync(actor, "reporting.activity.imported", $"territory:{territoryId}", $"{lines} ligne(s), {changed} valeur(s) modifiée(s)", ct);
        }

        return new ActivityImportReport(lines, batch.Sum(b => b.Entry.Values.Count), changed, dryRun, apply, errors);
    }

    private static DateOnly ParseDay(string text) =>
        DateOnly.TryParseExact(text, ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw DomainException.Invalid($"date « {text} » illisible (AAAA-MM-JJ ou JJ/MM/AAAA)");
}
