using System.Text;
using Xunit.Abstractions;

namespace Ccc.Sdk.Tests.Fuzz;

/// <summary>
/// The emulator's unsigned control API under <c>/_emulator/</c>: hostile path segments, JSON bodies that are malformed,
/// of the wrong types, deeply nested or not UTF-8, wrong methods and content types. Refusals are the cloud's envelope
/// (docs/emulator-calls.md "Control API").
/// </summary>
public sealed class ControlApiFuzzTests(EmulatorFuzzFixture fixture, ITestOutputHelper output) : IClassFixture<EmulatorFuzzFixture>
{
    private const string Target = "emulator control API";

    private static readonly string[] GoodBodies =
    [
        "{\"behavior\":\"answer\",\"answerAfterMs\":500,\"hangUpAfterMs\":3000,\"earlyMediaAfterMs\":200}",
        "{\"autoAnswer\":true,\"answerAfterMs\":0}",
        "{\"from\":\"13800000001\",\"to\":\"02150000001\",\"userName\":\"agent2\",\"skillGroupId\":\"sales@ccc-local\",\"instanceId\":\"ccc-local\"}",
        "{\"hideCustomerNumbers\":false}",
        "{\"duplicate\":0.2,\"reorder\":0.2,\"drop\":0.0,\"seed\":42}",
        "{\"secret\":\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\",\"overlapSeconds\":60}",
    ];

    /// <summary>Known fields with values of the wrong type or out of range, and property-name tricks.</summary>
    private static readonly string[] WrongFields =
    [
        "{\"behavior\":1}", "{\"behavior\":\"ANSWER\"}", "{\"behavior\":\"\\ud800\"}", "{\"answerAfterMs\":\"500\"}", "{\"answerAfterMs\":1e300}",
        "{\"answerAfterMs\":-1}", "{\"answerAfterMs\":9223372036854775808}", "{\"answerAfterMs\":1.5}", "{\"hangUpAfterMs\":null}",
        "{\"autoAnswer\":\"yes\"}", "{\"autoAnswer\":1}", "{\"BEHAVIOR\":\"busy\",\"behavior\":\"answer\"}", "{\"behavior\":\"busy\",\"behavior\":\"reject\"}",
        "{\"from\":13800000001,\"to\":[\"02150000001\"]}", "{\"from\":\"\\ud800\",\"to\":\"02150000001\"}", "{\"from\":\"13800000001\",\"to\":\"\\u0000\"}",
        "{\"from\":\"13800000001\",\"to\":\"02150000001\",\"instanceId\":{\"$ne\":null}}", "{\"unknown\":1}", "{\"\\ud800\":1}", "{\"\":1}",
        "{\"hideCustomerNumbers\":\"false\"}", "{\"behavior\":\"answer\",\"answerAfterMs\":500,\"extra\":{\"deep\":[[[[[]]]]]}}",
        "{\"__proto__\":{\"admin\":true}}", "[]", "null", "\"answer\"", "123",
        "{\"secret\":123}", "{\"secret\":\"\\ud800\"}", "{\"secret\":\"whsec_!!!\"}", "{\"secret\":\"whsec_\"}", "{\"overlapSeconds\":-1}",
        "{\"overlapSeconds\":1e300}", "{\"overlapSeconds\":\"60\"}", "{\"duplicate\":\"0.2\"}", "{\"duplicate\":2}", "{\"drop\":-0.5}",
        "{\"reorder\":1e400}", "{\"seed\":9223372036854775808}", "{\"seed\":\"x\"}", "{\"seed\":1.5}", "{\"duplicate\":null,\"drop\":[]}",
        "{\"queueOverflow\":{\"sales@ccc-local\":\"\\ud800\"}}", "{\"queueOverflow\":{\"\\udc00\":\"support@ccc-local\"}}", "{\"queueOverflow\":[]}",
        "{\"workHours\":\"x\"}", "{\"workHours\":{\"start\":\"25:99\",\"end\":\"\\ud800\"}}", "{\"hideCustomerNumbers\":\"\\ud800\"}",
        "{\"userName\":\"\\ud800\",\"from\":\"13800000001\",\"to\":\"02150000001\"}", "{\"skillGroupId\":\"\\udc00\",\"from\":\"13800000001\",\"to\":\"02150000001\"}",
    ];

    /// <summary>The routes that read a JSON body, each of which gets every hostile body once.</summary>
    private static readonly (string Method, string Path)[] JsonRoutes =
    [
        ("PUT", "/_emulator/phones/13800000001"), ("PUT", "/_emulator/agents/agent1@ccc-local"), ("POST", "/_emulator/calls/inbound"),
        ("PUT", "/_emulator/instances/ccc-local/call-settings"), ("PUT", "/_emulator/subscriptions/ccc-local/chaos"),
        ("POST", "/_emulator/subscriptions/ccc-local/rotate-secret"),
    ];

