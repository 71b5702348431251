using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Features.FollowUp;

public enum EpisodeReason
{
    SuspectedInfection,
    ConfirmedInfection,
    DischargeSurveillance,
    ChronicFollowUp,
    Outreach,
}

public enum EpisodeStatus
{
    Open,
    Closed,
}

public enum ContactChannel
{
    InPerson,
    Phone,
    Teleconsultation,
    HomeVisit,
}

/// <summary>
/// A patient followed after a consultation, a positive test or a hospital stay. Someone always owns the
/// next step: the professional who accepted the handoff, or until then the one who opened the episode
/// (when the opener is not a professional — a hospital liaison, a coordinator — the territory's
/// coordination holds it, and the board shows it).
/// </summary>
public sealed class FollowUpEpisode
{
    public int Id { get; set; }

    public int TerritoryId { get; set; }

    public required string PatientLastName { get; set; }

    public required string PatientFirstName { get; set; }

    public DateOnly? PatientBirthDate { get; set; }

    public string? PatientPhone { get; set; }

    public required string PatientCommuneCode { get; set; }

    public int? RegularDoctorId { get; set; }

    public EpisodeReason Reason { get; set; }

    public EpisodeStatus Status { get; set; }

    public string? Notes { get; set; }

    public DateTime OpenedAtUtc { get; set; }

    public required string OpenedBy { get; set; }

    /// <summary>The account that opened it (a liaison or a coordinator may not be in the directory); it keeps reading the episode.</summary>
    public required string OpenedByUserId { get; set; }

    /// <summary>Null while the territory's coordination holds the patient.</summary>
    public int? OwnerId { get; set; }

    /// <summary>True once a professional accepted the patient (not merely opened the episode).</summary>
    public bool OwnerAccepted { get; set; }

    public DateTime? NextContactDueUtc { get; set; }

    public DateTime? LastContactUtc { get; set; }

    public DateTime? ClosedAtUtc { get; set; }

    public string? CloseReason { get; set; }

    /// <summary>The regulation call the episode came from, if any.</summary>
    public int? SourceCallId { get; set; }

    public int Version { get; set; }
}

/// <summary>Others involved with the patient besides the owner: a nurse, a pharmacist…</summary>
public sealed class CareTeamMember
{
    public int EpisodeId { get; set; }

    public int ProfessionalId { get; set; }

    public required string Role { get; set; }

    public DateTime AddedAtUtc { get; set; }

    public required string AddedBy { get; set; }
}

/// <summary>One contact with the patient, as it happened. Never edited: a mistake is corrected by a new contact.</summary>
public sealed class EpisodeContact
{
    public int Id { get; set; }

    public int EpisodeId { get; set; }

    public DateTime AtUtc { get; set; }

    public ContactChannel Channel { get; set; }

    public required string Outcome { get; set; }

    public string? Notes { get; set; }

    public int? ByProfessionalId { get; set; }

    public required string By { get; set; }

    public DateTime RecordedAtUtc { get; set; }
}

/// <summary>A request to a professional to take the patient over, answered or not before its deadline.</summary>
public sealed class Handoff
{
    public int Id { get; set; }

    public int EpisodeId { get; set; }

    /// <summary>1 for the first professional asked, 2 for the next…</summary>
    public int Attempt { get; set; }

    public int ProfessionalId { get; set; }

    /// <summary>Why this professional: "médecin traitant" or "volontaire".</summary>
    public required string Basis { get; set; }

    public HandoffStatus Status { get; set; }

    public DateTime RequestedAtUtc { get; set; }

    public DateTime DeadlineUtc { get; set; }

    public DateTime? AnsweredAtUtc { get; set; }

    public string? DeclineReason { get; set; }
}

public enum FollowUpAlertKind
{
    HandoffUnanswered,
    NoCandidateLeft,
    Observation,
}

/// <summary>Something the coordinator must look at now; acknowledged, never deleted.</summary>
public sealed class FollowUpAlert
{
    public int Id { get; set; }

    public int TerritoryId { get; set; }

    public int EpisodeId { get; set; }

    public FollowUpAlertKind Kind { get; set; }

    public required string Message { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? AcknowledgedAtUtc { get; set; }

    public string? AcknowledgedBy { get; set; }
}

/// <summary>The follow-up rules of a territory; defaults apply until a coordinator changes them.</summary>
public sealed class FollowUpSettings
{
    public int TerritoryId { get; set; }

    public int HandoffDeadlineHours { get; set; }

