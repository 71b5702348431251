using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Features.Equipment;

/// <summary>
/// A kind of equipment. The standard catalogue (no territory) ships with the schema; a territory adds its own.
/// Quantities are whole <see cref="Unit"/>s. Lendable items are tracked unit by unit (<see cref="LendableUnit"/>), not in the stock ledger.
/// </summary>
public sealed class EquipmentItem
{
    public int Id { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public ItemCategory Category { get; set; }

    /// <summary>French unit label, singular: "pièce", "paire", "litre".</summary>
    public required string Unit { get; set; }

    public bool Lendable { get; set; }

    public bool TracksExpiry { get; set; }

    public int? TerritoryId { get; set; }

    public bool Archived { get; set; }
}

/// <summary>A place where equipment is kept: a site of the directory.</summary>
public sealed class Depot
{
    public int Id { get; set; }

    public int TerritoryId { get; set; }

    public int SiteId { get; set; }

    public required string Name { get; set; }

    public bool Active { get; set; } = true;

    public DateTime CreatedAtUtc { get; set; }
}

public sealed class Donor
{
    public int Id { get; set; }

    public int TerritoryId { get; set; }

    public required string Name { get; set; }

    public DonorCategory Category { get; set; }

    public string? Contact { get; set; }

    public string? CommuneCode { get; set; }

    public string? Note { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}

/// <summary>
/// Goods received together at a depot: one donation, one State delivery, or what a transfer brought.
/// <see cref="OnHand"/> is kept equal to the sum of the lot's ledger lines, in the same transaction.
/// </summary>
public sealed class StockLot
{
    public int Id { get; set; }

    public int TerritoryId { get; set; }

    public int DepotId { get; set; }

    public int ItemId { get; set; }

    public LotStatus Status { get; set; }

    public DateOnly? ExpiresOn { get; set; }

    /// <summary>The manufacturer's lot number, when the packaging has one.</summary>
    public string? LotNumber { get; set; }

    /// <summary>As noted on receipt: "neuf, emballage d'origine", "cousu main"…</summary>
    public string? Condition { get; set; }

    public OperationKind Source { get; set; }

    public int? DonorId { get; set; }

    public int ReceivedByOperationId { get; set; }

    public DateTime ReceivedAtUtc { get; set; }

    public int OnHand { get; set; }
}

/// <summary>One act on the stock, as a person recorded it. Never changed nor deleted; a mistake is corrected by another operation.</summary>
public sealed class StockOperation
{
    public int Id { get; set; }

    public int TerritoryId { get; set; }

    /// <summary>The client's idempotency key: the same key again returns this operation instead of recording another.</summary>
    public string? Key { get; set; }

    public OperationKind Kind { get; set; }

    public DateTime AtUtc { get; set; }

    public int DepotId { get; set; }

    public int ItemId { get; set; }

    /// <summary>Always positive: how much came in, went out, moved, or was checked.</summary>
    public int Quantity { get; set; }

    public int? ToDepotId { get; set; }

    public int? LotId { get; set; }

    public int? DonorId { get; set; }

    public int? RecipientProfessionalId { get; set; }

    public int? RecipientStructureId { get; set; }

    /// <summary>Who received it, as it read on the day (a name can change later; the ledger must not).</summary>
    public string? RecipientLabel { get; set; }

    /// <summary>The receiving professional's profession code on the day, for reports by profession.</summary>
    public string? RecipientProfession { get; set; }

    /// <summary>The person who collected it at the depot.</summary>
    public string? CollectedBy { get; set; }

    public int? RequestId { get; set; }

    public int? AllocationLineId { get; set; }

    public string? Reason { get; set; }

    public required string ByUserId { get; set; }

    public required string ByName { get; set; }
}

/// <summary>One line of the append-only ledger: a signed quantity of one lot. Stock is the sum of these lines.</summary>
public sealed class StockMovement
{
    public long Id { get; set; }

    public int OperationId { get; set; }

    public int TerritoryId { get; set; }

    public int DepotId { get; set; }

    public int ItemId { get; set; }

    public int LotId { get; set; }

    public int Quantity { get; set; }

    /// <summary>The operation's kind, repeated so that flows and consumption read the ledger alone.</summary>
    public OperationKind Kind { get; set; }

    public DateTime AtUtc { get; set; }
}

/// <summary>
/// One row per depot and item. Every movement of that item at that depot first bumps <see cref="Version"/>,
/// which takes the row's write lock: movements of the same stock run one after the other on both databases,
/// so two of them can never both spend the same units.
/// </summary>
public sealed class StockLevel
{
    public int DepotId { get; set; }

    public int ItemId { get; set; }

    public int TerritoryId { get; set; }

    public long Version { get; set; }