    [Fact]
    public async Task Hostile_requests_to_the_control_API_get_code_and_message_and_never_a_5xx()
    {
        int seed = FuzzSeed.Value;
        var inputs = new HostileInputs(FuzzSeed.For(seed, Target));

        // A subscription, so that the /_emulator/subscriptions/… routes reach their body parsing.
        var subscribed = await fixture.Harness.CallAsync("UpdateSubscription", ("InstanceId", "ccc-local"), ("AccessPoint", "http://127.0.0.1:9/ccc/events"),
            ("EventSubscriptionsJson", """[{"Name":"AgentReady"}]"""));
        Assert.Equal("OK", subscribed.Code);
        var bodies = WrongFields.Select(w => ("wrong field " + w, Encoding.UTF8.GetBytes(w))).Concat(HostileInputs.EveryJsonBody()).ToList();
        var requests = JsonRoutes.SelectMany(route => bodies.Select(body => new FuzzRequest
        {
            Description = $"{route.Method} {route.Path} body {(body.Item1.Length > 70 ? body.Item1[..70] + "…" : body.Item1)}",
            Method = route.Method,
            Target = route.Path,
            Headers = [new("Content-Type", "application/json")],
            Body = body.Item2,
        })).ToList();
        while (requests.Count < FuzzBudget.ControlApi - HostileInputs.HttpLevelCases)
        {
            requests.Add(Next(inputs));
        }

        requests.AddRange(inputs.HttpLevel("PUT phone", "PUT", "/_emulator/phones/13800000001", [new("Content-Type", "application/json")],
            Encoding.UTF8.GetBytes(GoodBodies[0])));

        var result = await FuzzRunner.RunAsync(Target, seed, new RawHttp(fixture.Harness.Emulator.Endpoint), requests, Envelopes.ControlApi,
            new FuzzRequest { Description = "GET a phone", Method = "GET", Target = "/_emulator/phones/13800000001" },
            r => r.Status == 200 && r.Text.Contains("behavior", StringComparison.OrdinalIgnoreCase));

        FuzzBudget.Report(output, result);
        result.AssertClean(FuzzBudget.ControlApi);
    }

    private static FuzzRequest Next(HostileInputs inputs)
    {
        var (segmentLabel, segment) = inputs.Chance(50) ? ("good number", "13800000001") : inputs.EncodedValue();
        var (method, path) = inputs.Random.Next(15) switch
        {
            12 => ("POST", "/_emulator/subscriptions/ccc-local/rotate-secret"),
            13 => (inputs.Pick("PUT", "GET"), $"/_emulator/subscriptions/{(inputs.Chance(70) ? "ccc-local" : segment)}/chaos"),
            14 => ("DELETE", $"/_emulator/subscriptions/ccc-local/secrets/{inputs.Pick("0", "1", "-1", "99999999999", "1e3", segment)}"),
            0 => ("PUT", $"/_emulator/phones/{segment}"),
            1 => ("GET", $"/_emulator/phones/{segment}"),
            2 => ("DELETE", $"/_emulator/phones/{segment}"),
            3 => ("POST", $"/_emulator/phones/{segment}/{inputs.Pick("answer", "hang-up", "ANSWER", "answer/", "..%2fanswer")}"),
            4 => ("PUT", $"/_emulator/agents/{(inputs.Chance(50) ? "agent1@ccc-local" : segment)}"),
            5 => ("GET", $"/_emulator/agents/{segment}"),
            6 => ("POST", "/_emulator/calls/inbound"),
            7 => ("GET", $"/_emulator/calls/{segment}/events"),
            8 => (inputs.Pick("GET", "PUT"), $"/_emulator/instances/{(inputs.Chance(50) ? "ccc-local" : segment)}/call-settings"),
            9 => ("GET", $"/_emulator/subscriptions/{(inputs.Chance(50) ? "ccc-local" : segment)}"),
            10 => ("GET", $"/_emulator/recordings/{segment}.wav?instanceId=ccc-local&Expires={inputs.Pick("1", "-1", "99999999999999999999", "x", "")}&Signature={inputs.EncodedValue().Encoded}"),
            _ => ("GET", $"/_emulator/phone?number={segment}"),
        };

        if (inputs.Chance(10))
        {
            method = inputs.Pick("PATCH", "OPTIONS", "TRACE", "FUZZ", "POST");
            segmentLabel += ", wrong method";
        }

        if (inputs.Chance(8))
        {
            path = inputs.Pick(path.ToUpperInvariant(), path.Replace("/_emulator/", "/_emulator//", StringComparison.Ordinal), path + "/", "/_EMULATOR/phones/13800000001");
            segmentLabel += ", path variant";
        }

        if (method is "GET" or "DELETE")
        {
            return new FuzzRequest { Description = $"{method} {Shape(path)} with {segmentLabel}", Method = method, Target = path };
        }

        string wrong = inputs.Pick(WrongFields);
        var (bodyLabel, body) = inputs.Random.Next(4) switch
        {
            0 => ("good body", Encoding.UTF8.GetBytes(inputs.Pick(GoodBodies))),
            1 => inputs.JsonBody(),
            _ => ("wrong field " + wrong, Encoding.UTF8.GetBytes(wrong)),
        };

        string contentType = inputs.Chance(85) ? "application/json" : inputs.Pick("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=", "application/json; charset=utf-16", "");
        return new FuzzRequest
        {
            Description = $"{method} {Shape(path)} with {segmentLabel}, body {bodyLabel}, Content-Type '{contentType}'",
            Method = method,
            Target = path,
            Headers = contentType.Length == 0 ? [] : [new("Content-Type", contentType)],
            Body = body,
        };
    }

    /// <summary>The path with long segments cut, for a readable description.</summary>
    private static string Shape(string path) => string.Join('/', path.Split('?')[0].Split('/').Select(s => s.Length > 24 ? s[..24] + "…" : s));
}
