using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Features.Crisis;

/// <summary>A crisis on a territory ("COVID-19 — vague 1"), from its opening to its closing.</summary>
public sealed class CrisisEpisode
{
    public int Id { get; set; }

    public int TerritoryId { get; set; }

    public required string Name { get; set; }

    public DateOnly OpenedOn { get; set; }

    public DateOnly? ClosedOn { get; set; }

    public bool IsDemo { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public int Version { get; set; }
}

/// <summary>
/// One change of the national alert stage (ORSAN: 1, 2, 3 "epidemic stage"). Append-only: a mistaken
/// entry is corrected by a new one, so the timeline shows what was believed when.
/// </summary>
public sealed class AlertStageChange
{
    public int Id { get; set; }

    public int EpisodeId { get; set; }

    public int Stage { get; set; }

    public DateOnly EffectiveOn { get; set; }

    public string? Note { get; set; }

    public DateTime RecordedAtUtc { get; set; }

    public required string RecordedBy { get; set; }
}

public sealed class CrisisMeeting
{
    public int Id { get; set; }

    public int EpisodeId { get; set; }

    public DateTime HeldAtUtc { get; set; }

    public required string Agenda { get; set; }

    public string? Minutes { get; set; }

    public List<MeetingAttendance> Attendance { get; set; } = [];
}

/// <summary>How many people of a profession attended a meeting of the crisis cell.</summary>
public sealed class MeetingAttendance
{
    public int MeetingId { get; set; }

    public required string Profession { get; set; }

    public int Count { get; set; }
}

public enum DecisionStatus
{
    Open,
    InProgress,
    Done,
    Abandoned,
}

public sealed class CrisisDecision
{
    public int Id { get; set; }

    public int EpisodeId { get; set; }

    public int? MeetingId { get; set; }

    public required string Text { get; set; }

    public DateOnly DecidedOn { get; set; }

    public required string Owner { get; set; }

    public DecisionStatus Status { get; set; }

    public DateOnly? FollowUpOn { get; set; }

    public int Version { get; set; }
}

internal sealed class CrisisConfiguration :
    IEntityTypeConfiguration<CrisisEpisode>,
    IEntityTypeConfiguration<AlertStageChange>,
    IEntityTypeConfiguration<CrisisMeeting>,
    IEntityTypeConfiguration<MeetingAttendance>,
    IEntityTypeConfiguration<CrisisDecision>
{
    public void Configure(EntityTypeBuilder<CrisisEpisode> b)
    {
        b.ToTable("CrisisEpisodes");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Geography.Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.TerritoryId);
    }

    public void Configure(EntityTypeBuilder<AlertStageChange> b)
    {
        b.ToTable("AlertStageChanges");
        b.Property(x => x.Note).HasMaxLength(500);
        b.Property(x => x.RecordedBy).HasMaxLength(256);
        b.HasOne<CrisisEpisode>().WithMany().HasForeignKey(x => x.EpisodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.EpisodeId);
    }

    public void Configure(EntityTypeBuilder<CrisisMeeting> b)
    {
        b.ToTable("CrisisMeetings");
        b.Property(x => x.Agenda).HasMaxLength(2000);
        b.Property(x => x.Minutes).HasMaxLength(20000);
        b.HasOne<CrisisEpisode>().WithMany().HasForeignKey(x => x.EpisodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Attendance).WithOne().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.EpisodeId);
    }

    public void Configure(EntityTypeBuilder<MeetingAttendance> b)
    {
        b.ToTable("MeetingAttendance");
        b.HasKey(x => new { x.MeetingId, x.Profession });
        b.Property(x => x.Profession).HasMaxLength(40);
    }

    public void Configure(EntityTypeBuilder<CrisisDecision> b)
    {
        b.ToTable("CrisisDecisions");
        b.Property(x => x.Text).HasMaxLength(2000);
        b.Property(x => x.Owner).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<CrisisEpisode>().WithMany().HasForeignKey(x => x.EpisodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CrisisMeeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.EpisodeId);
    }
}
