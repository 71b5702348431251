using System.Text;
using Maillage.Features.Directory;
using Maillage.Infrastructure;

namespace Maillage.Features.Bulletins.Library;

/// <summary>Where a version stands on a given day.</summary>
public enum VersionStatus
{
    /// <summary>The latest version, within its validity.</summary>
    Current,

    /// <summary>A later version replaced it; it stays readable.</summary>
    Superseded,

    /// <summary>The latest version, but its validity has ended.</summary>
    Expired,

    /// <summary>The latest version, valid only from a later day.</summary>
    NotYetValid,
}

/// <summary>The library's pure rules: statuses, labels, search keys, and what text a file gives to search.</summary>
public static class LibraryRules
{
    public const int MaxBody = 50000;
    public const int MaxTitle = 200;
    public const int MaxFileBytes = 10 * 1024 * 1024;

    /// <summary>Beyond this, a file's text is not indexed: a search key, not a copy of the file.</summary>
    public const int MaxIndexedChars = 200_000;

    /// <summary>Files whose text we read for search; other files are found by their title only.</summary>
    public static readonly IReadOnlyList<string> IndexedExtensions = [".txt", ".md", ".markdown", ".csv", ".html", ".htm"];

    public static readonly IReadOnlyDictionary<DocumentKind, string> KindLabels = new Dictionary<DocumentKind, string>
    {
        [DocumentKind.Protocol] = "Protocole",
        [DocumentKind.Form] = "Formulaire",
        [DocumentKind.Guideline] = "Recommandation",
        [DocumentKind.Other] = "Autre",
    };

    public static string KindLabel(DocumentKind kind) => KindLabels[kind];

    /// <summary>The API and CLI name of a kind: "protocol", "form", "guideline", "other".</summary>
    public static string KindCode(DocumentKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>A kind from its code, its enum name or its French label, in any case and with or without accents.</summary>
    public static DocumentKind? ParseKind(string? text, string field = "kind")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var key = TextNormalizer.Fold(text);
        foreach (var (kind, label) in KindLabels)
        {
            if (key == KindCode(kind) || key == TextNormalizer.Fold(label))
            {
                return kind;
            }
        }

        throw DomainException.Invalid($"Type de document inconnu « {text.Trim()} » : protocol, form, guideline ou other.", field);
    }

    public static VersionStatus StatusOf(int number, int currentNumber, DateOnly validFrom, DateOnly? validUntil, DateOnly today) =>
        number < currentNumber ? VersionStatus.Superseded
        : validUntil is { } until && until < today ? VersionStatus.Expired
        : validFrom > today ? VersionStatus.NotYetValid
        : VersionStatus.Current;

    public static string StatusLabel(VersionStatus status) => status switch
    {
        VersionStatus.Current => "En vigueur",
        VersionStatus.Superseded => "Remplacée",
        VersionStatus.Expired => "Expirée",
        _ => "Pas encore en vigueur",
    };

    /// <summary>The words of a query, folded, each required. Empty when the query has no letter or digit.</summary>
    public static IReadOnlyList<string> Words(string? query) =>
        TextNormalizer.Fold(query ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();

    /// <summary>
    /// Every word starts a word of the text: "domicile" finds "domicile" and "domiciles", "charge" does not
    /// find "décharge". The database query applies the same test (see <see cref="SearchLibrary"/>).
    /// </summary>
    public static bool Matches(string foldedText, IReadOnlyList<string> words)
    {
        var text = " " + foldedText;
        return words.All(w => text.Contains(" " + w, StringComparison.Ordinal));
    }

    public static string SearchTitle(string title)
    {
        var folded = TextNormalizer.Fold(title);
        return folded.Length <= MaxTitle ? folded : folded[..MaxTitle];
    }

    public static string SearchText(string title, string body, string? fileText)
    {
        var folded = TextNormalizer.Fold($"{title}\n{body}\n{fileText}");
        return folded.Length <= MaxIndexedChars ? folded : folded[..MaxIndexedChars];
    }

    public static bool IsIndexed(string fileName) =>
        IndexedExtensions.Contains(Path.GetExtension(fileName).ToLowerInvariant());

    /// <summary>The text of a file for search: plain text files as they are, HTML without its tags, others nothing.</summary>
    public static string? TextOf(string fileName, byte[] content)
    {
        if (!IsIndexed(fileName))
        {
            return null;
        }

        var text = Decode(content);
        if (text.Length > MaxIndexedChars * 2)
        {
            text = text[..(MaxIndexedChars * 2)];
        }

        return Path.GetExtension(fileName).ToLowerInvariant() is ".html" or ".htm" ? SafeHtml.TextOf(text) : text;
    }

    /// <summary>UTF-8 when the bytes are valid UTF-8 (with or without BOM), else Windows-1252 as older office tools write.</summary>
    private static string Decode(byte[] content)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(content);
        }
    }

    /// <summary>A content type we can trust for a download: the one given when it is well formed, else one from the extension.</summary>
    public static string ContentType(string fileName, string? given)
    {
        if (!string.IsNullOrWhiteSpace(given) && given.Length <= 100 && given.Contains('/') && !given.Any(char.IsWhiteSpace))
        {
            return given.Trim().ToLowerInvariant();
        }

        return Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".pdf" => "application/pdf",
            ".txt" => "text/plain",
            ".md" or ".markdown" => "text/markdown",
            ".csv" => "text/csv",
            ".html" or ".htm" => "text/html",
            ".doc" => "application/msword",
            ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".odt" => "application/vnd.oasis.opendocument.text",
            ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".png" => "image/png",
            ".jpg" or ".jpeg" => "image/jpeg",
            _ => "application/octet-stream",
        };
    }

    /// <summary>A file name safe to store and to send back: no directory, no control character.</summary>
    public static string FileName(string? given)
    {
        var name = Path.GetFileName((given ?? "").Replace('\\', '/')).Trim();
        name = new string(name.Where(c => !char.IsControl(c) && c != '"').ToArray());
        if (name.Length == 0)
        {
            throw DomainException.Invalid("Le fichier n'a pas de nom.", "file");
        }

        return name.Length <= 255 ? name : name[^255..];
    }

    /// <summary>Title matches first, then by title in French order.</summary>
    public static IEnumerable<T> Rank<T>(IEnumerable<T> rows, IReadOnlyList<string> words, Func<T, string> searchTitle, Func<T, string> title) =>
        rows.OrderByDescending(r => words.Count > 0 && Matches(searchTitle(r), words))
            .ThenBy(title, StringComparer.Create(French.Culture, System.Globalization.CompareOptions.IgnoreCase));
}

