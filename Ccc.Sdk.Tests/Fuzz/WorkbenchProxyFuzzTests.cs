using System.Text;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Tests.AspNetCore;
using Xunit.Abstractions;

namespace Ccc.Sdk.Tests.Fuzz;

/// <summary>A CRM back end with <c>MapCccWorkbenchProxy</c> (rate limit off) in front of its own emulator, and a signed-in
/// test user's anti-forgery cookie and token.</summary>
public sealed class WorkbenchProxyFuzzFixture : IAsyncLifetime
{
    private CccEmulator? _emulator;
    private WorkbenchProxyHost? _host;

    internal WorkbenchProxyHost Host => _host!;

    public string Cookie { get; private set; } = "";

    public string Token { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _emulator = await CccEmulator.StartAsync();
        _host = await WorkbenchProxyHost.StartAsync(_emulator, o => o.RateLimitPermitLimit = 0);

        // The token and its cookie, fetched by hand: the fuzz requests are written byte for byte.
        var (response, failure) = await new RawHttp(_host.Address).SendAsync(new FuzzRequest
        {
            Description = "antiforgery",
            Method = "GET",
            Target = "/antiforgery",
            Headers = [new("X-Test-User", "alice")],
        });
        Assert.True(response is { Status: 200 }, failure ?? response?.Excerpt);
        Token = response!.Text;
        Cookie = response.Headers["Set-Cookie"].Split(';')[0];
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}

/// <summary>
/// The Workbench proxy, as a signed-in user's browser would reach it and as an attacker would: the <c>request</c> form
/// field made hostile (not JSON, lone surrogates, wrong types, smuggled protocol fields, other agents), the query's
/// <c>action</c> mutated, form limits, wrong content types, foreign Origins, missing or wrong anti-forgery tokens, no
/// sign-in. Every refusal but the sign-in challenge is the cloud's envelope (docs/softphone-proxy.md).
/// </summary>
public sealed class WorkbenchProxyFuzzTests(WorkbenchProxyFuzzFixture fixture, ITestOutputHelper output) : IClassFixture<WorkbenchProxyFuzzFixture>
{
    private const string Target = "Workbench proxy";

    private static readonly string[] Actions =
    [
        "GetLoginDetails", "ListSkillLevelsOfUser", "ListOutboundNumbersOfUser", "ListSkillGroups", "GetNumberLocation", "ListRealtimeAgentStates",
        "ListAgentStates", "SignInGroup", "TakeBreak", "ReadyForService", "MakeCall", "ListRecentCallDetailRecords", "ListHistoricalAgentReport", "SaveTerminalLog",
    ];

    private static readonly string[] Fields =
    [
        "userId", "UserId", "USERID", "userid", "agentIdList", "agentIds", "agentId", "instanceId", "pageNumber", "pageSize", "callee", "caller",
        "signedSkillGroupIdList", "code", "startTime", "Action", "Version", "Signature", "SignatureType", "BearerToken", "AccessKeyId", "SecurityToken", "",
    ];

    [Fact]
    public async Task Hostile_requests_to_the_proxy_get_the_clouds_envelope_and_never_a_5xx()
    {
        int seed = FuzzSeed.Value;
        var inputs = new HostileInputs(FuzzSeed.For(seed, Target));
        // Every hostile value once as userId and as agentIdList, every hostile JSON text once as the request; then random requests.
        var requests = HostileInputs.EveryJsonValue()
            .SelectMany(v => new[] { ("userId", v), ("agentIdList", v) })
            .Select(f => Post($"request {{{f.Item1} = {(f.Item2.Length > 40 ? f.Item2[..40] + "…" : f.Item2)}}}", "ListRealtimeAgentStates", Form($"{{\"{f.Item1}\":{f.Item2}}}")))
            .Concat(HostileInputs.EveryJsonText().Select(t => Post("request = " + t.Label, "GetLoginDetails", Form(t.Json))))
            .ToList();
        while (requests.Count < FuzzBudget.WorkbenchProxy - HostileInputs.HttpLevelCases)
        {
            requests.Add(Next(inputs));
        }

        var good = Post("good", "GetLoginDetails", Encoding.ASCII.GetBytes("request=" + HostileInputs.Encode("{}")));
        requests.AddRange(inputs.HttpLevel("GetLoginDetails", good.Method, good.Target, good.Headers, good.Body));

        var result = await FuzzRunner.RunAsync(Target, seed, new RawHttp(fixture.Host.Address), requests, Check,
            good with { Description = "GetLoginDetails as alice" }, r => r.Status == 200 && r.Text.Contains("agent1@ccc-local", StringComparison.Ordinal));

        FuzzBudget.Report(output, result);
        foreach (var record in fixture.Host.Logs.GetSnapshot().Where(r => r.Exception is not null).Take(20))
        {
            output.WriteLine($"[log] {record.Category}: {record.Message} {record.Exception!.GetType().Name}: {record.Exception.Message}");
        }

        result.AssertClean(FuzzBudget.WorkbenchProxy);
    }

