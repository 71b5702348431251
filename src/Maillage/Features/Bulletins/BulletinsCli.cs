using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;

namespace Maillage.Features.Bulletins;

public static class BulletinsCli
{
    public static IEnumerable<CliVerb> Verbs() =>
    [
        new("bulletins import-eml", "bulletins import-eml FILE.eml [--territory NAME_OR_ID] [--source ars|ministry-alert|insurer|ordre|urps|hospital|internal|other] [--themes a,b] [--professions x,y] [--allow-duplicate] [--dry-run] [--json]",
            ["territory=", "source=", "themes=", "professions=", "allow-duplicate", "dry-run"], 1, ImportEmlAsync),
        new("bulletins dispatch", "bulletins dispatch [--json]   (publishes what is due and sends the e-mails once)", [], 0, DispatchAsync),
        new("bulletins coverage", "bulletins coverage --territory NAME_OR_ID [--week 2020-W14] [--json]", ["territory=", "week="], 0, CoverageAsync),
    ];

    /// <summary>
    /// Records an e-mail saved from a mail client. Exit 0 when recorded (or readable, with --dry-run),
    /// 1 when it is already recorded (nothing written), 2 when the file is not an e-mail.
    /// </summary>
    private static async Task<int> ImportEmlAsync(CliContext cli)
    {
        var path = cli.Args.Positionals[0];
        if (!File.Exists(path))
        {
            throw DomainException.Invalid($"file not found: {path}");
        }

        var territory = await GeographyCli.TerritoryAsync(cli);
        var source = EnumText.Parse<MessageSource>(cli.Args.Value("source"), "source");
        var themes = Split(cli.Args.Value("themes"));
        var professions = Split(cli.Args.Value("professions"));
        ParsedEmail parsed;
        await using (var stream = File.OpenRead(path))
        {
            parsed = EmlParser.Parse(stream);
        }

        var input = IncomingMessages.ToInput(parsed, territory, source, themes, professions, cli.Args.Flag("allow-duplicate"));
        InformationVocabulary.CheckThemes(themes);
        InformationVocabulary.CheckProfessions(professions);
        var messages = cli.Get<IncomingMessages>();
        var duplicate = input.AllowDuplicate ? null : await messages.FindDuplicateAsync(territory, parsed.Subject, parsed.Text, parsed.MessageId);
        var summary = new
        {
            recorded = false, id = (int?)null, duplicateOf = duplicate?.Id, subject = parsed.Subject, from = parsed.FromAddress, source = input.Source,
            receivedAtUtc = parsed.DateUtc, textLength = parsed.Text.Length, hasHtml = parsed.Html is not null,
            attachments = parsed.Attachments.Select(a => new { a.FileName, a.ContentType, size = a.Content.Length }).ToList(),
        };
        if (duplicate is not null || cli.Args.Flag("dry-run"))
        {
            Report(cli, summary, duplicate is null
                ? $"readable, not recorded (dry run): « {parsed.Subject} », {parsed.Attachments.Count} attachment(s)"
                : $"already recorded as message {duplicate.Id} (received {French.DateTime(duplicate.ReceivedAtUtc)}): nothing written; --allow-duplicate records it anyway");
            return duplicate is null ? 0 : 1;
        }

        var saved = await messages.RecordAsync(input, Actor.CommandLineUser);
        Report(cli, summary with { recorded = true, id = saved.Id, duplicateOf = saved.DuplicateOfId },
            $"message {saved.Id} recorded: « {parsed.Subject} » ({InformationVocabulary.SourceLabel(input.Source!.Value)}), {saved.Attachments.Count} attachment(s)");
        return 0;
    }

    private static void Report<T>(CliContext cli, T json, string line)
    {
        if (cli.Json)
        {
            cli.WriteJson(json);
        }
        else
        {
            cli.Out.WriteLine(line);
        }
    }

    private static async Task<int> DispatchAsync(CliContext cli)
    {
        var result = await cli.Get<MailDispatcher>().RunOnceAsync();
        Report(cli, result, result.MailEnabled
            ? $"{result.Published} bulletin(s) published, {result.Queued} e-mail(s) queued, {result.Sent} sent, {result.Retrying} to retry, {result.Failed} failed"
            : $"{result.Published} bulletin(s) published; e-mail is off (Maillage:Smtp:Host is not set)");
        return result.Failed > 0 ? 1 : 0;
    }

    private static async Task<int> CoverageAsync(CliContext cli)
    {
        var territory = await GeographyCli.TerritoryAsync(cli);
        var week = cli.Args.Value("week") is { } w ? IsoWeeks.Parse(w) : French.Today(cli.Get<TimeProvider>());
        var report = await cli.Get<WeekCoverage>().ExecuteAsync(territory, week, Actor.CommandLineUser);
        if (cli.Json)
        {
            cli.WriteJson(report);
            return 0;
        }

        cli.Out.WriteLine($"{report.TerritoryName}, {report.Week}: {report.Bulletins.Count} bulletin(s)");
        foreach (var p in report.Professions)
        {
            var share = p.ReadShare is { } s ? $"{s:P0} read" : "-";
            cli.Out.WriteLine($"  {p.Label,-32} {p.Members,5} member(s) {p.Bulletins,3} bulletin(s) {share,10}{(p.Forgotten ? "  ⚠ nothing this week" : "")}");
        }

        return 0;
    }

    private static IReadOnlyList<string> Split(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
