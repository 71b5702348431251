using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Maillage.Features.Bulletins;

namespace Maillage.Tests.Features.Bulletins;

/// <summary>
/// Hostile Markdown and HTML, each through both doors of <see cref="SafeHtml"/>. The output is parsed
/// the way a browser would (AngleSharp) and checked against the allow-list, so a trick that only fools
/// string matching still fails here.
/// </summary>
public sealed partial class SafeHtmlTests
{
    private static readonly HashSet<string> AllowedElements = new(
    [
        "p", "br", "hr", "strong", "b", "em", "i", "u", "del", "s", "sub", "sup", "small", "mark", "span", "div",
        "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "code", "pre", "a", "abbr",
        "h2", "h3", "h4", "h5", "h6", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    ], StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> AllowedAttributes = new(["href", "title", "colspan", "rowspan", "start", "abbr", "scope", "rel"], StringComparer.OrdinalIgnoreCase);

    private static readonly string[] SafeSchemes = ["http", "https", "mailto", "tel"];

    public static TheoryData<string> Hostile { get; } =
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://evil.invalid/x.js></SCRIPT>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<img src=x onerror=alert(1)>",
        "<img src=\"javascript:alert(1)\">",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x]( javascript:alert(1) \"titre\")",
        "[x](<javascript:alert(1)>)",
        "[x](javascript&#58;alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![x](javascript:alert(1))",
        "![pixel](https://tracker.invalid/p.gif)",
        "<javascript:alert(1)>",
        "<JAVASCRIPT:alert(1)>",
        "[x][1]\n\n[1]: javascript:alert(1)",
        "[x][piege]\n\n[piege]: <vbscript:msgbox(1)> \"titre\"",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
        "<a href=\"file:///etc/passwd\">x</a>",
        "<iframe src=\"https://evil.invalid\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<frameset><frame src=\"javascript:alert(1)\"></frameset>",
        "<object data=\"evil.swf\" type=\"application/x-shockwave-flash\"></object>",
        "<embed src=\"evil.swf\">",
        "<svg onload=alert(1)><circle r=10 /></svg>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text x=0 y=20>x</text></a></svg>",
        "<svg><style><img src=x onerror=alert(1)></style></svg>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<math><maction actiontype=\"statusline#http://evil.invalid\" xlink:href=\"javascript:alert(1)\">clic</maction></math>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
        "<style>body { background: url(javascript:alert(1)) }</style>",
        "<p style=\"background:url(javascript:alert(1))\">x</p>",
        "<div style=\"position:fixed;top:0;left:0;width:100%;height:100%\">faux écran de connexion</div>",
        "<form action=\"https://evil.invalid\"><button>Envoyer</button></form>",
        "<button formaction=\"javascript:alert(1)\">x</button>",
        "<input autofocus onfocus=alert(1)>",
        "<textarea><script>alert(1)</script></textarea>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"https://evil.invalid/\">",
        "<link rel=import href=\"https://evil.invalid/x.html\">",
        "<link rel=stylesheet href=\"https://evil.invalid/x.css\">",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"&#x6A;&#x61;vascript&#58;alert(1)\">x</a>",
        "<a href=\"javascript&colon;alert(1)\">x</a>",
        "<a href=\"  javascript:alert(1)\">x</a>",
        "<a href=\"\n\tjavascript:alert(1)\">x</a>",
        "<a href=\"java\nscript:alert(1)\">x</a>",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=\"&#14; javascript:alert(1)\">x</a>",
        "<a href=\"\u0001javascript:alert(1)\">x</a>",
        "<a href=\"JAVASCRIPT:alert(1)\">x</a>",
        "<a href=\"#\" onclick=\"alert(1)\">x</a>",
        "<a href=\"https://ok.invalid\" target=\"_blank\" ping=\"https://evil.invalid\">x</a>",
        "<details open ontoggle=alert(1)><summary>x</summary></details>",
        "<body onload=alert(1)>",
        "<video><source onerror=alert(1)></video>",
        "<audio src=x onerror=alert(1)>",
        "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
        "<div><p><b><i>pas fermé <script>alert(1)",
        "<div><span onmouseover=alert(1)>survol</div></span>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<template><script>alert(1)</script></template>",
        "<!--<script>alert(1)</script>-->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<x-perso onclick=alert(1)>élément inconnu</x-perso>",
        "<marquee onstart=alert(1)>x</marquee>",
        "<isindex action=javascript:alert(1) type=image>",
        "<div data-bind=\"html: alert(1)\" class=\"alert\" id=\"login\">x</div>",
        "> <script>alert(1)</script>\n> [x](javascript:alert(1))",
        "- <img src=x onerror=alert(1)>\n- [x](javascript:alert(1))",
        "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
        "```html\n<script>alert(1)</script>\n```",
    ];

