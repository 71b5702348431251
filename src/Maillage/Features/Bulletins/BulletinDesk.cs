using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Bulletins;

/// <summary>Coordinators and administrators publish; professionals read what targets them; authorities read the library only.</summary>
public static class BulletinAccess
{
    public static bool MayPublish(ClaimsPrincipal user) => user.IsInRole(Roles.Coordinator) || user.IsInRole(Roles.Administrator);

    public static void RequirePublisher(ClaimsPrincipal user)
    {
        if (!MayPublish(user))
        {
            throw new UnauthorizedAccessException();
        }
    }
}

public sealed record BulletinInput(
    int TerritoryId, string? Title, string? Body, bool Urgent, IReadOnlyList<int>? TerritoryIds, IReadOnlyList<string>? Professions,
    IReadOnlyList<int>? StructureIds, IReadOnlyList<int>? MessageIds, int Version = 0);

public sealed record BulletinFilter(int? TerritoryId = null, BulletinStatus? Status = null, string? Query = null);

public sealed record BulletinRow(int Id, int TerritoryId, string Title, bool Urgent, BulletinStatus Status, DateTime? PublishAtUtc, DateTime? PublishedAtUtc,
    int Recipients, int Reads, string AudienceLabel, DateTime UpdatedAtUtc);

public sealed record IncludedMessage(int Id, MessageSource Source, string SourceLabel, string Subject, DateTime ReceivedAtUtc, string BodyText, string? BodyHtml, IReadOnlyList<AttachmentView> Attachments);

public sealed record BulletinView(
    int Id, int TerritoryId, string Title, string BodyMarkdown, string BodyHtml, bool Urgent, BulletinStatus Status, DateTime? PublishAtUtc, DateTime? PublishedAtUtc,
    string? PublishedBy, DateTime? WithdrawnAtUtc, string? WithdrawalReason, IReadOnlyList<int> TerritoryIds, IReadOnlyList<string> Professions, IReadOnlyList<int> StructureIds,
    string AudienceLabel, IReadOnlyList<IncludedMessage> Messages, int Recipients, int Reads, DateTime CreatedAtUtc, string CreatedBy, DateTime UpdatedAtUtc, int Version);

public sealed record ProfessionReads(string Profession, string Label, int Recipients, int Reads)
{
    public double Share => Recipients == 0 ? 0 : (double)Reads / Recipients;
}

public sealed record RecipientLine(int ProfessionalId, string Name, string Profession, DateTime? ReadAtUtc);

public sealed record BulletinReads(int BulletinId, int Recipients, int Reads, IReadOnlyList<ProfessionReads> ByProfession, IReadOnlyList<RecipientLine> People);

public sealed record AudiencePreview(int Total, IReadOnlyList<ProfessionReads> ByProfession);

