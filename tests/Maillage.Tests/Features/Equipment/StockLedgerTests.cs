using Maillage.Features.Equipment;
using Maillage.Infrastructure;

namespace Maillage.Tests.Features.Equipment;

public sealed class StockLedgerTests
{
    private const int Depot = 1;
    private const int Other = 2;
    private const int Item = 10;
    private static readonly DateOnly Today = new(2020, 4, 15);
    private static readonly StockNames Names = new("Masque FFP2", "pièce", "Lodève");

    private static LotState Lot(int id, int onHand, DateOnly? expires = null, LotStatus status = LotStatus.Available, int depot = Depot) =>
        new() { Id = id, DepotId = depot, ItemId = Item, Status = status, ExpiresOn = expires, Order = id, OnHand = onHand, Source = OperationKind.StateAllocation };

    private static StockLedger With(params LotState[] lots)
    {
        var ledger = new StockLedger(Today);
        foreach (var lot in lots)
        {
            ledger.Load(lot);
        }

        return ledger;
    }

    [Fact]
    public void A_donation_waits_in_quarantine_and_a_state_allocation_is_usable_at_once()
    {
        var ledger = new StockLedger(Today);
        var donation = Assert.Single(ledger.Receive(OperationKind.Donation, Depot, Item, 100, null, "L1", "neuf", 7));
        var state = Assert.Single(ledger.Receive(OperationKind.StateAllocation, Depot, Item, 40, Today.AddDays(90), null, null, null));

        Assert.Equal((LotStatus.Quarantine, 100, 7), (donation.Lot.Status, donation.Quantity, donation.Lot.DonorId));
        Assert.Equal((LotStatus.Available, 40), (state.Lot.Status, state.Quantity));
        Assert.Equal(40, ledger.Usable(Depot, Item));
        Assert.Equal(100, ledger.Quarantined(Depot, Item));
        Assert.Equal(0, donation.Lot.Id);
    }

    [Fact]
    public void Goods_past_their_date_are_not_taken_in_but_goods_expiring_today_are()
    {
        var ledger = new StockLedger(Today);
        var e = Assert.Throws<DomainException>(() => ledger.Receive(OperationKind.StateAllocation, Depot, Item, 10, Today.AddDays(-1), null, null, null));
        Assert.Equal((DomainErrorKind.Invalid, "expiresOn"), (e.Kind, e.Field));
        Assert.Contains("14/04/2020", e.Message);
        Assert.Empty(ledger.Lots);

        ledger.Receive(OperationKind.StateAllocation, Depot, Item, 10, Today, null, null, null);
        Assert.Equal(10, ledger.Usable(Depot, Item));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(StockLedger.MaxQuantity + 1)]
    public void Quantities_are_whole_positive_and_plausible(int quantity)
    {
        var e = Assert.Throws<DomainException>(() => new StockLedger(Today).Receive(OperationKind.Donation, Depot, Item, quantity, null, null, null, 1));
        Assert.Equal("quantity", e.Field);
    }

    [Fact]
    public void Take_out_spends_the_earliest_expiry_first_and_undated_lots_last()
    {
        var late = Lot(1, 10, Today.AddDays(60));
        var undated = Lot(2, 10);
        var early = Lot(3, 10, Today.AddDays(10));
        var ledger = With(late, undated, early);

        var first = ledger.TakeOut(Depot, Item, 15, Names);
        Assert.Equal([(3, -10), (1, -5)], first.Select(l => (l.Lot.Id, l.Quantity)));

        var second = ledger.TakeOut(Depot, Item, 10, Names);
        Assert.Equal([(1, -5), (2, -5)], second.Select(l => (l.Lot.Id, l.Quantity)));
        Assert.Equal((0, 0, 5), (early.OnHand, late.OnHand, undated.OnHand));
    }

    [Fact]
    public void Among_lots_of_the_same_date_the_first_received_goes_first()
    {
        var ledger = With(Lot(5, 4, Today.AddDays(3)), Lot(2, 4, Today.AddDays(3)));
        Assert.Equal([2, 5], ledger.TakeOut(Depot, Item, 6, Names).Select(l => l.Lot.Id));
    }

    [Fact]
    public void Stock_never_goes_negative_and_the_refusal_says_where_and_why()
    {
        var ledger = With(
            Lot(1, 12), Lot(2, 30, status: LotStatus.Quarantine), Lot(3, 4, Today.AddDays(-2)), Lot(4, 50, depot: Other));
        ledger.Reserve(Depot, Item, 5);

        var e = Assert.Throws<DomainException>(() => ledger.TakeOut(Depot, Item, 20, Names));

        Assert.Equal((DomainErrorKind.Conflict, "quantity"), (e.Kind, e.Field));
        Assert.Equal(
            "Stock insuffisant au dépôt « Lodève » pour « Masque FFP2 » : demande 20 pièces, sortie possible 7 pièces "
            + "(réservé à des attributions approuvées : 5 pièces ; en quarantaine : 30 pièces ; périmé : 4 pièces).", e.Message);
        Assert.Equal(12, ledger.Lots[0].OnHand);
        Assert.Equal(7, ledger.Usable(Depot, Item));
        Assert.Equal(4, ledger.Expired(Depot, Item));
    }

