using System.Text.Json;
using System.Text.Json.Serialization;

namespace Maillage.Infrastructure;

/// <summary>
/// One command-line verb. <paramref name="Options"/> lists what it accepts: "name" is a flag,
/// "name=" takes one value, "name=*" may repeat. Every verb also accepts --json.
/// <paramref name="UsesDatabase"/> false lets a verb that works on files alone run without preparing a database.
/// </summary>
public sealed record CliVerb(string Name, string Usage, IReadOnlyList<string> Options, int Positionals, Func<CliContext, Task<int>> Run, bool UsesDatabase = true);

public sealed class CliContext(CliArgs args, IServiceProvider services, TextReader input, TextWriter output, TextWriter error)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public CliArgs Args { get; } = args;

    public IServiceProvider Services { get; } = services;

    public TextReader In { get; } = input;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public bool Json => Args.Flag("json");

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
}

public sealed class CliArgs
{
    private readonly Dictionary<string, List<string>> values = [];

    private CliArgs(IReadOnlyList<string> positionals) => Positionals = positionals;

    public IReadOnlyList<string> Positionals { get; }

    public static CliArgs Parse(IReadOnlyList<string> tokens, CliVerb verb)
    {
        var specs = verb.Options.Append("json").ToDictionary(o => o.TrimEnd('=', '*'), o => o);
        var positionals = new List<string>();
        var pending = new Dictionary<string, List<string>>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith("--", StringComparison.Ordinal) || token == "--")
            {
                positionals.Add(token);
                continue;
            }

            var name = token[2..];
            string? inline = null;
            var eq = name.IndexOf('=');
            if (eq >= 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }

            if (!specs.TryGetValue(name, out var spec))
            {
                throw DomainException.Invalid($"unknown option --{name} for '{verb.Name}'. Usage: maillage {verb.Usage}");
            }

            var list = pending.TryGetValue(name, out var existing) ? existing : pending[name] = [];
            if (!spec.Contains('='))
            {
                if (inline is not null)
                {
                    throw DomainException.Invalid($"option --{name} takes no value");
                }

                list.Add("true");
                continue;
            }

            var value = inline ?? (i + 1 < tokens.Count ? tokens[++i] : throw DomainException.Invalid($"option --{name} needs a value"));
            if (list.Count > 0 && !spec.EndsWith('*'))
            {
                throw DomainException.Invalid($"option --{name} may be given only once");
            }

            list.Add(value);
        }

        if (positionals.Count != verb.Positionals)
        {
            throw DomainException.Invalid($"'{verb.Name}' expects {verb.Positionals} argument(s). Usage: maillage {verb.Usage}");
        }

        var args = new CliArgs(positionals);
        foreach (var (k, v) in pending)
        {
            args.values[k] = v;
        }

        return args;
    }

    public bool Flag(string name) => values.ContainsKey(name);

    public string? Value(string name) => values.TryGetValue(name, out var v) ? v[0] : null;

    public IReadOnlyList<string> Values(string name) => values.TryGetValue(name, out var v) ? v : [];

    public string Required(string name) => Value(name) is { Length: > 0 } v ? v : throw DomainException.Invalid($"option --{name} is required");
}
