using System.Globalization;
using System.Text;
using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.TestSupport;
using Ccc.Sdk.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Ccc.Sdk.Tests.Fuzz;

/// <summary>A webhook receiver (<c>MapCccWebhooks</c>) on Kestrel loopback with a fresh secret, on one inbox store.</summary>
public abstract class WebhookReceiverFixture : IAsyncLifetime
{
    public const string Path = "/ccc/events";

    private WebApplication? _app;

    public string Secret { get; } = CccWebhookSigner.NewSecret();

    public Uri Address { get; private set; } = null!;

    public abstract string Store { get; }

    public async Task InitializeAsync()
    {
        var configureStore = await StartStoreAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddCccWebhooks(o =>
        {
            o.Secrets.Add(Secret);
            configureStore(o);
        });
        _app = builder.Build();
        _app.MapCccWebhooks(Path);
        await _app.StartAsync();
        Address = new Uri(_app.Urls.First());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await StopStoreAsync();
    }

    /// <summary>Starts what the store needs and says how to configure it.</summary>
    protected abstract Task<Action<CccWebhookOptions>> StartStoreAsync();

    protected virtual Task StopStoreAsync() => Task.CompletedTask;
}

public sealed class InMemoryReceiverFixture : WebhookReceiverFixture
{
    public override string Store => "in-memory";

    protected override Task<Action<CccWebhookOptions>> StartStoreAsync() => Task.FromResult<Action<CccWebhookOptions>>(o => o.UseInMemory());
}

public sealed class SqliteReceiverFixture : WebhookReceiverFixture
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ccc-fuzz-inbox-").FullName;

    public override string Store => "SQLite";

    protected override Task<Action<CccWebhookOptions>> StartStoreAsync() =>
        Task.FromResult<Action<CccWebhookOptions>>(o => o.UseSqlite(System.IO.Path.Combine(_directory, "inbox.db")));

    protected override Task StopStoreAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp folder's clean-up.
        }

        return Task.CompletedTask;
    }
}

/// <summary>PostgreSQL: the server <c>CCC_TEST_POSTGRES</c> names, or one started for this fixture (<see cref="PostgresServer"/>).</summary>
public sealed class PostgresReceiverFixture : WebhookReceiverFixture
{
    private PostgresServer? _server;

    public override string Store => "PostgreSQL";

    protected override async Task<Action<CccWebhookOptions>> StartStoreAsync()
    {
        _server = await PostgresServer.StartAsync();
        string connectionString = _server.ConnectionString;
        string table = PostgresServer.NewTableName();
        return o => o.UsePostgres(connectionString, table);
    }

    protected override async Task StopStoreAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>
/// The webhook receiver on each store: unsigned and badly signed deliveries, and correctly SIGNED hostile bodies (the
/// signature is checked first, so only signed bodies reach the parser and the store): malformed UTF-8, lone
/// surrogates, NULs, wrong types, deep nesting, oversized bodies. Refusals are <c>{code, message}</c> (docs/events.md).
/// </summary>
public abstract class WebhookReceiverFuzzTests(WebhookReceiverFixture fixture, ITestOutputHelper output)
{
    private string Target => "webhook receiver (" + fixture.Store + ")";

    [Fact]
    public async Task Hostile_deliveries_get_code_and_message_and_never_a_5xx()
    {
        int seed = FuzzSeed.Value;
        var inputs = new HostileInputs(FuzzSeed.For(seed, Target));
        // Every hostile body once, signed, and every hostile value once as the event type; then random ones.
        var requests = HostileInputs.EveryJsonBody().Select(b => Signed("signed body " + b.Label, b.Bytes)).ToList();
        requests.AddRange(HostileInputs.EveryJsonValue().Select(v => Signed("signed event with eventType = " + (v.Length > 40 ? v[..40] + "…" : v),
            Encoding.UTF8.GetBytes($$"""{"eventType":{{v}},"eventTime":"2026-11-26T02:34:00.447Z","instanceId":"ccc-local"}"""))));
        requests.AddRange(RawBytesInFields());
        while (requests.Count < FuzzBudget.WebhookReceiverPerStore - HostileInputs.HttpLevelCases)
        {
            requests.Add(inputs.Random.Next(10) switch
            {
                < 5 => SignedHostileBody(inputs),
                5 or 6 => BadHeaders(inputs),
                7 => inputs.Pick("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=", "application/json; charset=utf-16") is var contentType
                    ? Signed("signed AgentReady with Content-Type " + contentType, Encoding.UTF8.GetBytes(Event("AgentReady", "agentId", "\"agent1@ccc-local\"")), contentType: contentType)
                    : throw new InvalidOperationException(),
                8 => Oversized(inputs),
                _ => SignedHostileHeader(inputs),
            });
        }

        var good = Signed("good", Encoding.UTF8.GetBytes(Event("AgentReady", "agentId", "\"agent1@ccc-local\"")));
        requests.AddRange(inputs.HttpLevel("signed AgentReady", "POST", Path, good.Headers, good.Body));

        var result = await FuzzRunner.RunAsync(Target, seed, new RawHttp(fixture.Address), requests, Envelopes.CodeAndMessage,
            Signed("signed AgentReady", Encoding.UTF8.GetBytes(Event("AgentReady", "agentId", "\"agent1@ccc-local\""))), r => r.Status == 204);

        FuzzBudget.Report(output, result);
        result.AssertClean(FuzzBudget.WebhookReceiverPerStore);
    }

