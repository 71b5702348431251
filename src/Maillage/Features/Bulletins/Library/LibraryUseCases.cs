using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Crisis;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Bulletins.Library;

/// <summary>Everyone signed in reads the library of their territories; coordinators and administrators write it.</summary>
public static class LibraryAccess
{
    public static bool MayEdit(ClaimsPrincipal user) => user.IsInRole(Roles.Administrator) || user.IsInRole(Roles.Coordinator);

    public static void RequireEditor(ClaimsPrincipal user)
    {
        if (!MayEdit(user))
        {
            throw new UnauthorizedAccessException();
        }
    }
}

public sealed record UploadedFile(string? FileName, string? ContentType, byte[] Content);

public sealed record NewDocument(
    int TerritoryId, DocumentKind? Kind, string? Title, string? Body, IReadOnlyList<string>? Themes, IReadOnlyList<string>? Professions,
    DateOnly? ValidFrom, DateOnly? ValidUntil, UploadedFile? File = null, int? CrisisEpisodeId = null, string? ChangeNote = null);

/// <param name="Title">Null keeps the current title.</param>
/// <param name="File">A new file; without one the current file is kept, unless <paramref name="RemoveFile"/>.</param>
/// <param name="Themes">Null keeps the document's themes; so for <paramref name="Professions"/>.</param>
public sealed record NewVersion(
    int BasedOnVersion, string? Title, string? Body, DateOnly? ValidFrom, DateOnly? ValidUntil, string? ChangeNote,
    UploadedFile? File = null, bool RemoveFile = false, IReadOnlyList<string>? Themes = null, IReadOnlyList<string>? Professions = null);

public sealed record LibraryQuery(
    string? Text = null, int? TerritoryId = null, DocumentKind? Kind = null, string? Theme = null, string? Profession = null,
    bool IncludeArchived = false, bool IncludeExpired = false, bool IncludeSuperseded = false, int? CrisisEpisodeId = null);

public sealed record DocumentRef(int Id, string Title);

public sealed record CrisisLink(int EpisodeId, string Name, bool Closed);

public sealed record ProfessionView(string Code, string Label);

public sealed record FileView(string FileName, string ContentType, int Size, bool Indexed);

public sealed record DocumentSummary(
    int Id, int TerritoryId, DocumentKind Kind, string KindLabel, string Title, IReadOnlyList<string> Themes, IReadOnlyList<ProfessionView> Professions,
    int CurrentVersion, DateOnly ValidFrom, DateOnly? ValidUntil, VersionStatus Status, string StatusLabel, bool Archived, DocumentRef? SupersededBy,
    int? CrisisEpisodeId, FileView? File, DateTime UpdatedAtUtc, string UpdatedBy);

public sealed record VersionView(
    int Number, string Title, string Body, FileView? File, DateOnly ValidFrom, DateOnly? ValidUntil, string? ChangeNote, DateTime CreatedAtUtc, string CreatedBy,
    VersionStatus Status, string StatusLabel, int? ReplacedBy);

public sealed record DocumentDetails(
    int Id, int TerritoryId, string TerritoryName, DocumentKind Kind, string KindLabel, string Title, IReadOnlyList<string> Themes, IReadOnlyList<ProfessionView> Professions,
    CrisisLink? Crisis, DocumentRef? SupersededBy, IReadOnlyList<DocumentRef> Supersedes, DateTime CreatedAtUtc, DateTime? ArchivedAtUtc, int Version,
    IReadOnlyList<VersionView> Versions)
{
    public VersionView Current => Versions[^1];

    public bool Archived => ArchivedAtUtc is not null;

    /// <summary>A crisis protocol follows its crisis: once the crisis is closed, it is history.</summary>
    public bool Editable => !Archived && Crisis is not { Closed: true };
}

public sealed record DownloadedFile(string FileName, string ContentType, byte[] Content);