    private static string? Check(FuzzRequest request, FuzzResponse response)
    {
        // Not signed in: the authorization middleware's challenge, whose body is the scheme's (the test scheme writes none).
        bool anonymous = !request.Headers.Any(h => h.Key == "X-Test-User");
        if (response.Status == 401 && anonymous && response.Body.Length == 0)
        {
            return null;
        }

        // The proxy maps POST only (docs/softphone-proxy.md): another method is endpoint routing's bare 405 with Allow.
        if (response.Status == 405 && request.Method != "POST" && response.Headers.TryGetValue("Allow", out var allow) && allow == "POST")
        {
            return null;
        }

        return Envelopes.OpenApi(request, response);
    }

    private FuzzRequest Next(HostileInputs inputs)
    {
        string action = inputs.Pick(Actions);
        var (label, body) = inputs.Random.Next(10) switch
        {
            < 4 => HostileObject(inputs),
            4 => JsonRequest(inputs.JsonText()),
            5 => EncodedRequest(inputs.EncodedValue()),
            6 => EncodedUserId(inputs.EncodedValue()),
            7 => inputs.Pick(
                ("form of 10,000 fields", Encoding.ASCII.GetBytes("request=%7B%7D&" + HostileInputs.ManyParameters(10_000))),
                ("two request fields", Encoding.ASCII.GetBytes("request=%7B%7D&request=" + HostileInputs.Encode("{\"userId\":\"agent2@ccc-local\"}"))),
                ("request field of 100 KB", Form("{\"a\":\"" + new string('x', 100_000) + "\"}")),
                ("request field of 60 KB", Form("{\"a\":\"" + new string('x', 60_000) + "\"}")),
                ("field name of 30 KB", Encoding.ASCII.GetBytes(new string('n', 30_000) + "=1&request=%7B%7D")),
                ("form with raw invalid UTF-8", [.. "request="u8.ToArray(), 0xED, 0xA0, 0x80, 0xFF]),
                ("no request field", Encoding.ASCII.GetBytes("other=1"))),
            _ => ("request {}", Form("{}")),
        };

        var request = Post(label, action, body);
        switch (inputs.Random.Next(12))
        {
            case 0:
                request = WithHeader(request, "Origin", inputs.ForeignOrigin(WorkbenchProxyHost.Origin), "foreign Origin");
                break;
            case 1:
                request = Without(request, inputs.Pick("Origin", "RequestVerificationToken", "Cookie", "X-Test-Agent", "X-Test-User"));
                break;
            case 2:
                string token = inputs.Pick("", "x", new string('A', 4_000), fixture.Token + "x");
                request = WithHeader(request, "RequestVerificationToken", token, $"anti-forgery token '{(token.Length > 10 ? token[..10] + "…" : token)}'");
                break;
            case 3:
                string contentType = inputs.Pick("text/plain", "application/json", "multipart/form-data; boundary=", "multipart/form-data; boundary=zz", "application/x-www-form-urlencoded; charset=utf-16");
                request = WithHeader(request, "Content-Type", contentType, $"Content-Type '{contentType}'");
                break;
            case 4:
                var (queryLabel, query) = inputs.Pick(
                    ("action in lower case", "action=" + action.ToLowerInvariant()),
                    ("two actions", $"action={action}&action=CreateUser"),
                    ("Action and action", $"action={action}&Action=CreateUser"),
                    ("no action", "product=CloudCallCenter"),
                    ("empty action", "action="),
                    ("action with a lone surrogate", "action=" + action + "%ED%A0%80"),
                    ("action with NUL", "action=" + action + "%00"),
                    ("smuggled UserId in the query", $"action={action}&UserId=agent2%40ccc-local&InstanceId=other"),
                    ("smuggled signature fields in the query", $"action={action}&Signature=x&SignatureType=BEARERTOKEN&BearerToken=x&AccessKeyId={CccEmulator.DevAccessKeyId}"),
                    ("action of the wrong form", "action[]=" + action));
                request = request with { Description = request.Description + ", " + queryLabel, Target = WorkbenchProxyHost.Path + "?" + query + "&product=CloudCallCenter&version=2020-07-01&region=cn-shanghai" };
                break;
            case 5:
                string agent = inputs.Pick("agent2@ccc-local", "AGENT1@CCC-LOCAL", "nobody@ccc-local", " agent1@ccc-local");
                request = WithHeader(request, "X-Test-Agent", agent, $"resolved agent '{agent}'");
                break;
            case 6:
                string method = inputs.Pick("PUT", "GET", "DELETE");
                request = request with { Description = request.Description + ", method " + method, Method = method };
                break;
            default:
                break;
        }

        return request;
    }

