using System.Text.Json;
using System.Text.Json.Serialization;
using Maillage.Infrastructure;

namespace Maillage.Features.Regulation;

/// <summary>Reads and writes protocol files; a malformed file is a clear refusal with its line, never a crash.</summary>
public static class ProtocolJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static T Read<T>(string json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw DomainException.Invalid($"{what} : le fichier est vide.");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (ligne {line + 1})" : "";
            throw DomainException.Invalid($"{what} : JSON invalide{where} — {e.Message.Split(". ")[0]}.");
        }
    }

    /// <summary>The protocol shipped with the product: an example modelled on the first wave, to be validated by the team's doctors.</summary>
    public static string DefaultText()
    {
        using var stream = typeof(ProtocolJson).Assembly.GetManifestResourceStream("Maillage.Regulation.DefaultProtocol.json")
            ?? throw new InvalidOperationException("The default protocol is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static ProtocolDefinition Default() => Read<ProtocolDefinition>(DefaultText(), "protocole par défaut");
}
