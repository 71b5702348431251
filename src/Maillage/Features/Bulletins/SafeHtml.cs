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

    // Elements whose content is not text for the reader: with KeepChildNodes the sanitiser would
    // otherwise show a removed <style> or <script> as its source text, and an e-mail's <title> or CSS
    // would appear at the top of every forwarded message.
    private const string Invisible = "script, style, head, title, template, textarea, select, svg, math, iframe, frame, frameset, object, embed, applet, noscript, noembed, noframes, xmp, plaintext";

    private static readonly HashSet<string> InvisibleTags = new(Invisible.Split(", "), StringComparer.OrdinalIgnoreCase);

    // One sanitiser per thread and per use: the library does not promise thread safety of one instance.
    [ThreadStatic] private static HtmlSanitizer? markdownSanitizer;
    [ThreadStatic] private static HtmlSanitizer? foreignSanitizer;

    private static HtmlSanitizer MarkdownSanitizer => markdownSanitizer ??= Create(shiftHeadings: false);

    private static HtmlSanitizer ForeignSanitizer => foreignSanitizer ??= Create(shiftHeadings: true);

    private static HtmlSanitizer Create(bool shiftHeadings)
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(shiftHeadings ? [.. Tags, "h1"] : Tags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["href", "title", "colspan", "rowspan", "start", "abbr", "scope"], StringComparer.OrdinalIgnoreCase),
            // No images: a remote image in a forwarded e-mail is a tracker, and our CSP would block it anyway.
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto", "tel"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        };
        var result = new HtmlSanitizer(options) { KeepChildNodes = true };
        result.RemovingTag += (_, e) =>
        {
            if (InvisibleTags.Contains(e.Tag.LocalName))
            {
                e.Cancel = true;
                e.Tag.Remove();
            }
        };
        result.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link)
            {
                link.SetAttribute("rel", "noopener noreferrer nofollow");
            }
        };
        if (shiftHeadings)
        {
            // An e-mail's headings start at h1, like Markdown's: shifted the same way, below the page's own.
            result.PostProcessDom += (_, e) =>
            {
                foreach (var heading in e.Document.QuerySelectorAll("h1, h2, h3, h4, h5, h6").ToList())
                {
                    var level = Math.Min(6, heading.LocalName[1] - '0' + 2);
                    var shifted = e.Document.CreateElement($"h{level}");
                    while (heading.FirstChild is { } child)
                    {
                        shifted.AppendChild(child);
                    }

                    heading.Replace(shifted);
                }
            };
        }

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

        var html = document.ToHtml(Pipeline);
        return string.IsNullOrWhiteSpace(html) ? "" : MarkdownSanitizer.Sanitize(html).Trim();
    }

    /// <summary>
    /// HTML from elsewhere (an e-mail) reduced to the allow-list: no script, style, form, frame, image or
    /// event handler, and headings shifted two levels down as in <see cref="FromMarkdown"/>.
    /// </summary>
    public static string Sanitize(string? html) => string.IsNullOrWhiteSpace(html) ? "" : ForeignSanitizer.Sanitize(html).Trim();

    /// <summary>The text of some HTML, for search and for plain-text e-mails.</summary>
    public static string TextOf(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        var parser = new AngleSharp.Html.Parser.HtmlParser();
        using var document = parser.ParseDocument(html);
        foreach (var hidden in document.QuerySelectorAll(Invisible).ToList())
        {
            hidden.Remove();
        }

        foreach (var block in document.QuerySelectorAll("br, p, div, li, tr, h1, h2, h3, h4, h5, h6, blockquote, pre").ToList())
        {
            block.Before(document.CreateTextNode("\n"));
        }

        foreach (var cell in document.QuerySelectorAll("td, th").ToList())
        {
            cell.Before(document.CreateTextNode(" "));
        }

        var text = document.Body?.TextContent ?? "";
        var lines = text.Replace("\r", "").Split('\n').Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"[ \t\u00a0]+", " ").Trim());
        return System.Text.RegularExpressions.Regex.Replace(string.Join('\n', lines), @"\n{3,}", "\n\n").Trim();
    }
}