    /// <summary>The output of the sanitiser, as a browser parses it, holds nothing that can run or leave the page.</summary>
    internal static void AssertInert(string html)
    {
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(EventAttribute(), html);
        using var document = new HtmlParser().ParseDocument($"<!DOCTYPE html><html><head></head><body>{html}</body></html>");
        Assert.Empty(document.Head!.Children);
        foreach (var element in document.Body!.Descendants<IElement>())
        {
            Assert.True(AllowedElements.Contains(element.LocalName), $"element <{element.LocalName}> in: {html}");
            foreach (var attribute in element.Attributes)
            {
                Assert.True(AllowedAttributes.Contains(attribute.Name), $"attribute {attribute.Name} on <{element.LocalName}> in: {html}");
                Assert.DoesNotMatch(DangerousScheme(), attribute.Value);
            }

            if (element.GetAttribute("href") is { } href)
            {
                var scheme = SchemeOf(href);
                Assert.True(scheme is null || SafeSchemes.Contains(scheme), $"href scheme '{scheme}' in: {html}");
            }

            if (element.LocalName == "a")
            {
                Assert.Equal("noopener noreferrer nofollow", element.GetAttribute("rel"));
            }
        }
    }

    // A browser ignores tabs, newlines and leading control characters in a URL scheme.
    private static string? SchemeOf(string href)
    {
        var compact = new string([.. href.Where(c => c > ' ')]);
        var colon = compact.IndexOf(':');
        var end = compact.IndexOfAny(['/', '?', '#']);
        return colon > 0 && (end < 0 || colon < end) ? compact[..colon].ToLowerInvariant() : null;
    }

