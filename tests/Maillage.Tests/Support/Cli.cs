namespace Maillage.Tests.Support;

public sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs the real CLI entry point in process, against a given database.</summary>
public static class Cli
{
    public static async Task<CliResult> RunAsync(string database, string[] args, string? input = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var configuration = new Dictionary<string, string?>
        {
            ["MAILLAGE_DB"] = database,
            ["MAILLAGE_KEYS"] = Path.Combine(TestDatabases.Root, "keys"),
        };
        var code = await MaillageApp.RunCliAsync(args, new StringReader(input ?? ""), output, error, configuration);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
