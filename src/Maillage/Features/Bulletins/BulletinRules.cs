using Maillage.Infrastructure;

namespace Maillage.Features.Bulletins;

public sealed record Theme(string Code, string Label);

/// <summary>The words of the information feature: themes, sources, and the delimited lists stored in one column.</summary>
public static class InformationVocabulary
{
    public static readonly IReadOnlyList<Theme> Themes =
    [
        new("covid-19", "Covid-19"),
        new("vaccination", "Vaccination"),
        new("depistage", "Dépistage et tests"),
        new("protection", "Équipements de protection"),
        new("organisation", "Organisation des soins"),
        new("medicaments", "Médicaments et produits de santé"),
        new("domicile", "Soins à domicile"),
        new("hopital", "Lien ville-hôpital"),
        new("remuneration", "Rémunération et facturation"),
        new("administratif", "Administratif"),
        new("formation", "Formation"),
        new("autre", "Autre"),
    ];

    public static string ThemeLabel(string code) => Themes.FirstOrDefault(t => t.Code == code)?.Label ?? code;

    public static readonly IReadOnlyList<(MessageSource Source, string Label)> Sources =
    [
        (MessageSource.MinistryAlert, "Ministère (DGS-Urgent)"),
        (MessageSource.Ars, "ARS"),
        (MessageSource.Insurer, "Assurance maladie"),
        (MessageSource.Ordre, "Ordre professionnel"),
        (MessageSource.Urps, "URPS"),
        (MessageSource.Hospital, "Établissement de santé"),
        (MessageSource.Internal, "Interne (CPTS, MSP)"),
        (MessageSource.Other, "Autre"),
    ];

    public static string SourceLabel(MessageSource source) => Sources.First(s => s.Source == source).Label;

    public static IReadOnlyList<string> Split(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : stored.Split('|', StringSplitOptions.RemoveEmptyEntries);

    public static IReadOnlyList<int> SplitIds(string? stored) => Split(stored).Select(int.Parse).ToList();

    /// <summary>"|a|b|": one LIKE '%|a|%' finds a code, on SQLite as on PostgreSQL.</summary>
    public static string Join(IEnumerable<string> codes)
    {
        var list = codes.Distinct().Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "" : $"|{string.Join('|', list)}|";
    }

    public static string JoinIds(IEnumerable<int> ids) => Join(ids.Distinct().Order().Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static string Tag(string code) => $"|{code}|";

    /// <summary>Checked theme codes: an unknown one is refused with the field named.</summary>
    public static IReadOnlyList<string> CheckThemes(IEnumerable<string>? codes, string field = "themes") =>
        Known(codes, c => Themes.Any(t => t.Code == c), "Thème inconnu", field);

    public static IReadOnlyList<string> CheckProfessions(IEnumerable<string>? codes, string field = "professions") =>
        Known(codes, c => Directory.Professions.All.Any(p => p.Code == c), "Profession inconnue", field);

    private static IReadOnlyList<string> Known(IEnumerable<string>? codes, Func<string, bool> exists, string what, string field)
    {
        var list = (codes ?? []).Select(c => c.Trim()).Where(c => c.Length > 0).Distinct().ToList();
        var unknown = list.FirstOrDefault(c => !exists(c));
        return unknown is null ? list : throw DomainException.Invalid($"{what} « {unknown} ».", field);
    }
}

/// <summary>Who a bulletin is for: the territories, then the professions (all if none), then the structures (any if none).</summary>
public sealed record Audience(IReadOnlySet<int> TerritoryIds, IReadOnlySet<string> Professions, IReadOnlySet<int> StructureIds)
{
    public static Audience Of(Bulletin b) => new(
        InformationVocabulary.SplitIds(b.TerritoryIds).ToHashSet(),
        InformationVocabulary.Split(b.Professions).ToHashSet(),
        InformationVocabulary.SplitIds(b.StructureIds).ToHashSet());
}

/// <summary>A professional as targeting sees them.</summary>
public sealed record Reader(int ProfessionalId, int TerritoryId, string Profession, IReadOnlySet<int> StructureIds);

public static class Targeting
{
    public static bool Concerns(Audience audience, Reader reader) =>
        audience.TerritoryIds.Contains(reader.TerritoryId)
        && (audience.Professions.Count == 0 || audience.Professions.Contains(reader.Profession))
        && (audience.StructureIds.Count == 0 || audience.StructureIds.Overlaps(reader.StructureIds));

    public static IReadOnlyList<Reader> Recipients(Audience audience, IEnumerable<Reader> readers) =>
        readers.Where(r => Concerns(audience, r)).ToList();
}

/// <summary>One profession's week: how many bulletins concerned it, and how much of it read them.</summary>
public sealed record ProfessionCoverage(string Profession, string Label, int Members, int Bulletins, int Deliveries, int Reads, int UndiffusedMessages)
{
    /// <summary>Reads over bulletin-recipient pairs; null when nothing was sent.</summary>
    public double? ReadShare => Deliveries == 0 ? null : (double)Reads / Deliveries;

    /// <summary>Members of the territory who got nothing all week.</summary>
    public bool Forgotten => Members > 0 && Bulletins == 0;
}

/// <summary>The recipients of one bulletin in one profession, counted by the database rather than loaded one by one.</summary>
public sealed record RecipientTally(int BulletinId, string Profession, int Deliveries, int Reads);

public static class CoverageRules
{
    /// <param name="members">Active professionals of the territory per profession.</param>
    /// <param name="recipients">The week's deliveries and reads of the territory, per bulletin and profession.</param>
    /// <param name="undiffused">Messages received that week tagged with a profession and passed on in no published bulletin.</param>
    public static IReadOnlyList<ProfessionCoverage> Build(IReadOnlyDictionary<string, int> members, IReadOnlyList<RecipientTally> recipients, IReadOnlyDictionary<string, int> undiffused)
    {
        var professions = members.Where(m => m.Value > 0).Select(m => m.Key)
            .Union(recipients.Select(r => r.Profession)).Distinct();
        return professions.Select(code =>
            {
                var rows = recipients.Where(r => r.Profession == code && r.Deliveries > 0).ToList();
                return new ProfessionCoverage(code, Directory.Professions.All.FirstOrDefault(p => p.Code == code)?.Label ?? code,
                    members.GetValueOrDefault(code), rows.Select(r => r.BulletinId).Distinct().Count(), rows.Sum(r => r.Deliveries), rows.Sum(r => r.Reads),
                    undiffused.GetValueOrDefault(code));
            })
            // The forgotten first: they are what the coordinator must act on.
            .OrderByDescending(c => c.Forgotten).ThenByDescending(c => c.Members).ThenBy(c => c.Label, StringComparer.Create(French.Culture, false))
            .ToList();
    }
}
