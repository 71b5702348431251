using Maillage.Features.Directory;
using Maillage.Features.FollowUp;
using Maillage.Infrastructure;

namespace Maillage.Tests.Features.FollowUp;

public sealed class DischargeFilesTests
{
    private const string Header = "etablissement;nom;prenom;date_naissance;commune;rpps_medecin_traitant;admission;sortie;mesure;mesures_par_jour;jours;visite_infirmiere_tous_les_n_jours;consultation_medecin_sous_n_heures;notes";

    private static (IReadOnlyList<DischargeNotice> Notices, List<ImportError> Errors) Parse(string text)
    {
        var errors = new List<ImportError>();
        return (DischargeFiles.Parse(text, errors, new DateTime(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc)), errors);
    }

    [Fact]
    public void A_csv_line_without_discharge_is_an_admission_and_one_with_a_plan_is_a_discharge_in_paris_time()
    {
        var rpps = Identifiers.WithLuhnKey("1000000001");
        var (notices, errors) = Parse($"""
            {Header}
            CH (fictif);Fictif;Un;1950-02-03;34079;{rpps};2026-11-10 09:30;;;;;;;
            CH (fictif);Fictif;Deux;03/02/1951;Montpellier;;2026-11-10 09:30;2026-11-15 14:00;spo2;2;7;2;48;Pneumopathie
            """);
        Assert.Empty(errors);
        Assert.Equal(2, notices.Count);
        var admission = notices[0];
        Assert.Null(admission.DischargedAtUtc);
        Assert.Equal(rpps, admission.DoctorRpps);
        Assert.Equal(new DateTime(2026, 11, 10, 8, 30, 0, DateTimeKind.Utc), admission.AdmittedAtUtc); // CET is UTC+1
        var discharge = notices[1];
        Assert.Equal(new DateOnly(1951, 2, 3), discharge.BirthDate);
        Assert.Equal(new SurveillancePlan("SpO2", 2, 7, 2, 48), discharge.Plan);
        Assert.Equal("Montpellier", discharge.Commune);
        Assert.Equal(3, discharge.Line);
    }

    [Fact]
    public void Every_error_of_a_line_is_reported_and_the_line_left_out()
    {
        var (notices, errors) = Parse($"""
            {Header}
            ;Fictif;;1950-13-01;34079;12345678901;hier;;spo2;2;7;;;
            CH;Fictif;Ok;;34079;;2026-11-10 09:30;2026-11-09 09:30;;;;;;
            CH;Fictif;Ok;;34079;;2026-11-10 09:30;2026-11-12 09:30;spo2;9;40;;;
            CH;Fictif;Futur;1850-01-01;34079;;2026-11-10 09:30;9999-12-31;spo2;2;7;;;
            """);
        Assert.Empty(notices);
        var fields = errors.Where(e => e.Line == 2).Select(e => e.Field).ToList();
        Assert.Equal(["etablissement", "prenom", "date_naissance", "rpps_medecin_traitant", "admission", "sortie"], fields);
        Assert.Contains(errors, e => e.Line == 3 && e.Message == "La sortie précède l'admission.");
        Assert.Contains(errors, e => e.Line == 4 && e.Field == "jours");
        Assert.Equal(["date_naissance", "sortie"], errors.Where(e => e.Line == 5).Select(e => e.Field));
    }

    [Fact]
    public void A_file_with_unknown_or_missing_columns_is_refused_whole()
    {
        Assert.Contains("inconnue", Assert.Throws<DomainException>(() => Parse("etablissement;nom;prenom;commune;admission;couleur\n")).Message);
        Assert.Contains("admission", Assert.Throws<DomainException>(() => Parse("etablissement;nom;prenom;commune\n")).Message);
        Assert.Throws<DomainException>(() => Parse("  "));
    }

