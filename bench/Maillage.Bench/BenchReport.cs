using System.Globalization;

/// <summary>One Markdown row of timings: count, min, median, p95, max.</summary>
internal static class BenchReport
{
    public static void Row(string name, List<double> values)
    {
        values.Sort();
        double P(double q) => values[(int)Math.Min(values.Count - 1, Math.Ceiling(q * values.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {values.Count} | {values[0]:0.000} | {P(0.5):0.000} | {P(0.95):0.000} | {values[^1]:0.000} |"));
    }
}