    /// <summary>Alert the coordinators when what can be handed out falls below this.</summary>
    public int? AlertBelow { get; set; }

}

public sealed class EquipmentRequest
{
    public int Id { get; set; }

    public int TerritoryId { get; set; }

    public int ItemId { get; set; }

    public int Quantity { get; set; }

    public required string Reason { get; set; }

    public RequestUrgency Urgency { get; set; }

    public bool HomeVisits { get; set; }

    public bool SuspectedInfection { get; set; }

    public int? ProfessionalId { get; set; }

    public int? StructureId { get; set; }

    public required string RequesterLabel { get; set; }

    /// <summary>The professional's profession code, or null for a structure.</summary>
    public string? Profession { get; set; }

    public required string CreatedByUserId { get; set; }

    public required string CreatedByName { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public RequestStatus Status { get; set; }

    /// <summary>How much has been handed out against this request.</summary>
    public int Served { get; set; }

    public string? DecisionNote { get; set; }

    public int Version { get; set; }
}

/// <summary>A split of one item's stock at one depot among the waiting requests, proposed by the rules and approved by a coordinator.</summary>
public sealed class AllocationRound
{
    public int Id { get; set; }

    public int TerritoryId { get; set; }

    public int DepotId { get; set; }

    public int ItemId { get; set; }

    public AllocationStatus Status { get; set; }

    /// <summary>What could be handed out when the proposal was made.</summary>
    public int Available { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime? DecidedAtUtc { get; set; }

    public string? DecidedBy { get; set; }

    public int Version { get; set; }
}

public sealed class AllocationLine
{
    public int Id { get; set; }

    public int RoundId { get; set; }

    public int RequestId { get; set; }

    public double Priority { get; set; }

    /// <summary>What the request still needed, after its weekly quota.</summary>
    public int Need { get; set; }

    public int Proposed { get; set; }

    /// <summary>What the coordinator approved; reserved at the depot until collected.</summary>
    public int Approved { get; set; }

    public required string Explanation { get; set; }

    public int Collected { get; set; }

    public DateTime? CollectedAtUtc { get; set; }

    public string? CollectedBy { get; set; }

    public int? OperationId { get; set; }
}

/// <summary>A territory's allocation rules, kept as JSON (<see cref="AllocationPolicy"/>).</summary>
public sealed class EquipmentSettings
{
    public int TerritoryId { get; set; }

    public required string PolicyJson { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public required string UpdatedBy { get; set; }

    public int Version { get; set; }
}

/// <summary>One piece of lendable equipment: an oxygen concentrator, a saturometer, a vehicle.</summary>
public sealed class LendableUnit
{
    public int Id { get; set; }

    public int TerritoryId { get; set; }

    public int ItemId { get; set; }

    public int DepotId { get; set; }

    public required string Label { get; set; }

    public string? SerialNumber { get; set; }

    /// <summary>Who owns it when it is itself lent to the territory ("commune de Lodève").</summary>
    public string? Owner { get; set; }

    public LendableStatus Status { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public int Version { get; set; }
}

public sealed class Loan
{
    public int Id { get; set; }

    public int UnitId { get; set; }

    public int? BorrowerProfessionalId { get; set; }

    public required string BorrowerLabel { get; set; }

    public string? Purpose { get; set; }

    public DateTime LentAtUtc { get; set; }

    public DateOnly DueOn { get; set; }

    public required string LentBy { get; set; }

    public DateTime? ReturnedAtUtc { get; set; }

    public string? ReturnedBy { get; set; }

    public string? ReturnNote { get; set; }
}

internal sealed class EquipmentConfiguration :
    IEntityTypeConfiguration<EquipmentItem>, IEntityTypeConfiguration<Depot>, IEntityTypeConfiguration<Donor>, IEntityTypeConfiguration<StockLot>,
    IEntityTypeConfiguration<StockOperation>, IEntityTypeConfiguration<StockMovement>, IEntityTypeConfiguration<StockLevel>,
    IEntityTypeConfiguration<EquipmentRequest>, IEntityTypeConfiguration<AllocationRound>, IEntityTypeConfiguration<AllocationLine>,
    IEntityTypeConfiguration<EquipmentSettings>, IEntityTypeConfiguration<LendableUnit>, IEntityTypeConfiguration<Loan>
{
    public void Configure(EntityTypeBuilder<EquipmentItem> b)
    {
        b.ToTable("EquipmentItems");
        b.Property(x => x.Code).HasMaxLength(60);
        b.Property(x => x.Name).HasMaxLength(120);
        b.Property(x => x.Unit).HasMaxLength(30);
        b.Property(x => x.Category).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(x => x.Code).IsUnique();
    }

    public void Configure(EntityTypeBuilder<Depot> b)
    {
        b.ToTable("Depots");
        b.Property(x => x.Name).HasMaxLength(120);
        b.HasIndex(x => new { x.TerritoryId, x.Name }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<Donor> b)
    {
        b.ToTable("Donors");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Category).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.Contact).HasMaxLength(200);
        b.Property(x => x.CommuneCode).HasMaxLength(5);
        b.Property(x => x.Note).HasMaxLength(1000);
        b.HasIndex(x => new { x.TerritoryId, x.Name });
    }

