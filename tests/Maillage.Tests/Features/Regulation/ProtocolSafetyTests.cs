using System.Text.Json;
using System.Text.Json.Nodes;
using Maillage.Features.Regulation;
using Maillage.Infrastructure;

namespace Maillage.Tests.Features.Regulation;

/// <summary>Every reason a protocol is refused, each on a small change to the shipped protocol.</summary>
public sealed class ProtocolSafetyTests
{
    private static JsonObject Shipped() => JsonNode.Parse(ProtocolJson.DefaultText())!.AsObject();

    private static ProtocolReport Check(JsonObject json) => ProtocolSafety.Check(ProtocolJson.Read<ProtocolDefinition>(json.ToJsonString(), "test"));

    private static JsonArray Rules(JsonObject json) => json["rules"]!.AsArray();

    private static JsonObject Rule(JsonObject json, string id) => Rules(json).Single(r => (string?)r!["id"] == id)!.AsObject();

    private static JsonObject NewRule(string id, int rank, string when, string orientation = Orientations.Emergency) =>
        new() { ["id"] = id, ["rank"] = rank, ["when"] = when, ["orientation"] = orientation, ["reason"] = "Raison de test." };

    private static string Refusal(JsonObject json)
    {
        var report = Check(json);
        Assert.False(report.Publishable);
        return string.Join(" | ", report.Problems);
    }

    [Fact]
    public void A_rule_whose_condition_can_never_hold_is_refused()
    {
        var json = Shipped();
        Rules(json).Insert(0, NewRule("impossible", 1, "age > 70 et age < 60"));

        Assert.Contains("« impossible » ne peut jamais s'appliquer : sa condition n'est vraie pour aucune réponse possible", Refusal(json));
    }

    [Fact]
    public void A_rule_always_preempted_by_earlier_ranks_is_refused()
    {
        var json = Shipped();
        Rules(json).Add(NewRule("trop_tard", 4, "contact_cas et spo2 < 80"));

        var refusal = Refusal(json);
        Assert.Contains("« trop_tard » ne peut jamais s'appliquer : chaque fois que sa condition est vraie, une règle de rang plus petit", refusal);
        Assert.Contains("gravite", refusal);
    }

    [Fact]
    public void Two_rules_of_the_same_rank_that_disagree_on_the_same_answers_are_refused_with_an_example()
    {
        var json = Shipped();
        Rule(json, "suspect_sans_medecin")["when"] = "fievre";

        var refusal = Refusal(json);
        Assert.Contains("« suspect_avec_medecin » et « suspect_sans_medecin », de même rang 3, orientent différemment", refusal);
        Assert.Contains("fievre = oui", refusal);
        Assert.Contains("medecin_traitant_joignable = oui", refusal);
    }

    [Fact]
    public void Rules_of_the_same_rank_that_agree_may_overlap()
    {
        var json = Shipped();
        Rules(json).Add(NewRule("gravite_bis", 1, "spo2 < 90 ou confusion"));

        Assert.True(Check(json).Publishable);
    }

    [Fact]
    public void Answers_that_reach_no_orientation_are_refused_with_an_example()
    {
        var json = Shipped();
        Rules(json).Remove(Rule(json, "defaut"));
        json["tests"]!.AsArray().RemoveAt(json["tests"]!.AsArray().Count - 1);

        var refusal = Refusal(json);
        Assert.Contains("Des réponses n'aboutissent à aucune orientation, par exemple : detresse_respiratoire = non", refusal);
        Assert.Contains("« toujours »", refusal);
    }