    [GeneratedRegex(@"<[^>]*\son\w+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventAttribute();

    [GeneratedRegex(@"^[\s\x00-\x20]*(?:j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t|v\s*b\s*s\s*c\s*r\s*i\s*p\s*t|d\s*a\s*t\s*a)\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex DangerousScheme();

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_markdown_is_rendered_inert(string input) => AssertInert(SafeHtml.FromMarkdown(input));

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_html_is_sanitised_inert(string input) => AssertInert(SafeHtml.Sanitize(input));

    [Theory]
    [MemberData(nameof(Hostile))]
    public void The_text_of_hostile_html_holds_no_markup_or_script(string input)
    {
        var text = SafeHtml.TextOf(input);

        Assert.DoesNotContain("alert(1)</script>", text);
        Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Script_and_style_content_does_not_leak_as_text()
    {
        var html = SafeHtml.Sanitize("<p>avant</p><script>alert('volé')</script><style>p { color: red }</style><p>après</p>");

        Assert.DoesNotContain("alert", html);
        Assert.DoesNotContain("color", html);
        Assert.Contains("avant", html);
        Assert.Contains("après", html);
    }

    [Fact]
    public void Markdown_headings_start_at_level_three()
    {
        var html = SafeHtml.FromMarkdown("# Titre\n\n## Sous-titre\n\n#### Quatre\n\n###### Six");

        // "#" and "##" both open a section: people use either for their first level.
        Assert.Contains("<h3>Titre</h3>", html);
        Assert.Contains("<h3>Sous-titre</h3>", html);
        Assert.Contains("<h5>Quatre</h5>", html);
        Assert.Contains("<h6>Six</h6>", html);
        Assert.DoesNotContain("<h1", html);
        Assert.DoesNotContain("<h2", html);
    }

    [Fact]
    public void Markdown_lists_tables_and_emphasis_are_kept()
    {
        var html = SafeHtml.FromMarkdown("- un\n- deux\n\n1. premier\n2. second\n\n| Département | Cas |\n|---|---:|\n| Hérault | 42 |\n\n**gras**, *italique*, ~~barré~~");
        using var document = new HtmlParser().ParseDocument(html);

        Assert.Equal(["un", "deux"], document.QuerySelectorAll("ul > li").Select(li => li.TextContent));
        Assert.Equal(["premier", "second"], document.QuerySelectorAll("ol > li").Select(li => li.TextContent));
        Assert.Equal(["Département", "Cas"], document.QuerySelectorAll("table thead th").Select(th => th.TextContent));
        Assert.Equal(["Hérault", "42"], document.QuerySelectorAll("table tbody td").Select(td => td.TextContent));
        Assert.Equal("gras", document.QuerySelector("strong")!.TextContent);
        Assert.Equal("italique", document.QuerySelector("em")!.TextContent);
        Assert.Equal("barré", document.QuerySelector("del")!.TextContent);
        Assert.Null(document.QuerySelector("[style]"));
        AssertInert(html);
    }

    [Fact]
    public void Links_are_kept_with_a_rel_that_protects_the_opener()
    {
        var html = SafeHtml.FromMarkdown("[le site](https://sante.exemple.invalid/a?b=1&c=2 \"Titre\"), https://www.exemple.invalid, [écrire](mailto:cellule@exemple.invalid), [appeler](tel:+33400000000)");
        using var document = new HtmlParser().ParseDocument(html);
        var links = document.QuerySelectorAll("a").ToList();

        Assert.Equal(["https://sante.exemple.invalid/a?b=1&c=2", "https://www.exemple.invalid", "mailto:cellule@exemple.invalid", "tel:+33400000000"], links.Select(a => a.GetAttribute("href")));
        Assert.All(links, a => Assert.Equal("noopener noreferrer nofollow", a.GetAttribute("rel")));
        Assert.Equal("Titre", links[0].GetAttribute("title"));

        var foreign = SafeHtml.Sanitize("<a href=\"https://ok.invalid\" rel=\"opener\" target=\"_blank\">x</a>");
        Assert.Equal("<a href=\"https://ok.invalid\" rel=\"noopener noreferrer nofollow\">x</a>", foreign);
    }

    [Fact]
    public void Accents_and_typography_are_kept_and_markup_in_text_is_escaped()
    {
        var html = SafeHtml.FromMarkdown("Œuvre d'été à Béziers : « déjà » — 5 € < 10 € & plus");

        Assert.Equal("<p>Œuvre d'été à Béziers : « déjà » — 5 € &lt; 10 € &amp; plus</p>", html);
        Assert.Equal("Œuvre d'été à Béziers : « déjà » — 5 € < 10 € & plus", SafeHtml.TextOf(html));
    }

    [Fact]
    public void A_single_line_break_in_markdown_is_a_line_break()
    {
        var html = SafeHtml.FromMarkdown("Première ligne\nDeuxième ligne\n\nNouveau paragraphe");

        Assert.Equal("<p>Première ligne<br>\nDeuxième ligne</p>\n<p>Nouveau paragraphe</p>", html);
    }

    [Fact]
    public void Raw_html_in_markdown_is_shown_as_text_not_interpreted()
    {
        var html = SafeHtml.FromMarkdown("Avant <b>gras ?</b> après");

        Assert.Equal("<p>Avant &lt;b&gt;gras ?&lt;/b&gt; après</p>", html);
    }

    [Fact]
    public void Empty_input_gives_empty_output()
    {
        Assert.Equal("", SafeHtml.FromMarkdown(null));
        Assert.Equal("", SafeHtml.FromMarkdown("   "));
        Assert.Equal("", SafeHtml.Sanitize(null));
        Assert.Equal("", SafeHtml.Sanitize(" \n "));
        Assert.Equal("", SafeHtml.TextOf(null));
    }

    [Fact]
    public void The_text_of_html_keeps_blocks_on_their_own_lines()
    {
        var text = SafeHtml.TextOf("<h1>Titre</h1><p>Un&nbsp;paragraphe   avec   espaces.</p><ul><li>un</li><li>deux</li></ul><p>fin<br>ligne</p>");

        Assert.Equal("Titre\nUn paragraphe avec espaces.\nun\ndeux\nfin\nligne", text);
    }
}
