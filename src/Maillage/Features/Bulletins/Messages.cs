using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Bulletins;

public sealed record AttachmentInput(string FileName, string ContentType, byte[] Content);

public sealed record MessageInput(
    int TerritoryId, MessageSource? Source, string? SenderName, string? SenderAddress, DateTime? ReceivedAt, string? Subject, string? Body,
    string? BodyHtml, IReadOnlyList<string>? Themes, IReadOnlyList<string>? Professions, IReadOnlyList<AttachmentInput>? Attachments = null,
    string? ExternalId = null, bool AllowDuplicate = false);

public sealed record MessageTags(IReadOnlyList<string>? Themes, IReadOnlyList<string>? Professions, MessageSource? Source, int Version);

public sealed record MessageFilter(int? TerritoryId = null, string? Query = null, MessageSource? Source = null, string? Theme = null, string? Profession = null, bool OnlyUndiffused = false, bool IncludeArchived = false);

public sealed record MessageRow(int Id, int TerritoryId, MessageSource Source, string SourceLabel, string Subject, string? SenderName, DateTime ReceivedAtUtc,
    IReadOnlyList<string> Themes, IReadOnlyList<string> Professions, int Attachments, int Bulletins, int? DuplicateOfId, bool Archived);

public sealed record AttachmentView(int Id, string FileName, string ContentType, int Size);

public sealed record MessageBulletin(int Id, string Title, BulletinStatus Status);

public sealed record MessageView(int Id, int TerritoryId, MessageSource Source, string SourceLabel, string? SenderName, string? SenderAddress, DateTime ReceivedAtUtc,
    string Subject, string BodyText, string? BodyHtml, IReadOnlyList<string> Themes, IReadOnlyList<string> Professions, IReadOnlyList<AttachmentView> Attachments,
    IReadOnlyList<MessageBulletin> Bulletins, int? DuplicateOfId, string? ExternalId, DateTime CreatedAtUtc, string CreatedBy, DateTime? ArchivedAtUtc, int Version);

public sealed record DuplicateFound(int Id, string Subject, DateTime ReceivedAtUtc);

public sealed record RecordedMessage(int Id, int? DuplicateOfId, IReadOnlyList<AttachmentView> Attachments);

public sealed record AttachmentFile(string FileName, string ContentType, byte[] Content);

/// <summary>Institutional messages received by the coordination: recorded once, tagged, searched, passed on in bulletins.</summary>
public sealed class IncomingMessages(MaillageDb db, ScopeOfUser scopes, AuditLog audit, TimeProvider time)
{
    public const int MaxAttachmentBytes = 10 * 1024 * 1024;
    public const int MaxAttachments = 20;

    public async Task<DuplicateFound?> FindDuplicateAsync(int territoryId, string subject, string text, string? externalId, CancellationToken ct = default)
    {
        var fingerprint = EmlParser.Fingerprint(subject, text);
        var found = await db.Set<IncomingMessage>().AsNoTracking()
            .Where(m => m.TerritoryId == territoryId && m.ArchivedAtUtc == null && (m.Fingerprint == fingerprint || (externalId != null && m.ExternalId == externalId)))
            .OrderBy(m => m.Id).Select(m => new DuplicateFound(m.Id, m.Subject, m.ReceivedAtUtc)).FirstOrDefaultAsync(ct);
        return found;
    }