    [Theory]
    [InlineData("frequence_respiratoire > 30", "La question « frequence_respiratoire » n'existe pas (caractère 1)")]
    [InlineData("spo2 < oui", "« spo2 » est un nombre : « oui » ne peut pas lui être comparé")]
    [InlineData("fievre > 1", "« fievre » se répond par oui ou non")]
    [InlineData("age = inconnu", "La question « age » n'accepte pas « ne sait pas »")]
    [InlineData("spo2 < 92 ou", "Condition incomplète")]
    [InlineData("(spo2 < 92", "« ) » attendu avant la fin")]
    [InlineData("spo2 < 92 fievre", "« fievre » inattendu : il manque « et » ou « ou » ?")]
    [InlineData("temperature > 37,8", "Les décimales s'écrivent avec un point")]
    [InlineData("Fievre", "identifiants en minuscules sans accent")]
    [InlineData("spo2", "La question « spo2 » doit être comparée")]
    [InlineData("age dans [\"a\"]", "« dans » ne s'applique qu'aux questions à choix")]
    [InlineData("", "la condition manque")]
    public void A_condition_that_cannot_be_read_is_refused_with_the_reason_and_the_place(string when, string message)
    {
        var json = Shipped();
        Rule(json, "gravite")["when"] = when;

        var refusal = Refusal(json);
        Assert.Contains("Règle « gravite »", refusal);
        Assert.Contains(message, refusal);
    }

    [Fact]
    public void A_condition_nested_beyond_reason_is_refused_instead_of_exhausting_the_stack()
    {
        var json = Shipped();
        Rule(json, "gravite")["when"] = new string('(', 20_000) + "spo2 < 92" + new string(')', 20_000);

        Assert.Contains("Condition trop imbriquée", Refusal(json));
    }

    [Fact]
    public void Choice_questions_accept_their_own_options_only()
    {
        var json = Shipped();
        json["steps"]!.AsArray()[2]!["questions"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "motif", ["label"] = "Motif", ["type"] = "choice",
            ["options"] = new JsonArray(new JsonObject { ["value"] = "toux", ["label"] = "Toux" }, new JsonObject { ["value"] = "fievre", ["label"] = "Fièvre" }),
        });
        Rule(json, "contact_sans_symptome")["when"] = "contact_cas ou motif dans [\"toux\", \"rhume\"]";

        Assert.Contains("« rhume » n'est pas un choix de la question « motif »", Refusal(json));
        Rule(json, "contact_sans_symptome")["when"] = "contact_cas ou motif = \"toux\"";
        var report = Check(json);
        Assert.Empty(report.Problems);
    }

    [Fact]
    public void Structural_mistakes_are_all_listed_at_once()
    {
        var json = Shipped();
        Rule(json, "gravite")["orientation"] = "hopital";
        Rule(json, "defaut")["id"] = "gravite";
        var question = json["steps"]!.AsArray()[0]!["questions"]!.AsArray()[3]!.AsObject();
        question["min"] = 100;

        var refusal = Refusal(json);
        Assert.Contains("orientation inconnue « hopital »", refusal);
        Assert.Contains("identifiant déjà utilisé par une autre règle", refusal);
        Assert.Contains("Question « spo2 » (étape 1) : un nombre a un minimum et un maximum", refusal);
    }

    [Fact]
    public void A_failing_test_case_blocks_publication_and_says_what_came_out()
    {
        var json = Shipped();
        json["tests"]!.AsArray()[1]!["expected"] = Orientations.RegularDoctor;

        var report = Check(json);
        Assert.False(report.Publishable);
        var failed = Assert.Single(report.Tests, t => !t.Passed);
        Assert.Equal("obtenu « appel-15 » par la règle « gravite »", failed.Problem);
    }

    [Fact]
    public void Test_cases_with_answers_the_protocol_cannot_take_fail_with_the_reason()
    {
        var json = Shipped();
        json["tests"]!.AsArray()[1]!["answers"]!["spo2"] = 140;
        json["tests"]!.AsArray()[2]!["answers"]!["taille"] = 180;

        var report = Check(json);
        Assert.Contains(report.Tests, t => t.Problem == "« spo2 » : 140 hors des bornes 50–100 %.");
        Assert.Contains(report.Tests, t => t.Problem == "La question « taille » n'existe pas dans ce protocole.");
    }

    [Fact]
    public void A_protocol_without_test_cases_or_without_a_case_per_orientation_is_not_publishable()
    {
        var json = Shipped();
        json["tests"] = new JsonArray();
        Assert.Contains("aucun cas de test", Refusal(json));

        json = Shipped();
        json["tests"]!.AsArray().RemoveAt(5); // the only "depistage" case
        Assert.Contains("Aucun cas de test n'attend l'orientation « depistage »", Refusal(json));
    }

    [Fact]
    public void A_protocol_too_tangled_to_prove_is_refused_rather_than_half_checked()
    {
        var json = Shipped();
        var questions = json["steps"]!.AsArray()[2]!["questions"]!.AsArray();
        for (var i = 0; i < 12; i++)
        {
            questions.Add(new JsonObject { ["id"] = $"signe_{i}", ["label"] = $"Signe {i}", ["type"] = "yes-no" });
        }

        Rule(json, "contact_sans_symptome")["when"] = "contact_cas ou " + string.Join(" ou ", Enumerable.Range(0, 12).Select(i => $"signe_{i}"));

        Assert.Contains("Trop de combinaisons de réponses à vérifier", Refusal(json));
    }

    [Fact]
    public void A_malformed_file_is_a_clear_refusal_with_its_line()
    {
        var e = Assert.Throws<DomainException>(() => ProtocolJson.Read<ProtocolDefinition>("{\n  \"name\": \"x\",\n  \"steps\": [ { \"title\": \"a\", \"questions\": [ { \"id\": \"q\", \"type\": \"vrai-faux\" } ] } ]\n}", "protocole.json"));
        Assert.StartsWith("protocole.json : JSON invalide (ligne 3)", e.Message);
    }
}

