using System.Text.Json;
using Maillage.Features.Equipment;
using Maillage.Infrastructure;
using Maillage.Tests.Support;

namespace Maillage.Tests.Features.Equipment;

/// <summary>The offline replay of a depot's movements file (<c>equipment ledger</c>): the ledger rules, without a database.</summary>
public sealed class LedgerReplayTests
{
    private const string Header = "cle;date;type;depot;article;quantite;lot;peremption;depot_destination;donateur;beneficiaire;motif;quantite_comptee;quantite_refusee";

    private static string SamplePath { get; } = Path.Combine(RepositoryRoot(), "docs", "samples", "mouvements-exemple.csv");

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

    private static ReplayReport Replay(params string[] lines) => LedgerReplay.Run(string.Join('\n', [Header, .. lines]));

    private static Task<CliResult> CliAsync(params string[] args) => Cli.RunAsync(Path.Combine(TestDatabases.Root, "no-database.db"), args);

    private static async Task<string> FileAsync(string content)
    {
        System.IO.Directory.CreateDirectory(TestDatabases.Root);
        var path = Path.Combine(TestDatabases.Root, $"mouvements-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, content);
        return path;
    }

    [Fact]
    public void The_sample_file_gives_the_stock_and_lists_the_refused_lines()
    {
        var report = LedgerReplay.Run(File.ReadAllText(SamplePath));

        Assert.Equal((12, 9, 1), (report.Lines, report.Applied, report.Duplicates));
        Assert.Equal(
        [
            new ReplayRefusal(10, "m8", "Stock insuffisant au dépôt « Lodève » pour « Masque FFP2 » : demande 400 pièces, sortie possible 280 pièces."),
            new ReplayRefusal(12, "m10", "Stock insuffisant au dépôt « Lodève » pour « Gants d'examen » : demande 10 paires, sortie possible 0 paire (en quarantaine : 50 paires)."),
        ], report.Refused);
        Assert.Equal(
        [
            new ReplayStock("Clermont-l'Hérault", "masque-ffp2", "pièce", 70, 0, 0),
            new ReplayStock("Lodève", "gants", "paire", 0, 50, 0),
            new ReplayStock("Lodève", "masque-chirurgical", "pièce", 175, 0, 0),
            new ReplayStock("Lodève", "masque-ffp2", "pièce", 275, 0, 0),
        ], report.Stock);
    }

    [Fact]
    public void Each_refusal_names_its_line_and_reason_and_the_other_lines_still_apply()
    {
        var report = Replay(
            "a;2020-04-01;state-allocation;Lodève;gants;100;;;;;;;;",
            "b;2020-04-01;distribution;Lodève;gants;150;;;;;Dr Martin;;;",
            "c;2020-04-01;donation;Lodève;masque-ffp2;40;D1;;;Mairie;;;;",
            "d;2020-04-02;distribution;Lodève;masque-ffp2;1;;;;;Dr Martin;;;",
            "e;2020-04-02;distribution;Lodève;masque-en-or;1;;;;;Dr Martin;;;",
            "f;31/02/2020;distribution;Lodève;gants;1;;;;;Dr Martin;;;",
            "g;2020-03-30;distribution;Lodève;gants;1;;;;;Dr Martin;;;",
            "h;2020-04-02;teleportation;Lodève;gants;1;;;;;Dr Martin;;;",
            "i;2020-04-02;distribution;Lodève;gants;douze;;;;;Dr Martin;;;",
            "j;2020-04-02;distribution;Lodève;gants;10;;;;;;;;",
            "k;2020-04-02;loss;Lodève;gants;10;;;;;;;;",
            "l;2020-04-02;state-allocation;Lodève;gants;10;;2020-04-01;;;;;;",
            "m;2020-04-02;distribution;Lodève;concentrateur-oxygene;1;;;;;Dr Martin;;;",
            "n;2020-04-02;donation;Lodève;gants;5;;;;;;;;",
            "o;2020-04-03;distribution;Lodève;gants;30;;;;;Dr Martin;;;");

        var reasons = report.Refused.ToDictionary(r => r.Line, r => r.Reason);
        Assert.Equal([3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], reasons.Keys);
        Assert.StartsWith("Stock insuffisant au dépôt « Lodève » pour « Gants d'examen » : demande 150 paires, sortie possible 100 paires", reasons[3]);
        Assert.Contains("en quarantaine : 40 pièces", reasons[5]);
        Assert.Equal("article « masque-en-or » inconnu du catalogue standard", reasons[6]);
        Assert.StartsWith("date « 31/02/2020 » illisible", reasons[7]);
        Assert.StartsWith("date 2020-03-30 antérieure à la ligne précédente", reasons[8]);
        Assert.StartsWith("type « teleportation » inconnu (donation, state-allocation, transfer,", reasons[9]);
        Assert.StartsWith("quantité « douze »", reasons[10]);
        Assert.Equal("bénéficiaire obligatoire pour une remise", reasons[11]);
        Assert.Equal("motif obligatoire pour ce type de mouvement", reasons[12]);
        Assert.StartsWith("Date de péremption dépassée (01/04/2020)", reasons[13]);
        Assert.Contains("se prête à l'unité", reasons[14]);
        Assert.Equal("donateur obligatoire pour un don", reasons[15]);
        Assert.Equal(3, report.Applied);
        Assert.Equal(new ReplayStock("Lodève", "gants", "paire", 70, 0, 0), report.Stock.Single(s => s.Item == "gants"));
        Assert.Equal(new ReplayStock("Lodève", "masque-ffp2", "pièce", 0, 40, 0), report.Stock.Single(s => s.Item == "masque-ffp2"));
    }

    [Fact]
    public void A_key_seen_twice_is_applied_once_and_a_refused_key_may_be_fixed_later()
    {
        var report = Replay(
            "a;2020-04-01;state-allocation;Lodève;gants;100;;;;;;;;",
            "b;2020-04-01;distribution;Lodève;gants;30;;;;;Dr Martin;;;",
            "b;2020-04-01;distribution;Lodève;gants;30;;;;;Dr Martin;;;",
            "c;2020-04-01;distribution;Lodève;gants;500;;;;;Dr Martin;;;",
            "c;2020-04-01;distribution;Lodève;gants;50;;;;;Dr Martin;;;",
            ";2020-04-01;distribution;Lodève;gants;1;;;;;Dr Martin;;;",
            ";2020-04-01;distribution;Lodève;gants;1;;;;;Dr Martin;;;");

        Assert.Equal((7, 5, 1), (report.Lines, report.Applied, report.Duplicates));
        Assert.Equal(5, Assert.Single(report.Refused).Line);
        Assert.Equal(18, Assert.Single(report.Stock).Usable);
    }

    [Fact]
    public void Quarantine_transfer_correction_loss_and_expiry_follow_the_ledger_rules()
    {
        var report = Replay(
            "1;2020-04-01;donation;Lodève;masque-ffp2;60;D1;2020-04-10;;Mairie;;;;",
            "2;2020-04-01;transfer;Lodève;masque-ffp2;10;;;Clermont;;;;;",
            "3;2020-04-02;quality-release;Lodève;masque-ffp2;;D1;;;;;;;",
            "4;2020-04-02;transfer;Lodève;masque-ffp2;20;;;Clermont;;;;;",
            "5;2020-04-03;correction;Lodève;masque-ffp2;;D1;;;;;recompté;42;",
            "6;2020-04-03;expiry;Lodève;masque-ffp2;;D1;;;;;;;",
            "7;2020-04-04;loss;Lodève;masque-ffp2;5;D1;;;;;tombé;;",
            "8;2020-04-11;expiry;Clermont;masque-ffp2;;D1;;;;;;;",
            "9;2020-04-11;expiry;Lodève;masque-ffp2;;D1;;;;;;;",
            "10;2020-04-11;donation;Lodève;gants;10;D2;;;Anonyme;;;;",
            "11;2020-04-11;quality-rejection;Lodève;gants;;D2;;;;;;;",
            "12;2020-04-11;quality-rejection;Lodève;gants;;D2;;;;;troués;;",
            "13;2020-04-11;correction;Lodève;gants;;D2;;;;;recompté;3;");

        var reasons = report.Refused.ToDictionary(r => r.Line, r => r.Reason);
        Assert.Equal([3, 7, 9, 12, 14], reasons.Keys);
        Assert.Contains("en quarantaine", reasons[3]);
        Assert.Contains("n'est pas périmé", reasons[7]);
        Assert.Contains("lot « D1 » inconnu", reasons[9]);
        Assert.Equal("motif obligatoire pour ce type de mouvement", reasons[12]);
        Assert.Contains("refusé au contrôle qualité", reasons[14]);

        // 60 released, 20 moved to Clermont (its lot there is unnamed), 42 counted, 5 lost, the 37 left expired on the 11th.
        Assert.Equal(
        [
            new ReplayStock("Clermont", "masque-ffp2", "pièce", 0, 0, 20),
            new ReplayStock("Lodève", "gants", "paire", 0, 0, 0),
            new ReplayStock("Lodève", "masque-ffp2", "pièce", 0, 0, 0),
        ], report.Stock);
    }

    [Fact]
    public void A_lot_name_received_twice_is_refused_and_adds_nothing_to_the_stock()
    {
        var report = Replay(
            "1;2020-04-01;state-allocation;Lodève;gants;100;L1;;;;;;;",
            "2;2020-04-01;state-allocation;Lodève;gants;50;L1;;;;;;;");

        Assert.Equal(3, Assert.Single(report.Refused).Line);
        Assert.Contains("lot « L1 » déjà reçu", report.Refused[0].Reason);
        Assert.Equal(100, Assert.Single(report.Stock).Usable);
    }

    [Fact]
    public void Unreadable_files_are_refused_whole()
    {
        Assert.Equal("file", Assert.Throws<DomainException>(() => LedgerReplay.Run("")).Field);
        Assert.Contains("couleur", Assert.Throws<DomainException>(() => LedgerReplay.Run("date;type;depot;article;couleur\n")).Message);
        Assert.Contains("article", Assert.Throws<DomainException>(() => LedgerReplay.Run("date;type;depot\n2020-04-01;donation;Lodève\n")).Message);
    }

    [Fact]
    public async Task The_cli_verb_exits_0_when_all_lines_apply_1_when_some_are_refused_2_when_the_file_is_bad()
    {
        var clean = await FileAsync(string.Join('\n', Header, "a;2020-04-01;state-allocation;Lodève;gants;100;;;;;;;;", "b;2020-04-02;distribution;Lodève;gants;30;;;;;Dr Martin;;;"));
        var ok = await CliAsync("equipment", "ledger", "--in", clean);
        Assert.True(ok.ExitCode == 0, ok.Error);
        Assert.Equal($"2 line(s): 2 applied, 0 duplicate key(s) skipped, 0 refused\nLodève\tgants\tusable 70\tquarantine 0\texpired 0\n", ok.Output.ReplaceLineEndings("\n"));

        var sample = await CliAsync("equipment", "ledger", "--in", SamplePath);
        Assert.Equal(1, sample.ExitCode);
        Assert.Contains("12 line(s): 9 applied, 1 duplicate key(s) skipped, 2 refused", sample.Output);
        Assert.Contains("  line 10 [m8]: Stock insuffisant au dépôt « Lodève » pour « Masque FFP2 » : demande 400 pièces, sortie possible 280 pièces", sample.Output);
        Assert.Contains("Lodève\tmasque-ffp2\tusable 275\tquarantine 0\texpired 0", sample.Output);
        Assert.Equal("", sample.Error);

        var json = await CliAsync("equipment", "ledger", "--in", SamplePath, "--json");
        Assert.Equal(1, json.ExitCode);
        var report = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal(9, report.GetProperty("applied").GetInt32());
        Assert.Equal(10, report.GetProperty("refused")[0].GetProperty("line").GetInt32());
        Assert.Equal(4, report.GetProperty("stock").GetArrayLength());

        var missing = await CliAsync("equipment", "ledger", "--in", Path.Combine(TestDatabases.Root, "nowhere.csv"));
        Assert.Equal(2, missing.ExitCode);
        Assert.StartsWith("maillage: file not found", missing.Error);

        var badColumns = await CliAsync("equipment", "ledger", "--in", await FileAsync("date;type;depot;article;couleur\n2020-04-01;donation;Lodève;gants;rouge\n"));
        Assert.Equal(2, badColumns.ExitCode);
        Assert.Contains("couleur", badColumns.Error);
        Assert.Equal("", badColumns.Output);

        Assert.Equal(2, (await CliAsync("equipment", "ledger")).ExitCode);
    }
}
