using System.Globalization;

namespace Maillage.Features.FollowUp;

/// <summary>What a measure is checked against: the territory's thresholds.</summary>
public sealed record MonitoringThresholds(double Spo2Below = 92, double Spo2DropPoints = 3, double? TemperatureAbove = null, double? RespiratoryRateAbove = null);

/// <summary>
/// When a home measure must raise an urgent task. Pure: the use case gives the new measure and the same
/// kind of measures of the 24 hours before it.
/// </summary>
public static class MonitoringRules
{
    public static readonly IReadOnlyDictionary<ObservationKind, (double Min, double Max, string Unit)> Ranges = new Dictionary<ObservationKind, (double, double, string)>
    {
        [ObservationKind.Spo2] = (50, 100, "%"),
        [ObservationKind.Temperature] = (34, 43, "°C"),
        [ObservationKind.RespiratoryRate] = (5, 60, "/min"),
    };

    /// <summary>The reasons this measure is alarming; empty when it is not.</summary>
    public static IReadOnlyList<string> Alarms(ObservationKind kind, double value, DateTime atUtc, IEnumerable<(double Value, DateTime AtUtc)> earlier, MonitoringThresholds thresholds)
    {
        var reasons = new List<string>();
        string N(double v) => v.ToString("0.#", CultureInfo.GetCultureInfo("fr-FR"));
        switch (kind)
        {
            case ObservationKind.Spo2:
                if (value < thresholds.Spo2Below)
                {
                    reasons.Add($"SpO2 {N(value)} % sous le seuil de {N(thresholds.Spo2Below)} %");
                }

                var day = earlier.Where(e => e.AtUtc < atUtc && e.AtUtc >= atUtc.AddHours(-24)).ToList();
                if (day.Count > 0 && day.Max(e => e.Value) - value >= thresholds.Spo2DropPoints)
                {
                    reasons.Add($"SpO2 en baisse de {N(day.Max(e => e.Value) - value)} points en 24 h ({N(day.Max(e => e.Value))} → {N(value)} %)");
                }

                break;
            case ObservationKind.Temperature when thresholds.TemperatureAbove is { } hot && value > hot:
                reasons.Add($"température {N(value)} °C au-dessus de {N(hot)} °C");
                break;
            case ObservationKind.RespiratoryRate when thresholds.RespiratoryRateAbove is { } fast && value > fast:
                reasons.Add($"fréquence respiratoire {N(value)}/min au-dessus de {N(fast)}/min");
                break;
        }

        return reasons;
    }
}
