using System.Globalization;
using Maillage.Infrastructure;

namespace Maillage.Features.Equipment;

public sealed record ReplayRefusal(int Line, string? Key, string Reason);

public sealed record ReplayStock(string Depot, string Item, string Unit, int Usable, int Quarantined, int Expired);

public sealed record ReplayReport(int Lines, int Applied, int Duplicates, IReadOnlyList<ReplayRefusal> Refused, IReadOnlyList<ReplayStock> Stock);

/// <summary>
/// Replays a file of movements through the ledger rules, without a database: a depot's spreadsheet is
/// checked line by line (the same refusals as the application: never below zero, quarantine before use,
/// expired goods refused) and the resulting stock is printed. A key seen twice is recorded once.
/// Lots are named by their <c>lot</c> column; depots by name; items by catalogue code.
/// </summary>
public static class LedgerReplay
{
    public static readonly IReadOnlyList<string> Columns =
        ["cle", "date", "type", "depot", "article", "quantite", "lot", "peremption", "depot_destination", "donateur", "beneficiaire", "motif", "quantite_comptee", "quantite_refusee"];

    public static ReplayReport Run(string text)
    {
        var records = Csv.Read(text).ToList();
        if (records.Count == 0)
        {
            throw DomainException.Invalid("Le fichier est vide.", "file");
        }

        var col = Csv.Columns(records[0].Fields, Columns, ["date", "type", "depot", "article"]);
        var items = StandardCatalogue.Items.Select((item, i) => (item, id: i + 1)).ToDictionary(x => x.item.Code, x => x);
        var depots = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var lotNames = new Dictionary<(int Depot, int Item, string Lot), LotState>();
        var keys = new HashSet<string>();
        StockLedger? ledger = null;
        var refused = new List<ReplayRefusal>();
        var applied = 0;
        var duplicates = 0;
        foreach (var (line, fields) in records.Skip(1))
        {
            string? Cell(string name) => col.TryGetValue(name, out var i) && i < fields.Count && fields[i].Trim() is { Length: > 0 } v ? v : null;
            var key = Cell("cle");
            try
            {
                if (key is not null && keys.Contains(key))
                {
                    duplicates++;
                    continue;
                }

                var day = DateOnly.TryParseExact(Cell("date") ?? "", ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
                    : throw DomainException.Invalid($"date « {Cell("date")} » illisible (AAAA-MM-JJ ou JJ/MM/AAAA)");
                if (ledger is not null && day < ledger.Today)
                {
                    throw DomainException.Invalid($"date {day:yyyy-MM-dd} antérieure à la ligne précédente : le fichier doit être dans l'ordre chronologique");
                }

                ledger = Carry(ledger, day);
                var kind = EquipmentLabels.TryParse<OperationKind>(Cell("type"), out var k) ? k
                    : throw DomainException.Invalid($"type « {Cell("type")} » inconnu ({string.Join(", ", Enum.GetValues<OperationKind>().Select(EquipmentLabels.Kebab))})");
                var (item, itemId) = items.TryGetValue(Cell("article") ?? "", out var found) ? found
                    : throw DomainException.Invalid($"article « {Cell("article")} » inconnu du catalogue standard");
                if (item.Lendable)
                {
                    throw DomainException.Invalid($"« {item.Name} » se prête à l'unité : il n'a pas de stock");
                }

                var depot = DepotId(depots, Cell("depot")!);
                var names = new StockNames(item.Name, item.Unit, Cell("depot")!);
                int Quantity() => int.TryParse(Cell("quantite"), NumberStyles.None, CultureInfo.InvariantCulture, out var q) ? q
                    : throw DomainException.Invalid($"quantité « {Cell("quantite")} » : un nombre entier positif attendu");
                LotState NamedLot() => Cell("lot") is { } name && lotNames.TryGetValue((depot, itemId, name), out var lot) ? lot
                    : throw DomainException.Invalid($"lot « {Cell("lot")} » inconnu pour cet article dans ce dépôt");
                void NeedReason()
                {
                    if (Cell("motif") is null)
                    {
                        throw DomainException.Invalid("motif obligatoire pour ce type de mouvement");
                    }
                }

                switch (kind)
                {
                    case OperationKind.Donation or OperationKind.StateAllocation:
                        if (kind == OperationKind.Donation && Cell("donateur") is null)
                        {
                            throw DomainException.Invalid("donateur obligatoire pour un don");
                        }

                        DateOnly? expires = Cell("peremption") is { } e
                            ? DateOnly.TryParseExact(e, ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var ex) ? ex : throw DomainException.Invalid($"péremption « {e} » illisible")
                            : null;
                        // A lot name already received is refused before the goods enter the ledger.
                        if (Cell("lot") is { } lotName && lotNames.ContainsKey((depot, itemId, lotName)))
                        {
                            throw DomainException.Invalid($"lot « {lotName} » déjà reçu dans ce dépôt");
                        }

                        var received = ledger.Receive(kind, depot, itemId, Quantity(), expires, Cell("lot"), null, null)[0].Lot;
                        if (Cell("lot") is { } name)
                        {
                            lotNames[(depot, itemId, name)] = received;
                        }

                        break;
                    case OperationKind.Transfer:
                        var to = DepotId(depots, Cell("depot_destination") ?? throw DomainException.Invalid("dépôt de destination obligatoire pour un transfert"));
                        ledger.Transfer(depot, to, itemId, Quantity(), names);
                        break;
                    case OperationKind.Distribution:
                        if (Cell("beneficiaire") is null)
                        {
                            throw DomainException.Invalid("bénéficiaire obligatoire pour une remise");
                        }

                        ledger.TakeOut(depot, itemId, Quantity(), names);
                        break;
                    case OperationKind.Loss:
                        NeedReason();
                        _ = Cell("lot") is null ? ledger.TakeOut(depot, itemId, Quantity(), names) : ledger.LoseFromLot(NamedLot(), Quantity(), names);
                        break;
                    case OperationKind.Expiry:
                        ledger.Expire(NamedLot(), names);
                        break;
                    case OperationKind.Correction:
                        NeedReason();
                        ledger.Correct(NamedLot(), int.TryParse(Cell("quantite_comptee"), NumberStyles.None, CultureInfo.InvariantCulture, out var counted) ? counted
                            : throw DomainException.Invalid("quantité comptée obligatoire pour une correction"), names);
                        break;
                    case OperationKind.QualityRelease or OperationKind.QualityRejection:
                        var checkedLot = NamedLot();
                        var rejected = kind == OperationKind.QualityRejection ? checkedLot.OnHand
                            : Cell("quantite_refusee") is { } r ? int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw DomainException.Invalid($"quantité refusée « {r} » illisible") : 0;
                        if (rejected > 0)
                        {
                            NeedReason();
                        }

                        ledger.Check(checkedLot, rejected, names);
                        break;
                }

                if (key is not null)
                {
                    keys.Add(key);
                }

                applied++;
            }
            catch (DomainException e)
            {
                refused.Add(new ReplayRefusal(line, key, e.Message));
            }
        }

        var depotNames = depots.ToDictionary(x => x.Value, x => x.Key);
        var stock = ledger is null ? [] : ledger.Lots.Select(l => (l.DepotId, l.ItemId)).Distinct()
            .Select(x => new ReplayStock(depotNames[x.DepotId], StandardCatalogue.Items[x.ItemId - 1].Code, StandardCatalogue.Items[x.ItemId - 1].Unit,
                ledger.Usable(x.DepotId, x.ItemId), ledger.Quarantined(x.DepotId, x.ItemId), ledger.Expired(x.DepotId, x.ItemId)))
            .OrderBy(s => s.Depot, StringComparer.Ordinal).ThenBy(s => s.Item, StringComparer.Ordinal).ToList();
        return new ReplayReport(records.Count - 1, applied, duplicates, refused, stock);
    }

    /// <summary>The ledger moves on to a later day: expiry is judged on each line's own date.</summary>
    private static StockLedger Carry(StockLedger? ledger, DateOnly day)
    {
        if (ledger is not null && ledger.Today == day)
        {
            return ledger;
        }

        var next = new StockLedger(day);
        foreach (var lot in ledger?.Lots ?? [])
        {
            next.Load(lot);
        }

        return next;
    }

    private static int DepotId(Dictionary<string, int> depots, string name)
    {
        if (!depots.TryGetValue(name.Trim(), out var id))
        {
            id = depots.Count + 1;
            depots[name.Trim()] = id;
        }

        return id;
    }
}

public static class EquipmentCli
{
    public static IEnumerable<CliVerb> Verbs() =>
    [
        new("equipment ledger", "equipment ledger --in MOVEMENTS.csv [--json]", ["in="], 0, LedgerAsync, UsesDatabase: false),
    ];

    /// <summary>Exit 0 when every line is applied, 1 when some are refused (they are listed), 2 when the file cannot be read.</summary>
    private static async Task<int> LedgerAsync(CliContext cli)
    {
        var path = cli.Args.Required("in");
        if (!File.Exists(path))
        {
            throw DomainException.Invalid($"file not found: {path}");
        }

        var report = LedgerReplay.Run(await File.ReadAllTextAsync(path));
        if (cli.Json)
        {
            cli.WriteJson(report);
        }
        else
        {
            cli.Out.WriteLine($"{report.Lines} line(s): {report.Applied} applied, {report.Duplicates} duplicate key(s) skipped, {report.Refused.Count} refused");
            foreach (var r in report.Refused)
            {
                cli.Out.WriteLine($"  line {r.Line}{(r.Key is null ? "" : $" [{r.Key}]")}: {r.Reason}");
            }

            foreach (var s in report.Stock)
            {
                cli.Out.WriteLine($"{s.Depot}\t{s.Item}\tusable {s.Usable}\tquarantine {s.Quarantined}\texpired {s.Expired}");
            }
        }

        return report.Refused.Count == 0 ? 0 : 1;
    }
}
