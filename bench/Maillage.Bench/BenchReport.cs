using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

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

/// <summary>The application's use cases in process, each call in its own DI scope as a request would be.</summary>
internal sealed class InProcess(IServiceProvider provider)
{
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = provider.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>Wall-clock milliseconds of <paramref name="count"/> calls, after 3 warm-up calls (JIT, pools, plans).</summary>
    public async Task<List<double>> TimeAsync(int count, Func<IServiceProvider, Task> action)
    {
        for (var i = 0; i < 3; i++)
        {
            await InScopeAsync(async sp => { await action(sp); return 0; });
        }

        var timings = new List<double>();
        for (var i = 0; i < count; i++)
        {
            timings.Add(await InScopeAsync(async sp =>
            {
                var w = Stopwatch.StartNew();
                await action(sp);
                return w.Elapsed.TotalMilliseconds;
            }));
        }

        return timings;
    }
}