    public void Configure(EntityTypeBuilder<StockLot> b)
    {
        b.ToTable("StockLots");
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Source).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.LotNumber).HasMaxLength(60);
        b.Property(x => x.Condition).HasMaxLength(200);
        b.HasIndex(x => new { x.DepotId, x.ItemId, x.Status });
        b.HasIndex(x => new { x.TerritoryId, x.Status });
    }

    public void Configure(EntityTypeBuilder<StockOperation> b)
    {
        b.ToTable("StockOperations");
        b.Property(x => x.Key).HasMaxLength(100);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.RecipientLabel).HasMaxLength(200);
        b.Property(x => x.RecipientProfession).HasMaxLength(40);
        b.Property(x => x.CollectedBy).HasMaxLength(120);
        b.Property(x => x.Reason).HasMaxLength(500);
        b.Property(x => x.ByUserId).HasMaxLength(100);
        b.Property(x => x.ByName).HasMaxLength(256);
        // The database itself refuses a key recorded twice, whatever the timing of two retries.
        b.HasIndex(x => new { x.TerritoryId, x.Key }).IsUnique();
        b.HasIndex(x => new { x.TerritoryId, x.AtUtc });
        b.HasIndex(x => x.DonorId);
        b.HasIndex(x => x.RequestId);
    }

    public void Configure(EntityTypeBuilder<StockMovement> b)
    {
        b.ToTable("StockMovements");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        b.HasIndex(x => x.OperationId);
        b.HasIndex(x => new { x.DepotId, x.ItemId, x.AtUtc });
        b.HasIndex(x => x.LotId);
    }

    public void Configure(EntityTypeBuilder<StockLevel> b)
    {
        b.ToTable("StockLevels");
        b.HasKey(x => new { x.DepotId, x.ItemId });
        b.HasIndex(x => x.TerritoryId);
    }

    public void Configure(EntityTypeBuilder<EquipmentRequest> b)
    {
        b.ToTable("EquipmentRequests");
        b.Property(x => x.Reason).HasMaxLength(500);
        b.Property(x => x.Urgency).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.RequesterLabel).HasMaxLength(200);
        b.Property(x => x.Profession).HasMaxLength(40);
        b.Property(x => x.CreatedByUserId).HasMaxLength(100);
        b.Property(x => x.CreatedByName).HasMaxLength(256);
        b.Property(x => x.DecisionNote).HasMaxLength(500);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.TerritoryId, x.Status, x.ItemId });
        b.HasIndex(x => x.ProfessionalId);
    }

    public void Configure(EntityTypeBuilder<AllocationRound> b)
    {
        b.ToTable("AllocationRounds");
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.Property(x => x.DecidedBy).HasMaxLength(256);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.TerritoryId, x.Status });
        b.HasIndex(x => new { x.DepotId, x.ItemId, x.Status });
    }

    public void Configure(EntityTypeBuilder<AllocationLine> b)
    {
        b.ToTable("AllocationLines");
        b.Property(x => x.Explanation).HasMaxLength(1000);
        b.Property(x => x.CollectedBy).HasMaxLength(120);
        b.HasIndex(x => x.RoundId);
        b.HasIndex(x => x.RequestId);
    }

    public void Configure(EntityTypeBuilder<EquipmentSettings> b)
    {
        b.ToTable("EquipmentSettings");
        b.HasKey(x => x.TerritoryId);
        b.Property(x => x.TerritoryId).ValueGeneratedNever();
        b.Property(x => x.PolicyJson).HasMaxLength(8000);
        b.Property(x => x.UpdatedBy).HasMaxLength(256);
        b.Property(x => x.Version).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<LendableUnit> b)
    {
        b.ToTable("LendableUnits");
        b.Property(x => x.Label).HasMaxLength(120);
        b.Property(x => x.SerialNumber).HasMaxLength(60);
        b.Property(x => x.Owner).HasMaxLength(200);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.TerritoryId, x.ItemId });
    }

    public void Configure(EntityTypeBuilder<Loan> b)
    {
        b.ToTable("Loans");
        b.Property(x => x.BorrowerLabel).HasMaxLength(200);
        b.Property(x => x.Purpose).HasMaxLength(300);
        b.Property(x => x.LentBy).HasMaxLength(256);
        b.Property(x => x.ReturnedBy).HasMaxLength(256);
        b.Property(x => x.ReturnNote).HasMaxLength(300);
        b.HasIndex(x => x.UnitId);
    }
}
