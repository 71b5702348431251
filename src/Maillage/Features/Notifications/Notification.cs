using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Features.Notifications;

/// <summary>
/// A message for a professional, shown in the app when they sign in (their account is linked to their
/// directory entry by e-mail). Other channels read the same rows.
/// </summary>
public sealed class Notification
{
    public int Id { get; set; }

    public int ProfessionalId { get; set; }

    public required string Text { get; set; }

    public string? Link { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? ReadAtUtc { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("Notifications");
        b.Property(x => x.Text).HasMaxLength(2000);
        b.Property(x => x.Link).HasMaxLength(500);
        b.HasOne<Directory.Professional>().WithMany().HasForeignKey(x => x.ProfessionalId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.ProfessionalId, x.CreatedAtUtc });
    }
}