    [Fact]
    public void A_refusal_with_nothing_held_elsewhere_is_short()
    {
        var ledger = With(Lot(1, 1));
        var e = Assert.Throws<DomainException>(() => ledger.TakeOut(Depot, Item, 2, Names));
        Assert.Equal("Stock insuffisant au dépôt « Lodève » pour « Masque FFP2 » : demande 2 pièces, sortie possible 1 pièce.", e.Message);
    }

    [Fact]
    public void A_direct_take_cannot_spend_reserved_units_but_a_pickup_spends_its_own_reservation()
    {
        var ledger = With(Lot(1, 10));
        ledger.Reserve(Depot, Item, 8);
        Assert.Equal(2, ledger.Usable(Depot, Item));
        Assert.Equal(10, ledger.OnShelf(Depot, Item));

        Assert.Throws<DomainException>(() => ledger.TakeOut(Depot, Item, 3, Names));
        ledger.TakeOut(Depot, Item, 2, Names);

        // The pickup of 8 reserved for it: allowed, though nothing is usable by others.
        Assert.Equal(0, ledger.Usable(Depot, Item));
        var pickup = ledger.TakeOut(Depot, Item, 8, Names, reservedForThis: 8);
        Assert.Equal(-8, pickup.Sum(l => l.Quantity));

        // A pickup cannot take more than its own share of the reservations.
        var other = With(Lot(1, 10));
        other.Reserve(Depot, Item, 10);
        Assert.Throws<DomainException>(() => other.TakeOut(Depot, Item, 5, Names, reservedForThis: 4));
        other.TakeOut(Depot, Item, 4, Names, reservedForThis: 4);
    }

    [Fact]
    public void A_transfer_needs_another_depot_and_the_arriving_lots_keep_their_dates()
    {
        var ledger = With(Lot(1, 10, Today.AddDays(5)), Lot(2, 10, Today.AddDays(40)));
        var same = Assert.Throws<DomainException>(() => ledger.Transfer(Depot, Depot, Item, 5, Names));
        Assert.Equal((DomainErrorKind.Invalid, "toDepotId"), (same.Kind, same.Field));

        var lines = ledger.Transfer(Depot, Other, Item, 15, Names);

        Assert.Equal([(Depot, -10), (Depot, -5), (Other, 10), (Other, 5)], lines.Select(l => (l.Lot.DepotId, l.Quantity)));
        var arrived = lines.Where(l => l.Lot.DepotId == Other).Select(l => l.Lot).ToList();
        Assert.Equal([Today.AddDays(5), Today.AddDays(40)], arrived.Select(l => l.ExpiresOn!.Value));
        Assert.All(arrived, l => Assert.Equal((LotStatus.Available, OperationKind.Transfer, 0), (l.Status, l.Source, l.Id)));
        Assert.Equal(15, ledger.Usable(Other, Item));
        Assert.Equal(5, ledger.Usable(Depot, Item));
        Assert.Equal(0, lines.Sum(l => l.Quantity));

        Assert.Throws<DomainException>(() => ledger.Transfer(Depot, Other, Item, 6, Names));
    }

    [Fact]
    public void A_loss_comes_from_one_lot_and_never_more_than_it_holds()
    {
        var quarantined = Lot(1, 20, status: LotStatus.Quarantine);
        var ledger = With(quarantined, Lot(2, 5));

        Assert.Equal(-3, Assert.Single(ledger.LoseFromLot(quarantined, 3, Names)).Quantity);
        Assert.Equal(17, quarantined.OnHand);

        var e = Assert.Throws<DomainException>(() => ledger.LoseFromLot(quarantined, 18, Names));
        Assert.Equal((DomainErrorKind.Conflict, "quantity"), (e.Kind, e.Field));
        Assert.Contains("17 pièces", e.Message);

        var rejected = Lot(3, 0, status: LotStatus.Rejected);
        Assert.Equal("lotId", Assert.Throws<DomainException>(() => ledger.LoseFromLot(rejected, 1, Names)).Field);
    }

    [Fact]
    public void A_loss_cannot_eat_what_reservations_need()
    {
        var a = Lot(1, 6);
        var ledger = With(a, Lot(2, 4));
        ledger.Reserve(Depot, Item, 8);

        // The other lot covers 4 of the 8 reserved: 4 must stay in this one, so 2 may go.
        var e = Assert.Throws<DomainException>(() => ledger.LoseFromLot(a, 3, Names));
        Assert.Contains("au plus 2 pièces", e.Message);
        ledger.LoseFromLot(a, 2, Names);
        Assert.Equal(4, a.OnHand);
    }

