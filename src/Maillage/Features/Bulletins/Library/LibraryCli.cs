using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;

namespace Maillage.Features.Bulletins.Library;

public static class LibraryCli
{
    /// <summary>Text files become the document's text (Markdown); any other file is attached as it is.</summary>
    private static readonly string[] TextExtensions = [".md", ".markdown", ".txt"];

    public static IEnumerable<CliVerb> Verbs() =>
    [
        new("library import",
            "library import FILE --title TITLE --kind protocol|form|guideline|other [--territory NAME_OR_ID] [--valid-from yyyy-mm-dd] [--valid-until yyyy-mm-dd] [--theme T]... [--profession CODE]... [--json]",
            ["territory=", "title=", "kind=", "valid-from=", "valid-until=", "theme=*", "profession=*"], 1, ImportAsync),
        new("library search", "library search TEXT [--territory NAME_OR_ID] [--kind KIND] [--all] [--json]", ["territory=", "kind=", "all"], 1, SearchAsync),
    ];

    /// <summary>Exit 0 with the new document's number; 2 with one line on stderr when the file or an option is wrong (nothing is written).</summary>
    private static async Task<int> ImportAsync(CliContext cli)
    {
        var path = cli.Args.Positionals[0];
        if (!File.Exists(path))
        {
            throw DomainException.Invalid($"file not found: {path}");
        }

        var kind = LibraryRules.ParseKind(cli.Args.Required("kind")) ?? throw DomainException.Invalid("option --kind is required");
        var title = cli.Args.Required("title");
        var validFrom = LibraryFeature.Date(cli.Args.Value("valid-from"), "valid-from");
        var validUntil = LibraryFeature.Date(cli.Args.Value("valid-until"), "valid-until");
        var territory = await GeographyCli.TerritoryAsync(cli);
        var info = new FileInfo(path);
        if (info.Length > LibraryRules.MaxFileBytes)
        {
            throw DomainException.Invalid($"{path}: larger than {LibraryRules.MaxFileBytes / 1024 / 1024} MB");
        }

        var content = await File.ReadAllBytesAsync(path);
        var asText = TextExtensions.Contains(info.Extension.ToLowerInvariant());
        var body = asText ? LibraryRules.TextOf(info.Name, content) : null;
        var file = asText ? null : new UploadedFile(info.Name, null, content);
        var id = await cli.Get<CreateDocument>().ExecuteAsync(
            new NewDocument(territory, kind, title, body, cli.Args.Values("theme"), cli.Args.Values("profession"), validFrom, validUntil, file,
                ChangeNote: $"Importé de {info.Name}"),
            Actor.CommandLine, UserScope.Everything);
        var document = await cli.Get<ShowDocument>().ExecuteAsync(id, UserScope.Everything);
        if (cli.Json)
        {
            cli.WriteJson(new
            {
                document.Id, document.TerritoryId, Kind = LibraryRules.KindCode(document.Kind), document.Title, Version = document.Current.Number,
                document.Current.ValidFrom, document.Current.ValidUntil, File = document.Current.File?.FileName, Indexed = asText || (document.Current.File?.Indexed ?? false),
            });
        }
        else
        {
            var indexed = asText || (document.Current.File?.Indexed ?? false) ? "text searchable" : "searchable by title only";
            cli.Out.WriteLine($"document {id}: {LibraryRules.KindCode(kind)} « {document.Title} », version 1 valid from {document.Current.ValidFrom:yyyy-MM-dd} ({indexed})");
        }

        return 0;
    }

    private static async Task<int> SearchAsync(CliContext cli)
    {
        int? territory = cli.Args.Value("territory") is null ? null : await GeographyCli.TerritoryAsync(cli);
        var all = cli.Args.Flag("all");
        var query = new LibraryQuery(cli.Args.Positionals[0], territory, LibraryRules.ParseKind(cli.Args.Value("kind")), IncludeArchived: all, IncludeExpired: all, IncludeSuperseded: all);
        var found = await cli.Get<SearchLibrary>().ExecuteAsync(query, UserScope.Everything, 1, Paging.MaxPageSize);
        if (cli.Json)
        {
            cli.WriteJson(new
            {
                found.TotalCount,
                Items = found.Items.Select(d => new
                {
                    d.Id, d.TerritoryId, Kind = LibraryRules.KindCode(d.Kind), d.Title, d.Themes, Professions = d.Professions.Select(p => p.Code), Version = d.CurrentVersion,
                    d.ValidFrom, d.ValidUntil, d.Status, d.Archived, SupersededBy = d.SupersededBy?.Id, d.CrisisEpisodeId,
                }),
            });
            return 0;
        }

        if (found.TotalCount == 0)
        {
            cli.Out.WriteLine("no document found");
            return 0;
        }

        foreach (var d in found.Items)
        {
            var marks = new List<string> { LibraryRules.StatusLabel(d.Status).ToLowerInvariant() };
            if (d.SupersededBy is { } by)
            {
                marks.Add($"remplacé par {by.Id}");
            }

            if (d.Archived)
            {
                marks.Add("archivé");
            }

            cli.Out.WriteLine($"{d.Id,6}  {d.KindLabel,-14}  v{d.CurrentVersion,-3} {d.Title} ({string.Join(", ", marks)})");
        }

        if (found.TotalCount > found.Items.Count)
        {
            cli.Out.WriteLine($"… {found.TotalCount - found.Items.Count} more: narrow the search");
        }

        return 0;
    }
}