/// <summary>What the use cases share: finding a document in the reader's territories, and the crisis a protocol belongs to.</summary>
public sealed class LibraryLookup(MaillageDb db, ListEpisodes episodes, TimeProvider time)
{
    public DateOnly Today => French.Today(time);

    public DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task<LibraryDocument> DocumentAsync(int id, UserScope scope, bool tracked, CancellationToken ct)
    {
        var query = tracked ? db.Set<LibraryDocument>() : db.Set<LibraryDocument>().AsNoTracking();
        var document = await query.FirstOrDefaultAsync(d => d.Id == id, ct);
        return document is not null && scope.Covers(document.TerritoryId) ? document : throw DomainException.NotFound($"Aucun document {id} dans la bibliothèque.", "document");
    }

    public async Task<CrisisLink?> CrisisAsync(int? episodeId, UserScope scope, CancellationToken ct)
    {
        if (episodeId is not { } id)
        {
            return null;
        }

        var episode = (await episodes.ExecuteAsync(scope, ct)).FirstOrDefault(e => e.Id == id)
            ?? throw DomainException.NotFound($"Aucune crise {id}.", "episode");
        return new CrisisLink(episode.Id, episode.Name, episode.ClosedOn is not null);
    }

    public async Task EnsureEditableAsync(LibraryDocument document, UserScope scope, CancellationToken ct)
    {
        if (document.ArchivedAtUtc is not null)
        {
            throw DomainException.Conflict("Ce document est archivé : restaurez-le avant de le modifier.", "document");
        }

        await EnsureCrisisOpenAsync(document, scope, ct);
    }

    /// <summary>A closed crisis's protocols are its history: not revised, replaced or archived any more.</summary>
    public async Task EnsureCrisisOpenAsync(LibraryDocument document, UserScope scope, CancellationToken ct)
    {
        if (await CrisisAsync(document.CrisisEpisodeId, scope, ct) is { Closed: true })
        {
            throw DomainException.Conflict("Cette crise est close : son historique se consulte, il ne se modifie plus.", "episode");
        }
    }

    /// <summary>The file to store: checked for size and name, its text read for search.</summary>
    public static (LibraryFile File, string? Text) Prepare(int documentId, UploadedFile upload, DateTime now)
    {
        if (upload.Content.Length == 0)
        {
            throw DomainException.Invalid("Le fichier est vide.", "file");
        }

        if (upload.Content.Length > LibraryRules.MaxFileBytes)
        {
            throw DomainException.Invalid($"Le fichier dépasse {LibraryRules.MaxFileBytes / 1024 / 1024} Mo.", "file");
        }

        var name = LibraryRules.FileName(upload.FileName);
        var file = new LibraryFile
        {
            DocumentId = documentId, FileName = name, ContentType = LibraryRules.ContentType(name, upload.ContentType), Size = upload.Content.Length,
            Content = upload.Content, CreatedAtUtc = now,
        };
        return (file, LibraryRules.TextOf(name, upload.Content));
    }

    public async Task<string?> FileTextAsync(int? fileId, CancellationToken ct)
    {
        if (fileId is not { } id)
        {
            return null;
        }

        var file = await db.Set<LibraryFile>().AsNoTracking().Where(f => f.Id == id).Select(f => new { f.FileName, f.Content }).FirstAsync(ct);
        return LibraryRules.TextOf(file.FileName, file.Content);
    }

    public async Task<IReadOnlyList<string>> ThemesAsync(IReadOnlyCollection<int>? territoryIds, CancellationToken ct)
    {
        var query = db.Set<LibraryDocument>().AsNoTracking().Where(d => d.Themes != "");
        if (territoryIds is not null)
        {
            query = query.Where(d => territoryIds.Contains(d.TerritoryId));
        }

        var stored = await query.Select(d => d.Themes).Distinct().ToListAsync(ct);
        return stored.SelectMany(LibraryTags.Split).Distinct().Order(StringComparer.Create(French.Culture, true)).ToList();
    }