    private static string Path => WebhookReceiverFixture.Path;

    private static string Event(string type, string field, string value, string instance = "\"ccc-local\"", string time = "\"2026-11-26T02:34:00.447Z\"") =>
        $$"""{"eventType":"{{type}}","eventTime":{{time}},"instanceId":{{instance}},"{{field}}":{{value}}}""";

    private FuzzRequest SignedHostileBody(HostileInputs inputs)
    {
        if (inputs.Chance(35))
        {
            var (label, bytes) = inputs.JsonBody();
            return Signed("signed body " + label, bytes);
        }

        string value = inputs.JsonValue();
        string shown = value.Length > 40 ? value[..40] + "…" : value;
        var (where, json) = inputs.Random.Next(7) switch
        {
            0 => ("eventType", $$"""{"eventType":{{value}},"eventTime":"2026-11-26T02:34:00.447Z","instanceId":"ccc-local"}"""),
            1 => ("eventTime", Event("AgentReady", "agentId", "\"agent1@ccc-local\"", time: value)),
            2 => ("instanceId", Event("AgentReady", "agentId", "\"agent1@ccc-local\"", instance: value)),
            3 => ("CDRReady contactId", Event("CDRReady", "contactId", value)),
            4 => ("call event contactId", Event(inputs.Pick("Ringing", "Established", "Released"), "contactId", value)),
            5 => ("agentIds of a CDR", Event("CDRReady", "agentIds", value).Replace("}", ",\"contactId\":\"job-1\"}", StringComparison.Ordinal)),
            _ => ("an unknown field", Event(inputs.Pick("AgentReady", "RecordingReady", "NoSuchEvent"), "extra", value)),
        };
        return Signed($"signed event with {where} = {shown}", Encoding.UTF8.GetBytes(json), webhookId: inputs.Chance(10) ? "cdr:ccc-local:job-1" : null);
    }

    /// <summary>Raw bytes that are not UTF-8 inside the string of each field the parser reads, signed.</summary>
    private IEnumerable<FuzzRequest> RawBytesInFields()
    {
        var sequences = new (string Label, byte[] Bytes)[] { ("lone surrogate bytes ED A0 80", [0xED, 0xA0, 0x80]), ("invalid byte FF", [0xFF]), ("overlong C0 AF", [0xC0, 0xAF]) };
        var fields = new (string Label, string Before, string After)[]
        {
            ("eventType", "{\"eventType\":\"", "\",\"eventTime\":\"2026-11-26T02:34:00.447Z\",\"instanceId\":\"ccc-local\"}"),
            ("eventTime", "{\"eventType\":\"AgentReady\",\"eventTime\":\"", "\",\"instanceId\":\"ccc-local\"}"),
            ("instanceId", "{\"eventType\":\"AgentReady\",\"eventTime\":\"2026-11-26T02:34:00.447Z\",\"instanceId\":\"", "\"}"),
            ("call event contactId", "{\"eventType\":\"Ringing\",\"eventTime\":\"2026-11-26T02:34:00.447Z\",\"instanceId\":\"ccc-local\",\"contactId\":\"", "\"}"),
            ("CDRReady contactId", "{\"eventType\":\"CDRReady\",\"eventTime\":\"2026-11-26T02:34:00.447Z\",\"instanceId\":\"ccc-local\",\"agentIds\":[],\"contactId\":\"", "\"}"),
        };
        return from field in fields
               from sequence in sequences
               select Signed($"signed event with {sequence.Label} in {field.Label}",
                   [.. Encoding.UTF8.GetBytes(field.Before), .. sequence.Bytes, .. Encoding.UTF8.GetBytes(field.After)]);
    }

    private FuzzRequest SignedHostileHeader(HostileInputs inputs)
    {
        byte[] body = Encoding.UTF8.GetBytes(Event("AgentReady", "agentId", "\"agent1@ccc-local\""));
        var (label, id) = inputs.Pick(
            ("webhook-id of 8 KB", new string('i', 8_000)), ("webhook-id with quotes", "msg_'\"\\"), ("empty webhook-id", ""),
            ("webhook-id with spaces", "msg one two"), ("webhook-id of a CDR key", "cdr:ccc-local:job-1"), ("webhook-id with a dot", "msg.1.2"));
        return Signed("signed AgentReady, " + label, body, webhookId: id);
    }

