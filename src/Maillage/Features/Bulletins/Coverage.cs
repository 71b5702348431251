using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Bulletins;

public sealed record CoverageBulletin(int Id, string Title, bool Urgent, DateTime PublishedAtUtc, int Recipients, int Reads, bool Withdrawn);

public sealed record CoverageReport(int TerritoryId, string TerritoryName, string Week, DateOnly Monday, IReadOnlyList<ProfessionCoverage> Professions, IReadOnlyList<CoverageBulletin> Bulletins)
{
    public IReadOnlyList<ProfessionCoverage> Forgotten => Professions.Where(p => p.Forgotten).ToList();
}

/// <summary>
/// For one territory and one ISO week: did each profession get something, and did its members read it?
/// The week is the Paris week of publication; withdrawn bulletins count, they reached people.
/// </summary>
public sealed class WeekCoverage(MaillageDb db, ScopeOfUser scopes, ListAudienceMembers audience, NameTerritories territoryNames)
{
    public async Task<CoverageReport> ExecuteAsync(int territoryId, DateOnly day, ClaimsPrincipal user, CancellationToken ct = default)
    {
        BulletinAccess.RequirePublisher(user);
        await scopes.CoveringAsync(user, territoryId, ct);
        var monday = IsoWeeks.Monday(day);
        var from = French.ToUtc(monday.ToDateTime(TimeOnly.MinValue));
        var to = French.ToUtc(monday.AddDays(7).ToDateTime(TimeOnly.MinValue));

        var members = await audience.CountByProfessionAsync(territoryId, ct);
        var sent = db.Set<Bulletin>().AsNoTracking()
            .Where(b => (b.Status == BulletinStatus.Published || b.Status == BulletinStatus.Withdrawn) && b.PublishedAtUtc >= from && b.PublishedAtUtc < to);
        // Counted by the database: a busy week of a large territory is some 150,000 deliveries, too many to load one by one.
        var recipients = await db.Set<BulletinRecipient>().AsNoTracking().Where(r => r.TerritoryId == territoryId)
            .Join(sent, r => r.BulletinId, b => b.Id, (r, b) => r)
            .GroupBy(r => new { r.BulletinId, r.Profession })
            .Select(g => new RecipientTally(g.Key.BulletinId, g.Key.Profession, g.Count(), g.Count(r => r.ReadAtUtc != null))).ToListAsync(ct);

        var diffused = IncomingMessages.PassedOn(db);
        var waiting = await db.Set<IncomingMessage>().AsNoTracking()
            .Where(m => m.TerritoryId == territoryId && m.ArchivedAtUtc == null && m.ReceivedAtUtc >= from && m.ReceivedAtUtc < to && !diffused.Contains(m.Id))
            .Select(m => m.Professions).ToListAsync(ct);
        var undiffused = waiting.SelectMany(InformationVocabulary.Split).GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());

        var perBulletin = recipients.GroupBy(r => r.BulletinId).ToDictionary(g => g.Key, g => (Deliveries: g.Sum(r => r.Deliveries), Reads: g.Sum(r => r.Reads)));
        var ids = perBulletin.Keys.ToList();
        var bulletins = (await sent.Where(b => ids.Contains(b.Id)).Select(b => new { b.Id, b.Title, b.Urgent, b.PublishedAtUtc, b.Status }).ToListAsync(ct))
            .Select(b => new CoverageBulletin(b.Id, b.Title, b.Urgent, b.PublishedAtUtc!.Value,
                perBulletin[b.Id].Deliveries, perBulletin[b.Id].Reads, b.Status == BulletinStatus.Withdrawn))
            .OrderBy(b => b.PublishedAtUtc).ToList();
        var name = (await territoryNames.ExecuteAsync([territoryId], ct)).GetValueOrDefault(territoryId, $"territoire {territoryId}");
        return new CoverageReport(territoryId, name, IsoWeeks.Label(monday), monday, CoverageRules.Build(members, recipients, undiffused), bulletins);
    }
}