    public static string Title(string? title, string field = "title")
    {
        var text = DirectoryRules.Required(title, "Le titre", field, LibraryRules.MaxTitle);
        return LibraryRules.SearchTitle(text).Length > 0 ? text : throw DomainException.Invalid("Le titre doit contenir au moins une lettre ou un chiffre.", field);
    }

    public static (DateOnly From, DateOnly? Until) Validity(DateOnly? from, DateOnly? until, DateOnly today)
    {
        var start = from ?? today;
        if (until is { } end && end < start)
        {
            throw DomainException.Invalid("La fin de validité précède son début.", "validUntil");
        }

        return (start, until);
    }
}

/// <summary>Creates a document with its first version.</summary>
public sealed class CreateDocument(MaillageDb db, LibraryLookup lookup, NameTerritories territories, AuditLog audit)
{
    public async Task<int> ExecuteAsync(NewDocument request, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        if (!scope.Covers(request.TerritoryId) || (await territories.ExecuteAsync([request.TerritoryId], ct)).Count == 0)
        {
            throw DomainException.NotFound("Territoire inconnu.", "territoryId");
        }

        var kind = request.Kind ?? throw DomainException.Invalid("Le type de document est obligatoire (protocol, form, guideline ou other).", "kind");
        var title = LibraryLookup.Title(request.Title);
        var body = DirectoryRules.Optional(request.Body, "Le texte", "body", LibraryRules.MaxBody) ?? "";
        if (body.Length == 0 && request.File is null)
        {
            throw DomainException.Invalid("Écrivez le texte du document ou joignez un fichier.", "body");
        }

        var themes = LibraryTags.Themes(request.Themes, await lookup.ThemesAsync([request.TerritoryId], ct));
        var professions = LibraryTags.Professions(request.Professions);
        var (from, until) = LibraryLookup.Validity(request.ValidFrom, request.ValidUntil, lookup.Today);
        if (await lookup.CrisisAsync(request.CrisisEpisodeId, scope, ct) is { } crisis)
        {
            if (crisis.Closed)
            {
                throw DomainException.Conflict("Cette crise est close : son historique se consulte, il ne se modifie plus.", "episode");
            }
        }

        var note = DirectoryRules.Optional(request.ChangeNote, "La note de version", "changeNote", 500) ?? "Première version";
        var now = lookup.Now;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var document = new LibraryDocument
        {
            TerritoryId = request.TerritoryId, Kind = kind, Title = title, Themes = LibraryTags.Join(themes), Professions = LibraryTags.Join(professions),
            CrisisEpisodeId = request.CrisisEpisodeId, CreatedAtUtc = now,
        };
        db.Add(document);
        await db.SaveChangesAsync(ct);
        string? fileText = null;
        LibraryFile? file = null;
        if (request.File is { } upload)
        {
            (file, fileText) = LibraryLookup.Prepare(document.Id, upload, now);
            db.Add(file);
            await db.SaveChangesAsync(ct);
        }

        db.Add(new LibraryVersion
        {
            DocumentId = document.Id, Number = 1, Title = title, Body = body, FileId = file?.Id, SearchTitle = LibraryRules.SearchTitle(title),
            SearchText = LibraryRules.SearchText(title, body, fileText), ValidFrom = from, ValidUntil = until, ChangeNote = note, CreatedAtUtc = now, CreatedBy = actor.Name,
        });
        await audit.RecordAsync(actor, "library.document", $"library:{document.Id}", $"{LibraryRules.KindLabel(kind).ToLowerInvariant()} « {title} » créé (version 1)", ct);
        await transaction.CommitAsync(ct);
        return document.Id;
    }
}

