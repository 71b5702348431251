namespace Maillage.Infrastructure;

public enum DomainErrorKind
{
    Invalid,
    NotFound,
    Conflict,
}

/// <summary>
/// A refusal the user can act on: bad input, an unknown reference, or a conflicting change.
/// The API turns it into problem details (400/404/409), the CLI into exit code 2, pages into a form error.
/// Messages are written for the end user, in French.
/// </summary>
public sealed class DomainException(DomainErrorKind kind, string message, string? field = null) : Exception(message)
{
    public DomainErrorKind Kind { get; } = kind;

    /// <summary>The input field the error is about, when there is one (camelCase, as in the API).</summary>
    public string? Field { get; } = field;

    public static DomainException Invalid(string message, string? field = null) => new(DomainErrorKind.Invalid, message, field);

    public static DomainException NotFound(string message, string? field = null) => new(DomainErrorKind.NotFound, message, field);

    public static DomainException Conflict(string message, string? field = null) => new(DomainErrorKind.Conflict, message, field);
}
