using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Features.Bulletins;

/// <summary>Where an institutional message comes from. The ministry's urgent alerts are DGS-Urgent.</summary>
public enum MessageSource
{
    MinistryAlert,
    Ars,
    Insurer,
    Ordre,
    Urps,
    Hospital,
    Internal,
    Other,
}

/// <summary>A message received by the coordination (ministry, ARS, insurer…), recorded once, tagged, then passed on in bulletins.</summary>
public sealed class IncomingMessage
{
    public int Id { get; set; }

    public int TerritoryId { get; set; }

    public MessageSource Source { get; set; }

    public string? SenderName { get; set; }

    public string? SenderAddress { get; set; }

    public DateTime ReceivedAtUtc { get; set; }

    public required string Subject { get; set; }

    public required string BodyText { get; set; }

    /// <summary>Already sanitised when stored: it is never stored raw.</summary>
    public string? BodyHtml { get; set; }

    /// <summary>Theme codes, delimited "|a|b|" so that one LIKE finds a code on both databases.</summary>
    public required string Themes { get; set; }

    /// <summary>Profession codes, delimited like <see cref="Themes"/>.</summary>
    public required string Professions { get; set; }

    /// <summary>Subject and the start of the text, folded, for accent-insensitive search.</summary>
    public required string SearchText { get; set; }

    /// <summary>Subject and text, folded and hashed: the same message forwarded twice has the same one.</summary>
    public required string Fingerprint { get; set; }

    /// <summary>The Message-ID header of an imported e-mail.</summary>
    public string? ExternalId { get; set; }

    /// <summary>Kept although it repeats this earlier message, because the coordinator chose to.</summary>
    public int? DuplicateOfId { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime? ArchivedAtUtc { get; set; }

    public int Version { get; set; }
}

public sealed class MessageAttachment
{
    public int Id { get; set; }

    public int MessageId { get; set; }

    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public int Size { get; set; }

    public required byte[] Content { get; set; }
}

public enum BulletinStatus
{
    Draft,
    Scheduled,
    Published,
    Withdrawn,
}

/// <summary>What a coordinator sends to the professionals of a territory: Markdown text, and messages passed on.</summary>
public sealed class Bulletin
{
    public int Id { get; set; }

    /// <summary>The territory whose coordinators own it.</summary>
    public int TerritoryId { get; set; }

    public required string Title { get; set; }

    public required string BodyMarkdown { get; set; }

    public bool Urgent { get; set; }

    /// <summary>Target territories ("|1|2|"): at least the owner's.</summary>
    public required string TerritoryIds { get; set; }

    /// <summary>Target professions ("|infirmier|"); empty means every profession.</summary>
    public required string Professions { get; set; }

    /// <summary>Target structures ("|12|"); empty means members of any structure or none.</summary>
    public required string StructureIds { get; set; }

    public BulletinStatus Status { get; set; }

    public DateTime? PublishAtUtc { get; set; }

    public DateTime? PublishedAtUtc { get; set; }

    public string? PublishedBy { get; set; }

    public DateTime? WithdrawnAtUtc { get; set; }

    public string? WithdrawalReason { get; set; }

    public int RecipientCount { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public int Version { get; set; }
}

public sealed class BulletinMessage
{
    public int Id { get; set; }

    public int BulletinId { get; set; }

    public int MessageId { get; set; }

    public int Position { get; set; }
}

/// <summary>
/// One professional concerned by a published bulletin, fixed at publication: the inbox, the read
/// acknowledgement and the coverage all read these rows, so that people joining later do not change
/// who was reached.
/// </summary>
public sealed class BulletinRecipient
{
    public int Id { get; set; }

    public int BulletinId { get; set; }

    public int ProfessionalId { get; set; }

    public required string Profession { get; set; }

    public int TerritoryId { get; set; }

    public DateTime? ReadAtUtc { get; set; }

    /// <summary>When the e-mail pass dealt with it: queued in an e-mail, or passed over because the professional wants none.</summary>
    public DateTime? MailedAtUtc { get; set; }
}

public enum MailMode
{
    None,
    Daily,
    Immediate,
}

/// <summary>How a professional wants bulletins by e-mail. No row means the default, a daily digest.</summary>
public sealed class MailPreference
{
    public int ProfessionalId { get; set; }

    public MailMode Mode { get; set; }

    /// <summary>Secret of the unsubscribe link: anyone holding the e-mail may stop it, nothing more.</summary>
    public required string UnsubscribeToken { get; set; }

    public DateOnly? LastDailyDigestOn { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}

public enum MailKind
{
    Immediate,
    Daily,
}

public enum DeliveryStatus
{
    Pending,
    Sent,
    Failed,

    /// <summary>Every bulletin in it was withdrawn before it could leave.</summary>
    Cancelled,
}

/// <summary>One e-mail to one professional; its text is rebuilt from the bulletins at each attempt.</summary>
public sealed class MailDelivery
{
    public int Id { get; set; }

    public int ProfessionalId { get; set; }

    public int TerritoryId { get; set; }

    public required string ToAddress { get; set; }

    public MailKind Kind { get; set; }

