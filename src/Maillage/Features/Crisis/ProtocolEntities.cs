using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Features.Crisis;

/// <summary>A protocol of the crisis cell (triage, circuits, equipment…), whose text changes often.</summary>
public sealed class CrisisProtocol
{
    public int Id { get; set; }

    public int EpisodeId { get; set; }

    public required string Title { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}

/// <summary>One version of a protocol. Versions are never changed: a revision, or a restore, adds one.</summary>
public sealed class ProtocolVersion
{
    public int Id { get; set; }

    public int ProtocolId { get; set; }

    /// <summary>1, 2, 3…; the highest is the current version.</summary>
    public int Number { get; set; }

    public required string Body { get; set; }

    public string? ChangeNote { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public required string CreatedBy { get; set; }
}

internal sealed class ProtocolConfiguration : IEntityTypeConfiguration<CrisisProtocol>, IEntityTypeConfiguration<ProtocolVersion>
{
    public void Configure(EntityTypeBuilder<CrisisProtocol> b)
    {
        b.ToTable("CrisisProtocols");
        b.Property(x => x.Title).HasMaxLength(200);
        b.HasOne<CrisisEpisode>().WithMany().HasForeignKey(x => x.EpisodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.EpisodeId);
    }

    public void Configure(EntityTypeBuilder<ProtocolVersion> b)
    {
        b.ToTable("ProtocolVersions");
        b.Property(x => x.Body).HasMaxLength(50000);
        b.Property(x => x.ChangeNote).HasMaxLength(500);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.HasOne<CrisisProtocol>().WithMany().HasForeignKey(x => x.ProtocolId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.ProtocolId, x.Number }).IsUnique();
    }
}
