using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Features.FollowUp;

/// <summary>Which patients a campaign calls: any one of the chosen criteria is enough.</summary>
[Flags]
public enum VulnerabilityCriteria
{
    None = 0,
    ChronicDisease = 1,
    ElderlyLivingAlone = 2,
    Precarious = 4,
    NoRecentVisit = 8,
}

public enum OutreachOutcome
{
    Pending,
    Reached,
    NotReached,
    NeedsCare,
    Moved,
    Deceased,
}

/// <summary>
/// "Aller-vers": a list of vulnerable patients that the territory's professionals call, split among them,
/// each call's outcome recorded, those not reached called again after a delay.
/// </summary>
public sealed class OutreachCampaign
{
    public int Id { get; set; }

    public int TerritoryId { get; set; }

    public required string Name { get; set; }

    public VulnerabilityCriteria Criteria { get; set; }

    /// <summary>For <see cref="VulnerabilityCriteria.NoRecentVisit"/>: no visit for this many months.</summary>
    public int NoVisitMonths { get; set; }

    /// <summary>A patient not reached is called again after this many days.</summary>
    public int ReminderDays { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime? ClosedAtUtc { get; set; }
}

/// <summary>One patient of a campaign, whom one professional calls.</summary>
public sealed class OutreachTarget
{
    public int Id { get; set; }

    public int CampaignId { get; set; }

    public required string PatientLastName { get; set; }

    public required string PatientFirstName { get; set; }

    public DateOnly? PatientBirthDate { get; set; }

    public string? PatientPhone { get; set; }

    public required string PatientCommuneCode { get; set; }

    public int? RegularDoctorId { get; set; }

    public bool ChronicDisease { get; set; }

    public bool LivesAlone { get; set; }

    public bool Precarious { get; set; }

    public DateOnly? LastVisit { get; set; }

    /// <summary>Why the patient is on the list, in words ("75 ans ou plus, vit seul·e").</summary>
    public required string Reasons { get; set; }

    public int? AssignedToId { get; set; }

    public OutreachOutcome Outcome { get; set; }

    public int Attempts { get; set; }

    public DateTime? LastAttemptAtUtc { get; set; }

    /// <summary>When a patient not reached is due to be called again.</summary>
    public DateTime? CallAgainAtUtc { get; set; }

    /// <summary>The call-again time the assigned professional was last reminded of, so a reminder goes once.</summary>
    public DateTime? RemindedForUtc { get; set; }

    /// <summary>The follow-up opened when the patient needs care.</summary>
    public int? EpisodeId { get; set; }

    public int Version { get; set; }
}

/// <summary>One call of the campaign, as it went. Never edited.</summary>
public sealed class OutreachAttempt
{
    public int Id { get; set; }

    public int TargetId { get; set; }

    public DateTime AtUtc { get; set; }

    public OutreachOutcome Outcome { get; set; }

    public string? Notes { get; set; }

    public int? ByProfessionalId { get; set; }

    public required string By { get; set; }
}

internal sealed class OutreachConfiguration :
    IEntityTypeConfiguration<OutreachCampaign>, IEntityTypeConfiguration<OutreachTarget>, IEntityTypeConfiguration<OutreachAttempt>
{
    public void Configure(EntityTypeBuilder<OutreachCampaign> b)
    {
        b.ToTable("OutreachCampaigns");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.HasOne<Geography.Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.TerritoryId);
    }

    public void Configure(EntityTypeBuilder<OutreachTarget> b)
    {
        b.ToTable("OutreachTargets");
        b.Property(x => x.PatientLastName).HasMaxLength(100);
        b.Property(x => x.PatientFirstName).HasMaxLength(100);
        b.Property(x => x.PatientPhone).HasMaxLength(30);
        b.Property(x => x.PatientCommuneCode).HasMaxLength(5);
        b.Property(x => x.Reasons).HasMaxLength(200);
        b.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(20);
        // Two people recording a call for the same patient at once: the second is told, not lost.
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<OutreachCampaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Directory.Professional>().WithMany().HasForeignKey(x => x.AssignedToId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Directory.Professional>().WithMany().HasForeignKey(x => x.RegularDoctorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<FollowUpEpisode>().WithMany().HasForeignKey(x => x.EpisodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CampaignId, x.Outcome });
        b.HasIndex(x => new { x.AssignedToId, x.Outcome });
        b.HasIndex(x => new { x.Outcome, x.CallAgainAtUtc });
    }

    public void Configure(EntityTypeBuilder<OutreachAttempt> b)
    {
        b.ToTable("OutreachAttempts");
        b.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Notes).HasMaxLength(1000);
        b.Property(x => x.By).HasMaxLength(256);
        b.HasOne<OutreachTarget>().WithMany().HasForeignKey(x => x.TargetId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Directory.Professional>().WithMany().HasForeignKey(x => x.ByProfessionalId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.TargetId, x.AtUtc });
    }
}