/// <summary>Adds a version: a revision. Refused if someone added one meanwhile, or if nothing changed.</summary>
public sealed class AddVersion(MaillageDb db, LibraryLookup lookup, AuditLog audit)
{
    public async Task<int> ExecuteAsync(int documentId, NewVersion request, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var document = await lookup.DocumentAsync(documentId, scope, tracked: true, ct);
        await lookup.EnsureEditableAsync(document, scope, ct);
        var latest = await db.Set<LibraryVersion>().AsNoTracking().Where(v => v.DocumentId == documentId).OrderByDescending(v => v.Number).FirstAsync(ct);
        if (request.BasedOnVersion != latest.Number)
        {
            throw DomainException.Conflict(
                $"Le document est passé en version {latest.Number} pendant votre modification : rechargez la page et reportez vos changements.", "version");
        }

        var title = request.Title is null ? latest.Title : LibraryLookup.Title(request.Title);
        var body = DirectoryRules.Optional(request.Body, "Le texte", "body", LibraryRules.MaxBody) ?? "";
        var keptFile = request.RemoveFile ? null : latest.FileId;
        if (body.Length == 0 && request.File is null && keptFile is null)
        {
            throw DomainException.Invalid("Écrivez le texte du document ou joignez un fichier.", "body");
        }

        var (from, until) = LibraryLookup.Validity(request.ValidFrom, request.ValidUntil, lookup.Today);
        var themes = request.Themes is null ? null : LibraryTags.Join(LibraryTags.Themes(request.Themes, await lookup.ThemesAsync([document.TerritoryId], ct)));
        var professions = request.Professions is null ? null : LibraryTags.Join(LibraryTags.Professions(request.Professions));
        var sameText = title == latest.Title && body == latest.Body && request.File is null && keptFile == latest.FileId;
        var sameTags = (themes ?? document.Themes) == document.Themes && (professions ?? document.Professions) == document.Professions;

        // A validity left empty means "from today": that alone is no change worth a version.
        if (sameText && sameTags && (request.ValidFrom is null || from == latest.ValidFrom) && until == latest.ValidUntil)
        {
            throw DomainException.Invalid("Rien n'a changé : aucune nouvelle version n'est créée.", "body");
        }

        var note = DirectoryRules.Required(request.ChangeNote, "Le motif du changement", "changeNote", 500);
        var number = await AppendAsync(document, latest, new Draft(title, body, request.File, keptFile, from, until, note), actor, ct, themes, professions);
        return number;
    }

    internal sealed record Draft(string Title, string Body, UploadedFile? Upload, int? FileId, DateOnly From, DateOnly? Until, string Note);

    /// <summary>Writes the next version and moves the document to it, in one transaction; a concurrent writer gets a conflict.</summary>
    internal async Task<int> AppendAsync(LibraryDocument document, LibraryVersion latest, Draft draft, Actor actor, CancellationToken ct, string? themes = null, string? professions = null)
    {
        var now = lookup.Now;
        var number = latest.Number + 1;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var fileId = draft.FileId;
            string? fileText;
            if (draft.Upload is { } upload)
            {
                var (file, text) = LibraryLookup.Prepare(document.Id, upload, now);
                db.Add(file);
                await db.SaveChangesAsync(ct);
                (fileId, fileText) = (file.Id, text);
            }
            else
            {
                fileText = await lookup.FileTextAsync(fileId, ct);
            }

            document.Title = draft.Title;
            document.Themes = themes ?? document.Themes;
            document.Professions = professions ?? document.Professions;
            document.Version++;
            db.Add(new LibraryVersion
            {
                DocumentId = document.Id, Number = number, Title = draft.Title, Body = draft.Body, FileId = fileId, SearchTitle = LibraryRules.SearchTitle(draft.Title),
                SearchText = LibraryRules.SearchText(draft.Title, draft.Body, fileText), ValidFrom = draft.From, ValidUntil = draft.Until, ChangeNote = draft.Note,
                CreatedAtUtc = now, CreatedBy = actor.Name,
            });
            await audit.RecordAsync(actor, "library.document", $"library:{document.Id}", $"« {draft.Title} » : version {number} ({draft.Note})", ct);
            await transaction.CommitAsync(ct);
            return number;
        }
        catch (DbUpdateException)
        {
            // Another version was written between our read and our write: the unique number or the document's version refused ours.
            throw DomainException.Conflict("Le document vient d'être modifié par quelqu'un d'autre : rechargez la page et reportez vos changements.", "version");
        }
    }
}

