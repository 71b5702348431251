using Maillage.Features.Geography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Features.Accounts;

public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>Accounts created by the demo loader: fictional people, shown as such in the UI.</summary>
    public bool IsDemo { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}

/// <summary>The territories a user works in: every read and write of territorial data is limited to them.</summary>
public sealed class UserTerritory
{
    public required string UserId { get; set; }

    public int TerritoryId { get; set; }
}

/// <summary>One link of the append-only, hash-chained audit log.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>1, 2, 3… with no gap: a missing number means a deleted entry.</summary>
    public long Sequence { get; set; }

    public DateTime AtUtc { get; set; }

    public required string ActorId { get; set; }

    public required string ActorName { get; set; }

    public required string Action { get; set; }

    public string? Target { get; set; }

    public string? Details { get; set; }

    public string? IpAddress { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }
}

internal sealed class AccountConfiguration :
    IEntityTypeConfiguration<AppUser>,
    IEntityTypeConfiguration<UserTerritory>,
    IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(x => x.DisplayName).HasMaxLength(200);
    }

    public void Configure(EntityTypeBuilder<UserTerritory> b)
    {
        b.ToTable("UserTerritories");
        b.HasKey(x => new { x.UserId, x.TerritoryId });
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.TerritoryId);
    }

    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditEntries");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.Sequence).IsUnique();
        b.HasIndex(x => x.Target);
        b.Property(x => x.ActorId).HasMaxLength(100);
        b.Property(x => x.ActorName).HasMaxLength(256);
        b.Property(x => x.Action).HasMaxLength(100);
        b.Property(x => x.Target).HasMaxLength(200);
        b.Property(x => x.Details).HasMaxLength(4000);
        b.Property(x => x.IpAddress).HasMaxLength(64);
        b.Property(x => x.PreviousHash).HasMaxLength(64);
        b.Property(x => x.Hash).HasMaxLength(64);
    }
}
