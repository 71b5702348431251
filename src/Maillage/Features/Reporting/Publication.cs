using System.Globalization;
using System.Text.Json.Nodes;
using Maillage.Infrastructure;

namespace Maillage.Features.Reporting;

/// <summary>A figure as it leaves the territory: its value, or hidden (shown "&lt;N"), or missing (not given).</summary>
/// <param name="Small">Hidden because it is a small count ("&lt;5"); a hidden cell that is not small was hidden to protect another one and reads "secret".</param>
public sealed record PublishedCell(int? Value, double? Rate, bool Hidden, bool Missing, bool Ratio = false, bool Small = false)
{
    public string Text(int threshold) =>
        Hidden ? (Small ? $"<{threshold}" : "secret")
        : Missing ? "NR"
        : Rate is { } rate ? rate.ToString("0.0", CultureInfo.InvariantCulture)
        : Value?.ToString(CultureInfo.InvariantCulture) ?? "";

    public string FrenchText(int threshold) =>
        Hidden ? (Small ? $"<{threshold}" : "secret")
        : Missing ? "non renseigné"
        : Rate is { } rate ? $"{rate.ToString("0.0", French.Culture)} %"
        : Value is { } v ? French.Number(v) : "—";
}

public sealed record PublishedLine(string Code, string Label, string Unit, IReadOnlyList<PublishedCell> Days, PublishedCell Total);

/// <param name="CentreId">Null for the sum of the centres and for the territory-wide lines.</param>
public sealed record PublishedBlock(int? CentreId, string Name, IReadOnlyList<PublishedLine> Lines)
{
    public PublishedLine Line(string code) => Lines.First(l => l.Code == code);
}

/// <summary>A weekly report as it leaves the territory: aggregate only, small counts suppressed so that they cannot be worked back out from the totals.</summary>
public sealed record PublishedWeek(
    int TerritoryId, string Territory, string Week, DateOnly Monday, DateOnly Sunday, WeekState State, int? Version, DateTime? ApprovedAtUtc, string? ApprovedBy, string? Reason,
    int Threshold, IReadOnlyList<DateOnly> Days, IReadOnlyList<PublishedBlock> Centres, PublishedBlock CentreTotal, PublishedBlock TerritoryWide, int ExpectedDays, int CompleteDays)
{
    /// <summary>The blocks in reading order: the centres, their sum (unless the week is one centre's part), the territory.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<PublishedBlock> Blocks => Centres.Concat(CentreTotal.CentreId is null ? [CentreTotal] : []).Append(TerritoryWide);
}