    [Fact]
    public void A_fhir_bundle_gives_an_admission_for_an_encounter_in_progress_and_a_discharge_for_a_finished_one()
    {
        var rpps = Identifiers.WithLuhnKey("1000000002");
        var (notices, errors) = Parse("""
            {"resourceType": "Bundle", "type": "collection", "entry": [
              {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1", "name": [{"family": "Fictif", "given": ["Patiente"]}], "birthDate": "1948-05-06",
                "address": [{"city": "Lunel", "extension": [{"url": "urn:maillage:commune-insee", "valueString": "34145"}]}],
                "generalPractitioner": [{"reference": "Practitioner/d1"}]}},
              {"resource": {"resourceType": "Practitioner", "id": "d1", "identifier": [{"system": "urn:oid:1.2.250.1.71.4.2.1", "value": "8RPPS"}]}},
              {"resource": {"resourceType": "Organization", "id": "h1", "name": "CHU (fictif)"}},
              {"resource": {"resourceType": "Encounter", "status": "finished", "subject": {"reference": "urn:uuid:p1"}, "serviceProvider": {"reference": "Organization/h1"},
                "period": {"start": "2026-11-01T10:00:00+01:00", "end": "2026-11-08T16:00:00Z"},
                "hospitalization": {"dischargeDisposition": {"text": "Retour à domicile"}},
                "extension": [{"url": "urn:maillage:surveillance-plan", "extension": [
                  {"url": "measure", "valueString": "SpO2"}, {"url": "measuresPerDay", "valueInteger": 3}, {"url": "days", "valueInteger": 5}, {"url": "gpWithinHours", "valueInteger": 72}]}]}},
              {"resource": {"resourceType": "Encounter", "status": "in-progress", "subject": {"reference": "#c"}, "serviceProvider": {"display": "Clinique (fictive)"},
                "contained": [{"resourceType": "Patient", "id": "c", "name": [{"family": "Fictif", "given": ["Contenu"]}], "address": [{"city": "Sète"}]}],
                "period": {"start": "2026-11-20"}}},
              {"resource": {"resourceType": "Encounter", "status": "finished", "subject": {"reference": "Patient/absent"}}}
            ]}
            """.Replace("RPPS", rpps, StringComparison.Ordinal));
        Assert.Equal(2, notices.Count);
        var discharge = notices[0];
        Assert.Equal(("CHU (fictif)", "Patiente", "34145", rpps), (discharge.Hospital, discharge.FirstName, discharge.Commune, discharge.DoctorRpps));
        Assert.Equal(new DateTime(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc), discharge.AdmittedAtUtc);
        Assert.Equal(new DateTime(2026, 11, 8, 16, 0, 0, DateTimeKind.Utc), discharge.DischargedAtUtc);
        Assert.Equal(new SurveillancePlan("SpO2", 3, 5, null, 72), discharge.Plan);
        Assert.Equal("Retour à domicile", discharge.Notes);
        var admission = notices[1];
        Assert.Equal(("Clinique (fictive)", "Sète", (DateTime?)null), (admission.Hospital, admission.Commune, admission.DischargedAtUtc));
        var error = Assert.Single(errors);
        Assert.Equal((3, "Encounter.subject"), (error.Line, error.Field));
    }

    [Fact]
    public void Json_that_is_not_an_encounter_is_refused_with_a_clear_message()
    {
        Assert.Contains("JSON illisible", Assert.Throws<DomainException>(() => Parse("{\"resourceType\": ")).Message);
        Assert.Contains("Encounter", Assert.Throws<DomainException>(() => Parse("{\"resourceType\": \"Patient\"}")).Message);
        Assert.Contains("aucun Encounter", Assert.Throws<DomainException>(() => Parse("{\"resourceType\": \"Bundle\", \"entry\": []}")).Message);
        Assert.Contains("FHIR mal formé", Assert.Throws<DomainException>(() => Parse("{\"resourceType\": \"Encounter\", \"resourceType\": \"Bundle\"}")).Message);
    }
}
