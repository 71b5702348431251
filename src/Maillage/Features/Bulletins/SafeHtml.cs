using Ganss.Xss;
using Markdig;
using Markdig.Syntax;

namespace Maillage.Features.Bulletins;

/// <summary>
/// The only way text written by people (bulletins in Markdown, HTML of forwarded e-mails, library
/// documents) becomes HTML on our pages and in e-mails. Markdown is rendered with raw HTML disabled,
/// then every result goes through one allow-list sanitiser: two independent locks, so a gap in one
/// does not open the door.
/// </summary>
public static class SafeHtml
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAutoLinks().UsePipeTables().UseEmphasisExtras().UseListExtras().UseSoftlineBreakAsHardlineBreak()
        .DisableHtml().Build();

    private static readonly string[] Tags =
    [
        "p", "br", "hr", "strong", "b", "em", "i", "u", "del", "s", "sub", "sup", "small", "mark", "span", "div",
        "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "code", "pre", "a", "abbr",
        "h2", "h3", "h4", "h5", "h6", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    ];

    // One sanitiser per thread: the library does not promise thread safety of one instance.
    [ThreadStatic] private static HtmlSanitizer? sanitizer;

    private static HtmlSanitizer Sanitizer => sanitizer ??= Create();

    private static HtmlSanitizer Create()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(Tags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["href", "title", "colspan", "rowspan", "start", "abbr", "scope"], StringComparer.OrdinalIgnoreCase),
            // No images: a remote image in a forwarded e-mail is a tracker, and our CSP would block it anyway.
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto", "tel"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        };
        var result = new HtmlSanitizer(options) { KeepChildNodes = true };
        result.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link)
            {
                link.SetAttribute("rel", "noopener noreferrer nofollow");
            }
        };
        result.AllowedAttributes.Add("rel");
        return result;
    }

    /// <summary>Markdown to safe HTML. Headings start at level 3 ("#" and "##" alike): the page already has its h1 and h2.</summary>
    public static string FromMarkdown(string? markdown)
    {
        var document = Markdown.Parse(markdown ?? "", Pipeline);
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            heading.Level = Math.Clamp(heading.Level + 1, 3, 6);
        }

        return Sanitize(document.ToHtml(Pipeline));
    }

    /// <summary>HTML from elsewhere (an e-mail) reduced to the allow-list: no script, style, form, frame, image or event handler.</summary>
    public static string Sanitize(string? html) => string.IsNullOrWhiteSpace(html) ? "" : Sanitizer.Sanitize(html).Trim();

    /// <summary>The text of some HTML, for search and for plain-text e-mails.</summary>
    public static string TextOf(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        var parser = new AngleSharp.Html.Parser.HtmlParser();
        using var document = parser.ParseDocument(html);
        foreach (var hidden in document.QuerySelectorAll("script, style, head, template").ToList())
        {
            hidden.Remove();
        }

        foreach (var block in document.QuerySelectorAll("br, p, div, li, tr, h1, h2, h3, h4, h5, h6, blockquote, pre").ToList())
        {
            block.Before(document.CreateTextNode("\n"));
        }

        var text = document.Body?.TextContent ?? "";
        var lines = text.Replace("\r", "").Split('\n').Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"[ \t\u00a0]+", " ").Trim());
        return System.Text.RegularExpressions.Regex.Replace(string.Join('\n', lines), @"\n{3,}", "\n\n").Trim();
    }
}
