using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Maillage.Tests.Support;

/// <summary>The official FHIR R4 JSON schema, through an external validator run with node (scripts/validate-fhir.cjs).</summary>
public static class FhirValidator
{
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Maillage.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }

    /// <summary>Validates a JSON file: exit code 0 when valid, 1 with one line per error otherwise.</summary>
    public static async Task<(int ExitCode, string Output)> ValidateAsync(string path)
    {
        var root = RepositoryRoot();
        Assert.True(File.Exists(Path.Combine(root, "node_modules", "@asymmetrik", "fhir-json-schema-validator", "fhir.schema.json")), "run npm ci: the FHIR validator is missing");
        var info = new ProcessStartInfo("node", [Path.Combine(root, "scripts", "validate-fhir.cjs"), path]) { RedirectStandardOutput = true, WorkingDirectory = root };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    /// <summary>Validates a resource or a Bundle (and each of its resources), written to a file of the test run.</summary>
    public static async Task<(int ExitCode, string Output)> ValidateAsync(JsonNode resource)
    {
        Directory.CreateDirectory(TestDatabases.Root);
        var path = Path.Combine(TestDatabases.Root, $"fhir-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, resource.ToJsonString());
        return await ValidateAsync(path);
    }

    /// <summary>A node and everything under it.</summary>
    public static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var d in Descendants(child))
            {
                yield return d;
            }
        }
    }
}
