using Maillage.Features.Accounts;
using Maillage.Features.Bulletins.Library;
using Maillage.Features.Directory;
using Maillage.Infrastructure;

namespace Maillage.Features.Crisis;

public sealed record ProtocolSummary(int Id, string Title, int CurrentVersion, DateTime UpdatedAtUtc, string UpdatedBy);

public sealed record ProtocolVersionView(int Number, string Body, string? ChangeNote, DateTime CreatedAtUtc, string CreatedBy);

public sealed record ProtocolDetails(int Id, int EpisodeId, string EpisodeName, bool EpisodeClosed, string Title, IReadOnlyList<ProtocolVersionView> Versions)
{
    public ProtocolVersionView Current => Versions[^1];
}

// The crisis cell's protocols are documents of the territory's library (kind protocol, tied to the
// crisis): one store, found by the library's search too. These use cases keep the crisis's view of them.

public sealed class CreateProtocol(CrisisAccess access, CreateDocument create)
{
    public async Task<int> ExecuteAsync(int episodeId, string? title, string? body, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var episode = await access.EpisodeAsync(episodeId, scope, tracked: false, ct);
        CrisisAccess.EnsureOpen(episode);
        var name = DirectoryRules.Required(title, "Le titre du protocole", "protocolTitle", 200);
        var text = DirectoryRules.Required(body, "Le texte du protocole", "protocolBody", 50000);
        return await create.ExecuteAsync(
            new NewDocument(episode.TerritoryId, DocumentKind.Protocol, name, text, [], [], null, null, CrisisEpisodeId: episodeId), actor, scope, ct);
    }
}

/// <summary>Adds a version: a revision, or a restore of an older text. Refused if someone revised it meanwhile.</summary>
public sealed class ReviseProtocol(ShowProtocol show, AddVersion add)
{
    public async Task<int> ExecuteAsync(int protocolId, string? body, string? changeNote, int basedOnVersion, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var protocol = await show.ExecuteAsync(protocolId, scope, ct);
        if (protocol.EpisodeClosed)
        {
            throw DomainException.Conflict("Cette crise est close : son historique se consulte, il ne se modifie plus.", "episode");
        }

        if (basedOnVersion != protocol.Current.Number)
        {
            throw DomainException.Conflict($"Le protocole est passé en version {protocol.Current.Number} pendant votre modification : rechargez la page et reportez vos changements.", "version");
        }

        var text = DirectoryRules.Required(body, "Le texte du protocole", "body", 50000);
        if (text == protocol.Current.Body)
        {
            throw DomainException.Invalid("Le texte n'a pas changé : aucune nouvelle version n'est créée.", "body");
        }

        return await add.ExecuteAsync(protocolId, new NewVersion(basedOnVersion, null, text, null, null, changeNote), actor, scope, ct);
    }
}

public sealed class ListProtocols(CrisisAccess access, SearchLibrary search)
{
    public async Task<IReadOnlyList<ProtocolSummary>> ExecuteAsync(int episodeId, UserScope scope, CancellationToken ct = default)
    {
        await access.EpisodeAsync(episodeId, scope, tracked: false, ct);
        var found = await search.ExecuteAsync(new LibraryQuery(CrisisEpisodeId: episodeId, IncludeExpired: true, IncludeSuperseded: true, IncludeArchived: true), scope, 1, Paging.MaxPageSize, ct);
        return found.Items.Select(d => new ProtocolSummary(d.Id, d.Title, d.CurrentVersion, d.UpdatedAtUtc, d.UpdatedBy)).ToList();
    }
}

public sealed class ShowProtocol(ShowDocument show)
{
    public async Task<ProtocolDetails> ExecuteAsync(int protocolId, UserScope scope, CancellationToken ct = default)
    {
        DocumentDetails document;
        try
        {
            document = await show.ExecuteAsync(protocolId, scope, ct);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.NotFound)
        {
            throw DomainException.NotFound($"Aucun protocole {protocolId}.", "protocol");
        }

        var crisis = document.Crisis ?? throw DomainException.NotFound($"Aucun protocole {protocolId}.", "protocol");
        return new ProtocolDetails(document.Id, crisis.EpisodeId, crisis.Name, crisis.Closed, document.Title,
            document.Versions.Select(v => new ProtocolVersionView(v.Number, v.Body, v.ChangeNote, v.CreatedAtUtc, v.CreatedBy)).ToList());
    }
}
