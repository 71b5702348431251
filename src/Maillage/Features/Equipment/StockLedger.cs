using System.Globalization;
using Maillage.Infrastructure;

namespace Maillage.Features.Equipment;

/// <summary>A lot as the ledger rules see it. <see cref="Id"/> is 0 for a lot received by the operation being recorded.</summary>
public sealed class LotState
{
    public int Id { get; set; }

    public int DepotId { get; init; }

    public int ItemId { get; init; }

    public LotStatus Status { get; set; }

    public DateOnly? ExpiresOn { get; init; }

    public string? LotNumber { get; init; }

    public string? Condition { get; init; }

    public OperationKind Source { get; init; }

    public int? DonorId { get; init; }

    /// <summary>Receipt order, for first-expired-first-out among lots of the same date.</summary>
    public long Order { get; init; }

    public int OnHand { get; set; }

    public bool IsExpired(DateOnly today) => ExpiresOn is { } e && e < today;
}

public sealed record LedgerLine(LotState Lot, int Quantity);

/// <summary>How a depot and an item read in an error message.</summary>
public sealed record StockNames(string Item, string Unit, string Depot)
{
    public string Count(int quantity) => $"{French.Number(quantity)} {Unit}{(quantity > 1 && !Unit.EndsWith('s') && !Unit.Contains(' ') ? "s" : "")}";
}

/// <summary>
/// The ledger's rules, on lots held in memory: what goes in, what may go out and from which lots, and the
/// refusals. The database path loads the lots of one depot and item under that stock's lock and asks these
/// rules; the offline replay (<c>equipment ledger</c>) keeps every lot here. Stock never goes negative:
/// a line that would take more than is there is refused before anything is written.
/// </summary>
public sealed class StockLedger(DateOnly today)
{
    public const int MaxQuantity = 1_000_000;

    private readonly List<LotState> lots = [];
    private readonly Dictionary<(int Depot, int Item), int> reserved = [];
    private long order;

    public DateOnly Today { get; } = today;

    public IReadOnlyList<LotState> Lots => lots;

    public void Load(LotState lot)
    {
        lots.Add(lot);
        order = Math.Max(order, lot.Order);
    }

    /// <summary>Units promised to approved allocations and not yet collected.</summary>
    public void Reserve(int depot, int item, int quantity) => reserved[(depot, item)] = Reserved(depot, item) + quantity;

    public int Reserved(int depot, int item) => reserved.GetValueOrDefault((depot, item));

    /// <summary>Checked, unexpired units on the shelf, reserved ones included.</summary>
    public int OnShelf(int depot, int item) => Distributable(depot, item).Sum(l => l.OnHand);

    /// <summary>What may be handed out now: on the shelf, minus what approved allocations hold.</summary>
    public int Usable(int depot, int item) => Math.Max(0, OnShelf(depot, item) - Reserved(depot, item));

    public int Quarantined(int depot, int item) => lots.Where(l => l.DepotId == depot && l.ItemId == item && l.Status == LotStatus.Quarantine).Sum(l => l.OnHand);

    public int Expired(int depot, int item) => lots.Where(l => l.DepotId == depot && l.ItemId == item && l.Status == LotStatus.Available && l.IsExpired(Today)).Sum(l => l.OnHand);

    public static void CheckQuantity(int quantity, string field = "quantity")
    {
        if (quantity <= 0)
        {
            throw DomainException.Invalid("La quantité doit être un nombre entier positif.", field);
        }

        if (quantity > MaxQuantity)
        {
            throw DomainException.Invalid($"La quantité dépasse {French.Number(MaxQuantity)} : vérifiez la saisie.", field);
        }
    }

    /// <summary>
    /// Goods coming in. Donations wait in quarantine until checked; State deliveries are usable at once.
    /// An expiry date already past is refused: such goods are not taken in.
    /// </summary>
    public IReadOnlyList<LedgerLine> Receive(OperationKind kind, int depot, int item, int quantity, DateOnly? expiresOn, string? lotNumber, string? condition, int? donorId)
    {
        CheckQuantity(quantity);
        if (expiresOn is { } e && e < Today)
        {
            throw DomainException.Invalid($"Date de péremption dépassée ({e.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}) : ce matériel ne peut pas entrer en stock.", "expiresOn");
        }

        var lot = new LotState
        {
            DepotId = depot, ItemId = item, Status = kind == OperationKind.Donation ? LotStatus.Quarantine : LotStatus.Available,
            ExpiresOn = expiresOn, LotNumber = lotNumber, Condition = condition, Source = kind, DonorId = donorId, Order = ++order, OnHand = quantity,
        };
        lots.Add(lot);
        return [new LedgerLine(lot, quantity)];
    }

