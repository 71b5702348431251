using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Features.Geography;

public sealed class Region
{
    public required string Code { get; set; }

    public required string Name { get; set; }
}

public sealed class Departement
{
    public required string Code { get; set; }

    public required string Name { get; set; }

    public required string RegionCode { get; set; }
}

public sealed class Epci
{
    /// <summary>The EPCI's SIREN (9 digits).</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    /// <summary>CC, CA, CU, METRO or MET69, as published.</summary>
    public required string Kind { get; set; }
}

public enum CommuneKind
{
    /// <summary>A current commune (commune actuelle).</summary>
    Commune = 0,

    /// <summary>A municipal arrondissement of Paris, Lyon or Marseille.</summary>
    ArrondissementMunicipal = 1,
}

public sealed class Commune
{
    /// <summary>COG/INSEE code, 5 characters (2A/2B in Corsica).</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    /// <summary>Name folded for accent- and case-insensitive search.</summary>
    public required string SearchName { get; set; }

    public CommuneKind Kind { get; set; }

    public required string DepartementCode { get; set; }

    public required string RegionCode { get; set; }

    public string? EpciCode { get; set; }

    /// <summary>For an arrondissement municipal: its commune (75056, 69123, 13055).</summary>
    public string? ParentCode { get; set; }

    /// <summary>Municipal population as published; null for the few communes the reference leaves without one.</summary>
    public int? Population { get; set; }

    /// <summary>Postal codes, space-separated, for display. Search uses <see cref="CommunePostalCode"/>.</summary>
    public required string PostalCodes { get; set; }
}

public sealed class CommunePostalCode
{
    public required string CommuneCode { get; set; }

    public required string PostalCode { get; set; }
}

internal sealed class GeographyConfiguration :
    IEntityTypeConfiguration<Region>,
    IEntityTypeConfiguration<Departement>,
    IEntityTypeConfiguration<Epci>,
    IEntityTypeConfiguration<Commune>,
    IEntityTypeConfiguration<CommunePostalCode>
{
    public void Configure(EntityTypeBuilder<Region> b)
    {
        b.ToTable("Regions");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(3);
        b.Property(x => x.Name).HasMaxLength(100);
    }

    public void Configure(EntityTypeBuilder<Departement> b)
    {
        b.ToTable("Departements");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(3);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.RegionCode).HasMaxLength(3);
        b.HasIndex(x => x.RegionCode);
    }

    public void Configure(EntityTypeBuilder<Epci> b)
    {
        b.ToTable("Epcis");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(9);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Kind).HasMaxLength(10);
    }

    public void Configure(EntityTypeBuilder<Commune> b)
    {
        b.ToTable("Communes");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(5);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.SearchName).HasMaxLength(200);
        b.Property(x => x.DepartementCode).HasMaxLength(3);
        b.Property(x => x.RegionCode).HasMaxLength(3);
        b.Property(x => x.EpciCode).HasMaxLength(9);
        b.Property(x => x.ParentCode).HasMaxLength(5);
        b.Property(x => x.PostalCodes).HasMaxLength(400);
        b.HasIndex(x => x.EpciCode);
        b.HasIndex(x => x.DepartementCode);
        b.HasIndex(x => x.SearchName);
    }

    public void Configure(EntityTypeBuilder<CommunePostalCode> b)
    {
        b.ToTable("CommunePostalCodes");
        b.HasKey(x => new { x.PostalCode, x.CommuneCode });
        b.Property(x => x.CommuneCode).HasMaxLength(5);
        b.Property(x => x.PostalCode).HasMaxLength(5);
        b.HasIndex(x => x.CommuneCode);
    }
}