public sealed class ProtocolCliTests
{
    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Maillage.MaillageApp.RunCliAsync(args, TextReader.Null, output, error, new Dictionary<string, string?> { ["MAILLAGE_DB"] = Path.Combine(Path.GetTempPath(), "unused.db") });
        return (code, output.ToString(), error.ToString());
    }

    private static string Temp(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"protocol-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task The_example_protocol_passes_its_tests_from_the_command_line()
    {
        var file = Path.Combine(Path.GetTempPath(), $"protocol-{Guid.NewGuid():N}.json");
        Assert.Equal(0, (await RunAsync("protocol", "example", "--out", file)).Code);

        var (code, output, _) = await RunAsync("protocol", "test", file, "--json");

        Assert.Equal(0, code);
        var report = JsonDocument.Parse(output).RootElement;
        Assert.True(report.GetProperty("publishable").GetBoolean());
        Assert.Equal(7, report.GetProperty("tests").GetArrayLength());
        Assert.True(report.GetProperty("combinations").GetInt64() > 10_000);
    }

    [Fact]
    public async Task A_protocol_that_is_not_publishable_exits_1_and_says_why()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(ProtocolJson.DefaultText())!;
        json["rules"]!.AsArray().RemoveAt(5);
        var (code, output, _) = await RunAsync("protocol", "test", Temp(json.ToJsonString()));

        Assert.Equal(1, code);
        Assert.Contains("PROBLEM  Des réponses n'aboutissent à aucune orientation", output);
        Assert.Contains("FAIL     Ni gravité ni infection", output);
        Assert.Contains("NOT publishable", output);
    }

    [Fact]
    public async Task Evaluate_gives_the_orientation_offline_and_refuses_bad_answers_with_exit_2()
    {
        var protocol = Temp(ProtocolJson.DefaultText());
        var (code, output, _) = await RunAsync("protocol", "evaluate", "--protocol", protocol, "--answers", Temp("{ \"detresse_respiratoire\": false, \"douleur_thoracique\": false, \"confusion\": false, \"spo2\": 90, \"age\": 70 }"), "--json");
        Assert.Equal(0, code);
        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal("appel-15", result.GetProperty("code").GetString());
        Assert.Equal("gravite", result.GetProperty("ruleId").GetString());
        Assert.True(result.GetProperty("priority").GetBoolean());

        var bad = await RunAsync("protocol", "evaluate", "--protocol", protocol, "--answers", Temp("{ \"spo2\": \"basse\" }"));
        Assert.Equal(2, bad.Code);
        Assert.Single(bad.Error.Trim().Split('\n'));
        Assert.Contains("« spo2 » : réponse « \"basse\" » invalide (un nombre attendu)", bad.Error);

        var missing = await RunAsync("protocol", "test", "/nonexistent/protocole.json");
        Assert.Equal(2, missing.Code);
        Assert.Contains("file not found", missing.Error);
    }
}
