using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Features.Bulletins.Library;

public enum DocumentKind
{
    Protocol,
    Form,
    Guideline,
    Other,
}

/// <summary>
/// A document of a territory's library: a protocol, a form, a guideline. What it says lives in its
/// versions; the document carries what stays true across them (kind, themes, professions, fate).
/// </summary>
public sealed class LibraryDocument
{
    public int Id { get; set; }

    public int TerritoryId { get; set; }

    public DocumentKind Kind { get; set; }

    /// <summary>The title of the current version, copied here so that lists need not read versions.</summary>
    public required string Title { get; set; }

    /// <summary>Theme labels as "|Label|Label|" (see <see cref="LibraryTags"/>): a LIKE finds one on both providers.</summary>
    public string Themes { get; set; } = "";

    /// <summary>Profession codes of the directory's vocabulary, as "|code|code|".</summary>
    public string Professions { get; set; } = "";

    /// <summary>Set for the protocols of a crisis cell: the crisis pages show them, its rules apply.</summary>
    public int? CrisisEpisodeId { get; set; }

    /// <summary>Another document now says what this one said; this one stays readable, marked as replaced.</summary>
    public int? SupersededByDocumentId { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Withdrawn from the library without being lost: restorable.</summary>
    public DateTime? ArchivedAtUtc { get; set; }

    public int Version { get; set; }
}

/// <summary>One version of a document. Versions are never changed: a revision, or a restore, adds one.</summary>
public sealed class LibraryVersion
{
    public int Id { get; set; }

    public int DocumentId { get; set; }

    /// <summary>1, 2, 3…; the highest is the current version.</summary>
    public int Number { get; set; }

    public required string Title { get; set; }

    /// <summary>Markdown; may be empty when the attached file carries the content.</summary>
    public string Body { get; set; } = "";

    public int? FileId { get; set; }

    /// <summary>The title folded (<see cref="Infrastructure.TextNormalizer"/>), to rank title matches first.</summary>
    public string SearchTitle { get; set; } = "";

    /// <summary>Title, body and the text of the file, folded: accents and case do not matter to search.</summary>
    public string SearchText { get; set; } = "";

    public DateOnly ValidFrom { get; set; }

    public DateOnly? ValidUntil { get; set; }

    public string? ChangeNote { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public required string CreatedBy { get; set; }
}

/// <summary>A file attached to versions. Kept apart so that lists never load the bytes, and a restore reuses the file.</summary>
public sealed class LibraryFile
{
    public int Id { get; set; }

    public int DocumentId { get; set; }

    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public int Size { get; set; }

    public required byte[] Content { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}

internal sealed class LibraryConfiguration :
    IEntityTypeConfiguration<LibraryDocument>, IEntityTypeConfiguration<LibraryVersion>, IEntityTypeConfiguration<LibraryFile>
{
    public void Configure(EntityTypeBuilder<LibraryDocument> b)
    {
        b.ToTable("LibraryDocuments");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Themes).HasMaxLength(1000);
        b.Property(x => x.Professions).HasMaxLength(1000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Geography.Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Crisis.CrisisEpisode>().WithMany().HasForeignKey(x => x.CrisisEpisodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LibraryDocument>().WithMany().HasForeignKey(x => x.SupersededByDocumentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.TerritoryId, x.Kind });
        b.HasIndex(x => x.CrisisEpisodeId);
        b.HasIndex(x => x.SupersededByDocumentId);
    }

    public void Configure(EntityTypeBuilder<LibraryVersion> b)
    {
        b.ToTable("LibraryVersions");
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Body).HasMaxLength(LibraryRules.MaxBody);
        b.Property(x => x.SearchTitle).HasMaxLength(200);
        b.Property(x => x.ChangeNote).HasMaxLength(500);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.HasOne<LibraryDocument>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LibraryFile>().WithMany().HasForeignKey(x => x.FileId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.DocumentId, x.Number }).IsUnique();
        b.HasIndex(x => x.FileId);
    }

    public void Configure(EntityTypeBuilder<LibraryFile> b)
    {
        b.ToTable("LibraryFiles");
        b.Property(x => x.FileName).HasMaxLength(255);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.HasOne<LibraryDocument>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.DocumentId);
    }
}