    /// <summary>
    /// Units leaving a depot (a distribution, a loss, the outgoing half of a transfer), taken from the
    /// checked lots that expire first. <paramref name="reservedForThis"/> is the part of the reservations
    /// that belongs to this very pickup.
    /// </summary>
    public IReadOnlyList<LedgerLine> TakeOut(int depot, int item, int quantity, StockNames names, int reservedForThis = 0)
    {
        CheckQuantity(quantity);
        var shelf = OnShelf(depot, item);
        var held = Reserved(depot, item) - reservedForThis;
        var allowed = Math.Max(0, shelf - Math.Max(0, held));
        if (quantity > allowed)
        {
            var detail = new List<string>();
            if (held > 0)
            {
                detail.Add($"réservé à des attributions approuvées : {names.Count(Math.Min(held, shelf))}");
            }

            if (Quarantined(depot, item) is > 0 and var q)
            {
                detail.Add($"en quarantaine : {names.Count(q)}");
            }

            if (Expired(depot, item) is > 0 and var x)
            {
                detail.Add($"périmé : {names.Count(x)}");
            }

            throw DomainException.Conflict(
                $"Stock insuffisant au dépôt « {names.Depot} » pour « {names.Item} » : demande {names.Count(quantity)}, sortie possible {names.Count(allowed)}" +
                (detail.Count > 0 ? $" ({string.Join(" ; ", detail)})." : "."), "quantity");
        }

        var lines = new List<LedgerLine>();
        var left = quantity;
        foreach (var lot in Distributable(depot, item).OrderBy(l => l.ExpiresOn ?? DateOnly.MaxValue).ThenBy(l => l.Order))
        {
            var take = Math.Min(left, lot.OnHand);
            lot.OnHand -= take;
            lines.Add(new LedgerLine(lot, -take));
            left -= take;
            if (left == 0)
            {
                break;
            }
        }

        return lines;
    }

    /// <summary>Checked units moving to another depot: they leave first-expired-first and arrive as lots of the same dates, already checked.</summary>
    public IReadOnlyList<LedgerLine> Transfer(int from, int to, int item, int quantity, StockNames names)
    {
        if (from == to)
        {
            throw DomainException.Invalid("Le dépôt de destination doit être différent du dépôt de départ.", "toDepotId");
        }

        var outgoing = TakeOut(from, item, quantity, names);
        var incoming = outgoing.Select(line =>
        {
            var lot = new LotState
            {
                DepotId = to, ItemId = item, Status = LotStatus.Available, ExpiresOn = line.Lot.ExpiresOn, LotNumber = line.Lot.LotNumber,
                Condition = line.Lot.Condition, Source = OperationKind.Transfer, DonorId = line.Lot.DonorId, Order = ++order, OnHand = -line.Quantity,
            };
            lots.Add(lot);
            return new LedgerLine(lot, -line.Quantity);
        }).ToList();
        return [.. outgoing, .. incoming];
    }

    /// <summary>Units lost or damaged from one known lot, whatever its status.</summary>
    public IReadOnlyList<LedgerLine> LoseFromLot(LotState lot, int quantity, StockNames names)
    {
        CheckQuantity(quantity);
        NotRejected(lot);
        if (quantity > lot.OnHand)
        {
            throw DomainException.Conflict($"Le lot n° {lot.Id} ne contient plus que {names.Count(lot.OnHand)} : impossible d'en sortir {quantity}.", "quantity");
        }

        if (quantity > lot.OnHand - MustStayIn(lot))
        {
            throw DomainException.Conflict($"Une partie du lot n° {lot.Id} est réservée à des attributions approuvées : sortez-en au plus {names.Count(lot.OnHand - MustStayIn(lot))}.", "quantity");
        }

        lot.OnHand -= quantity;
        return [new LedgerLine(lot, -quantity)];
    }

