using Maillage.Infrastructure;

namespace Maillage.Features.Accounts;

public static class AccountsCli
{
    public static IEnumerable<CliVerb> Verbs() =>
    [
        new("user add", "user add --email E --role ROLE [--name NAME] [--territory NAME]... --password-stdin [--json]",
            ["email=", "role=", "name=", "territory=*", "password-stdin"], 0, AddUserAsync),
        new("user list", "user list [--search TEXT] [--page N] [--json]", ["search=", "page="], 0, ListUsersAsync),
        new("audit verify", "audit verify [--json]", [], 0, VerifyAuditAsync),
    ];

    private static async Task<int> AddUserAsync(CliContext cli)
    {
        if (!cli.Args.Flag("password-stdin"))
        {
            throw DomainException.Invalid("--password-stdin is required: the password is read from standard input, never from the command line");
        }

        var password = (await cli.In.ReadLineAsync())?.TrimEnd('\r');
        var user = await cli.Get<AddUser>().ExecuteAsync(
            new NewUser(cli.Args.Required("email"), cli.Args.Value("name"), cli.Args.Required("role"), cli.Args.Values("territory"), password),
            Actor.CommandLine);
        if (cli.Json)
        {
            cli.WriteJson(user);
        }
        else
        {
            cli.Out.WriteLine($"created {user.Email} ({user.Role}) territories: {string.Join(", ", user.Territories.Select(t => t.Name))}");
        }

        return 0;
    }

    private static async Task<int> ListUsersAsync(CliContext cli)
    {
        var page = cli.Args.Value("page") is { } p ? int.TryParse(p, out var n) && n > 0 ? n : throw DomainException.Invalid("--page must be a positive number") : 1;
        var users = await cli.Get<ListUsers>().ExecuteAsync(cli.Args.Value("search"), page);
        if (cli.Json)
        {
            cli.WriteJson(users);
            return 0;
        }

        foreach (var user in users.Items)
        {
            cli.Out.WriteLine($"{user.Email,-40} {user.Role,-17} {string.Join(", ", user.Territories.Select(t => t.Name))}");
        }

        cli.Out.WriteLine($"page {users.PageNumber}/{users.PageCount}, {users.TotalCount} account(s)");
        return 0;
    }

    private static async Task<int> VerifyAuditAsync(CliContext cli)
    {
        var result = await cli.Get<AuditLog>().VerifyAsync();
        if (cli.Json)
        {
            cli.WriteJson(result);
        }
        else if (result.IsValid)
        {
            cli.Out.WriteLine($"audit log intact: {result.EntryCount} entries, head {result.HeadHash}");
        }
        else
        {
            cli.Error.WriteLine($"audit log TAMPERED: {result.Problem}");
        }

        // 1, not 2: the input was fine, the log is not.
        return result.IsValid ? 0 : 1;
    }
}
