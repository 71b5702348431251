using System.Text;
using Maillage.Features.Bulletins.Library;
using Maillage.Infrastructure;

namespace Maillage.Tests.Features.Bulletins.Library;

public sealed class LibraryRulesTests
{
    private static readonly DateOnly Today = new(2020, 5, 11);

    [Theory]
    [InlineData("domicile")]
    [InlineData("prise en charge a domicile")]
    [InlineData("PRISE EN CHARGE À DOMICILE")]
    [InlineData("domicile prise")]
    [InlineData("Domic")]
    public void Search_ignores_accents_case_and_word_order(string query)
    {
        var text = LibraryRules.SearchText("Prise en charge à domicile", "Le médecin traitant pose le diagnostic.", null);
        Assert.True(LibraryRules.Matches(text, LibraryRules.Words(query)));
    }

    [Theory]
    [InlineData("domicile hopital")]
    [InlineData("charge decharge")]
    [InlineData("icile")]
    public void Every_word_must_start_a_word_of_the_text(string query)
    {
        var text = LibraryRules.SearchText("Prise en charge à domicile", "", null);
        Assert.False(LibraryRules.Matches(text, LibraryRules.Words(query)));
    }

    [Fact]
    public void A_query_without_letters_has_no_words_and_matches_everything()
    {
        Assert.Empty(LibraryRules.Words(" -- ! "));
        Assert.True(LibraryRules.Matches("quoi que ce soit", LibraryRules.Words(null)));
        Assert.Equal(["saturometre", "oeil"], LibraryRules.Words("Saturomètre, ŒIL saturometre"));
    }

    [Fact]
    public void The_search_text_covers_title_body_and_file_text_folded()
    {
        var text = LibraryRules.SearchText("Fiche", "**Saturation** à mesurer", "Fréquence respiratoire");
        Assert.Equal("fiche saturation a mesurer frequence respiratoire", text);
    }

    [Theory]
    [InlineData(1, 2, "2020-01-01", null, VersionStatus.Superseded)]
    [InlineData(1, 2, "2020-01-01", "2020-01-31", VersionStatus.Superseded)]
    [InlineData(2, 2, "2020-01-01", null, VersionStatus.Current)]
    [InlineData(2, 2, "2020-01-01", "2020-05-11", VersionStatus.Current)]
    [InlineData(2, 2, "2020-01-01", "2020-05-10", VersionStatus.Expired)]
    [InlineData(2, 2, "2020-05-12", null, VersionStatus.NotYetValid)]
    [InlineData(2, 2, "2020-05-11", null, VersionStatus.Current)]
    public void A_version_is_current_superseded_expired_or_not_yet_valid(int number, int current, string from, string? until, VersionStatus expected)
    {
        var status = LibraryRules.StatusOf(number, current, DateOnly.Parse(from), until is null ? null : DateOnly.Parse(until), Today);
        Assert.Equal(expected, status);
    }

    [Fact]
    public void Statuses_and_kinds_have_french_labels()
    {
        Assert.Equal("Remplacée", LibraryRules.StatusLabel(VersionStatus.Superseded));
        Assert.Equal("Expirée", LibraryRules.StatusLabel(VersionStatus.Expired));
        Assert.Equal("Recommandation", LibraryRules.KindLabel(DocumentKind.Guideline));
        Assert.Equal(DocumentKind.Form, LibraryRules.ParseKind("formulaire"));
        Assert.Equal(DocumentKind.Protocol, LibraryRules.ParseKind("Protocol"));
        Assert.Null(LibraryRules.ParseKind(" "));
        Assert.Equal("kind", Assert.Throws<DomainException>(() => LibraryRules.ParseKind("affiche")).Field);
    }

    [Fact]
    public void Themes_are_tidied_deduplicated_and_join_the_labels_already_used()
    {
        var themes = LibraryTags.Themes(["covid-19,  Vaccination ", "vaccination", "  Liaison   hôpital;"], known: ["Covid-19"]);
        Assert.Equal(["Covid-19", "Vaccination", "Liaison hôpital"], themes);
        Assert.Equal("|Covid-19|Vaccination|Liaison hôpital|", LibraryTags.Join(themes));
        Assert.Equal(themes, LibraryTags.Split(LibraryTags.Join(themes)));
        Assert.Equal("", LibraryTags.Join([]));
        Assert.Equal("themes", Assert.Throws<DomainException>(() => LibraryTags.Themes(Enumerable.Range(1, 11).Select(i => $"t{i}"))).Field);
        Assert.Equal("themes", Assert.Throws<DomainException>(() => LibraryTags.Themes([new string('x', 61)])).Field);
    }

    [Fact]
    public void Professions_are_codes_of_the_directory_vocabulary()
    {
        Assert.Equal(["infirmier", "pharmacien"], LibraryTags.Professions(["infirmier", "Pharmacien·ne", "INFIRMIER"]));
        Assert.Empty(LibraryTags.Professions(null));
        var e = Assert.Throws<DomainException>(() => LibraryTags.Professions(["sorcier"]));
        Assert.Equal("professions", e.Field);
    }

    [Fact]
    public void Text_files_are_read_for_search_and_other_files_are_not()
    {
        Assert.Equal("Saturomètre", LibraryRules.TextOf("notes.txt", Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("Saturomètre")).ToArray()));
        Assert.Equal("Fièvre", LibraryRules.TextOf("ancien.csv", Encoding.Latin1.GetBytes("Fièvre")));
        var html = LibraryRules.TextOf("page.HTML", Encoding.UTF8.GetBytes("<html><head><style>p{}</style></head><body><h1>Titre</h1><script>alert(1)</script><p>Texte</p></body></html>"));
        Assert.Equal("Titre\nTexte", html);
        Assert.Null(LibraryRules.TextOf("scan.pdf", [1, 2, 3]));
        Assert.False(LibraryRules.IsIndexed("fiche.docx"));
    }

    [Fact]
    public void Uploaded_names_and_types_are_made_safe()
    {
        Assert.Equal("fiche.pdf", LibraryRules.FileName("C:\\Users\\x\\fiche.pdf"));
        Assert.Equal("a.txt", LibraryRules.FileName("../../a.txt"));
        Assert.Throws<DomainException>(() => LibraryRules.FileName("  "));
        Assert.Equal("application/pdf", LibraryRules.ContentType("fiche.pdf", null));
        Assert.Equal("application/octet-stream", LibraryRules.ContentType("x.bin", "not a type"));
        Assert.Equal("text/plain", LibraryRules.ContentType("x.txt", "Text/Plain"));
    }

    [Fact]
    public void Title_matches_come_first_then_titles_in_french_order()
    {
        var rows = new[] { ("Écho du texte", "echo du texte"), ("Annexe", "annexe"), ("Domicile : visites", "domicile visites"), ("Autre", "autre") };
        var words = LibraryRules.Words("domicile");
        Assert.Equal(["Domicile : visites", "Annexe", "Autre", "Écho du texte"], LibraryRules.Rank(rows, words, r => r.Item2, r => r.Item1).Select(r => r.Item1));
        Assert.Equal(["Annexe", "Autre", "Domicile : visites", "Écho du texte"], LibraryRules.Rank(rows, [], r => r.Item2, r => r.Item1).Select(r => r.Item1));
    }
}
