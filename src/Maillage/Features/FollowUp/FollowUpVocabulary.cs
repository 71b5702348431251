namespace Maillage.Features.FollowUp;

public static class Reasons
{
    public static string Label(EpisodeReason reason) => reason switch
    {
        EpisodeReason.SuspectedInfection => "suspicion d'infection",
        EpisodeReason.ConfirmedInfection => "infection confirmée",
        EpisodeReason.DischargeSurveillance => "surveillance après hospitalisation",
        EpisodeReason.ChronicFollowUp => "suivi de maladie chronique",
        _ => "aller-vers",
    };
}

public static class Channels
{
    public static string Label(ContactChannel channel) => channel switch
    {
        ContactChannel.InPerson => "consultation",
        ContactChannel.Phone => "téléphone",
        ContactChannel.Teleconsultation => "téléconsultation",
        _ => "visite à domicile",
    };
}

public static class HandoffStatuses
{
    public static string Label(HandoffStatus status) => status switch
    {
        HandoffStatus.Pending => "en attente",
        HandoffStatus.Accepted => "acceptée",
        HandoffStatus.Declined => "refusée",
        HandoffStatus.TimedOut => "sans réponse dans le délai",
        _ => "annulée",
    };
}

public static class Observations
{
    public static string Label(ObservationKind kind) => kind switch
    {
        ObservationKind.Spo2 => "SpO2",
        ObservationKind.Temperature => "température",
        ObservationKind.RespiratoryRate => "fréquence respiratoire",
        _ => "symptômes",
    };
}

public static class TaskKinds
{
    public static string Label(TaskKind kind) => kind switch
    {
        TaskKind.Measure => "mesure",
        TaskKind.NurseVisit => "visite infirmière",
        TaskKind.GpConsultation => "consultation du médecin",
        _ => "autre",
    };
}
