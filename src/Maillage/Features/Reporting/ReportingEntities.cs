using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Features.Reporting;

/// <summary>
/// The value a person gave for one indicator of one centre on one day: the only figure they type. A null
/// value is a cleared entry (the derived value, or nothing, shows again). Its history is in <see cref="ActivityChange"/>.
/// </summary>
public sealed class ActivityValue
{
    public int Id { get; set; }

    public int TerritoryId { get; set; }

    public int CentreId { get; set; }

    public DateOnly Day { get; set; }

    public required string Indicator { get; set; }

    public int? Value { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public required string UpdatedBy { get; set; }

    public int Version { get; set; }
}

/// <summary>One change of an entered value: who, when, from what to what, and why. Append-only.</summary>
public sealed class ActivityChange
{
    public long Id { get; set; }

    public int TerritoryId { get; set; }

    public int CentreId { get; set; }

    public DateOnly Day { get; set; }

    public required string Indicator { get; set; }

    public int? OldValue { get; set; }

    public int? NewValue { get; set; }

    public DateTime AtUtc { get; set; }

    public required string By { get; set; }

    /// <summary>"saisie", "import" or "api".</summary>
    public required string Channel { get; set; }

    public string? Reason { get; set; }
}

public enum WeekStatus
{
    /// <summary>Approved and locked: the snapshot is what was sent.</summary>
    Approved,

    /// <summary>Reopened for a correction after approval; the next approval makes this version.</summary>
    Reopened,
}

/// <summary>
/// A version of a territory's weekly report. Version 1 is made by the first approval; a correction after
/// approval reopens the week as the next version, with its reason, until that one is approved. The snapshot
/// freezes the approved figures: records made later do not change what was sent.
/// </summary>
public sealed class WeeklyReport
{
    public int Id { get; set; }

    public int TerritoryId { get; set; }

    public DateOnly WeekStart { get; set; }

    public int Version { get; set; }

    public WeekStatus Status { get; set; }

    public string? Reason { get; set; }

    public DateTime? ReopenedAtUtc { get; set; }

    public string? ReopenedBy { get; set; }

    public DateTime? ApprovedAtUtc { get; set; }

    public string? ApprovedBy { get; set; }

    /// <summary>The approved report as JSON (see <see cref="WeekReport"/>); null while reopened.</summary>
    public string? Snapshot { get; set; }

    public int Revision { get; set; }
}

/// <summary>A territory's reporting settings: the small-count threshold and the funding rates.</summary>
public sealed class ReportingSettings
{
    public int TerritoryId { get; set; }

    /// <summary>Counts from 1 to this minus one are shown as "&lt;N" in anything leaving the territory.</summary>
    public int SuppressionThreshold { get; set; }

    /// <summary>Rates in euro cents per unit, by indicator code, as JSON.</summary>
    public required string FundingRates { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public required string UpdatedBy { get; set; }

    public int Version { get; set; }
}

internal sealed class ReportingConfiguration :
    IEntityTypeConfiguration<ActivityValue>, IEntityTypeConfiguration<ActivityChange>, IEntityTypeConfiguration<WeeklyReport>, IEntityTypeConfiguration<ReportingSettings>
{
    public void Configure(EntityTypeBuilder<ActivityValue> b)
    {
        b.ToTable("ActivityValues");
        b.Property(x => x.Indicator).HasMaxLength(40);
        b.Property(x => x.UpdatedBy).HasMaxLength(256);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.CentreId, x.Day, x.Indicator }).IsUnique();
        b.HasIndex(x => new { x.TerritoryId, x.Day });
    }

    public void Configure(EntityTypeBuilder<ActivityChange> b)
    {
        b.ToTable("ActivityChanges");
        b.Property(x => x.Indicator).HasMaxLength(40);
        b.Property(x => x.By).HasMaxLength(256);
        b.Property(x => x.Channel).HasMaxLength(20);
        b.Property(x => x.Reason).HasMaxLength(500);
        b.HasIndex(x => new { x.CentreId, x.Day });
        b.HasIndex(x => new { x.TerritoryId, x.AtUtc });
    }

    public void Configure(EntityTypeBuilder<WeeklyReport> b)
    {
        b.ToTable("WeeklyReports");
        b.Property(x => x.Reason).HasMaxLength(500);
        b.Property(x => x.ReopenedBy).HasMaxLength(256);
        b.Property(x => x.ApprovedBy).HasMaxLength(256);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.HasIndex(x => new { x.TerritoryId, x.WeekStart, x.Version }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<ReportingSettings> b)
    {
        b.ToTable("ReportingSettings");
        b.HasKey(x => x.TerritoryId);
        b.Property(x => x.TerritoryId).ValueGeneratedNever();
        b.Property(x => x.FundingRates).HasMaxLength(4000);
        b.Property(x => x.UpdatedBy).HasMaxLength(256);
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}