    public required string BulletinIds { get; set; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAtUtc { get; set; }

    public string? LastError { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? SentAtUtc { get; set; }
}

/// <summary>Every attempt to hand an e-mail to the SMTP server, kept.</summary>
public sealed class MailAttempt
{
    public int Id { get; set; }

    public int DeliveryId { get; set; }

    public DateTime AttemptedAtUtc { get; set; }

    public bool Succeeded { get; set; }

    public string? Error { get; set; }
}

internal sealed class BulletinConfiguration :
    IEntityTypeConfiguration<IncomingMessage>, IEntityTypeConfiguration<MessageAttachment>, IEntityTypeConfiguration<Bulletin>,
    IEntityTypeConfiguration<BulletinMessage>, IEntityTypeConfiguration<BulletinRecipient>, IEntityTypeConfiguration<MailPreference>,
    IEntityTypeConfiguration<MailDelivery>, IEntityTypeConfiguration<MailAttempt>
{
    public void Configure(EntityTypeBuilder<IncomingMessage> b)
    {
        b.ToTable("IncomingMessages");
        b.Property(x => x.Source).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.SenderName).HasMaxLength(200);
        b.Property(x => x.SenderAddress).HasMaxLength(320);
        b.Property(x => x.Subject).HasMaxLength(500);
        b.Property(x => x.BodyText).HasMaxLength(200000);
        b.Property(x => x.BodyHtml).HasMaxLength(400000);
        b.Property(x => x.Themes).HasMaxLength(1000);
        b.Property(x => x.Professions).HasMaxLength(1000);
        b.Property(x => x.Fingerprint).HasMaxLength(64);
        b.Property(x => x.SearchText).HasMaxLength(20000);
        b.Property(x => x.ExternalId).HasMaxLength(500);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Geography.Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.TerritoryId, x.ReceivedAtUtc });
        b.HasIndex(x => new { x.TerritoryId, x.Fingerprint });
    }

    public void Configure(EntityTypeBuilder<MessageAttachment> b)
    {
        b.ToTable("MessageAttachments");
        b.Property(x => x.FileName).HasMaxLength(255);
        b.Property(x => x.ContentType).HasMaxLength(200);
        b.HasOne<IncomingMessage>().WithMany().HasForeignKey(x => x.MessageId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.MessageId);
    }

    public void Configure(EntityTypeBuilder<Bulletin> b)
    {
        b.ToTable("Bulletins");
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.BodyMarkdown).HasMaxLength(50000);
        b.Property(x => x.TerritoryIds).HasMaxLength(1000);
        b.Property(x => x.Professions).HasMaxLength(1000);
        b.Property(x => x.StructureIds).HasMaxLength(2000);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.PublishedBy).HasMaxLength(256);
        b.Property(x => x.WithdrawalReason).HasMaxLength(500);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Geography.Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.TerritoryId, x.Status });
        b.HasIndex(x => new { x.Status, x.PublishAtUtc });
    }

    public void Configure(EntityTypeBuilder<BulletinMessage> b)
    {
        b.ToTable("BulletinMessages");
        b.HasOne<Bulletin>().WithMany().HasForeignKey(x => x.BulletinId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<IncomingMessage>().WithMany().HasForeignKey(x => x.MessageId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.BulletinId, x.MessageId }).IsUnique();
        b.HasIndex(x => x.MessageId);
    }

    public void Configure(EntityTypeBuilder<BulletinRecipient> b)
    {
        b.ToTable("BulletinRecipients");
        b.Property(x => x.Profession).HasMaxLength(60);
        b.HasOne<Bulletin>().WithMany().HasForeignKey(x => x.BulletinId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Directory.Professional>().WithMany().HasForeignKey(x => x.ProfessionalId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.BulletinId, x.ProfessionalId }).IsUnique();
        b.HasIndex(x => new { x.ProfessionalId, x.ReadAtUtc });
        // Covering the week's coverage: deliveries and reads per bulletin and profession without reading the rows.
        b.HasIndex(x => new { x.TerritoryId, x.BulletinId, x.Profession, x.ReadAtUtc }).HasDatabaseName("IX_BulletinRecipients_Coverage");
    }

    public void Configure(EntityTypeBuilder<MailPreference> b)
    {
        b.ToTable("MailPreferences");
        b.HasKey(x => x.ProfessionalId);
        b.Property(x => x.ProfessionalId).ValueGeneratedNever();
        b.Property(x => x.Mode).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.UnsubscribeToken).HasMaxLength(64);
        b.HasOne<Directory.Professional>().WithMany().HasForeignKey(x => x.ProfessionalId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.UnsubscribeToken).IsUnique();
    }

    public void Configure(EntityTypeBuilder<MailDelivery> b)
    {
        b.ToTable("MailDeliveries");
        b.Property(x => x.ToAddress).HasMaxLength(320);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.BulletinIds).HasMaxLength(4000);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.HasOne<Directory.Professional>().WithMany().HasForeignKey(x => x.ProfessionalId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.Status, x.NextAttemptAtUtc });
        b.HasIndex(x => new { x.TerritoryId, x.CreatedAtUtc });
    }

    public void Configure(EntityTypeBuilder<MailAttempt> b)
    {
        b.ToTable("MailAttempts");
        b.Property(x => x.Error).HasMaxLength(1000);
        b.HasOne<MailDelivery>().WithMany().HasForeignKey(x => x.DeliveryId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.DeliveryId);
    }
}