/// <summary>Brings an older text back by adding a version that copies it: history only grows.</summary>
public sealed class RestoreVersion(MaillageDb db, LibraryLookup lookup, AddVersion add)
{
    public async Task<int> ExecuteAsync(int documentId, int number, int basedOnVersion, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var document = await lookup.DocumentAsync(documentId, scope, tracked: true, ct);
        await lookup.EnsureEditableAsync(document, scope, ct);
        var latest = await db.Set<LibraryVersion>().AsNoTracking().Where(v => v.DocumentId == documentId).OrderByDescending(v => v.Number).FirstAsync(ct);
        if (basedOnVersion != latest.Number)
        {
            throw DomainException.Conflict(
                $"Le document est passé en version {latest.Number} pendant votre modification : rechargez la page et reportez vos changements.", "version");
        }

        var old = await db.Set<LibraryVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.DocumentId == documentId && v.Number == number, ct) ?? throw DomainException.NotFound($"Aucune version {number} de ce document.", "number");
        if (old.Number == latest.Number)
        {
            throw DomainException.Invalid("C'est déjà la version en vigueur.", "number");
        }

        // The old text is valid again from today; an end of validity already past would make it expired at birth.
        var today = lookup.Today;
        var until = old.ValidUntil is { } end && end >= today ? end : (DateOnly?)null;
        return await add.AppendAsync(document, latest, new AddVersion.Draft(old.Title, old.Body, null, old.FileId, today, until, $"Retour à la version {number}"), actor, ct);
    }
}

/// <summary>Marks a document as replaced by another one of the same territory, or undoes it.</summary>
public sealed class SupersedeDocument(MaillageDb db, LibraryLookup lookup, AuditLog audit)
{
    public async Task ExecuteAsync(int documentId, int? byDocumentId, int? expectedVersion, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var document = await lookup.DocumentAsync(documentId, scope, tracked: true, ct);
        if (expectedVersion is { } expected && expected != document.Version)
        {
            throw DomainException.Conflict("Le document vient d'être modifié : rechargez la page.", "version");
        }

        await lookup.EnsureCrisisOpenAsync(document, scope, ct);
        string detail;
        if (byDocumentId is { } byId)
        {
            if (byId == documentId)
            {
                throw DomainException.Invalid("Un document ne se remplace pas lui-même.", "byDocumentId");
            }

            var by = await db.Set<LibraryDocument>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == byId, ct);
            if (by is null || !scope.Covers(by.TerritoryId) || by.TerritoryId != document.TerritoryId)
            {
                throw DomainException.Invalid($"Aucun document {byId} dans la bibliothèque de ce territoire.", "byDocumentId");
            }

            // Following the chain from the replacement must not lead back here.
            var seen = new HashSet<int> { documentId };
            for (int? next = by.Id; next is { } n; next = await db.Set<LibraryDocument>().Where(d => d.Id == n).Select(d => d.SupersededByDocumentId).FirstOrDefaultAsync(ct))
            {
                if (!seen.Add(n))
                {
                    throw DomainException.Invalid($"« {by.Title} » est lui-même remplacé par ce document : la chaîne tournerait en rond.", "byDocumentId");
                }
            }

            document.SupersededByDocumentId = byId;
            detail = $"« {document.Title} » remplacé par « {by.Title} »";
        }
        else
        {
            if (document.SupersededByDocumentId is null)
            {
                return;
            }

            document.SupersededByDocumentId = null;
            detail = $"« {document.Title} » n'est plus marqué comme remplacé";
        }

