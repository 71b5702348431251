namespace Maillage.Infrastructure;

/// <summary>Maps the camelCase field of a <see cref="DomainException"/> to the PascalCase property of a page form.</summary>
public static class FormFields
{
    public static string Property(string? field) => string.IsNullOrEmpty(field) ? "" : char.ToUpperInvariant(field[0]) + field[1..];
}
