using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Features.Crisis;

public enum CentreStage
{
    Project,
    FileSentToArs,
    Funded,
    Open,
    Dormant,
    Closed,
}

/// <summary>
/// A dedicated centre of a crisis. Its place in the directory (structure, site, service) is the
/// directory's; the crisis keeps what only a crisis centre has: carrier, circuits, equipment, capacity
/// and its lifecycle.
/// </summary>
public sealed class DedicatedCentre
{
    public int Id { get; set; }

    public int EpisodeId { get; set; }

    public int StructureId { get; set; }

    public int SiteId { get; set; }

    /// <summary>The legal and financial carrier (often the CPTS), a structure of the directory.</summary>
    public int? CarrierStructureId { get; set; }

    public bool SuspectCircuit { get; set; }

    public bool NonSuspectCircuit { get; set; }

    public string? Equipment { get; set; }

    public int CapacityPerHour { get; set; }

    public CentreStage Stage { get; set; }

    public int Version { get; set; }
}

/// <summary>One step of a centre's lifecycle, with its date. Append-only.</summary>
public sealed class CentreStageChange
{
    public int Id { get; set; }

    public int CentreId { get; set; }

    public CentreStage Stage { get; set; }

    public DateOnly On { get; set; }

    public string? Note { get; set; }

    public DateTime RecordedAtUtc { get; set; }

    public required string RecordedBy { get; set; }
}

internal sealed class CentreConfiguration : IEntityTypeConfiguration<DedicatedCentre>, IEntityTypeConfiguration<CentreStageChange>
{
    public void Configure(EntityTypeBuilder<DedicatedCentre> b)
    {
        b.ToTable("DedicatedCentres");
        b.Property(x => x.Equipment).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<CrisisEpisode>().WithMany().HasForeignKey(x => x.EpisodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Directory.Structure>().WithMany().HasForeignKey(x => x.StructureId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.EpisodeId);
        b.HasIndex(x => x.StructureId).IsUnique();
    }

    public void Configure(EntityTypeBuilder<CentreStageChange> b)
    {
        b.ToTable("CentreStageChanges");
        b.Property(x => x.Note).HasMaxLength(500);
        b.Property(x => x.RecordedBy).HasMaxLength(256);
        b.HasOne<DedicatedCentre>().WithMany().HasForeignKey(x => x.CentreId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.CentreId);
    }
}