    public int MaxFailuresBeforeAlert { get; set; }
}

internal sealed class FollowUpConfiguration :
    IEntityTypeConfiguration<FollowUpEpisode>,
    IEntityTypeConfiguration<CareTeamMember>,
    IEntityTypeConfiguration<EpisodeContact>,
    IEntityTypeConfiguration<Handoff>,
    IEntityTypeConfiguration<FollowUpAlert>,
    IEntityTypeConfiguration<FollowUpSettings>
{
    public void Configure(EntityTypeBuilder<FollowUpEpisode> b)
    {
        b.ToTable("FollowUpEpisodes");
        b.Property(x => x.PatientLastName).HasMaxLength(100);
        b.Property(x => x.PatientFirstName).HasMaxLength(100);
        b.Property(x => x.PatientPhone).HasMaxLength(30);
        b.Property(x => x.PatientCommuneCode).HasMaxLength(5);
        b.Property(x => x.Reason).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Notes).HasMaxLength(2000);
        b.Property(x => x.OpenedBy).HasMaxLength(256);
        b.Property(x => x.OpenedByUserId).HasMaxLength(100);
        b.Property(x => x.CloseReason).HasMaxLength(500);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Geography.Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Directory.Professional>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Directory.Professional>().WithMany().HasForeignKey(x => x.RegularDoctorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Regulation.RegulationCall>().WithMany().HasForeignKey(x => x.SourceCallId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.TerritoryId, x.Status });
        b.HasIndex(x => new { x.OwnerId, x.Status });
    }

    public void Configure(EntityTypeBuilder<CareTeamMember> b)
    {
        b.ToTable("CareTeamMembers");
        b.HasKey(x => new { x.EpisodeId, x.ProfessionalId });
        b.Property(x => x.Role).HasMaxLength(60);
        b.Property(x => x.AddedBy).HasMaxLength(256);
        b.HasOne<FollowUpEpisode>().WithMany().HasForeignKey(x => x.EpisodeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Directory.Professional>().WithMany().HasForeignKey(x => x.ProfessionalId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.ProfessionalId);
    }

    public void Configure(EntityTypeBuilder<EpisodeContact> b)
    {
        b.ToTable("EpisodeContacts");
        b.Property(x => x.Channel).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.Outcome).HasMaxLength(200);
        b.Property(x => x.Notes).HasMaxLength(2000);
        b.Property(x => x.By).HasMaxLength(256);
        b.HasOne<FollowUpEpisode>().WithMany().HasForeignKey(x => x.EpisodeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Directory.Professional>().WithMany().HasForeignKey(x => x.ByProfessionalId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.EpisodeId, x.AtUtc });
        b.HasIndex(x => x.AtUtc);
    }

    public void Configure(EntityTypeBuilder<Handoff> b)
    {
        b.ToTable("Handoffs");
        b.Property(x => x.Basis).HasMaxLength(40);
        // An answer and a timeout racing for the same request: the second to save is refused.
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20).IsConcurrencyToken();
        b.Property(x => x.DeclineReason).HasMaxLength(500);
        b.HasOne<FollowUpEpisode>().WithMany().HasForeignKey(x => x.EpisodeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Directory.Professional>().WithMany().HasForeignKey(x => x.ProfessionalId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.EpisodeId, x.Attempt }).IsUnique();
        b.HasIndex(x => new { x.Status, x.DeadlineUtc });
        b.HasIndex(x => new { x.ProfessionalId, x.Status });
        // Activity reporting counts the handoffs asked on each day of a period.
        b.HasIndex(x => x.RequestedAtUtc);
    }

    public void Configure(EntityTypeBuilder<FollowUpAlert> b)
    {
        b.ToTable("FollowUpAlerts");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.Message).HasMaxLength(1000);
        b.Property(x => x.AcknowledgedBy).HasMaxLength(256);
        b.HasOne<FollowUpEpisode>().WithMany().HasForeignKey(x => x.EpisodeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Geography.Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.TerritoryId, x.AcknowledgedAtUtc });
    }

    public void Configure(EntityTypeBuilder<FollowUpSettings> b)
    {
        b.ToTable("FollowUpSettings");
        b.HasKey(x => x.TerritoryId);
        b.HasOne<Geography.Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Restrict);
    }
}

public enum TaskKind
{
    Measure,
    NurseVisit,
    GpConsultation,
    Other,
}

/// <summary>A planned step of the follow-up (a measure, a nurse's visit, a consultation), done or not by its due time.</summary>
public sealed class FollowUpTask
{
    public int Id { get; set; }

