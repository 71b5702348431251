using System.Globalization;
using Maillage.Features.Regulation;

namespace Maillage.Tests.Features.Regulation;

/// <summary>
/// The default protocol, case by case: a caller with nothing worrying, changed one or a few answers at a
/// time. Each orientation, each threshold on both sides, each risk factor, and the order between rules.
/// </summary>
public sealed class DefaultProtocolTests
{
    private static readonly TriageProtocol Protocol = TriageProtocol.Compile(ProtocolJson.Default()).Protocol!;

    private const string Calm = "detresse_respiratoire=non; douleur_thoracique=non; confusion=non; spo2=?; age=40; maladie_chronique=non; grossesse=non; " +
        "peut_se_deplacer=oui; medecin_traitant_joignable=oui; fievre=non; temperature=?; symptomes_respiratoires=non; contact_cas=non";

    /// <summary>"a=oui; b=91; c=?" — oui/non, numbers, ? for "ne sait pas"; later entries win.</summary>
    private static Dictionary<string, object?> Answers(string text)
    {
        var answers = new Dictionary<string, object?>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (id, value) = (part[..part.IndexOf('=')], part[(part.IndexOf('=') + 1)..]);
            answers[id] = value switch
            {
                "oui" => true,
                "non" => false,
                "?" => null,
                _ => double.Parse(value, CultureInfo.InvariantCulture),
            };
        }