    private FuzzRequest BadHeaders(HostileInputs inputs)
    {
        byte[] body = Encoding.UTF8.GetBytes(Event("AgentReady", "agentId", "\"agent1@ccc-local\""));
        var now = DateTimeOffset.UtcNow;
        string id = CccWebhookSigner.NewWebhookId();
        string good = CccWebhookSigner.Sign(fixture.Secret, id, now, body);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["webhook-id"] = id,
            ["webhook-timestamp"] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["webhook-signature"] = good,
        };
        string label;
        switch (inputs.Random.Next(4))
        {
            case 0:
                headers["webhook-timestamp"] = inputs.Pick("99999999999999999999", "-9223372036854775808", "9223372036854775807", "1e10", "١٢٣", "", " ", "0x10", "+1764", "1764.5");
                label = "timestamp " + headers["webhook-timestamp"];
                break;
            case 1:
                headers["webhook-signature"] = inputs.Pick("v1,", "v1,====", "v1", ",", "v1," + new string('A', 10_000), "v2," + good[3..], "V1," + good[3..], "v1,!!!! " + good, good + " " + good, new string(' ', 100));
                label = "signature " + (headers["webhook-signature"].Length > 30 ? headers["webhook-signature"][..30] + "…" : headers["webhook-signature"]);
                break;
            case 2:
                string removed = inputs.Pick("webhook-id", "webhook-timestamp", "webhook-signature");
                headers.Remove(removed);
                label = "no " + removed;
                break;
            default:
                var (origin, host) = (inputs.ForeignOrigin("http://127.0.0.1"), inputs.ForeignHost());
                headers["Origin"] = origin;
                headers["Host"] = host;
                headers["webhook-signature"] = "v1,AAAA";
                label = "foreign Origin and Host, bad signature";
                break;
        }

        return new FuzzRequest
        {
            Description = "unsigned AgentReady, " + label,
            Target = Path,
            Headers = [.. headers, new("Content-Type", "application/json")],
            Body = body,
        };
    }

    private FuzzRequest Oversized(HostileInputs inputs)
    {
        byte[] big = Encoding.UTF8.GetBytes(Event("AgentReady", "extra", "\"" + new string('x', 300_000) + "\""));
        return inputs.Random.Next(3) switch
        {
            0 => Signed("signed 300 KB body", big),
            1 => new FuzzRequest
            {
                Description = "chunked 300 KB body",
                Target = Path,
                Headers = [new("Transfer-Encoding", "chunked"), new("Content-Type", "application/json")],
                Body = [.. Encoding.ASCII.GetBytes(big.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"), .. big, .. "\r\n0\r\n\r\n"u8.ToArray()],
                BodyIsFramed = true,
            },
            _ => new FuzzRequest
            {
                Description = "declared Content-Length of 1 TB, tiny body",
                Target = Path,
                Headers = [new("Content-Length", "1099511627776"), new("Content-Type", "application/json")],
                Body = "{}"u8.ToArray(),
                BodyIsFramed = true,
            },
        };
    }

    private FuzzRequest Signed(string description, byte[] body, string? webhookId = null, string contentType = "application/json")
    {
        string id = webhookId ?? CccWebhookSigner.NewWebhookId();
        var now = DateTimeOffset.UtcNow;
        return new FuzzRequest
        {
            Description = description,
            Target = Path,
            Headers =
            [
                new("Content-Type", contentType),
                new("webhook-id", id),
                new("webhook-timestamp", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
                // An empty id cannot be signed: sign another, the receiver must refuse it anyway.
                new("webhook-signature", CccWebhookSigner.Sign(fixture.Secret, id.Length == 0 ? "msg_empty" : id, now, body)),
            ],
            Body = body,
        };
    }
}

public sealed class InMemoryWebhookReceiverFuzzTests(InMemoryReceiverFixture fixture, ITestOutputHelper output)
    : WebhookReceiverFuzzTests(fixture, output), IClassFixture<InMemoryReceiverFixture>;

public sealed class SqliteWebhookReceiverFuzzTests(SqliteReceiverFixture fixture, ITestOutputHelper output)
    : WebhookReceiverFuzzTests(fixture, output), IClassFixture<SqliteReceiverFixture>;

public sealed class PostgresWebhookReceiverFuzzTests(PostgresReceiverFixture fixture, ITestOutputHelper output)
    : WebhookReceiverFuzzTests(fixture, output), IClassFixture<PostgresReceiverFixture>;
