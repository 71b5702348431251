using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Features.Regulation;

public enum TriageProtocolStatus
{
    Draft,
    Published,
    Retired,
}

/// <summary>
/// One version of a territory's triage protocol. Every site of the territory asks the same questions:
/// the one published version. A draft is edited in place until published; published versions never change.
/// </summary>
public sealed class TriageProtocolVersion
{
    public int Id { get; set; }

    public int TerritoryId { get; set; }

    public int Number { get; set; }

    public required string Name { get; set; }

    /// <summary>The protocol file (JSON), as the author wrote it.</summary>
    public required string Definition { get; set; }

    public TriageProtocolStatus Status { get; set; }

    public string? ChangeNote { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public required string UpdatedBy { get; set; }

    public DateTime? PublishedAtUtc { get; set; }

    public string? PublishedBy { get; set; }

    public DateTime? RetiredAtUtc { get; set; }

    /// <summary>Bumped on every draft save, so two authors cannot overwrite each other unknowingly.</summary>
    public int Revision { get; set; }
}

public enum Circuit
{
    Suspect,
    NonSuspect,
}

/// <summary>A consultation slot a site offers to regulation, on one circuit. Withdrawn, never deleted.</summary>
public sealed class Slot
{
    public int Id { get; set; }

    public int TerritoryId { get; set; }

    public int SiteId { get; set; }

    public Circuit Circuit { get; set; }

    public DateTime StartUtc { get; set; }

    public DateTime EndUtc { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime? WithdrawnAtUtc { get; set; }

    public string? WithdrawnBy { get; set; }
}

/// <summary>
/// A slot given to a call. Cancelling keeps the row; the database allows one live booking per slot, which
/// is what makes double booking impossible even when two secretaries click at the same instant.
/// </summary>
public sealed class SlotBooking
{
    public int Id { get; set; }

    public int SlotId { get; set; }

    public int CallId { get; set; }

    public DateTime BookedAtUtc { get; set; }

    public required string BookedBy { get; set; }

    public DateTime? CancelledAtUtc { get; set; }

    public string? CancelledBy { get; set; }

    public string? CancelReason { get; set; }
}

/// <summary>
/// The "fiche de régulation": who called, about whom, what was answered, what the protocol said and what
/// was decided. Patient details are read only by the territory's regulation staff and by the
/// professionals the patient is sent to, and every read is audited.
/// </summary>
public sealed class RegulationCall
{
    public int Id { get; set; }

    public int TerritoryId { get; set; }

    public int ProtocolVersionId { get; set; }

    /// <summary>The site whose secretary took the call: oversight compares sites under one protocol.</summary>
    public int? TakenAtSiteId { get; set; }

    public DateTime StartedAtUtc { get; set; }

    public DateTime RecordedAtUtc { get; set; }

    public required string TakenBy { get; set; }

    public string? CallerName { get; set; }

    public string? CallerPhone { get; set; }

    public required string CallerRelation { get; set; }

    public required string PatientLastName { get; set; }

    public required string PatientFirstName { get; set; }

    public DateOnly? PatientBirthDate { get; set; }

    public string? PatientPhone { get; set; }

    public required string PatientCommuneCode { get; set; }

    public int? RegularDoctorId { get; set; }

    public string? RegularDoctorName { get; set; }

    /// <summary>The answers, as JSON (question id → answer), read against <see cref="ProtocolVersionId"/>.</summary>
    public required string Answers { get; set; }

    public required string ComputedOrientation { get; set; }

    public required string RuleId { get; set; }

    public bool Priority { get; set; }

    /// <summary>The professional's decision when it differs from the protocol's, with the mandatory reason.</summary>
    public string? OverrideOrientation { get; set; }

    public string? OverrideReason { get; set; }

    public required string FinalOrientation { get; set; }

    /// <summary>The place named to the patient (a directory site), when the orientation has one.</summary>
    public int? PlaceSiteId { get; set; }

    public int DurationSeconds { get; set; }
}

internal sealed class RegulationConfiguration :
    IEntityTypeConfiguration<TriageProtocolVersion>,
    IEntityTypeConfiguration<Slot>,
    IEntityTypeConfiguration<SlotBooking>,
    IEntityTypeConfiguration<RegulationCall>
{
    public void Configure(EntityTypeBuilder<TriageProtocolVersion> b)
    {
        b.ToTable("TriageProtocolVersions");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.ChangeNote).HasMaxLength(500);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.Property(x => x.UpdatedBy).HasMaxLength(256);
        b.Property(x => x.PublishedBy).HasMaxLength(256);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.HasOne<Geography.Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.TerritoryId, x.Number }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<Slot> b)
    {
        b.ToTable("Slots");
        b.Property(x => x.Circuit).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.Property(x => x.WithdrawnBy).HasMaxLength(256);
        b.HasOne<Directory.Site>().WithMany().HasForeignKey(x => x.SiteId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Geography.Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.TerritoryId, x.StartUtc });
        b.HasIndex(x => new { x.SiteId, x.StartUtc });
    }

    public void Configure(EntityTypeBuilder<SlotBooking> b)
    {
        b.ToTable("SlotBookings");
        b.Property(x => x.BookedBy).HasMaxLength(256);
        b.Property(x => x.CancelledBy).HasMaxLength(256);
        b.Property(x => x.CancelReason).HasMaxLength(500);
        b.HasOne<Slot>().WithMany().HasForeignKey(x => x.SlotId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<RegulationCall>().WithMany().HasForeignKey(x => x.CallId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.SlotId).IsUnique().HasFilter("\"CancelledAtUtc\" IS NULL").HasDatabaseName("IX_SlotBookings_LiveSlot");
        b.HasIndex(x => x.CallId);
    }

    public void Configure(EntityTypeBuilder<RegulationCall> b)
    {
        b.ToTable("RegulationCalls");
        b.Property(x => x.TakenBy).HasMaxLength(256);
        b.Property(x => x.CallerName).HasMaxLength(200);
        b.Property(x => x.CallerPhone).HasMaxLength(30);
        b.Property(x => x.CallerRelation).HasMaxLength(30);
        b.Property(x => x.PatientLastName).HasMaxLength(100);
        b.Property(x => x.PatientFirstName).HasMaxLength(100);
        b.Property(x => x.PatientPhone).HasMaxLength(30);
        b.Property(x => x.PatientCommuneCode).HasMaxLength(5);
        b.Property(x => x.RegularDoctorName).HasMaxLength(200);
        b.Property(x => x.ComputedOrientation).HasMaxLength(40);
        b.Property(x => x.RuleId).HasMaxLength(40);
        b.Property(x => x.OverrideOrientation).HasMaxLength(40);
        b.Property(x => x.OverrideReason).HasMaxLength(500);
        b.Property(x => x.FinalOrientation).HasMaxLength(40);
        b.HasOne<Geography.Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<TriageProtocolVersion>().WithMany().HasForeignKey(x => x.ProtocolVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Directory.Site>().WithMany().HasForeignKey(x => x.TakenAtSiteId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Directory.Site>().WithMany().HasForeignKey(x => x.PlaceSiteId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Directory.Professional>().WithMany().HasForeignKey(x => x.RegularDoctorId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.TerritoryId, x.RecordedAtUtc });
        b.HasIndex(x => new { x.TakenAtSiteId, x.StartedAtUtc });
    }
}
