namespace Ccc.Sdk.Tests.Receiver;

/// <summary>The receiver's command line.</summary>
internal sealed record ReceiverSettings(string Store, string Db, string Secret, string Results, string Name, string Tables, string InboxTable)
{
    public static ReceiverSettings From(IConfiguration configuration)
    {
        string Required(string key) => configuration[key] is { Length: > 0 } value
            ? value
            : throw new ArgumentException($"--{key} is required.");

        string store = Required("store");
        if (store is not ("sqlite" or "postgres"))
        {
            throw new ArgumentException("--store must be sqlite or postgres.");
        }

        string tables = configuration["tables"] ?? "crash";
        if (!tables.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException("--tables must be letters, digits and underscores.");
        }

        return new ReceiverSettings(
            store,
            Required("db"),
            Required("secret"),
            Required("results"),
            configuration["name"] ?? "r1",
            tables,
            configuration["inbox-table"] ?? "ccc_event_inbox");
    }
}