        return answers;
    }

    [Theory]
    [InlineData("", Orientations.UsualCircuit, false)]
    [InlineData("detresse_respiratoire=oui", Orientations.Emergency, false)]
    [InlineData("douleur_thoracique=oui", Orientations.Emergency, false)]
    [InlineData("confusion=oui", Orientations.Emergency, false)]
    [InlineData("spo2=91", Orientations.Emergency, false)]
    [InlineData("spo2=91.9", Orientations.Emergency, false)]
    [InlineData("spo2=92", Orientations.UsualCircuit, false)]
    [InlineData("spo2=50", Orientations.Emergency, false)]
    [InlineData("spo2=100", Orientations.UsualCircuit, false)]
    [InlineData("spo2=?; detresse_respiratoire=oui", Orientations.Emergency, false)]
    [InlineData("detresse_respiratoire=oui; peut_se_deplacer=non", Orientations.Emergency, false)]
    [InlineData("peut_se_deplacer=non", Orientations.HomeNurse, false)]
    [InlineData("peut_se_deplacer=non; fievre=oui", Orientations.HomeNurse, false)]
    [InlineData("peut_se_deplacer=non; spo2=91", Orientations.Emergency, false)]
    [InlineData("peut_se_deplacer=non; contact_cas=oui", Orientations.HomeNurse, false)]
    [InlineData("peut_se_deplacer=non; age=70; maladie_chronique=oui", Orientations.HomeNurse, true)]
    [InlineData("fievre=oui", Orientations.RegularDoctor, false)]
    [InlineData("fievre=oui; medecin_traitant_joignable=non", Orientations.NoRegularDoctor, false)]
    [InlineData("fievre=oui; temperature=37", Orientations.RegularDoctor, false)]
    [InlineData("temperature=38", Orientations.RegularDoctor, false)]
    [InlineData("temperature=37.9", Orientations.UsualCircuit, false)]
    [InlineData("temperature=38; medecin_traitant_joignable=non", Orientations.NoRegularDoctor, false)]
    [InlineData("temperature=37.9; medecin_traitant_joignable=non", Orientations.UsualCircuit, false)]
    [InlineData("temperature=43; medecin_traitant_joignable=non", Orientations.NoRegularDoctor, false)]
    [InlineData("temperature=34", Orientations.UsualCircuit, false)]
    [InlineData("symptomes_respiratoires=oui", Orientations.RegularDoctor, false)]
    [InlineData("symptomes_respiratoires=oui; medecin_traitant_joignable=non", Orientations.NoRegularDoctor, false)]
    [InlineData("symptomes_respiratoires=oui; contact_cas=oui; medecin_traitant_joignable=non", Orientations.NoRegularDoctor, false)]
    [InlineData("spo2=92; fievre=oui", Orientations.RegularDoctor, false)]
    [InlineData("contact_cas=oui", Orientations.Testing, false)]
    [InlineData("contact_cas=oui; medecin_traitant_joignable=non", Orientations.Testing, false)]
    [InlineData("contact_cas=oui; fievre=oui", Orientations.RegularDoctor, false)]
    [InlineData("contact_cas=oui; age=65", Orientations.Testing, true)]
    [InlineData("contact_cas=oui; spo2=88", Orientations.Emergency, false)]
    [InlineData("age=64", Orientations.UsualCircuit, false)]
    [InlineData("age=65", Orientations.UsualCircuit, true)]
    [InlineData("age=0", Orientations.UsualCircuit, false)]
    [InlineData("age=120", Orientations.UsualCircuit, true)]
    [InlineData("maladie_chronique=oui", Orientations.UsualCircuit, true)]
    [InlineData("grossesse=oui", Orientations.UsualCircuit, true)]
    [InlineData("grossesse=oui; fievre=oui; medecin_traitant_joignable=non", Orientations.NoRegularDoctor, true)]
    [InlineData("age=80; spo2=91", Orientations.Emergency, true)]
    [InlineData("medecin_traitant_joignable=non", Orientations.UsualCircuit, false)]
    public void A_complete_call_reaches_its_orientation_and_priority(string changes, string expected, bool priority)
    {
        var result = Protocol.Evaluate(Answers(Calm + ";" + changes));

        Assert.True(result.Decided);
        Assert.True(result.Complete);
        Assert.Equal(expected, result.Code);
        Assert.Equal(priority, result.Priority);
        Assert.Equal(priority, result.PriorityReasons.Count > 0);
    }

    [Theory]
    [InlineData("detresse_respiratoire=oui", Orientations.Emergency)]
    [InlineData("detresse_respiratoire=non; douleur_thoracique=non; confusion=non; spo2=89", Orientations.Emergency)]
    [InlineData("detresse_respiratoire=non; douleur_thoracique=non; confusion=non; spo2=?; age=40; maladie_chronique=non; grossesse=non; peut_se_deplacer=non", Orientations.HomeNurse)]
    public void A_severity_sign_or_an_early_rule_decides_before_the_last_question(string answers, string expected)
    {
        var result = Protocol.Evaluate(Answers(answers));

        Assert.True(result.Decided);
        Assert.False(result.Complete);
        Assert.Equal(expected, result.Code);
    }

    [Theory]
    [InlineData("detresse_respiratoire=non; douleur_thoracique=non; confusion=non; spo2=?")]
    [InlineData("detresse_respiratoire=non; douleur_thoracique=non; confusion=non; spo2=95; age=40; maladie_chronique=non; grossesse=non; peut_se_deplacer=oui; medecin_traitant_joignable=oui")]
    [InlineData("douleur_thoracique=non")]
    public void The_orientation_waits_while_an_earlier_rule_may_still_hold(string answers)
    {
        var result = Protocol.Evaluate(Answers(answers));

        Assert.False(result.Decided);
        Assert.Null(result.Code);
    }

    [Fact]
    public void Priority_is_known_as_soon_as_one_risk_factor_holds()
    {
        Assert.True(Protocol.Evaluate(Answers("age=70")).Priority);
        Assert.Null(Protocol.Evaluate(Answers("age=40")).Priority);
        Assert.False(Protocol.Evaluate(Answers("age=40; maladie_chronique=non; grossesse=non")).Priority);
    }

    [Fact]
    public void The_shipped_protocol_is_publishable_and_marked_as_an_example()
    {
        var definition = ProtocolJson.Default();
        var report = ProtocolSafety.Check(definition);

        Assert.True(definition.Example);
        Assert.Contains("EXEMPLE", definition.Notice);
        Assert.True(report.Publishable, string.Join(" | ", report.Problems.Concat(report.Tests.Where(t => !t.Passed).Select(t => t.Name + ": " + t.Problem))));
        Assert.All(Orientations.All, o => Assert.Contains(report.Tests, t => t.Expected == o.Code));
    }
}