/// <summary>Applies small-count suppression to a week. Pure.</summary>
public static class Publication
{
    public static PublishedWeek Publish(WeekReport report, int threshold)
    {
        var grid = report.Grid;
        var width = grid.Days.Count + 1;
        var rows = grid.Centres.Count;
        var centreLines = grid.Centres.Select(_ => new Dictionary<string, PublishedLine>()).ToList();
        var totalLines = new Dictionary<string, PublishedLine>();
        var hiddenOf = new Dictionary<string, bool[]>();

        foreach (var indicator in Indicators.Of(IndicatorScope.Centre).Where(i => i.Kind != IndicatorKind.Ratio))
        {
            // Centres × days, each row ending with its week total, under them the sum of the centres.
            var values = new List<int>();
            var cells = new List<Cell>();
            foreach (var line in grid.Centres.Select(c => c.Line(indicator.Code)).Append(grid.CentreTotal(indicator.Code)))
            {
                foreach (var cell in line.Days.Append(line.Total))
                {
                    cells.Add(cell);
                    values.Add(cell.Value ?? 0);
                }
            }

            var hidden = indicator.Sensitive
                ? Suppression.Protect(values, Suppression.TableRelations(rows, grid.Days.Count), Enumerable.Range(0, values.Count).ToHashSet(), threshold)
                : new bool[values.Count];
            hiddenOf[indicator.Code] = hidden;
            for (var r = 0; r <= rows; r++)
            {
                var line = Line(indicator, Enumerable.Range(0, width).Select(c => Cell(cells[r * width + c], hidden[r * width + c], indicator.Sensitive ? threshold : 0)).ToList());
                if (r < rows)
                {
                    centreLines[r][indicator.Code] = line;
                }
                else
                {
                    totalLines[indicator.Code] = line;
                }
            }
        }

        foreach (var ratio in Indicators.Of(IndicatorScope.Centre).Where(i => i.Kind == IndicatorKind.Ratio))
        {
            var parts = ratio.Numerator!.Concat(ratio.Denominator!).Select(c => hiddenOf[c]).ToList();
            for (var r = 0; r <= rows; r++)
            {
                var source = r < rows ? grid.Centres[r].Line(ratio.Code) : grid.CentreTotal(ratio.Code);
                var line = Line(ratio, source.Days.Append(source.Total).Select((cell, c) => Cell(cell, parts.Any(h => h[r * width + c]))).ToList());
                if (r < rows)
                {
                    centreLines[r][ratio.Code] = line;
                }
                else
                {
                    totalLines[ratio.Code] = line;
                }
            }
        }

        var territoryLines = new Dictionary<string, PublishedLine>();
        var territoryHidden = new Dictionary<string, bool[]>();
        foreach (var indicator in Indicators.Of(IndicatorScope.Territory).Where(i => i.Kind != IndicatorKind.Ratio))
        {
            var source = grid.TerritoryLine(indicator.Code);
            var cells = source.Days.Append(source.Total).ToList();
            var values = cells.Select(c => c.Value ?? 0).ToList();
            // A level's week figure is its last day, not a sum: nothing to work back out.
            IReadOnlyList<Suppression.Relation> relations = indicator.Kind == IndicatorKind.Sum ? [new(Enumerable.Range(0, grid.Days.Count).ToList(), grid.Days.Count)] : [];
            var hidden = indicator.Sensitive ? Suppression.Protect(values, relations, Enumerable.Range(0, values.Count).ToHashSet(), threshold) : new bool[values.Count];
            territoryHidden[indicator.Code] = hidden;
            territoryLines[indicator.Code] = Line(indicator, cells.Select((c, i) => Cell(c, hidden[i], indicator.Sensitive ? threshold : 0)).ToList());
        }

        foreach (var ratio in Indicators.Of(IndicatorScope.Territory).Where(i => i.Kind == IndicatorKind.Ratio))
        {
            var parts = ratio.Numerator!.Concat(ratio.Denominator!).Select(c => territoryHidden[c]).ToList();
            var source = grid.TerritoryLine(ratio.Code);
            territoryLines[ratio.Code] = Line(ratio, source.Days.Append(source.Total).Select((c, i) => Cell(c, parts.Any(h => h[i]))).ToList());
        }

        var order = Indicators.Of(IndicatorScope.Centre).Select(i => i.Code).ToList();
        var approved = report.Versions.LastOrDefault(v => v.Status == WeekStatus.Approved && v.Version == report.Version);
        return new PublishedWeek(
            report.TerritoryId, report.Body.Territory, report.Week, report.Monday, report.Sunday, report.State, report.Version, approved?.ApprovedAtUtc, approved?.ApprovedBy,
            report.Versions.LastOrDefault(v => v.Version == report.Version)?.Reason,
            threshold, grid.Days,
            grid.Centres.Select((c, r) => new PublishedBlock(c.CentreId, c.Name, order.Select(code => centreLines[r][code]).ToList())).ToList(),
            new PublishedBlock(null, "Ensemble des centres", order.Select(code => totalLines[code]).ToList()),
            new PublishedBlock(null, "Territoire", Indicators.Of(IndicatorScope.Territory).Select(i => territoryLines[i.Code]).ToList()),
            report.Body.Completeness.ExpectedDays, report.Body.Completeness.CompleteDays);
    }

    /// <summary>
    /// One centre's part of a territory's publication (the territory-wide lines stay). It is cut from the
    /// territory's tables rather than suppressed on its own: a cell hidden there to protect another is hidden here too.
    /// </summary>
    public static PublishedWeek Only(PublishedWeek week, int? centreId)
    {
        if (centreId is not { } id)
        {
            return week;
        }

        var centre = week.Centres.FirstOrDefault(c => c.CentreId == id) ?? throw DomainException.NotFound("Centre introuvable dans ce territoire.", "centreId");
        return week with { Centres = [centre], CentreTotal = centre };
    }

    private static PublishedLine Line(Indicator indicator, IReadOnlyList<PublishedCell> cells)
    {
        var marked = cells.Select(c => c with { Ratio = indicator.Kind == IndicatorKind.Ratio }).ToList();
        return new(indicator.Code, indicator.Label, indicator.Unit, marked.Take(marked.Count - 1).ToList(), marked[^1]);
    }