        document.Version++;
        await audit.RecordAsync(actor, "library.document", $"library:{document.Id}", detail, ct);
    }
}

/// <summary>Withdraws a document from the library, or brings it back. Nothing is deleted.</summary>
public sealed class ArchiveDocument(LibraryLookup lookup, AuditLog audit)
{
    public async Task ExecuteAsync(int documentId, bool archived, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var document = await lookup.DocumentAsync(documentId, scope, tracked: true, ct);
        if ((document.ArchivedAtUtc is not null) == archived)
        {
            return;
        }

        await lookup.EnsureCrisisOpenAsync(document, scope, ct);

        document.ArchivedAtUtc = archived ? lookup.Now : null;
        document.Version++;
        await audit.RecordAsync(actor, "library.document", $"library:{document.Id}", $"« {document.Title} » {(archived ? "archivé" : "restauré")}", ct);
    }
}

public sealed class ShowDocument(MaillageDb db, LibraryLookup lookup, NameTerritories territories)
{
    public async Task<DocumentDetails> ExecuteAsync(int documentId, UserScope scope, CancellationToken ct = default)
    {
        var document = await lookup.DocumentAsync(documentId, scope, tracked: false, ct);
        var rows = await db.Set<LibraryVersion>().AsNoTracking().Where(v => v.DocumentId == documentId).OrderBy(v => v.Number)
            .Select(v => new { v.Number, v.Title, v.Body, v.FileId, v.ValidFrom, v.ValidUntil, v.ChangeNote, v.CreatedAtUtc, v.CreatedBy }).ToListAsync(ct);
        var fileIds = rows.Where(r => r.FileId is not null).Select(r => r.FileId!.Value).Distinct().ToList();
        var files = await db.Set<LibraryFile>().AsNoTracking().Where(f => fileIds.Contains(f.Id))
            .Select(f => new { f.Id, f.FileName, f.ContentType, f.Size }).ToDictionaryAsync(f => f.Id, ct);
        var today = lookup.Today;
        var current = rows[^1].Number;
        var versions = rows.Select(r =>
        {
            var status = LibraryRules.StatusOf(r.Number, current, r.ValidFrom, r.ValidUntil, today);
            var file = r.FileId is { } id ? files[id] : null;
            return new VersionView(r.Number, r.Title, r.Body, file is null ? null : new FileView(file.FileName, file.ContentType, file.Size, LibraryRules.IsIndexed(file.FileName)),
                r.ValidFrom, r.ValidUntil, r.ChangeNote, r.CreatedAtUtc, r.CreatedBy, status, LibraryRules.StatusLabel(status), r.Number < current ? r.Number + 1 : null);
        }).ToList();

        var related = await db.Set<LibraryDocument>().AsNoTracking()
            .Where(d => d.Id == document.SupersededByDocumentId || d.SupersededByDocumentId == documentId)
            .Select(d => new { d.Id, d.Title, d.SupersededByDocumentId }).ToListAsync(ct);
        var by = related.FirstOrDefault(d => d.Id == document.SupersededByDocumentId);
        var name = (await territories.ExecuteAsync([document.TerritoryId], ct)).GetValueOrDefault(document.TerritoryId, "");
        return new DocumentDetails(
            document.Id, document.TerritoryId, name, document.Kind, LibraryRules.KindLabel(document.Kind), document.Title, LibraryTags.Split(document.Themes),
            LibraryTags.ProfessionsOf(document.Professions).Select(p => new ProfessionView(p.Code, p.Label)).ToList(),
            await lookup.CrisisAsync(document.CrisisEpisodeId, scope, ct), by is null ? null : new DocumentRef(by.Id, by.Title),
            related.Where(d => d.SupersededByDocumentId == documentId).Select(d => new DocumentRef(d.Id, d.Title)).OrderBy(d => d.Title).ToList(),
            document.CreatedAtUtc, document.ArchivedAtUtc, document.Version, versions);
    }
}

