using System.Globalization;
using System.Text;

namespace Maillage.Infrastructure;

/// <summary>Folds text for accent- and case-insensitive search ("Clermont-l'Hérault" → "clermont l herault").</summary>
public static class TextNormalizer
{
    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var lastWasSpace = true;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c switch
                {
                    'œ' or 'Œ' => "oe",
                    'æ' or 'Æ' => "ae",
                    _ => char.ToLowerInvariant(c).ToString(),
                });
                lastWasSpace = false;
            }
            else if (!lastWasSpace)
            {
                builder.Append(' ');
                lastWasSpace = true;
            }
        }

        return builder.ToString().TrimEnd();
    }
}
