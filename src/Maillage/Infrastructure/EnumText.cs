namespace Maillage.Infrastructure;

/// <summary>Enum values as the API and the CLI write them: kebab-case ("ministry-alert"), PascalCase accepted.</summary>
public static class EnumText
{
    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        value = default;
        return !string.IsNullOrWhiteSpace(text) && Enum.TryParse(text.Trim().Replace("-", "", StringComparison.Ordinal), true, out value) && Enum.IsDefined(value);
    }

    public static string Kebab<T>(T value)
        where T : struct, Enum => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>Null for an empty text; an unknown value is refused with the accepted ones listed.</summary>
    public static T? Parse<T>(string? text, string field)
        where T : struct, Enum =>
        string.IsNullOrWhiteSpace(text) ? null
        : TryParse<T>(text, out var value) ? value
        : throw DomainException.Invalid($"Valeur inconnue « {text} » ({string.Join(", ", Enum.GetValues<T>().Select(Kebab))}).", field);
}
