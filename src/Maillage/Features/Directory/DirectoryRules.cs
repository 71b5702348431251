using System.Net.Mail;
using Maillage.Infrastructure;

namespace Maillage.Features.Directory;

public sealed record CompositionFinding(bool Satisfied, string Message);

public sealed record MemberFacts(string Profession, string Role, string? College);

/// <summary>Pure rules of the directory: composition of teams, contact formats, distances.</summary>
public static class DirectoryRules
{
    /// <summary>An MSP needs at least 2 general practitioners and 1 paramedical professional.</summary>
    public static IReadOnlyList<CompositionFinding> Composition(StructureKind kind, IReadOnlyCollection<MemberFacts> members)
    {
        if (kind != StructureKind.Msp)
        {
            return kind == StructureKind.Cpts && members.Any(m => m.College is null)
                ? [new(false, $"{members.Count(m => m.College is null)} membre(s) sans collège : rattachez chaque membre de la CPTS à un collège.")]
                : [];
        }

        var gps = members.Count(m => m.Profession == Professions.GeneralPractitioner);
        var paramedical = members.Count(m => Professions.Find(m.Profession)?.Group == ProfessionGroup.Paramedical);
        return
        [
            new(gps >= 2, $"Médecins généralistes : {gps} (au moins 2 pour une MSP)."),
            new(paramedical >= 1, $"Professionnels paramédicaux : {paramedical} (au moins 1 pour une MSP)."),
        ];
    }

    /// <summary>French phone numbers as people read them ("04 67 96 00 00"); other formats kept as typed.</summary>
    public static string? Phone(string? value, string field)
    {
        var text = (value ?? "").Trim();
        if (text.Length == 0)
        {
            return null;
        }

        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        if (text.Any(c => !(char.IsAsciiDigit(c) || c is ' ' or '.' or '-' or '+' or '(' or ')')) || digits.Length < 2 || digits.Length > 15)
        {
            throw DomainException.Invalid($"« {text} » n'est pas un numéro de téléphone.", field);
        }

        if (text.StartsWith("+33", StringComparison.Ordinal) && digits.Length == 11)
        {
            digits = "0" + digits[2..];
        }

        return digits.Length == 10 && digits[0] == '0'
            ? string.Join(' ', Enumerable.Range(0, 5).Select(i => digits.Substring(i * 2, 2)))
            : text;
    }

    public static string? Email(string? value, string field)
    {
        var text = (value ?? "").Trim();
        if (text.Length == 0)
        {
            return null;
        }

        return MailAddress.TryCreate(text, out var parsed) && parsed.Address == text && text.Contains('.')
            ? text
            : throw DomainException.Invalid($"« {text} » n'est pas une adresse e-mail valide.", field);
    }

    public static string Required(string? value, string label, string field, int max)
    {
        var text = (value ?? "").Trim();
        if (text.Length == 0)
        {
            throw DomainException.Invalid($"{label} est obligatoire.", field);
        }

        return text.Length <= max ? text : throw DomainException.Invalid($"{label} ne doit pas dépasser {max} caractères.", field);
    }

    public static string? Optional(string? value, string label, string field, int max)
    {
        var text = (value ?? "").Trim();
        return text.Length == 0 ? null : text.Length <= max ? text : throw DomainException.Invalid($"{label} ne doit pas dépasser {max} caractères.", field);
    }

    /// <summary>Great-circle distance in kilometres (haversine).</summary>
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        const double earthRadiusKm = 6371.0;
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(dLon / 2), 2));
        return 2 * earthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