    public int EpisodeId { get; set; }

    public TaskKind Kind { get; set; }

    public required string Label { get; set; }

    public DateTime DueUtc { get; set; }

    public bool Urgent { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime? DoneAtUtc { get; set; }

    public string? DoneBy { get; set; }
}

/// <summary>
/// A hospital stay told to primary care: the admission (so the regular doctor knows), then the discharge,
/// which opens the follow-up with its surveillance plan.
/// </summary>
public sealed class HospitalStay
{
    public int Id { get; set; }

    public int TerritoryId { get; set; }

    public required string Hospital { get; set; }

    public required string PatientLastName { get; set; }

    public required string PatientFirstName { get; set; }

    public DateOnly? PatientBirthDate { get; set; }

    public required string PatientCommuneCode { get; set; }

    public int? RegularDoctorId { get; set; }

    public DateTime AdmittedAtUtc { get; set; }

    public DateTime? DischargedAtUtc { get; set; }

    public int? EpisodeId { get; set; }

    public DateTime RecordedAtUtc { get; set; }

    public required string RecordedBy { get; set; }

    public required string RecordedByUserId { get; set; }
}

internal sealed class FollowUpPlanConfiguration : IEntityTypeConfiguration<FollowUpTask>, IEntityTypeConfiguration<HospitalStay>
{
    public void Configure(EntityTypeBuilder<FollowUpTask> b)
    {
        b.ToTable("FollowUpTasks");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.Label).HasMaxLength(200);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.Property(x => x.DoneBy).HasMaxLength(256);
        b.HasOne<FollowUpEpisode>().WithMany().HasForeignKey(x => x.EpisodeId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.EpisodeId, x.DueUtc });
        b.HasIndex(x => new { x.DoneAtUtc, x.DueUtc });
    }

    public void Configure(EntityTypeBuilder<HospitalStay> b)
    {
        b.ToTable("HospitalStays");
        b.Property(x => x.Hospital).HasMaxLength(200);
        b.Property(x => x.PatientLastName).HasMaxLength(100);
        b.Property(x => x.PatientFirstName).HasMaxLength(100);
        b.Property(x => x.PatientCommuneCode).HasMaxLength(5);
        b.Property(x => x.RecordedBy).HasMaxLength(256);
        b.Property(x => x.RecordedByUserId).HasMaxLength(100);
        b.Property(x => x.DischargedAtUtc).IsConcurrencyToken();
        b.HasOne<Geography.Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Directory.Professional>().WithMany().HasForeignKey(x => x.RegularDoctorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<FollowUpEpisode>().WithMany().HasForeignKey(x => x.EpisodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.TerritoryId, x.AdmittedAtUtc });
    }
}

public enum ObservationKind
{
    Spo2,
    Temperature,
    RespiratoryRate,
    Symptoms,
}

/// <summary>A measure taken at home (SpO2, temperature, respiratory rate) or symptoms noted. Never edited.</summary>
public sealed class Observation
{
    public int Id { get; set; }

    public int EpisodeId { get; set; }

    public ObservationKind Kind { get; set; }

    public double? Value { get; set; }

    public string? Text { get; set; }

    public DateTime AtUtc { get; set; }

    public int? ByProfessionalId { get; set; }

    public required string By { get; set; }

    public DateTime RecordedAtUtc { get; set; }
}

/// <summary>When a home measure must alarm, per territory; the defaults are the first wave's example.</summary>
public sealed class MonitoringSettings
{
    public int TerritoryId { get; set; }

    public double Spo2Below { get; set; }

    public double Spo2DropPoints { get; set; }

    public double? TemperatureAbove { get; set; }

    public double? RespiratoryRateAbove { get; set; }
}

internal sealed class MonitoringConfiguration : IEntityTypeConfiguration<Observation>, IEntityTypeConfiguration<MonitoringSettings>
{
    public void Configure(EntityTypeBuilder<Observation> b)
    {
        b.ToTable("Observations");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.Text).HasMaxLength(500);
        b.Property(x => x.By).HasMaxLength(256);
        b.HasOne<FollowUpEpisode>().WithMany().HasForeignKey(x => x.EpisodeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Directory.Professional>().WithMany().HasForeignKey(x => x.ByProfessionalId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.EpisodeId, x.Kind, x.AtUtc });
    }

    public void Configure(EntityTypeBuilder<MonitoringSettings> b)
    {
        b.ToTable("MonitoringSettings");
        b.HasKey(x => x.TerritoryId);
        b.HasOne<Geography.Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Restrict);
    }
}