    /// <summary>What is left of a lot past its date leaves the stock.</summary>
    public IReadOnlyList<LedgerLine> Expire(LotState lot, StockNames names)
    {
        NotRejected(lot);
        if (!lot.IsExpired(Today) && !(lot.ExpiresOn == Today))
        {
            throw DomainException.Invalid(lot.ExpiresOn is { } e
                ? $"Le lot n° {lot.Id} n'est pas périmé (date limite {e.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}) : enregistrez plutôt une perte."
                : $"Le lot n° {lot.Id} n'a pas de date de péremption : enregistrez plutôt une perte.", "lotId");
        }

        if (lot.OnHand == 0)
        {
            throw DomainException.Conflict($"Le lot n° {lot.Id} est déjà vide.", "lotId");
        }

        var quantity = lot.OnHand;
        lot.OnHand = 0;
        return [new LedgerLine(lot, -quantity)];
    }

    /// <summary>An inventory count: the lot now holds <paramref name="counted"/>; the difference is the ledger line.</summary>
    public IReadOnlyList<LedgerLine> Correct(LotState lot, int counted, StockNames names)
    {
        NotRejected(lot);
        if (counted < 0 || counted > MaxQuantity)
        {
            throw DomainException.Invalid("La quantité comptée doit être un nombre entier positif ou nul.", "countedQuantity");
        }

        if (counted == lot.OnHand)
        {
            throw DomainException.Invalid($"Le lot n° {lot.Id} contient déjà {names.Count(counted)} : rien à corriger.", "countedQuantity");
        }

        if (counted < MustStayIn(lot))
        {
            throw DomainException.Conflict($"Des attributions approuvées attendent {names.Count(MustStayIn(lot))} de ce lot : annulez-les ou corrigez un autre lot d'abord.", "countedQuantity");
        }

        var delta = counted - lot.OnHand;
        lot.OnHand = counted;
        return [new LedgerLine(lot, delta)];
    }

    /// <summary>
    /// A quality check of a donated lot in quarantine: the good part becomes usable, the rejected part
    /// leaves the stock. All rejected is a rejection of the lot.
    /// </summary>
    public IReadOnlyList<LedgerLine> Check(LotState lot, int rejected, StockNames names)
    {
        if (lot.Status != LotStatus.Quarantine)
        {
            throw DomainException.Conflict($"Le lot n° {lot.Id} n'est pas en quarantaine ({EquipmentLabels.Of(lot.Status).ToLowerInvariant()}).", "lotId");
        }

        if (rejected < 0 || rejected > lot.OnHand)
        {
            throw DomainException.Invalid($"La quantité refusée doit être comprise entre 0 et {lot.OnHand}.", "rejectedQuantity");
        }

        var lines = new List<LedgerLine>();
        if (rejected > 0)
        {
            lot.OnHand -= rejected;
            lines.Add(new LedgerLine(lot, -rejected));
        }

        lot.Status = lot.OnHand == 0 ? LotStatus.Rejected : LotStatus.Available;
        if (lot.Status == LotStatus.Available)
        {
            // A release moves no unit, yet it is a line of the ledger: who declared the lot fit, and when.
            lines.Add(new LedgerLine(lot, 0));
        }

        return lines;
    }

    private IEnumerable<LotState> Distributable(int depot, int item) =>
        lots.Where(l => l.DepotId == depot && l.ItemId == item && l.Status == LotStatus.Available && l.OnHand > 0 && !l.IsExpired(Today));

    /// <summary>What the reservations still need from this lot once the other usable lots are counted.</summary>
    private int MustStayIn(LotState lot) =>
        lot.Status == LotStatus.Available && !lot.IsExpired(Today) ? Math.Max(0, Reserved(lot.DepotId, lot.ItemId) - (OnShelf(lot.DepotId, lot.ItemId) - lot.OnHand)) : 0;

    private static void NotRejected(LotState lot)
    {
        if (lot.Status == LotStatus.Rejected)
        {
            throw DomainException.Conflict($"Le lot n° {lot.Id} a été refusé au contrôle qualité : il n'est plus en stock.", "lotId");
        }
    }
}

/// <summary>Days of cover: how long what can be handed out lasts at the pace of the last seven days.</summary>
public static class DaysOfCover
{
    public const int WindowDays = 7;

    /// <summary>Null when nothing went out in the window: the stock is not being consumed, so no end is in sight.</summary>
    public static double? Of(int usable, int consumedInWindow) =>
        consumedInWindow <= 0 ? null : Math.Round(usable / (consumedInWindow / (double)WindowDays), 1);

    public static string Label(double? days) => days switch
    {
        null => "pas de consommation sur 7 jours",
        < 1 => "moins d'un jour",
        _ => $"{days.Value.ToString("0.#", French.Culture)} jours",
    };
}