/// <summary>
/// Finds documents by words (each required, accents and case ignored, over the title and text of the current
/// version), kind, theme, profession and territory. Titles that match come first.
/// </summary>
public sealed class SearchLibrary(MaillageDb db, LibraryLookup lookup)
{
    public async Task<Page<DocumentSummary>> ExecuteAsync(LibraryQuery query, UserScope scope, int? page = null, int? size = null, CancellationToken ct = default)
    {
        await CatchUpIndexAsync(ct);
        var (number, pageSize) = Paging.Normalize(page, size);
        var today = lookup.Today;
        var documents = db.Set<LibraryDocument>().AsNoTracking();
        if (query.TerritoryId is { } territory)
        {
            documents = scope.Covers(territory) ? documents.Where(d => d.TerritoryId == territory) : throw DomainException.NotFound("Territoire introuvable.", "territoryId");
        }
        else if (!scope.AllTerritories)
        {
            var ids = scope.TerritoryIds.ToList();
            documents = documents.Where(d => ids.Contains(d.TerritoryId));
        }

        if (query.Kind is { } kind)
        {
            documents = documents.Where(d => d.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(query.Theme))
        {
            var needle = LibraryTags.Needle(query.Theme.Trim());
            documents = documents.Where(d => d.Themes.Contains(needle));
        }

        if (LibraryTags.Professions([query.Profession]).FirstOrDefault() is { } profession)
        {
            // A document aimed at no profession in particular concerns every one.
            var needle = LibraryTags.Needle(profession);
            documents = documents.Where(d => d.Professions == "" || d.Professions.Contains(needle));
        }

        if (query.CrisisEpisodeId is { } episode)
        {
            documents = documents.Where(d => d.CrisisEpisodeId == episode);
        }

        if (!query.IncludeArchived)
        {
            documents = documents.Where(d => d.ArchivedAtUtc == null);
        }

        if (!query.IncludeSuperseded)
        {
            documents = documents.Where(d => d.SupersededByDocumentId == null);
        }

        var versions = db.Set<LibraryVersion>().AsNoTracking();
        var rows = from d in documents
                   join v in versions on d.Id equals v.DocumentId
                   where v.Number == versions.Where(w => w.DocumentId == d.Id).Max(w => w.Number)
                   select new { d, v };
        if (!query.IncludeExpired)
        {
            rows = rows.Where(x => x.v.ValidUntil == null || x.v.ValidUntil >= today);
        }

        var words = LibraryRules.Words(query.Text);
        foreach (var word in words)
        {
            // The same test as LibraryRules.Matches: each word starts a word of the text.
            var key = " " + word;
            rows = rows.Where(x => (" " + x.v.SearchText).Contains(key));
        }

        var candidates = await rows.Select(x => new { x.d.Id, x.v.SearchTitle, x.d.Title }).ToListAsync(ct);
        var ranked = LibraryRules.Rank(candidates, words, c => c.SearchTitle, c => c.Title).Select(c => c.Id).ToList();
        var pageIds = ranked.Skip((number - 1) * pageSize).Take(pageSize).ToList();
        var items = await SummariesAsync(pageIds, today, ct);
        return new Page<DocumentSummary>(pageIds.Select(id => items[id]).ToList(), number, pageSize, ranked.Count);
    }

    private async Task<Dictionary<int, DocumentSummary>> SummariesAsync(IReadOnlyList<int> ids, DateOnly today, CancellationToken ct)
    {
        var versions = db.Set<LibraryVersion>().AsNoTracking();
        var rows = await (from d in db.Set<LibraryDocument>().AsNoTracking().Where(d => ids.Contains(d.Id))
                          join v in versions on d.Id equals v.DocumentId
                          where v.Number == versions.Where(w => w.DocumentId == d.Id).Max(w => w.Number)
                          select new { d, v.Number, v.ValidFrom, v.ValidUntil, v.FileId, v.CreatedAtUtc, v.CreatedBy }).ToListAsync(ct);
        var byIds = rows.Where(r => r.d.SupersededByDocumentId is not null).Select(r => r.d.SupersededByDocumentId!.Value).Distinct().ToList();
        var titles = await db.Set<LibraryDocument>().AsNoTracking().Where(d => byIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Title, ct);
        var fileIds = rows.Where(r => r.FileId is not null).Select(r => r.FileId!.Value).ToList();
        var files = await db.Set<LibraryFile>().AsNoTracking().Where(f => fileIds.Contains(f.Id))
            .Select(f => new { f.Id, f.FileName, f.ContentType, f.Size }).ToDictionaryAsync(f => f.Id, ct);
        return rows.ToDictionary(r => r.d.Id, r =>
        {
            var status = LibraryRules.StatusOf(r.Number, r.Number, r.ValidFrom, r.ValidUntil, today);
            var file = r.FileId is { } f ? files[f] : null;
            return new DocumentSummary(
                r.d.Id, r.d.TerritoryId, r.d.Kind, LibraryRules.KindLabel(r.d.Kind), r.d.Title, LibraryTags.Split(r.d.Themes),
                LibraryTags.ProfessionsOf(r.d.Professions).Select(p => new ProfessionView(p.Code, p.Label)).ToList(),
                r.Number, r.ValidFrom, r.ValidUntil, status, LibraryRules.StatusLabel(status), r.d.ArchivedAtUtc is not null,
                r.d.SupersededByDocumentId is { } by ? new DocumentRef(by, titles.GetValueOrDefault(by, "")) : null, r.d.CrisisEpisodeId,
                file is null ? null : new FileView(file.FileName, file.ContentType, file.Size, LibraryRules.IsIndexed(file.FileName)), r.CreatedAtUtc, r.CreatedBy);
        });
    }

    /// <summary>
    /// Versions brought over by a migration carry no search key: SQL cannot fold accents the way
    /// <see cref="TextNormalizer"/> does on both providers. They are indexed here, once, on first search.
    /// </summary>
    private async Task CatchUpIndexAsync(CancellationToken ct)
    {
        var stale = await db.Set<LibraryVersion>().Where(v => v.SearchTitle == "").Take(500).ToListAsync(ct);
        if (stale.Count == 0)
        {
            return;
        }

        foreach (var version in stale)
        {
            version.SearchTitle = LibraryRules.SearchTitle(version.Title);
            version.SearchText = LibraryRules.SearchText(version.Title, version.Body, await lookup.FileTextAsync(version.FileId, ct));
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }
}

public sealed class ListLibraryThemes(LibraryLookup lookup)
{
    public Task<IReadOnlyList<string>> ExecuteAsync(UserScope scope, CancellationToken ct = default) =>
        lookup.ThemesAsync(scope.AllTerritories ? null : scope.TerritoryIds.ToList(), ct);
}

public sealed class DownloadVersionFile(MaillageDb db, LibraryLookup lookup)
{
    public async Task<DownloadedFile> ExecuteAsync(int documentId, int? number, UserScope scope, CancellationToken ct = default)
    {
        await lookup.DocumentAsync(documentId, scope, tracked: false, ct);
        var versions = db.Set<LibraryVersion>().AsNoTracking().Where(v => v.DocumentId == documentId);
        var version = await (number is { } n ? versions.Where(v => v.Number == n) : versions.OrderByDescending(v => v.Number)).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound($"Aucune version {number} de ce document.", "number");
        var file = version.FileId is { } id ? await db.Set<LibraryFile>().AsNoTracking().FirstAsync(f => f.Id == id, ct) : null;
        return file is null
            ? throw DomainException.NotFound("Cette version n'a pas de fichier joint.", "file")
            : new DownloadedFile(file.FileName, file.ContentType, file.Content);
    }
}
