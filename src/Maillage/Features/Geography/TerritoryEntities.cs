using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Features.Geography;

/// <summary>A territory of action (usually a CPTS's): a named set of communes, defined by rules.</summary>
public sealed class Territory
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Folded name, unique: "CPTS Cœur d'Hérault" and "cpts coeur d herault" are the same territory.</summary>
    public required string NameKey { get; set; }

    public bool IsDemo { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>Optimistic concurrency: bumped on every change (SQLite has no server-side row version).</summary>
    public int Version { get; set; }

    public List<TerritoryRule> Rules { get; set; } = [];
}

public enum TerritoryRuleKind
{
    /// <summary>All the current communes of an EPCI.</summary>
    Epci = 0,

    /// <summary>One commune (or one arrondissement municipal).</summary>
    Commune = 1,

    /// <summary>A commune taken out of what the other rules bring.</summary>
    Exclude = 2,
}

/// <summary>
/// The definition is kept, not the expanded list, so the territory follows the reference geography
/// (an EPCI that gains a commune brings it in on the next import).
/// </summary>
public sealed class TerritoryRule
{
    public int Id { get; set; }

    public int TerritoryId { get; set; }

    public TerritoryRuleKind Kind { get; set; }

    public required string Code { get; set; }
}

internal sealed class TerritoryConfiguration : IEntityTypeConfiguration<Territory>, IEntityTypeConfiguration<TerritoryRule>
{
    public void Configure(EntityTypeBuilder<Territory> b)
    {
        b.ToTable("Territories");
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(120);
        b.Property(x => x.NameKey).HasMaxLength(120);
        b.HasIndex(x => x.NameKey).IsUnique();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasMany(x => x.Rules).WithOne().HasForeignKey(r => r.TerritoryId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<TerritoryRule> b)
    {
        b.ToTable("TerritoryRules");
        b.HasKey(x => x.Id);
        b.Property(x => x.Code).HasMaxLength(9);
        b.HasIndex(x => new { x.TerritoryId, x.Kind, x.Code }).IsUnique();
    }
}