/// <summary>Themes and professions stored as "|a|b|", so that one LIKE finds a document on SQLite and PostgreSQL alike.</summary>
public static class LibraryTags
{
    public const int MaxThemes = 10;
    public const int MaxThemeLength = 60;

    public static string Join(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? "" : "|" + string.Join('|', list) + "|";
    }

    public static IReadOnlyList<string> Split(string? stored) => InformationVocabulary.Split(stored);

    /// <summary>The pattern that finds one value in a stored list.</summary>
    public static string Needle(string value) => InformationVocabulary.Tag(value);

    /// <summary>
    /// Themes as people type them ("Covid, vaccination"), tidied: trimmed, inner spaces collapsed, no
    /// duplicate that differs only by case or accents. <paramref name="known"/> existing labels win, so
    /// "vaccination" typed later joins "Vaccination" instead of starting a second theme.
    /// </summary>
    public static IReadOnlyList<string> Themes(IEnumerable<string?>? input, IEnumerable<string>? known = null)
    {
        var existing = (known ?? []).GroupBy(TextNormalizer.Fold).ToDictionary(g => g.Key, g => g.First());
        var result = new List<string>();
        var seen = new HashSet<string>();
        foreach (var raw in (input ?? []).SelectMany(t => (t ?? "").Split([',', ';', '|', '\n'], StringSplitOptions.RemoveEmptyEntries)))
        {
            var label = string.Join(' ', raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (label.Length == 0)
            {
                continue;
            }

            if (label.Length > MaxThemeLength)
            {
                throw DomainException.Invalid($"Un thème fait au plus {MaxThemeLength} caractères (« {label[..20]}… »).", "themes");
            }

            var key = TextNormalizer.Fold(label);
            if (key.Length == 0 || !seen.Add(key))
            {
                continue;
            }

            result.Add(existing.TryGetValue(key, out var known1) ? known1 : label);
        }

        return result.Count <= MaxThemes ? result : throw DomainException.Invalid($"Au plus {MaxThemes} thèmes par document.", "themes");
    }

    /// <summary>Profession codes of the directory's vocabulary; a French label is accepted for its code.</summary>
    public static IReadOnlyList<string> Professions(IEnumerable<string?>? input)
    {
        var result = new List<string>();
        foreach (var raw in (input ?? []).SelectMany(t => (t ?? "").Split([',', ';', '|'], StringSplitOptions.RemoveEmptyEntries)).Select(t => t.Trim()).Where(t => t.Length > 0))
        {
            var key = TextNormalizer.Fold(raw);
            var profession = Directory.Professions.Find(raw)
                ?? Directory.Professions.All.FirstOrDefault(p => TextNormalizer.Fold(p.Label) == key || TextNormalizer.Fold(p.Code) == key)
                ?? throw DomainException.Invalid($"Profession inconnue « {raw} ».", "professions");
            if (!result.Contains(profession.Code))
            {
                result.Add(profession.Code);
            }
        }

        return result;
    }

    public static IReadOnlyList<Profession> ProfessionsOf(string? stored) =>
        Split(stored).Select(c => Directory.Professions.Find(c) ?? new Profession(c, c, ProfessionGroup.Other, false)).ToList();
}
