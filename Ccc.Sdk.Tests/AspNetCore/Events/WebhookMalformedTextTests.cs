using System.Net;
using System.Text;
using Ccc.Sdk.AspNetCore.Events;

namespace Ccc.Sdk.Tests.AspNetCore.Events;

/// <summary>
/// Correctly signed bodies that no store could keep or no handler could read — invalid UTF-8, an escaped lone
/// surrogate, NUL in a column — are 400 <c>MalformedEvent</c> on every store, never a 500 or a 503 retried forever.
/// </summary>
public abstract class WebhookMalformedTextTests : IAsyncLifetime
{
    private WebhookTestHost? _host;

    private WebhookTestHost Host => _host ?? throw new InvalidOperationException("Not started.");

    /// <summary>Chooses the store under test.</summary>
    protected abstract void UseStore(CccWebhookOptions options);

    public async Task InitializeAsync() => _host = await WebhookTestHost.StartAsync(UseStore);

    public virtual async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private static string CallEvent(string contactId = "c1", string type = "Ringing", string caller = "13800000000") =>
        $$"""{"eventType":"{{type}}","eventTime":"2026-11-26T02:34:01.000Z","instanceId":"ccc-test","contactId":"{{contactId}}","callType":"INBOUND","caller":"{{caller}}"}""";

    public static TheoryData<string> Bodies => new()
    {
        "lone surrogate in contactId",
        "lone surrogate in another field",
        "lone surrogate in a field name",
        "NUL in contactId",
        "NUL in eventType",
        "NUL in instanceId",
        "control character in a CDR's contactId",
        "invalid UTF-8 in contactId",
        "invalid UTF-8 in another field",
        "overlong UTF-8",
    };

    private static byte[] Body(string what) => what switch
    {
        "lone surrogate in contactId" => Encoding.UTF8.GetBytes(CallEvent(contactId: "\\ud800")),
        "lone surrogate in another field" => Encoding.UTF8.GetBytes(CallEvent(caller: "x\\udc00y")),
        "lone surrogate in a field name" => Encoding.UTF8.GetBytes(CallEvent().Replace("\"caller\"", "\"\\ud83d\"", StringComparison.Ordinal)),
        "NUL in contactId" => Encoding.UTF8.GetBytes(CallEvent(contactId: "c\\u0000")),
        "NUL in eventType" => Encoding.UTF8.GetBytes(CallEvent(type: "Ringing\\u0000")),
        "NUL in instanceId" => Encoding.UTF8.GetBytes(CallEvent().Replace("ccc-test", "ccc\\u0000test", StringComparison.Ordinal)),
        "control character in a CDR's contactId" => Encoding.UTF8.GetBytes(CallEvent(contactId: "c\\u001b", type: "CDRReady")),
        "invalid UTF-8 in contactId" => Replace(CallEvent(contactId: "c#"), (byte)'#', 0xFF),
        "invalid UTF-8 in another field" => Replace(CallEvent(caller: "#"), (byte)'#', 0xC3),
        "overlong UTF-8" => Encoding.UTF8.GetBytes(CallEvent(caller: "#")).SelectMany(b => b == '#' ? new byte[] { 0xC0, 0xAF } : [b]).ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(what)),
    };

    private static byte[] Replace(string text, byte from, byte to) => [.. Encoding.UTF8.GetBytes(text).Select(b => b == from ? to : b)];

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_signed_body_no_store_or_handler_could_read_is_400_MalformedEvent_and_nothing_is_stored(string what)
    {
        using var response = await Host.PostSignedAsync(Body(what));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MalformedEvent", await WebhookTestHost.ErrorCodeAsync(response));
        Assert.Empty(await Host.Inbox.ListAsync(new InboxQuery()));

        // The store is unharmed: the next good event goes in.
        using var good = await Host.PostSignedAsync(Encoding.UTF8.GetBytes(CallEvent()));
        Assert.Equal(HttpStatusCode.NoContent, good.StatusCode);
        Assert.Single(await Host.Inbox.ListAsync(new InboxQuery()));
    }

    [Fact]
    public async Task Escaped_non_ascii_text_and_surrogate_pairs_are_still_accepted()
    {
        using var response = await Host.PostSignedAsync(Encoding.UTF8.GetBytes(CallEvent(contactId: "c-\\u00fc\\ud83d\\ude00-✓", caller: "tab\\tok")));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var item = Assert.Single(await Host.Inbox.ListAsync(new InboxQuery()));
        Assert.Equal("c-ü\U0001F600-✓", item.Event.ContactId);
    }
}

public sealed class InMemoryWebhookMalformedTextTests : WebhookMalformedTextTests
{
    protected override void UseStore(CccWebhookOptions options) => options.UseInMemory();
}

public sealed class SqliteWebhookMalformedTextTests : WebhookMalformedTextTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ccc-webhooks-" + Guid.NewGuid().ToString("N")[..12]);

    protected override void UseStore(CccWebhookOptions options) => options.UseSqlite(Path.Combine(_directory, "events.db"));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresWebhookMalformedTextTests(PostgresFixture postgres) : WebhookMalformedTextTests
{
    private readonly string _table = PostgresFixture.NewTableName();

    protected override void UseStore(CccWebhookOptions options) => options.UsePostgres(postgres.ConnectionString, _table);
}