    private static (string, byte[]) JsonRequest((string Label, string Json) value) => ("request = " + value.Label, Form(value.Json));

    private static (string, byte[]) EncodedRequest((string Label, string Encoded) value) =>
        ("request = " + value.Label, Encoding.ASCII.GetBytes("request=" + value.Encoded));

    private static (string, byte[]) EncodedUserId((string Label, string Encoded) value) =>
        ("request {\"userId\": " + value.Label + "}", Encoding.ASCII.GetBytes("request=%7B%22userId%22%3A%22" + value.Encoded + "%22%7D"));

    /// <summary>A JSON object with one or two hostile fields, form-encoded as <c>request</c>.</summary>
    private static (string Label, byte[] Body) HostileObject(HostileInputs inputs)
    {
        var fields = new List<string>();
        var labels = new List<string>();
        for (int i = 0, n = 1 + inputs.Random.Next(2); i < n; i++)
        {
            string name = inputs.Pick(Fields);
            string value = inputs.Chance(25) ? inputs.Pick("\"agent2@ccc-local\"", "\"AGENT1@ccc-local\"", "[\"agent1@ccc-local\",\"agent2@ccc-local\"]", "\"agent1@ccc-local,agent2@ccc-local\"") : inputs.JsonValue();
            fields.Add($"\"{name}\":{value}");
            labels.Add($"{name} = {(value.Length > 40 ? value[..40] + "…" : value)}");
        }

        return ("request {" + string.Join(", ", labels) + "}", Form("{" + string.Join(',', fields) + "}"));
    }

    private static byte[] Form(string json) => Encoding.ASCII.GetBytes("request=" + HostileInputs.Encode(json));

    private FuzzRequest Post(string label, string action, byte[] body) => new()
    {
        Description = $"{action} {label}",
        Target = $"{WorkbenchProxyHost.Path}?action={action}&product=CloudCallCenter&version=2020-07-01&region=cn-shanghai",
        Headers =
        [
            new("X-Test-User", "alice"), new("X-Test-Agent", "agent1@ccc-local"), new("Origin", WorkbenchProxyHost.Origin),
            new("RequestVerificationToken", fixture.Token), new("Cookie", fixture.Cookie), new("Content-Type", "application/x-www-form-urlencoded"),
        ],
        Body = body,
    };

    private static FuzzRequest WithHeader(FuzzRequest request, string name, string value, string label) => request with
    {
        Description = request.Description + ", " + label,
        Headers = [.. request.Headers.Where(h => !string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)), new(name, value)],
    };

    private static FuzzRequest Without(FuzzRequest request, string name) => request with
    {
        Description = request.Description + ", no " + name,
        Headers = [.. request.Headers.Where(h => !string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))],
    };
}