    /// <summary>Records a message; the same message already recorded is refused (409) unless the coordinator insists.</summary>
    public async Task<RecordedMessage> RecordAsync(MessageInput input, ClaimsPrincipal user, CancellationToken ct = default)
    {
        BulletinAccess.RequirePublisher(user);
        await scopes.CoveringAsync(user, input.TerritoryId, ct);
        var subject = DirectoryRules.Required(input.Subject, "L'objet", "subject", 500);
        var html = string.IsNullOrWhiteSpace(input.BodyHtml) ? null : SafeHtml.Sanitize(input.BodyHtml);
        var text = string.IsNullOrWhiteSpace(input.Body) ? SafeHtml.TextOf(html) : input.Body.Replace("\r\n", "\n").Trim();
        var attachments = input.Attachments ?? [];
        if (text.Length == 0 && attachments.Count == 0)
        {
            throw DomainException.Invalid("Le message est vide : collez son texte ou joignez un fichier.", "body");
        }

        if (text.Length > 200000)
        {
            throw DomainException.Invalid("Le texte dépasse 200 000 caractères.", "body");
        }

        if (html is { Length: > 400000 })
        {
            throw DomainException.Invalid("La version HTML du message dépasse 400 000 caractères : collez plutôt son texte.", "body");
        }

        if (attachments.Count > MaxAttachments)
        {
            throw DomainException.Invalid($"Au plus {MaxAttachments} pièces jointes par message.", "attachments");
        }

        if (attachments.FirstOrDefault(a => a.Content.Length > MaxAttachmentBytes) is { } big)
        {
            throw DomainException.Invalid($"La pièce jointe « {big.FileName} » dépasse 10 Mo.", "attachments");
        }

        if (input.Source is not { } source || !Enum.IsDefined(source))
        {
            throw DomainException.Invalid("Indiquez la source du message.", "source");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var received = input.ReceivedAt is { } r ? Clock.AsUtc(r) : now;
        if (received > now.AddMinutes(5))
        {
            throw DomainException.Invalid("La date de réception est dans le futur.", "receivedAt");
        }

        var themes = InformationVocabulary.CheckThemes(input.Themes);
        var professions = InformationVocabulary.CheckProfessions(input.Professions);
        var senderAddress = DirectoryRules.Email(input.SenderAddress, "senderAddress");
        var duplicate = await FindDuplicateAsync(input.TerritoryId, subject, text, input.ExternalId, ct);
        if (duplicate is not null && !input.AllowDuplicate)
        {
            throw DomainException.Conflict(
                $"Ce message est déjà enregistré (n° {duplicate.Id}, reçu le {French.DateTime(duplicate.ReceivedAtUtc)}) : « {duplicate.Subject} ». Cochez « Enregistrer quand même » s'il s'agit bien d'un autre message.",
                "duplicate");
        }

        var message = new IncomingMessage
        {
            TerritoryId = input.TerritoryId, Source = source, SenderName = DirectoryRules.Optional(input.SenderName, "L'expéditeur", "senderName", 200),
            SenderAddress = senderAddress, ReceivedAtUtc = received, Subject = subject, BodyText = text, BodyHtml = html,
            Themes = InformationVocabulary.Join(themes), Professions = InformationVocabulary.Join(professions),
            Fingerprint = EmlParser.Fingerprint(subject, text), SearchText = SearchKey(subject, text),
            ExternalId = input.ExternalId is { Length: > 0 } id ? id[..Math.Min(id.Length, 500)] : null,
            DuplicateOfId = duplicate?.Id, CreatedAtUtc = now, CreatedBy = Actor.NameOf(user),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(message);
        await db.SaveChangesAsync(ct);
        var saved = attachments.Select(a => new MessageAttachment
        {
            MessageId = message.Id, FileName = SafeFileName(a.FileName), ContentType = string.IsNullOrWhiteSpace(a.ContentType) ? "application/octet-stream" : a.ContentType[..Math.Min(a.ContentType.Length, 200)],
            Size = a.Content.Length, Content = a.Content,
        }).ToList();
        db.AddRange(saved);
        await audit.RecordAsync(Actor.From(user), "information.message", $"message:{message.Id}",
            $"message reçu enregistré ({InformationVocabulary.SourceLabel(source)}) : « {subject} »{(duplicate is null ? "" : $", doublon assumé du n° {duplicate.Id}")}", ct);
        await transaction.CommitAsync(ct);
        return new RecordedMessage(message.Id, message.DuplicateOfId, saved.Select(a => new AttachmentView(a.Id, a.FileName, a.ContentType, a.Size)).ToList());
    }

    /// <summary>Records an uploaded e-mail: its headers, text, sanitised HTML and attachments.</summary>
    public Task<RecordedMessage> ImportEmlAsync(Stream eml, int territoryId, MessageSource? source, IReadOnlyList<string>? themes, IReadOnlyList<string>? professions,
        bool allowDuplicate, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var parsed = EmlParser.Parse(eml);
        return RecordAsync(ToInput(parsed, territoryId, source, themes, professions, allowDuplicate), user, ct);
    }

    public static MessageInput ToInput(ParsedEmail parsed, int territoryId, MessageSource? source, IReadOnlyList<string>? themes, IReadOnlyList<string>? professions, bool allowDuplicate) =>
        new(territoryId, source ?? GuessSource(parsed.FromAddress, parsed.FromName), parsed.FromName, parsed.FromAddress, parsed.DateUtc, parsed.Subject, parsed.Text, parsed.Html, themes, professions,
            parsed.Attachments.Select(a => new AttachmentInput(a.FileName, a.ContentType, a.Content)).ToList(), parsed.MessageId, allowDuplicate);

    /// <summary>
    /// The usual senders, by their domain or their display name ("DGS-Urgent", "ARS Occitanie"), so that an
    /// imported e-mail arrives already sorted; the coordinator can change it.
    /// </summary>
    public static MessageSource GuessSource(string? address, string? name = null)
    {
        var domain = address?.Split('@').LastOrDefault()?.ToLowerInvariant() ?? "";
        var words = $" {TextNormalizer.Fold(name ?? "")} {TextNormalizer.Fold(domain)} ";
        bool Has(params string[] keys) => keys.Any(k => words.Contains($" {k} ", StringComparison.Ordinal));
        return 0 switch
        {
            _ when Has("dgs", "dgs urgent", "sante gouv fr", "solidarites sante gouv fr", "social gouv fr", "ministere") => MessageSource.MinistryAlert,
            _ when Has("ars") => MessageSource.Ars,
            _ when Has("cpam", "ameli", "ameli fr", "assurance maladie", "assurance maladie fr") => MessageSource.Insurer,
            _ when Has("urps") => MessageSource.Urps,
            _ when Has("ordre", "cnom", "cdom", "oni", "cnoi") => MessageSource.Ordre,
            _ when Has("chu", "ch", "hopital", "hospitalier", "clinique", "aphp") => MessageSource.Hospital,
            _ => MessageSource.Other,
        };
    }

    public async Task<Page<MessageRow>> ListAsync(MessageFilter filter, int? page, int? size, ClaimsPrincipal user, CancellationToken ct = default)
    {
        BulletinAccess.RequirePublisher(user);
        var scope = await scopes.ExecuteAsync(user, ct);
        var query = db.Set<IncomingMessage>().AsNoTracking().InScope(scope, m => m.TerritoryId, filter.TerritoryId);
        if (!filter.IncludeArchived)
        {
            query = query.Where(m => m.ArchivedAtUtc == null);
        }

        if (filter.Source is { } source)
        {
            query = query.Where(m => m.Source == source);
        }

        if (!string.IsNullOrWhiteSpace(filter.Theme))
        {
            var tag = InformationVocabulary.Tag(filter.Theme);
            query = query.Where(m => m.Themes.Contains(tag));
        }

        if (!string.IsNullOrWhiteSpace(filter.Profession))
        {
            var tag = InformationVocabulary.Tag(filter.Profession);
            query = query.Where(m => m.Professions.Contains(tag));
        }

        if (filter.OnlyUndiffused)
        {
            var diffused = PassedOn(db);
            query = query.Where(m => !diffused.Contains(m.Id));
        }

        foreach (var word in Words(filter.Query))
        {
            query = query.Where(m => m.SearchText.Contains(word));
        }

        var (p, s) = Paging.Normalize(page, size ?? 25);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(m => m.ReceivedAtUtc).ThenByDescending(m => m.Id).Skip((p - 1) * s).Take(s)
            .Select(m => new
            {
                m.Id, m.TerritoryId, m.Source, m.Subject, m.SenderName, m.ReceivedAtUtc, m.Themes, m.Professions, m.DuplicateOfId, m.ArchivedAtUtc,
                Attachments = db.Set<MessageAttachment>().Count(a => a.MessageId == m.Id),
                Bulletins = db.Set<BulletinMessage>().Count(l => l.MessageId == m.Id),
            }).ToListAsync(ct);
        return new Page<MessageRow>(rows.Select(m => new MessageRow(m.Id, m.TerritoryId, m.Source, InformationVocabulary.SourceLabel(m.Source), m.Subject, m.SenderName,
            m.ReceivedAtUtc, InformationVocabulary.Split(m.Themes), InformationVocabulary.Split(m.Professions), m.Attachments, m.Bulletins, m.DuplicateOfId,
            m.ArchivedAtUtc != null)).ToList(), p, s, total);
    }

    public async Task<MessageView> ShowAsync(int id, ClaimsPrincipal user, CancellationToken ct = default)
    {
        BulletinAccess.RequirePublisher(user);
        var m = await FindAsync(id, user, ct);
        var attachments = await db.Set<MessageAttachment>().AsNoTracking().Where(a => a.MessageId == id).OrderBy(a => a.Id)
            .Select(a => new AttachmentView(a.Id, a.FileName, a.ContentType, a.Size)).ToListAsync(ct);
        var bulletins = await db.Set<BulletinMessage>().AsNoTracking().Where(l => l.MessageId == id)
            .Join(db.Set<Bulletin>(), l => l.BulletinId, b => b.Id, (_, b) => new MessageBulletin(b.Id, b.Title, b.Status)).ToListAsync(ct);
        return new MessageView(m.Id, m.TerritoryId, m.Source, InformationVocabulary.SourceLabel(m.Source), m.SenderName, m.SenderAddress, m.ReceivedAtUtc, m.Subject,
            m.BodyText, m.BodyHtml, InformationVocabulary.Split(m.Themes), InformationVocabulary.Split(m.Professions), attachments, bulletins, m.DuplicateOfId,
            m.ExternalId, m.CreatedAtUtc, m.CreatedBy, m.ArchivedAtUtc, m.Version);
    }

    public async Task TagAsync(int id, MessageTags tags, ClaimsPrincipal user, CancellationToken ct = default)
    {
        BulletinAccess.RequirePublisher(user);
        var m = await FindAsync(id, user, ct, tracked: true);
        if (m.Version != tags.Version)
        {
            throw DomainException.Conflict("Le message a été modifié entre-temps : rechargez la page.", "version");
        }

        m.Themes = InformationVocabulary.Join(InformationVocabulary.CheckThemes(tags.Themes));
        m.Professions = InformationVocabulary.Join(InformationVocabulary.CheckProfessions(tags.Professions));
        if (tags.Source is { } source)
        {
            m.Source = Enum.IsDefined(source) ? source : throw DomainException.Invalid("Source inconnue.", "source");
        }

        m.Version++;
        await audit.RecordAsync(Actor.From(user), "information.message", $"message:{id}", "thèmes, professions ou source modifiés", ct);
    }

    /// <summary>Archives (or restores) a message: it leaves the lists, and bulletins that passed it on keep it.</summary>
    public async Task ArchiveAsync(int id, bool restore, ClaimsPrincipal user, CancellationToken ct = default)
    {
        BulletinAccess.RequirePublisher(user);
        var m = await FindAsync(id, user, ct, tracked: true);
        m.ArchivedAtUtc = restore ? null : time.GetUtcNow().UtcDateTime;
        m.Version++;
        await audit.RecordAsync(Actor.From(user), "information.message", $"message:{id}", restore ? "message restauré" : "message archivé", ct);
    }

    /// <summary>An attachment, for coordinators and for professionals who received a bulletin passing the message on.</summary>
    public async Task<AttachmentFile> AttachmentAsync(int messageId, int attachmentId, ClaimsPrincipal user, int? professionalId, CancellationToken ct = default)
    {
        var allowed = BulletinAccess.MayPublish(user)
            ? await FindAsync(messageId, user, ct) is not null
            : professionalId is { } me && await db.Set<BulletinMessage>().AnyAsync(l => l.MessageId == messageId
                && db.Set<BulletinRecipient>().Any(r => r.BulletinId == l.BulletinId && r.ProfessionalId == me)
                && db.Set<Bulletin>().Any(b => b.Id == l.BulletinId && b.Status == BulletinStatus.Published), ct);
        if (!allowed)
        {
            throw DomainException.NotFound("Pièce jointe introuvable.");
        }

        return await db.Set<MessageAttachment>().AsNoTracking().Where(a => a.Id == attachmentId && a.MessageId == messageId)
                   .Select(a => new AttachmentFile(a.FileName, a.ContentType, a.Content)).FirstOrDefaultAsync(ct)
               ?? throw DomainException.NotFound("Pièce jointe introuvable.");
    }

    private async Task<IncomingMessage> FindAsync(int id, ClaimsPrincipal user, CancellationToken ct, bool tracked = false)
    {
        var query = tracked ? db.Set<IncomingMessage>() : db.Set<IncomingMessage>().AsNoTracking();
        var m = await query.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (m is null || !(await scopes.ExecuteAsync(user, ct)).Covers(m.TerritoryId))
        {
            throw DomainException.NotFound($"Aucun message n° {id}.");
        }

        return m;
    }

    /// <summary>Messages passed on in a bulletin that reached people: published, or published then withdrawn.</summary>
    public static IQueryable<int> PassedOn(MaillageDb db) =>
        db.Set<BulletinMessage>().Join(db.Set<Bulletin>().Where(b => b.Status == BulletinStatus.Published || b.Status == BulletinStatus.Withdrawn),
            l => l.BulletinId, b => b.Id, (l, _) => l.MessageId);

    public static string SearchKey(string subject, string text) =>
        TextNormalizer.Fold($"{subject} {(text.Length > 15000 ? text[..15000] : text)}");

    public static IReadOnlyList<string> Words(string? query) =>
        string.IsNullOrWhiteSpace(query) ? [] : TextNormalizer.Fold(query).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Take(10).ToList();

    private static string SafeFileName(string name)
    {
        var clean = new string((name ?? "").Where(c => !char.IsControl(c) && c is not ('/' or '\\' or '"')).ToArray()).Trim();
        return clean.Length == 0 ? "piece-jointe" : clean[..Math.Min(clean.Length, 255)];
    }
}

/// <summary>Time as people type it: an instant without zone is Paris time.</summary>
public static class Clock
{
    public static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => French.ToUtc(value),
    };
}
