using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Features.Directory;

/// <summary>An organisation of the territory: MSP, pharmacy, hospital, municipality, ARS…</summary>
public sealed class Structure
{
    public int Id { get; set; }

    /// <summary>The territory whose directory lists it: its coordinators edit it.</summary>
    public int TerritoryId { get; set; }

    public StructureKind Kind { get; set; }

    public required string Name { get; set; }

    public required string NameKey { get; set; }

    public string? Finess { get; set; }

    public string? Siret { get; set; }

    public string? Siren { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public string? Website { get; set; }

    public string? Notes { get; set; }

    public bool IsDemo { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>Soft delete: people rely on directory entries, so they are archived, never erased.</summary>
    public DateTime? ArchivedAtUtc { get; set; }

    public int Version { get; set; }
}

/// <summary>A place where a structure receives people.</summary>
public sealed class Site
{
    public int Id { get; set; }

    public int StructureId { get; set; }

    public required string Name { get; set; }

    public string? Address { get; set; }

    public required string CommuneCode { get; set; }

    /// <summary>Copied from the geography when saved, for ranking by administrative proximity.</summary>
    public string? EpciCode { get; set; }

    public required string DepartementCode { get; set; }

    /// <summary>WGS84, optional.</summary>
    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public string? Phone { get; set; }

    public string? Accessibility { get; set; }

    public DateTime? ArchivedAtUtc { get; set; }

    public int Version { get; set; }
}

public sealed class Professional
{
    public int Id { get; set; }

    public int TerritoryId { get; set; }

    public string? Rpps { get; set; }

    public required string FirstName { get; set; }

    public required string LastName { get; set; }

    /// <summary>"last first", folded, for search.</summary>
    public required string NameKey { get; set; }

    public required string Profession { get; set; }

    public PracticeMode PracticeMode { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public string? MssanteAddress { get; set; }

    /// <summary>Accepts new patients as their médecin traitant.</summary>
    public bool AcceptsNewPatients { get; set; }

    /// <summary>Private: only coordinators see it. Keeps the person off exposed duties.</summary>
    public bool AtRisk { get; set; }

    public bool IsDemo { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public DateTime? ArchivedAtUtc { get; set; }

    public int Version { get; set; }
}

public sealed class Membership
{
    public int Id { get; set; }

    public int ProfessionalId { get; set; }

    public int StructureId { get; set; }

    public required string Role { get; set; }

    /// <summary>For a CPTS: the college the member sits in.</summary>
    public string? College { get; set; }
}

public sealed class PracticeSite
{
    public int ProfessionalId { get; set; }

    public int SiteId { get; set; }
}

/// <summary>A service offered at a site: its capabilities and opening hours.</summary>
public sealed class CareService
{
    public int Id { get; set; }

    public int SiteId { get; set; }

    public required string Name { get; set; }

    public Capability Capabilities { get; set; }

    /// <summary>Weekly pattern in the <see cref="OpeningHours"/> syntax.</summary>
    public required string WeeklyHours { get; set; }

    public bool IsActive { get; set; } = true;

    public int Version { get; set; }

    public List<ServiceException> Exceptions { get; set; } = [];
}

public sealed class ServiceException
{
    public int Id { get; set; }

    public int CareServiceId { get; set; }

    public DateOnly Date { get; set; }

    /// <summary>Empty: closed that day. Otherwise ranges in the OpeningHours syntax ("09:00-12:00").</summary>
    public required string Hours { get; set; }

    public string? Reason { get; set; }
}

internal sealed class DirectoryConfiguration :
    IEntityTypeConfiguration<Structure>,
    IEntityTypeConfiguration<Site>,
    IEntityTypeConfiguration<Professional>,
    IEntityTypeConfiguration<Membership>,
    IEntityTypeConfiguration<PracticeSite>,
    IEntityTypeConfiguration<CareService>,
    IEntityTypeConfiguration<ServiceException>
{
    public void Configure(EntityTypeBuilder<Structure> b)
    {
        b.ToTable("Structures");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.NameKey).HasMaxLength(200);
        b.Property(x => x.Finess).HasMaxLength(9);
        b.Property(x => x.Siret).HasMaxLength(14);
        b.Property(x => x.Siren).HasMaxLength(9);
        b.Property(x => x.Phone).HasMaxLength(30);
        b.Property(x => x.Email).HasMaxLength(256);
        b.Property(x => x.Website).HasMaxLength(300);
        b.Property(x => x.Notes).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Geography.Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.TerritoryId, x.NameKey });
        b.HasIndex(x => x.Finess);
        b.HasIndex(x => x.Siret);
    }

    public void Configure(EntityTypeBuilder<Site> b)
    {
        b.ToTable("Sites");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Address).HasMaxLength(300);
        b.Property(x => x.CommuneCode).HasMaxLength(5);
        b.Property(x => x.EpciCode).HasMaxLength(9);
        b.Property(x => x.DepartementCode).HasMaxLength(3);
        b.Property(x => x.Phone).HasMaxLength(30);
        b.Property(x => x.Accessibility).HasMaxLength(1000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Structure>().WithMany().HasForeignKey(x => x.StructureId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.StructureId);
        b.HasIndex(x => x.CommuneCode);
        b.HasIndex(x => new { x.Latitude, x.Longitude });
    }

    public void Configure(EntityTypeBuilder<Professional> b)
    {
        b.ToTable("Professionals");
        b.Property(x => x.Rpps).HasMaxLength(11);
        b.Property(x => x.FirstName).HasMaxLength(100);
        b.Property(x => x.LastName).HasMaxLength(100);
        b.Property(x => x.NameKey).HasMaxLength(200);
        b.Property(x => x.Profession).HasMaxLength(40);
        b.Property(x => x.Phone).HasMaxLength(30);
        b.Property(x => x.Email).HasMaxLength(256);
        b.Property(x => x.MssanteAddress).HasMaxLength(256);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Geography.Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.TerritoryId, x.Rpps }).IsUnique();
        b.HasIndex(x => new { x.TerritoryId, x.NameKey });
        b.HasIndex(x => x.Profession);
    }

    public void Configure(EntityTypeBuilder<Membership> b)
    {
        b.ToTable("Memberships");
        b.Property(x => x.Role).HasMaxLength(30);
        b.Property(x => x.College).HasMaxLength(30);
        b.HasOne<Professional>().WithMany().HasForeignKey(x => x.ProfessionalId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Structure>().WithMany().HasForeignKey(x => x.StructureId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.StructureId, x.ProfessionalId }).IsUnique();
        b.HasIndex(x => x.ProfessionalId);
    }

    public void Configure(EntityTypeBuilder<PracticeSite> b)
    {
        b.ToTable("PracticeSites");
        b.HasKey(x => new { x.ProfessionalId, x.SiteId });
        b.HasOne<Professional>().WithMany().HasForeignKey(x => x.ProfessionalId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Site>().WithMany().HasForeignKey(x => x.SiteId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.SiteId);
    }

    public void Configure(EntityTypeBuilder<CareService> b)
    {
        b.ToTable("CareServices");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.WeeklyHours).HasMaxLength(500);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Site>().WithMany().HasForeignKey(x => x.SiteId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Exceptions).WithOne().HasForeignKey(x => x.CareServiceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.SiteId);
    }

    public void Configure(EntityTypeBuilder<ServiceException> b)
    {
        b.ToTable("ServiceExceptions");
        b.Property(x => x.Hours).HasMaxLength(200);
        b.Property(x => x.Reason).HasMaxLength(200);
        b.HasIndex(x => new { x.CareServiceId, x.Date }).IsUnique();
    }
}
