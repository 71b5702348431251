using Maillage.Infrastructure;

namespace Maillage.Features.FollowUp;

/// <param name="Measure">What to measure ("SpO2", "température"…); null for no measures.</param>
/// <param name="MeasuresPerDay">1 to 4 a day, at fixed hours (08:00, 18:00, then 13:00, 22:00).</param>
/// <param name="Days">How many days of surveillance, from the day after discharge (1 to 30).</param>
/// <param name="NurseVisitEveryDays">A nurse's home visit every N days over the period; null for none.</param>
/// <param name="GpWithinHours">A GP consultation within this many hours of discharge; null for none.</param>
public sealed record SurveillancePlan(string? Measure, int MeasuresPerDay, int Days, int? NurseVisitEveryDays, int? GpWithinHours);

public sealed record PlannedTask(TaskKind Kind, string Label, DateTime DueUtc);

/// <summary>Turns a discharge's surveillance plan into dated tasks, in Paris time: "SpO2 twice a day for 7 days" is 14 measures.</summary>
public static class SurveillancePlanner
{
    private static readonly TimeOnly[] MeasureHours = [new(8, 0), new(18, 0), new(13, 0), new(22, 0)];

    public static IReadOnlyList<PlannedTask> Tasks(SurveillancePlan plan, DateTime dischargedAtUtc)
    {
        if (plan.Days is < 1 or > 30)
        {
            throw DomainException.Invalid("La surveillance dure de 1 à 30 jours.", "days");
        }

        if (plan.Measure is not null && plan.MeasuresPerDay is < 1 or > 4)
        {
            throw DomainException.Invalid("De 1 à 4 mesures par jour.", "measuresPerDay");
        }

        if (plan.NurseVisitEveryDays is < 1 or > 30 || plan.GpWithinHours is < 1 or > 336)
        {
            throw DomainException.Invalid("Visites infirmières tous les 1 à 30 jours ; consultation du médecin sous 1 à 336 heures.", "nurseVisitEveryDays");
        }

        if (plan.Measure?.Trim().Length > 60)
        {
            throw DomainException.Invalid("Le nom de la mesure fait au plus 60 caractères.", "measure");
        }

        var tasks = new List<PlannedTask>();
        var first = French.DateOf(dischargedAtUtc).AddDays(1);
        if (!string.IsNullOrWhiteSpace(plan.Measure))
        {
            var hours = MeasureHours.Take(plan.MeasuresPerDay).Order().ToList();
            for (var d = 0; d < plan.Days; d++)
            {
                foreach (var hour in hours)
                {
                    tasks.Add(new PlannedTask(TaskKind.Measure, $"Mesure {plan.Measure.Trim()}", French.ToUtc(first.AddDays(d).ToDateTime(hour))));
                }
            }
        }

        if (plan.NurseVisitEveryDays is { } every)
        {
            for (var d = 0; d < plan.Days; d += every)
            {
                tasks.Add(new PlannedTask(TaskKind.NurseVisit, "Visite infirmière à domicile", French.ToUtc(first.AddDays(d).ToDateTime(new TimeOnly(12, 0)))));
            }
        }

        if (plan.GpWithinHours is { } hoursAfter)
        {
            tasks.Add(new PlannedTask(TaskKind.GpConsultation, "Consultation du médecin", dischargedAtUtc.AddHours(hoursAfter)));
        }

        return tasks.OrderBy(t => t.DueUtc).ToList();
    }
}