    [Fact]
    public void Expiry_empties_a_lot_past_its_date_and_refuses_one_still_good()
    {
        var past = Lot(1, 9, Today.AddDays(-1));
        var todayLot = Lot(2, 3, Today);
        var good = Lot(3, 5, Today.AddDays(1));
        var undated = Lot(4, 5);
        var ledger = With(past, todayLot, good, undated);

        Assert.Equal(-9, Assert.Single(ledger.Expire(past, Names)).Quantity);
        Assert.Equal(0, past.OnHand);
        Assert.Equal(-3, Assert.Single(ledger.Expire(todayLot, Names)).Quantity);

        var notYet = Assert.Throws<DomainException>(() => ledger.Expire(good, Names));
        Assert.Equal((DomainErrorKind.Invalid, "lotId"), (notYet.Kind, notYet.Field));
        Assert.Contains("16/04/2020", notYet.Message);
        Assert.Contains("pas de date", Assert.Throws<DomainException>(() => ledger.Expire(undated, Names)).Message);
        Assert.Equal(DomainErrorKind.Conflict, Assert.Throws<DomainException>(() => ledger.Expire(past, Names)).Kind);
    }

    [Fact]
    public void A_correction_records_the_difference_with_the_count()
    {
        var lot = Lot(1, 10);
        var ledger = With(lot);

        Assert.Equal(-3, Assert.Single(ledger.Correct(lot, 7, Names)).Quantity);
        Assert.Equal(5, Assert.Single(ledger.Correct(lot, 12, Names)).Quantity);
        Assert.Equal(12, lot.OnHand);

        var same = Assert.Throws<DomainException>(() => ledger.Correct(lot, 12, Names));
        Assert.Equal((DomainErrorKind.Invalid, "countedQuantity"), (same.Kind, same.Field));
        Assert.Equal("countedQuantity", Assert.Throws<DomainException>(() => ledger.Correct(lot, -1, Names)).Field);
        ledger.Correct(lot, 0, Names);
        Assert.Equal(0, lot.OnHand);
    }

    [Fact]
    public void A_correction_cannot_go_below_what_reservations_need()
    {
        var lot = Lot(1, 10);
        var ledger = With(lot, Lot(2, 3));
        ledger.Reserve(Depot, Item, 9);

        var e = Assert.Throws<DomainException>(() => ledger.Correct(lot, 5, Names));
        Assert.Equal((DomainErrorKind.Conflict, "countedQuantity"), (e.Kind, e.Field));
        Assert.Contains("6 pièces", e.Message);
        ledger.Correct(lot, 6, Names);
    }

    [Fact]
    public void A_quality_check_releases_the_good_part_and_takes_out_the_rest()
    {
        var lot = Lot(1, 100, status: LotStatus.Quarantine);
        var ledger = With(lot);

        var lines = ledger.Check(lot, 10, Names);

        Assert.Equal([-10, 0], lines.Select(l => l.Quantity));
        Assert.Equal((LotStatus.Available, 90), (lot.Status, lot.OnHand));
        Assert.Equal(90, ledger.Usable(Depot, Item));

        var again = Assert.Throws<DomainException>(() => ledger.Check(lot, 0, Names));
        Assert.Equal((DomainErrorKind.Conflict, "lotId"), (again.Kind, again.Field));
        Assert.Contains("disponible", again.Message);
    }

    [Fact]
    public void A_release_without_rejection_is_still_a_ledger_line()
    {
        var lot = Lot(1, 40, status: LotStatus.Quarantine);
        var line = Assert.Single(With(lot).Check(lot, 0, Names));
        Assert.Equal((0, LotStatus.Available), (line.Quantity, lot.Status));
    }

    [Fact]
    public void Rejecting_everything_rejects_the_lot_and_rejections_are_bounded()
    {
        var lot = Lot(1, 25, status: LotStatus.Quarantine);
        var ledger = With(lot);
        Assert.Equal("rejectedQuantity", Assert.Throws<DomainException>(() => ledger.Check(lot, 26, Names)).Field);
        Assert.Equal("rejectedQuantity", Assert.Throws<DomainException>(() => ledger.Check(lot, -1, Names)).Field);

        var line = Assert.Single(ledger.Check(lot, 25, Names));
        Assert.Equal((-25, LotStatus.Rejected, 0), (line.Quantity, lot.Status, lot.OnHand));
        Assert.Equal(0, ledger.Quarantined(Depot, Item));
        Assert.Throws<DomainException>(() => ledger.Correct(lot, 3, Names));
    }

    [Fact]
    public void Days_of_cover_are_unknown_without_consumption_and_rounded_to_a_tenth()
    {
        Assert.Null(DaysOfCover.Of(100, 0));
        Assert.Null(DaysOfCover.Of(0, 0));
        Assert.Equal(10, DaysOfCover.Of(100, 70));
        Assert.Equal(23.3, DaysOfCover.Of(10, 3));
        Assert.Equal(0, DaysOfCover.Of(0, 5));
        Assert.Equal("pas de consommation sur 7 jours", DaysOfCover.Label(null));
        Assert.Equal("moins d'un jour", DaysOfCover.Label(0.4));
        Assert.Equal("23,3 jours", DaysOfCover.Label(23.3));
        Assert.Equal("10 jours", DaysOfCover.Label(10));
    }
}
