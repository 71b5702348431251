using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Features.Rosters;

/// <summary>A role to staff at a centre (doctor, nurse, reception/triage, secretary…), and who may hold it.</summary>
public sealed class CentreRole
{
    public int Id { get; set; }

    public int CentreId { get; set; }

    public required string Label { get; set; }

    /// <summary>Profession codes allowed in the role, space-separated.</summary>
    public required string Professions { get; set; }

    /// <summary>In contact with suspected patients: never given to a professional flagged at risk.</summary>
    public bool Exposed { get; set; }
}

/// <summary>A recurring shift of a centre ("lu-sa 08:30-12:30"), with the headcount each role needs.</summary>
public sealed class ShiftTemplate
{
    public int Id { get; set; }

    public int CentreId { get; set; }

    public required string Name { get; set; }

    /// <summary>Days and hours in the directory's opening-hours syntax, one range: "lu-sa 08:30-12:30".</summary>
    public required string Pattern { get; set; }

    public List<RoleRequirement> Requirements { get; set; } = [];
}

public sealed class RoleRequirement
{
    public int ShiftTemplateId { get; set; }

    public int RoleId { get; set; }

    public int Headcount { get; set; }
}

internal sealed class RosterConfiguration :
    IEntityTypeConfiguration<CentreRole>,
    IEntityTypeConfiguration<ShiftTemplate>,
    IEntityTypeConfiguration<RoleRequirement>
{
    public void Configure(EntityTypeBuilder<CentreRole> b)
    {
        b.ToTable("CentreRoles");
        b.Property(x => x.Label).HasMaxLength(100);
        b.Property(x => x.Professions).HasMaxLength(500);
        b.HasOne<Crisis.DedicatedCentre>().WithMany().HasForeignKey(x => x.CentreId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.CentreId);
    }

    public void Configure(EntityTypeBuilder<ShiftTemplate> b)
    {
        b.ToTable("ShiftTemplates");
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Pattern).HasMaxLength(200);
        b.HasOne<Crisis.DedicatedCentre>().WithMany().HasForeignKey(x => x.CentreId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Requirements).WithOne().HasForeignKey(x => x.ShiftTemplateId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.CentreId);
    }

    public void Configure(EntityTypeBuilder<RoleRequirement> b)
    {
        b.ToTable("RoleRequirements");
        b.HasKey(x => new { x.ShiftTemplateId, x.RoleId });
        b.HasOne<CentreRole>().WithMany().HasForeignKey(x => x.RoleId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>A volunteer available for one occurrence of a shift (the shift template on a date).</summary>
public sealed class Availability
{
    public int Id { get; set; }

    public int ShiftTemplateId { get; set; }

    public DateOnly Date { get; set; }

    public int ProfessionalId { get; set; }

    public DateTime DeclaredAtUtc { get; set; }

    public required string DeclaredBy { get; set; }
}

internal sealed class AvailabilityConfiguration : IEntityTypeConfiguration<Availability>
{
    public void Configure(EntityTypeBuilder<Availability> b)
    {
        b.ToTable("Availabilities");
        b.Property(x => x.DeclaredBy).HasMaxLength(256);
        b.HasOne<ShiftTemplate>().WithMany().HasForeignKey(x => x.ShiftTemplateId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Directory.Professional>().WithMany().HasForeignKey(x => x.ProfessionalId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.ShiftTemplateId, x.Date, x.ProfessionalId }).IsUnique();
        b.HasIndex(x => x.ProfessionalId);
    }
}

/// <summary>One person holding one role on one occurrence of a shift. Locked ones were decided by a person and survive re-solving.</summary>
public sealed class ShiftAssignment
{
    public int Id { get; set; }

    public int ShiftTemplateId { get; set; }

    public DateOnly Date { get; set; }

    public int RoleId { get; set; }

    public int ProfessionalId { get; set; }

    public bool Locked { get; set; }

    public DateTime AssignedAtUtc { get; set; }

    public required string AssignedBy { get; set; }
}

/// <summary>
/// The roster of one centre for one week: every change bumps <see cref="Version"/>; it is published when
/// <see cref="PublishedVersion"/> equals it, so "changed since publication" needs no snapshot.
/// </summary>
public sealed class RosterWeek
{
    public int Id { get; set; }

    public int CentreId { get; set; }

    public DateOnly WeekStart { get; set; }

    public int Version { get; set; }

    public int? PublishedVersion { get; set; }

    public DateTime? PublishedAtUtc { get; set; }

    public string? PublishedBy { get; set; }
}

/// <summary>"I can't come": kept for the record after the place is freed, with who replaced the person.</summary>
public sealed class Absence
{
    public int Id { get; set; }

    public int ShiftTemplateId { get; set; }

    public DateOnly Date { get; set; }

    public int RoleId { get; set; }

    public int ProfessionalId { get; set; }

    public required string Reason { get; set; }

    public DateTime DeclaredAtUtc { get; set; }

    public required string DeclaredBy { get; set; }

    public int? ReplacementProfessionalId { get; set; }

    public DateTime? ResolvedAtUtc { get; set; }
}

/// <summary>The roster rules of a crisis; defaults apply until a coordinator changes them.</summary>
public sealed class RosterSettings
{
    public int EpisodeId { get; set; }

    public int MinRestMinutes { get; set; }

    public int MaxShiftsPerWeek { get; set; }
}

internal sealed class RosterWeekConfiguration :
    IEntityTypeConfiguration<ShiftAssignment>,
    IEntityTypeConfiguration<RosterWeek>,
    IEntityTypeConfiguration<Absence>,
    IEntityTypeConfiguration<RosterSettings>
{
    public void Configure(EntityTypeBuilder<ShiftAssignment> b)
    {
        b.ToTable("ShiftAssignments");
        b.Property(x => x.AssignedBy).HasMaxLength(256);
        b.HasOne<ShiftTemplate>().WithMany().HasForeignKey(x => x.ShiftTemplateId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CentreRole>().WithMany().HasForeignKey(x => x.RoleId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Directory.Professional>().WithMany().HasForeignKey(x => x.ProfessionalId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.ShiftTemplateId, x.Date, x.ProfessionalId }).IsUnique();
        b.HasIndex(x => new { x.ProfessionalId, x.Date });
        b.HasIndex(x => x.Date);
    }

    public void Configure(EntityTypeBuilder<RosterWeek> b)
    {
        b.ToTable("RosterWeeks");
        b.Property(x => x.PublishedBy).HasMaxLength(256);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Crisis.DedicatedCentre>().WithMany().HasForeignKey(x => x.CentreId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CentreId, x.WeekStart }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<Absence> b)
    {
        b.ToTable("Absences");
        b.Property(x => x.Reason).HasMaxLength(500);
        b.Property(x => x.DeclaredBy).HasMaxLength(256);
        b.HasOne<ShiftTemplate>().WithMany().HasForeignKey(x => x.ShiftTemplateId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CentreRole>().WithMany().HasForeignKey(x => x.RoleId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Directory.Professional>().WithMany().HasForeignKey(x => x.ProfessionalId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.ShiftTemplateId, x.Date });
    }

    public void Configure(EntityTypeBuilder<RosterSettings> b)
    {
        b.ToTable("RosterSettings");
        b.HasKey(x => x.EpisodeId);
        b.HasOne<Crisis.CrisisEpisode>().WithMany().HasForeignKey(x => x.EpisodeId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>
/// A volunteer's soft wishes for one crisis: the centre they would rather work at and the people they
/// would rather work with. The solver follows them only once coverage and fairness are settled.
/// </summary>
public sealed class RosterPreference
{
    public int EpisodeId { get; set; }

    public int ProfessionalId { get; set; }

    public int? PreferredCentreId { get; set; }

    public List<PreferredPartner> Partners { get; set; } = [];

    public DateTime UpdatedAtUtc { get; set; }

    public required string UpdatedBy { get; set; }
}

public sealed class PreferredPartner
{
    public int EpisodeId { get; set; }

    public int ProfessionalId { get; set; }

    public int PartnerId { get; set; }
}

internal sealed class RosterPreferenceConfiguration :
    IEntityTypeConfiguration<RosterPreference>,
    IEntityTypeConfiguration<PreferredPartner>
{
    public void Configure(EntityTypeBuilder<RosterPreference> b)
    {
        b.ToTable("RosterPreferences");
        b.HasKey(x => new { x.EpisodeId, x.ProfessionalId });
        b.Property(x => x.UpdatedBy).HasMaxLength(256);
        b.HasOne<Crisis.CrisisEpisode>().WithMany().HasForeignKey(x => x.EpisodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Directory.Professional>().WithMany().HasForeignKey(x => x.ProfessionalId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Crisis.DedicatedCentre>().WithMany().HasForeignKey(x => x.PreferredCentreId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Partners).WithOne().HasForeignKey(x => new { x.EpisodeId, x.ProfessionalId }).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<PreferredPartner> b)
    {
        b.ToTable("PreferredPartners");
        b.HasKey(x => new { x.EpisodeId, x.ProfessionalId, x.PartnerId });
        b.HasOne<Directory.Professional>().WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
    }
}
