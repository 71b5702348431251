using System.Text.RegularExpressions;

namespace Maillage.Features.Directory;

/// <summary>French identifiers of professionals, establishments and companies.</summary>
public static partial class Identifiers
{
    /// <summary>Luhn check over a string of digits (the last digit is the key).</summary>
    public static bool Luhn(string digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (d is < 0 or > 9)
            {
                return false;
            }

            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    /// <summary>Appends the Luhn key to a string of digits (for synthetic demo and benchmark identifiers).</summary>
    public static string WithLuhnKey(string digits)
    {
        for (var key = 0; key <= 9; key++)
        {
            var candidate = digits + (char)('0' + key);
            if (Luhn(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("unreachable: one Luhn key always fits");
    }

    /// <summary>RPPS: 11 digits, the last one a Luhn key.</summary>
    public static bool IsRpps(string value) => value.Length == 11 && value.All(char.IsAsciiDigit) && Luhn(value);

    /// <summary>SIREN: 9 digits with a Luhn key.</summary>
    public static bool IsSiren(string value) => value.Length == 9 && value.All(char.IsAsciiDigit) && Luhn(value);

    /// <summary>
    /// SIRET: 14 digits with a Luhn key; La Poste's establishments (SIREN 356000000) follow their own rule,
    /// the sum of the digits being a multiple of 5.
    /// </summary>
    public static bool IsSiret(string value)
    {
        if (value.Length != 14 || !value.All(char.IsAsciiDigit))
        {
            return false;
        }

        return value.StartsWith("356000000", StringComparison.Ordinal)
            ? value.Sum(c => c - '0') % 5 == 0
            : Luhn(value);
    }

    /// <summary>FINESS: 9 characters, the département first (2A/2B in Corsica), then digits.</summary>
    public static bool IsFiness(string value) => FinessPattern().IsMatch(value);

    /// <summary>Digits and letters only, upper case: "123 456 789" and "123-456-789" are the same number.</summary>
    public static string Clean(string? value) =>
        new((value ?? "").Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).ToArray());

    [GeneratedRegex("^(?:[0-9]{2}|2[AB])[0-9]{7}$")]
    private static partial Regex FinessPattern();
}