/// <summary>The coordinator's side of bulletins: compose, target, publish now or later, withdraw, and see who read.</summary>
public sealed class BulletinDesk(MaillageDb db, ScopeOfUser scopes, ListAudienceMembers audience, NameTerritories territoryNames, AuditLog audit, TimeProvider time)
{
    public async Task<int> CreateAsync(BulletinInput input, ClaimsPrincipal user, CancellationToken ct = default)
    {
        BulletinAccess.RequirePublisher(user);
        var scope = await scopes.CoveringAsync(user, input.TerritoryId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var bulletin = new Bulletin
        {
            TerritoryId = input.TerritoryId, Title = "", BodyMarkdown = "", TerritoryIds = "", Professions = "", StructureIds = "",
            Status = BulletinStatus.Draft, CreatedAtUtc = now, CreatedBy = Actor.NameOf(user), UpdatedAtUtc = now,
        };
        var messages = await ApplyAsync(bulletin, input, scope, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(bulletin);
        await db.SaveChangesAsync(ct);
        LinkMessages(bulletin.Id, messages);
        await audit.RecordAsync(Actor.From(user), "information.bulletin", $"bulletin:{bulletin.Id}", $"brouillon « {bulletin.Title} » créé", ct);
        await transaction.CommitAsync(ct);
        return bulletin.Id;
    }

    /// <summary>Changes a draft or a scheduled bulletin. A published one is never rewritten: withdraw it and publish a correction.</summary>
    public async Task UpdateAsync(int id, BulletinInput input, ClaimsPrincipal user, CancellationToken ct = default)
    {
        BulletinAccess.RequirePublisher(user);
        var bulletin = await EditableAsync(id, input.Version, user, ct);
        var scope = await scopes.ExecuteAsync(user, ct);
        if (input.TerritoryId != bulletin.TerritoryId)
        {
            throw DomainException.Invalid("Un bulletin ne change pas de territoire : créez-en un autre.", "territoryId");
        }

        var messages = await ApplyAsync(bulletin, input, scope, ct);
        bulletin.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        bulletin.Version++;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Set<BulletinMessage>().Where(l => l.BulletinId == id).ExecuteDeleteAsync(ct);
        LinkMessages(id, messages);
        await audit.RecordAsync(Actor.From(user), "information.bulletin", $"bulletin:{id}", $"« {bulletin.Title} » modifié", ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Publishes now (no date, or a past one) or schedules. Refused when the audience is empty.</summary>
    public async Task<BulletinStatus> PublishAsync(int id, DateTime? at, int version, ClaimsPrincipal user, CancellationToken ct = default)
    {
        BulletinAccess.RequirePublisher(user);
        var bulletin = await EditableAsync(id, version, user, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var members = await RecipientsAsync(bulletin, ct);
        if (members.Count == 0)
        {
            throw DomainException.Invalid("Aucun professionnel ne correspond à ce ciblage : élargissez les professions, structures ou territoires.", "professions");
        }

        if (at is { } when && Clock.AsUtc(when) > now.AddMinutes(1))
        {
            var utc = Clock.AsUtc(when);
            if (utc > now.AddDays(90))
            {
                throw DomainException.Invalid("La publication programmée doit avoir lieu dans les 90 jours.", "publishAt");
            }

            bulletin.Status = BulletinStatus.Scheduled;
            bulletin.PublishAtUtc = utc;
            bulletin.PublishedBy = Actor.NameOf(user);
            bulletin.Version++;
            await audit.RecordAsync(Actor.From(user), "information.bulletin", $"bulletin:{id}", $"« {bulletin.Title} » programmé pour le {French.DateTime(utc)}", ct);
            return bulletin.Status;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await PublishNowAsync(bulletin, members, Actor.NameOf(user), now, ct);
        await audit.RecordAsync(Actor.From(user), "information.bulletin", $"bulletin:{id}", $"« {bulletin.Title} » publié pour {members.Count} professionnel(s)", ct);
        await transaction.CommitAsync(ct);
        return bulletin.Status;
    }

    /// <summary>Publishes the scheduled bulletins whose time has come; the audience is the one of that moment.</summary>
    public async Task<int> PublishDueAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.Set<Bulletin>().AsNoTracking().Where(b => b.Status == BulletinStatus.Scheduled && b.PublishAtUtc <= now)
            .OrderBy(b => b.PublishAtUtc).Select(b => b.Id).ToListAsync(ct);
        var published = 0;
        foreach (var id in due)
        {
            // Each one read afresh: after a failed one the tracker is cleared, and a coordinator may have unscheduled it meanwhile.
            if (await db.Set<Bulletin>().FirstOrDefaultAsync(b => b.Id == id && b.Status == BulletinStatus.Scheduled, ct) is not { } bulletin)
            {
                continue;
            }

            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var members = await RecipientsAsync(bulletin, ct);
                if (members.Count == 0)
                {
                    // The audience emptied since it was scheduled: back to draft, where the coordinator sees it, rather than "published" to nobody.
                    bulletin.Status = BulletinStatus.Draft;
                    bulletin.PublishAtUtc = null;
                    bulletin.Version++;
                    await audit.RecordAsync(Actor.System, "information.bulletin", $"bulletin:{bulletin.Id}",
                        $"« {bulletin.Title} » non publié à l'heure prévue : plus aucun professionnel ne correspond au ciblage ; revenu en brouillon", ct);
                }
                else
                {
                    await PublishNowAsync(bulletin, members, bulletin.PublishedBy ?? Actor.System.Name, now, ct);
                    await audit.RecordAsync(Actor.System, "information.bulletin", $"bulletin:{bulletin.Id}", $"« {bulletin.Title} » publié à l'heure prévue pour {members.Count} professionnel(s)", ct);
                    published++;
                }

                await transaction.CommitAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Unscheduled or edited at the same moment: the coordinator's change stands; the others still go out.
                db.ChangeTracker.Clear();
            }
        }

        return published;
    }

    public async Task UnscheduleAsync(int id, int version, ClaimsPrincipal user, CancellationToken ct = default)
    {
        BulletinAccess.RequirePublisher(user);
        var bulletin = await EditableAsync(id, version, user, ct);
        if (bulletin.Status != BulletinStatus.Scheduled)
        {
            throw DomainException.Conflict("Ce bulletin n'est pas programmé.", "status");
        }

        bulletin.Status = BulletinStatus.Draft;
        bulletin.PublishAtUtc = null;
        bulletin.Version++;
        await audit.RecordAsync(Actor.From(user), "information.bulletin", $"bulletin:{id}", $"programmation de « {bulletin.Title} » annulée", ct);
    }

    /// <summary>Takes a published bulletin back. Who received and read it is kept; it leaves the inboxes and the e-mails not yet sent.</summary>
    public async Task WithdrawAsync(int id, string? reason, int version, ClaimsPrincipal user, CancellationToken ct = default)
    {
        BulletinAccess.RequirePublisher(user);
        var bulletin = await FindAsync(id, user, ct, tracked: true);
        Expect(bulletin, version);
        if (bulletin.Status != BulletinStatus.Published)
        {
            throw DomainException.Conflict("Seul un bulletin publié peut être retiré.", "status");
        }

        bulletin.WithdrawalReason = DirectoryRules.Required(reason, "Le motif du retrait", "reason", 500);
        bulletin.Status = BulletinStatus.Withdrawn;
        bulletin.WithdrawnAtUtc = time.GetUtcNow().UtcDateTime;
        bulletin.Version++;
        await audit.RecordAsync(Actor.From(user), "information.bulletin", $"bulletin:{id}", $"« {bulletin.Title} » retiré : {bulletin.WithdrawalReason}", ct);
    }

    /// <summary>Deletes a draft that was never published: nobody relied on it.</summary>
    public async Task DeleteDraftAsync(int id, int version, ClaimsPrincipal user, CancellationToken ct = default)
    {
        BulletinAccess.RequirePublisher(user);
        var bulletin = await EditableAsync(id, version, user, ct);
        if (bulletin.Status != BulletinStatus.Draft)
        {
            throw DomainException.Conflict("Annulez d'abord la programmation.", "status");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Set<BulletinMessage>().Where(l => l.BulletinId == id).ExecuteDeleteAsync(ct);
        db.Remove(bulletin);
        await audit.RecordAsync(Actor.From(user), "information.bulletin", $"bulletin:{id}", $"brouillon « {bulletin.Title} » supprimé", ct);
        await transaction.CommitAsync(ct);
    }

    public async Task<Page<BulletinRow>> ListAsync(BulletinFilter filter, int? page, int? size, ClaimsPrincipal user, CancellationToken ct = default)
    {
        BulletinAccess.RequirePublisher(user);
        var scope = await scopes.ExecuteAsync(user, ct);
        var query = db.Set<Bulletin>().AsNoTracking().InScope(scope, b => b.TerritoryId, filter.TerritoryId);
        if (filter.Status is { } status)
        {
            query = query.Where(b => b.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(filter.Query))
        {
            var text = filter.Query.Trim().ToLower();
            query = query.Where(b => b.Title.ToLower().Contains(text));
        }

        var (p, s) = Paging.Normalize(page, size ?? 25);
        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderBy(b => b.Status == BulletinStatus.Draft ? 0 : b.Status == BulletinStatus.Scheduled ? 1 : 2)
            .ThenByDescending(b => b.PublishedAtUtc ?? b.PublishAtUtc ?? b.UpdatedAtUtc).ThenByDescending(b => b.Id)
            .Skip((p - 1) * s).Take(s)
            .Select(b => new { b.Id, b.TerritoryId, b.Title, b.Urgent, b.Status, b.PublishAtUtc, b.PublishedAtUtc, b.RecipientCount, b.TerritoryIds, b.Professions, b.StructureIds, b.UpdatedAtUtc,
                Reads = db.Set<BulletinRecipient>().Count(r => r.BulletinId == b.Id && r.ReadAtUtc != null) })
            .ToListAsync(ct);
        var names = await territoryNames.ExecuteAsync(rows.SelectMany(r => InformationVocabulary.SplitIds(r.TerritoryIds)).Distinct().ToList(), ct);
        return new Page<BulletinRow>(rows.Select(b => new BulletinRow(b.Id, b.TerritoryId, b.Title, b.Urgent, b.Status, b.PublishAtUtc, b.PublishedAtUtc, b.RecipientCount, b.Reads,
            AudienceLabel(InformationVocabulary.SplitIds(b.TerritoryIds), InformationVocabulary.Split(b.Professions), InformationVocabulary.SplitIds(b.StructureIds).Count, names),
            b.UpdatedAtUtc)).ToList(), p, s, total);
    }

    public async Task<BulletinView> ShowAsync(int id, ClaimsPrincipal user, CancellationToken ct = default)
    {
        BulletinAccess.RequirePublisher(user);
        return await ViewAsync(await FindAsync(id, user, ct), ct);
    }

    /// <summary>The bulletin as anyone allowed to see it reads it: text, messages passed on and their attachments.</summary>
    public async Task<BulletinView> ViewAsync(Bulletin b, CancellationToken ct)
    {
        var links = await db.Set<BulletinMessage>().AsNoTracking().Where(l => l.BulletinId == b.Id).OrderBy(l => l.Position).Select(l => l.MessageId).ToListAsync(ct);
        var messages = await db.Set<IncomingMessage>().AsNoTracking().Where(m => links.Contains(m.Id)).ToListAsync(ct);
        var attachments = (await db.Set<MessageAttachment>().AsNoTracking().Where(a => links.Contains(a.MessageId))
            .Select(a => new { a.MessageId, View = new AttachmentView(a.Id, a.FileName, a.ContentType, a.Size) }).ToListAsync(ct)).ToLookup(a => a.MessageId, a => a.View);
        var included = links.Select(lid => messages.First(m => m.Id == lid))
            .Select(m => new IncludedMessage(m.Id, m.Source, InformationVocabulary.SourceLabel(m.Source), m.Subject, m.ReceivedAtUtc, m.BodyText, m.BodyHtml, attachments[m.Id].ToList()))
            .ToList();
        var reads = await db.Set<BulletinRecipient>().CountAsync(r => r.BulletinId == b.Id && r.ReadAtUtc != null, ct);
        var territories = InformationVocabulary.SplitIds(b.TerritoryIds);
        var names = await territoryNames.ExecuteAsync(territories, ct);
        var structures = InformationVocabulary.SplitIds(b.StructureIds);
        return new BulletinView(b.Id, b.TerritoryId, b.Title, b.BodyMarkdown, SafeHtml.FromMarkdown(b.BodyMarkdown), b.Urgent, b.Status, b.PublishAtUtc, b.PublishedAtUtc,
            b.PublishedBy, b.WithdrawnAtUtc, b.WithdrawalReason, territories, InformationVocabulary.Split(b.Professions), structures,
            AudienceLabel(territories, InformationVocabulary.Split(b.Professions), structures.Count, names), included, b.RecipientCount, reads, b.CreatedAtUtc, b.CreatedBy,
            b.UpdatedAtUtc, b.Version);
    }

    /// <summary>Who read, per profession and by name: the coordinator calls those who did not.</summary>
    public async Task<BulletinReads> ReadsAsync(int id, ClaimsPrincipal user, CancellationToken ct = default)
    {
        BulletinAccess.RequirePublisher(user);
        var bulletin = await FindAsync(id, user, ct);
        var rows = await db.Set<BulletinRecipient>().AsNoTracking().Where(r => r.BulletinId == bulletin.Id)
            .Select(r => new { r.ProfessionalId, r.Profession, r.ReadAtUtc }).ToListAsync(ct);
        var people = (await audience.ByIdAsync(rows.Select(r => r.ProfessionalId).ToList(), ct)).ToDictionary(p => p.Id, p => p.Name);
        var byProfession = rows.GroupBy(r => r.Profession)
            .Select(g => new ProfessionReads(g.Key, ProfessionLabel(g.Key), g.Count(), g.Count(r => r.ReadAtUtc != null)))
            .OrderByDescending(p => p.Recipients).ThenBy(p => p.Label, StringComparer.Create(French.Culture, false)).ToList();
        var lines = rows.Select(r => new RecipientLine(r.ProfessionalId, people.GetValueOrDefault(r.ProfessionalId, $"n° {r.ProfessionalId}"), r.Profession, r.ReadAtUtc))
            .OrderBy(r => r.ReadAtUtc is null ? 0 : 1).ThenBy(r => r.Name, StringComparer.Create(French.Culture, true)).ToList();
        return new BulletinReads(bulletin.Id, rows.Count, rows.Count(r => r.ReadAtUtc != null), byProfession, lines);
    }

    /// <summary>How many professionals a targeting reaches, before publishing.</summary>
    public async Task<AudiencePreview> PreviewAsync(BulletinInput input, ClaimsPrincipal user, CancellationToken ct = default)
    {
        BulletinAccess.RequirePublisher(user);
        var scope = await scopes.CoveringAsync(user, input.TerritoryId, ct);
        var probe = new Bulletin { TerritoryId = input.TerritoryId, Title = "", BodyMarkdown = "", TerritoryIds = "", Professions = "", StructureIds = "", CreatedBy = "" };
        await ApplyTargetsAsync(probe, input, scope, ct);
        var members = await RecipientsAsync(probe, ct);
        return new AudiencePreview(members.Count, members.GroupBy(m => m.Profession)
            .Select(g => new ProfessionReads(g.Key, ProfessionLabel(g.Key), g.Count(), 0)).OrderByDescending(p => p.Recipients).ToList());
    }

    public static string ProfessionLabel(string code) => Directory.Professions.All.FirstOrDefault(p => p.Code == code)?.Label ?? code;

    public static string AudienceLabel(IReadOnlyList<int> territories, IReadOnlyList<string> professions, int structures, IReadOnlyDictionary<int, string> territoryNames)
    {
        var where = string.Join(", ", territories.Select(t => territoryNames.GetValueOrDefault(t, $"territoire {t}")));
        var who = professions.Count == 0 ? "toutes professions" : string.Join(", ", professions.Select(ProfessionLabel));
        var inStructures = structures == 0 ? "" : structures == 1 ? ", membres d'une structure choisie" : $", membres de {structures} structures choisies";
        return $"{who} — {where}{inStructures}";
    }

    internal async Task<Bulletin> FindAsync(int id, ClaimsPrincipal user, CancellationToken ct, bool tracked = false)
    {
        var query = tracked ? db.Set<Bulletin>() : db.Set<Bulletin>().AsNoTracking();
        var bulletin = await query.FirstOrDefaultAsync(b => b.Id == id, ct);
        if (bulletin is null || !(await scopes.ExecuteAsync(user, ct)).Covers(bulletin.TerritoryId))
        {
            throw DomainException.NotFound($"Aucun bulletin n° {id}.");
        }

        return bulletin;
    }

    private async Task<Bulletin> EditableAsync(int id, int version, ClaimsPrincipal user, CancellationToken ct)
    {
        var bulletin = await FindAsync(id, user, ct, tracked: true);
        Expect(bulletin, version);
        if (bulletin.Status is BulletinStatus.Published or BulletinStatus.Withdrawn)
        {
            throw DomainException.Conflict("Ce bulletin est déjà publié : il ne se modifie plus. Retirez-le et publiez un rectificatif.", "status");
        }

        return bulletin;
    }

    private static void Expect(Bulletin bulletin, int version)
    {
        if (bulletin.Version != version)
        {
            throw DomainException.Conflict("Le bulletin a été modifié entre-temps par quelqu'un d'autre : rechargez la page et reportez vos changements.", "version");
        }
    }

    private async Task PublishNowAsync(Bulletin bulletin, IReadOnlyList<AudienceMember> members, string by, DateTime now, CancellationToken ct)
    {
        bulletin.Status = BulletinStatus.Published;
        bulletin.PublishedAtUtc = now;
        bulletin.PublishAtUtc ??= now;
        bulletin.PublishedBy = by;
        bulletin.RecipientCount = members.Count;
        bulletin.Version++;
        db.AddRange(members.Select(m => new BulletinRecipient { BulletinId = bulletin.Id, ProfessionalId = m.Id, Profession = m.Profession, TerritoryId = m.TerritoryId }));
        await db.SaveChangesAsync(ct);
    }

    private async Task<IReadOnlyList<AudienceMember>> RecipientsAsync(Bulletin bulletin, CancellationToken ct)
    {
        var target = Audience.Of(bulletin);
        var members = await audience.OfTerritoriesAsync(target.TerritoryIds.ToList(), ct);
        return members.Where(m => Targeting.Concerns(target, new Reader(m.Id, m.TerritoryId, m.Profession, m.StructureIds))).ToList();
    }

    private async Task<IReadOnlyList<int>> ApplyAsync(Bulletin bulletin, BulletinInput input, UserScope scope, CancellationToken ct)
    {
        bulletin.Title = DirectoryRules.Required(input.Title, "Le titre", "title", 200);
        bulletin.BodyMarkdown = DirectoryRules.Required(input.Body, "Le texte", "body", 50000);
        bulletin.Urgent = input.Urgent;
        await ApplyTargetsAsync(bulletin, input, scope, ct);
        var messageIds = (input.MessageIds ?? []).Distinct().ToList();
        if (messageIds.Count > 50)
        {
            throw DomainException.Invalid("Au plus 50 messages par bulletin.", "messageIds");
        }

        var found = await db.Set<IncomingMessage>().AsNoTracking().Where(m => messageIds.Contains(m.Id) && m.ArchivedAtUtc == null)
            .Select(m => new { m.Id, m.TerritoryId }).ToListAsync(ct);
        if (messageIds.FirstOrDefault(id => found.All(f => f.Id != id || !scope.Covers(f.TerritoryId))) is var missing and > 0)
        {
            throw DomainException.Invalid($"Le message n° {missing} n'existe pas, est archivé ou n'est pas de vos territoires.", "messageIds");
        }

        return messageIds;
    }

    private async Task ApplyTargetsAsync(Bulletin bulletin, BulletinInput input, UserScope scope, CancellationToken ct)
    {
        var territories = (input.TerritoryIds is { Count: > 0 } chosen ? chosen : [input.TerritoryId]).Distinct().ToList();
        if (territories.FirstOrDefault(t => !scope.Covers(t)) is var outside and > 0)
        {
            throw DomainException.Invalid($"Le territoire {outside} n'est pas dans votre périmètre.", "territoryIds");
        }

        var structures = (input.StructureIds ?? []).Distinct().ToList();
        if (structures.Count > 0)
        {
            var known = (await audience.StructuresAsync(territories, ct)).Select(s => s.Id).ToHashSet();
            if (structures.FirstOrDefault(s => !known.Contains(s)) is var unknown and > 0)
            {
                throw DomainException.Invalid($"La structure n° {unknown} n'est pas active dans les territoires ciblés.", "structureIds");
            }
        }

        bulletin.TerritoryIds = InformationVocabulary.JoinIds(territories);
        bulletin.Professions = InformationVocabulary.Join(InformationVocabulary.CheckProfessions(input.Professions));
        bulletin.StructureIds = InformationVocabulary.JoinIds(structures);
    }

    private void LinkMessages(int bulletinId, IReadOnlyList<int> messageIds) =>
        db.AddRange(messageIds.Select((m, i) => new BulletinMessage { BulletinId = bulletinId, MessageId = m, Position = i }));
}