    /// <param name="threshold">Of a sensitive count, to tell a small count from a cell hidden to protect one; 0 otherwise.</param>
    private static PublishedCell Cell(Cell cell, bool hidden, int threshold = 0) =>
        hidden
            ? new PublishedCell(null, null, true, false, Small: cell.Value is { } v && v > 0 && v < threshold)
            : new PublishedCell(cell.Value, cell.Rate, false, cell.Mark == CellMark.Missing);

    /// <summary>The week as CSV (semicolons, as French spreadsheets expect): one line per centre and indicator, then the sums, then the territory.</summary>
    public static byte[] Csv(PublishedWeek week)
    {
        var header = new List<string> { "territoire", "semaine", "version", "statut", "centre", "indicateur", "libelle", "unite" };
        header.AddRange(week.Days.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        header.Add("total_semaine");
        var lines = new List<IReadOnlyList<string>>();
        var status = week.State == WeekState.Approved ? "approuve" : "brouillon";
        foreach (var block in week.Blocks)
        {
            foreach (var line in block.Lines)
            {
                var row = new List<string> { week.Territory, week.Week, week.Version?.ToString(CultureInfo.InvariantCulture) ?? "", status, block.Name, line.Code, line.Label, line.Unit };
                row.AddRange(line.Days.Select(c => c.Text(week.Threshold)));
                row.Add(line.Total.Text(week.Threshold));
                lines.Add(row);
            }
        }

        return Infrastructure.Csv.Write(header, lines);
    }

    /// <summary>Indented, and accents kept as they are: people read these files too.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions FhirJson = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const string MeasureBase = "urn:maillage:fhir:Measure:";
    public const string IndicatorSystem = "urn:maillage:indicator";
    private const string Ucum = "http://unitsofmeasure.org";
    private const string DataAbsentReason = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";

    /// <summary>The Measure our MeasureReports point to: one per indicator group, its indicators as groups.</summary>
    public static JsonObject Measure(IndicatorGroup group) => new()
    {
        ["resourceType"] = "Measure",
        ["id"] = $"maillage-{group.Code}",
        ["url"] = MeasureBase + group.Code,
        ["version"] = "1",
        ["name"] = $"Maillage{char.ToUpperInvariant(group.Code[0])}{group.Code[1..].Replace("-", "", StringComparison.Ordinal)}",
        ["title"] = group.Label,
        ["status"] = "active",
        ["description"] = group.Description,
        ["scoring"] = Concept("http://terminology.hl7.org/CodeSystem/measure-scoring", "continuous-variable", "Continuous Variable"),
        ["group"] = new JsonArray(Indicators.All.Where(i => i.Group == group.Code && i.InWeeklyReport).Select(i => (JsonNode)new JsonObject
        {
            ["code"] = Concept(IndicatorSystem, i.Code, i.Label),
            ["description"] = i.Definition,
        }).ToArray()),
    };

    /// <summary>The week as FHIR R4: one MeasureReport per indicator group, each indicator a group stratified by centre, by day, and by centre and day.</summary>
    public static JsonObject Fhir(PublishedWeek week, DateTime nowUtc)
    {
        var resources = new List<JsonObject>();
        foreach (var group in Indicators.Groups.Where(g => Indicators.All.Any(i => i.Group == g.Code && i.InWeeklyReport)))
        {
            var groups = new JsonArray();
            foreach (var indicator in Indicators.All.Where(i => i.Group == group.Code && i.InWeeklyReport))
            {
                var entry = new JsonObject { ["code"] = Concept(IndicatorSystem, indicator.Code, indicator.Label) };
                if (indicator.Scope == IndicatorScope.Centre)
                {
                    var total = week.CentreTotal.Line(indicator.Code);
                    entry["measureScore"] = Score(total.Total, indicator, week.Threshold);
                    entry["stratifier"] = new JsonArray(
                        Stratifier("centre", week.Centres.Select(c => (Text(c.Name), c.Line(indicator.Code).Total)), indicator, week.Threshold),
                        Stratifier("jour", week.Days.Select((d, i) => (Text(Day(d)), total.Days[i])), indicator, week.Threshold),
                        CrossStratifier(week, indicator));
                }
                else
                {
                    var line = week.TerritoryWide.Line(indicator.Code);
                    entry["measureScore"] = Score(line.Total, indicator, week.Threshold);
                    entry["stratifier"] = new JsonArray(Stratifier("jour", week.Days.Select((d, i) => (Text(Day(d)), line.Days[i])), indicator, week.Threshold));
                }

                groups.Add(entry);
            }

            var report = new JsonObject
            {
                ["resourceType"] = "MeasureReport",
                ["id"] = $"t{week.TerritoryId}-{week.Week.ToLowerInvariant()}-{group.Code}{(week.Version is { } v && week.State == WeekState.Approved ? $"-v{v}" : "-brouillon")}",
                ["identifier"] = new JsonArray(new JsonObject
                {
                    ["system"] = "urn:maillage:weekly-report",
                    ["value"] = $"{week.TerritoryId}/{week.Week}/{group.Code}/{(week.State == WeekState.Approved ? $"v{week.Version}" : "brouillon")}",
                }),
                ["status"] = week.State == WeekState.Approved ? "complete" : "pending",
                ["type"] = "summary",
                ["measure"] = MeasureBase + group.Code + "|1",
                ["date"] = (week.ApprovedAtUtc ?? nowUtc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["reporter"] = new JsonObject { ["display"] = week.Territory },
                ["period"] = new JsonObject { ["start"] = Day(week.Monday), ["end"] = Day(week.Sunday) },
                ["group"] = groups,
            };
            resources.Add(report);
        }

        foreach (var group in Indicators.Groups.Where(g => Indicators.All.Any(i => i.Group == g.Code && i.InWeeklyReport)))
        {
            resources.Add(Measure(group));
        }

        return new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "collection",
            ["timestamp"] = nowUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["entry"] = new JsonArray(resources.Select(r => (JsonNode)new JsonObject
            {
                ["fullUrl"] = r["resourceType"]!.GetValue<string>() == "Measure" ? r["url"]!.GetValue<string>() : $"urn:maillage:fhir:MeasureReport:{r["id"]}",
                ["resource"] = r,
            }).ToArray()),
        };
    }

    private static JsonObject CrossStratifier(PublishedWeek week, Indicator indicator)
    {
        var strata = new JsonArray();
        foreach (var centre in week.Centres)
        {
            var line = centre.Line(indicator.Code);
            for (var i = 0; i < week.Days.Count; i++)
            {
                var stratum = new JsonObject
                {
                    ["component"] = new JsonArray(
                        new JsonObject { ["code"] = Text("centre"), ["value"] = Text(centre.Name) },
                        new JsonObject { ["code"] = Text("jour"), ["value"] = Text(Day(week.Days[i])) }),
                };
                if (Score(line.Days[i], indicator, week.Threshold) is { } score)
                {
                    stratum["measureScore"] = score;
                }

                strata.Add(stratum);
            }
        }

        return new JsonObject { ["code"] = new JsonArray(Text("centre-jour")), ["stratum"] = strata };
    }

    private static JsonObject Stratifier(string code, IEnumerable<(JsonObject Value, PublishedCell Cell)> strata, Indicator indicator, int threshold) => new()
    {
        ["code"] = new JsonArray(Text(code)),
        ["stratum"] = new JsonArray(strata.Select(s =>
        {
            var stratum = new JsonObject { ["value"] = s.Value };
            if (Score(s.Cell, indicator, threshold) is { } score)
            {
                stratum["measureScore"] = score;
            }

            return (JsonNode)stratum;
        }).ToArray()),
    };

    /// <summary>A count, "&lt; threshold" when hidden, a percentage for a ratio; a masked or unknown value carries its data-absent reason.</summary>
    private static JsonObject? Score(PublishedCell cell, Indicator indicator, int threshold)
    {
        if (cell.Hidden)
        {
            return cell.Small
                ? new JsonObject { ["value"] = threshold, ["comparator"] = "<", ["unit"] = indicator.Unit, ["system"] = Ucum, ["code"] = "1" }
                : Absent("masked");
        }

        if (cell.Missing)
        {
            return Absent("unknown");
        }

        if (indicator.Kind == IndicatorKind.Ratio)
        {
            return cell.Rate is { } rate ? new JsonObject { ["value"] = rate, ["unit"] = "%", ["system"] = Ucum, ["code"] = "%" } : null;
        }

        return cell.Value is { } v ? new JsonObject { ["value"] = v, ["unit"] = indicator.Unit, ["system"] = Ucum, ["code"] = "1" } : null;
    }

    private static JsonObject Absent(string reason) => new()
    {
        ["extension"] = new JsonArray(new JsonObject { ["url"] = DataAbsentReason, ["valueCode"] = reason }),
    };

    private static JsonObject Text(string text) => new() { ["text"] = text };

    private static JsonObject Concept(string system, string code, string display) => new()
    {
        ["coding"] = new JsonArray(new JsonObject { ["system"] = system, ["code"] = code, ["display"] = display }),
        ["text"] = display,
    };

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
