using System.Globalization;
using System.Text;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Tests.Emulator;
using Xunit.Abstractions;

namespace Ccc.Sdk.Tests.Fuzz;

/// <summary>An in-process emulator of its own for one fuzz target (its state is trampled by the hostile requests).</summary>
public sealed class EmulatorFuzzFixture : IAsyncLifetime
{
    internal EmulatorHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync() => Harness = await EmulatorHarness.StartAsync();

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}

/// <summary>
/// The emulator's OpenAPI front door: unsigned requests with broken encodings, smuggled and duplicated parameters and
/// wrong bodies; V3 and RPC requests signed with the dev keys whose parameters are hostile (so they reach the actions);
/// signed requests mutated after signing; hostile bearer tokens; requests broken at the HTTP level.
/// </summary>
public sealed class EmulatorOpenApiFuzzTests(EmulatorFuzzFixture fixture, ITestOutputHelper output) : IClassFixture<EmulatorFuzzFixture>
{
    private const string Target = "emulator OpenAPI";

    /// <summary>Actions with well-formed parameters; <c>true</c> marks a parameter that holds JSON.</summary>
    private static readonly (string Action, (string Name, string Value, bool Json)[] Parameters)[] Actions =
    [
        ("ListUsers", [("InstanceId", "ccc-local", false), ("PageNumber", "1", false), ("PageSize", "10", false), ("SearchPattern", "agent", false)]),
        ("GetUser", [("InstanceId", "ccc-local", false), ("UserId", "agent1@ccc-local", false)]),
        ("CreateUser", [("InstanceId", "ccc-local", false), ("LoginName", "fuzz", false), ("DisplayName", "Fuzz", false), ("Email", "fuzz@example.com", false), ("RoleId", "Agent@ccc-local", false), ("SkillLevelList", "[{\"SkillGroupId\":\"sales@ccc-local\",\"SkillLevel\":5}]", true)]),
        ("ListRealtimeAgentStates", [("InstanceId", "ccc-local", false), ("PageNumber", "1", false), ("PageSize", "10", false), ("AgentIdList", "[\"agent1@ccc-local\"]", true), ("StateList", "[\"READY\"]", true)]),
        ("SignInGroup", [("InstanceId", "ccc-local", false), ("UserId", "agent2@ccc-local", false), ("DeviceId", "dev1", false), ("SignedSkillGroupIdList", "[\"sales@ccc-local\"]", true)]),
        ("ChangeWorkMode", [("InstanceId", "ccc-local", false), ("UserId", "agent2@ccc-local", false), ("WorkMode", "ON_SITE", false), ("SignedSkillGroupIdList", "[\"sales@ccc-local\"]", true)]),
        ("TakeBreak", [("InstanceId", "ccc-local", false), ("UserId", "agent2@ccc-local", false), ("Code", "lunchtime", false)]),
        ("GetNumberLocation", [("InstanceId", "ccc-local", false), ("Number", "13900000001", false)]),
        ("ListSkillLevelsOfUser", [("InstanceId", "ccc-local", false), ("PageNumber", "1", false), ("PageSize", "10", false), ("UserId", "agent1@ccc-local", false), ("IsMember", "true", false)]),
        ("ListOutboundNumbersOfUser", [("InstanceId", "ccc-local", false), ("PageNumber", "1", false), ("PageSize", "10", false), ("UserId", "agent1@ccc-local", false), ("SkillGroupIdList", "[\"sales@ccc-local\"]", true)]),
        ("UpdateSubscription", [("InstanceId", "ccc-local", false), ("AccessPoint", "http://127.0.0.1:9/ccc/events", false), ("EventSubscriptionsJson", "[{\"EventType\":\"AgentReady\"}]", true)]),
        ("ListCallDetailRecords", [("InstanceId", "ccc-local", false), ("PageNumber", "1", false), ("PageSize", "10", false), ("StartTime", "1764115200000", false), ("EndTime", "1764201600000", false)]),
        ("MakeCall", [("InstanceId", "ccc-local", false), ("UserId", "agent3@ccc-local", false), ("Caller", "02150000001", false), ("Callee", "13800000099", false), ("Tags", "{\"a\":1}", true)]),
        ("ListPhoneNumbers", [("InstanceId", "ccc-local", false), ("PageNumber", "1", false), ("PageSize", "10", false), ("Active", "true", false), ("Usage", "Bidirection", false)]),
    ];

    private EmulatorHarness Harness => fixture.Harness;

    [Fact]
    public async Task Hostile_requests_to_the_OpenAPI_get_the_clouds_envelope_and_never_a_5xx()
    {
        int seed = FuzzSeed.Value;
        var inputs = new HostileInputs(FuzzSeed.For(seed, Target));
        // Every hostile JSON text once in every JSON-valued parameter, signed (so it reaches the action); then random requests.
        var requests = (from action in Actions
                        from parameter in action.Parameters
                        where parameter.Json
                        from json in HostileInputs.EveryJsonText()
                        select SignedV3Request(action.Action, action.Parameters.Select(p => (p.Name, p.Name == parameter.Name ? json.Json : p.Value)), [])
                            with { Description = $"signed V3 {action.Action} with {parameter.Name} = {json.Label}" }).ToList();
        while (requests.Count < FuzzBudget.OpenApi - HostileInputs.HttpLevelCases)
        {
            requests.Add(inputs.Random.Next(6) switch
            {
                0 => Unsigned(inputs),
                1 or 2 => SignedV3(inputs),
                3 => SignedRpc(inputs),
                4 => WrongBody(inputs),
                _ => Bearer(inputs),
            });
        }

        var plain = SignedV3Request("ListUsers", [("InstanceId", "ccc-local"), ("PageNumber", "1"), ("PageSize", "10")], []);
        requests.AddRange(inputs.HttpLevel("signed ListUsers", plain.Method, plain.Target, plain.Headers, plain.Body));

        var result = await FuzzRunner.RunAsync(Target, seed, new RawHttp(Harness.Emulator.Endpoint), requests, Envelopes.OpenApi,
            HealthProbe(), r => r.Status == 200 && r.Text.Contains("\"Code\":\"OK\"", StringComparison.Ordinal));

        FuzzBudget.Report(output, result);
        result.AssertClean(FuzzBudget.OpenApi);
    }

    private FuzzRequest HealthProbe() =>
        SignedV3Request("ListUsers", [("InstanceId", "ccc-local"), ("PageNumber", "1"), ("PageSize", "10")], []) with { Description = "signed ListUsers" };

    /// <summary>The action's parameters with one or two made hostile (as decoded text), plus smuggled ones.</summary>
    private static (string Label, List<(string Name, string Value)> Parameters) HostileParameters(HostileInputs inputs, (string Action, (string Name, string Value, bool Json)[] Parameters) action)
    {
        var parameters = action.Parameters.Select(p => (p.Name, p.Value)).ToList();
        var labels = new List<string>();
        int changes = 1 + inputs.Random.Next(2);
        for (int i = 0; i < changes; i++)
        {
            // Only parameters still present (an earlier change may have removed one).
            var present = action.Parameters.Where(p => parameters.Exists(q => q.Name == p.Name)).ToArray();
            if (present.Length == 0)
            {
                break;
            }

            var (name, _, json) = inputs.Pick(present);
            switch (inputs.Random.Next(json ? 5 : 4))
            {
                case 0:
                    parameters.RemoveAt(parameters.FindIndex(p => p.Name == name));
                    labels.Add($"{name} removed");
                    break;
                case 1:
                    var smuggled = inputs.Pick("Action", "Version", "Signature", "SignatureType", "BearerToken", "AccessKeyId", "SecurityToken", "USERID", "userid", "userId", "instanceid", "RegionId");
                    parameters.Add((smuggled, inputs.Pick("agent2@ccc-local", "CreateUser", "BEARERTOKEN", "2019-01-01", CccEmulator.DevAccessKeyId, "x")));
                    labels.Add($"smuggled {smuggled}");
                    break;
                case 4:
                    var (jsonLabel, jsonText) = inputs.JsonText();
                    parameters[parameters.FindIndex(p => p.Name == name)] = (name, jsonText);
                    labels.Add($"{name} = {jsonLabel}");
                    break;
                default:
                    var (textLabel, text) = inputs.Text();
                    parameters[parameters.FindIndex(p => p.Name == name)] = (name, text);
                    labels.Add($"{name} = {textLabel}");
                    break;
            }
        }

        return ($"{action.Action} with {string.Join(", ", labels)}", parameters);
    }

    private FuzzRequest SignedV3(HostileInputs inputs)
    {
        var action = inputs.Pick(Actions);
        var (label, parameters) = HostileParameters(inputs, action);
        // The list parameters of ListRealtimeAgentStates travel in the form body, as the cloud's SDKs send them.
        var form = parameters.Where(p => p.Name is "AgentIdList" or "StateList" && inputs.Chance(70)).ToList();
        var query = parameters.Except(form).ToList();
        var request = SignedV3Request(action.Action, query, form, v3 =>
        {
            switch (inputs.Random.Next(8))
            {
                case 0:
                    v3.Headers["host"] = inputs.ForeignHost();
                    label += ", signed for a foreign Host";
                    v3.Sign();
                    break;
                case 1:
                    v3.Headers["x-acs-action"] = inputs.Pick("listusers", "LISTUSERS", "CreateUser", "");
                    label += ", x-acs-action changed after signing";
                    break;
                case 2:
                    v3.Headers["x-acs-version"] = inputs.Pick("2019-01-01", "2020-07-01 ", "", "2020-07-01,2020-07-01");
                    label += ", x-acs-version changed and re-signed";
                    v3.Sign();
                    break;
                case 3:
                    v3.Headers["x-acs-date"] = inputs.Pick("2026-11-26T08:00:00", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2026-02-30T08:00:00Z", "1764144000", "");
                    label += ", odd x-acs-date, re-signed";
                    v3.Sign();
                    break;
                case 4:
                    v3.Authorization = inputs.Pick(
                        "ACS3-HMAC-SHA256 Credential=,SignedHeaders=,Signature=",
                        "ACS3-HMAC-SHA256",
                        "ACS3-HMAC-SHA256 Credential=a,Credential=b,SignedHeaders=host,Signature=00",
                        "acs3-hmac-sha256 " + v3.Authorization![17..],
                        v3.Authorization + ",Signature=" + new string('0', 10_000),
                        "Bearer x");
                    label += ", mangled Authorization";
                    break;
                case 5:
                    v3.Headers["x-acs-security-token"] = inputs.Pick("CAIS", "", new string('t', 50_000));
                    label += ", security token with a permanent key";
                    v3.Sign();
                    break;
                default:
                    break;
            }
        });
        return request with { Description = "signed V3 " + label };
    }

    private FuzzRequest SignedV3Request(string action, IEnumerable<(string Name, string Value)> query, IEnumerable<(string Name, string Value)> form, Action<V3Request>? tweak = null)
    {
        var formList = form.ToList();
        var v3 = V3Request.Create(Harness, action, query.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)),
            formList.Count == 0 ? null : formList.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));
        tweak?.Invoke(v3);
        var headers = v3.Headers.Where(h => h.Key != "content-type").Select(h => new KeyValuePair<string, string>(h.Key == "host" ? "Host" : h.Key, h.Value)).ToList();
        if (v3.Headers.TryGetValue("content-type", out var contentType))
        {
            headers.Add(new("Content-Type", contentType));
        }

        if (v3.Authorization is not null)
        {
            headers.Add(new("Authorization", v3.Authorization));
        }

        return new FuzzRequest
        {
            Description = action,
            Method = v3.Method,
            Target = v3.Query.Count == 0 ? "/" : "/?" + TestSigner.QueryString(v3.Query),
            Headers = headers,
            Body = v3.Body,
        };
    }

    private FuzzRequest SignedRpc(HostileInputs inputs)
    {
        var action = inputs.Pick(Actions);
        var (label, parameters) = HostileParameters(inputs, action);
        var all = new List<KeyValuePair<string, string>>
        {
            new("Action", action.Action), new("Version", "2020-07-01"), new("Format", "JSON"), new("AccessKeyId", CccEmulator.DevAccessKeyId),
            new("SignatureMethod", "HMAC-SHA1"), new("SignatureVersion", "1.0"), new("SignatureNonce", Guid.NewGuid().ToString("N")),
            new("Timestamp", Harness.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
        };
        all.AddRange(parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));
        bool post = inputs.Chance(50);
        string method = post ? "POST" : "GET";
        all.Add(new("Signature", TestSigner.RpcSignature(CccEmulator.DevAccessKeySecret, method, all)));
        if (inputs.Chance(25))
        {
            all.Add(new("signature", "AAAA"));
            label += ", second lower-case signature";
        }

        string encoded = TestSigner.QueryString(all);
        return post
            ? new FuzzRequest { Description = "signed RPC POST " + label, Target = "/", Headers = [new("Content-Type", "application/x-www-form-urlencoded")], Body = Encoding.ASCII.GetBytes(encoded) }
            : new FuzzRequest { Description = "signed RPC GET " + label, Method = "GET", Target = "/?" + encoded };
    }

    private static FuzzRequest Unsigned(HostileInputs inputs)
    {
        var pieces = new List<string> { "Action=" + inputs.Pick("ListUsers", "GetUser", "listusers", "") , "Version=2020-07-01" };
        var labels = new List<string>();
        for (int i = 0, n = 1 + inputs.Random.Next(3); i < n; i++)
        {
            var (nameLabel, name) = inputs.ParameterName();
            var (valueLabel, value) = inputs.EncodedValue();
            pieces.Add(name + "=" + value);
            labels.Add($"{nameLabel} = {valueLabel}");
        }

        if (inputs.Chance(20))
        {
            pieces.Add(inputs.Pick("=novalue", "noequals", "&&&", "a=b=c", "UserId=a&UserId=b", "UserId=a&USERID=b&userid=c"));
            labels.Add("odd pair");
        }

        string query = string.Join('&', pieces);
        string method = inputs.Pick("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FUZZ");
        string path = inputs.Pick("/", "/", "/", "//", "/index", "/%2e%2e/", "/?", "/%00");
        if (inputs.Chance(50) && method == "POST")
        {
            return new FuzzRequest
            {
                Description = $"unsigned {method} form {string.Join(", ", labels)}",
                Target = path,
                Headers = [new("Content-Type", "application/x-www-form-urlencoded")],
                Body = Encoding.ASCII.GetBytes(query),
            };
        }

        var headers = new List<KeyValuePair<string, string>>();
        if (inputs.Chance(30))
        {
            headers.Add(new("Origin", inputs.ForeignOrigin("http://127.0.0.1")));
            labels.Add("foreign Origin");
        }

        if (inputs.Chance(20))
        {
            headers.Add(new("Host", inputs.ForeignHost()));
            labels.Add("foreign Host");
        }

        return new FuzzRequest { Description = $"unsigned {method} {path} {string.Join(", ", labels)}", Method = method, Target = path.TrimEnd('?') + "?" + query, Headers = headers };
    }

    private static FuzzRequest WrongBody(HostileInputs inputs)
    {
        byte[] form = Encoding.ASCII.GetBytes("Action=ListUsers&Version=2020-07-01&InstanceId=ccc-local");
        return inputs.Random.Next(9) switch
        {
            0 => Body("text/plain body", "text/plain", form),
            1 => Body("JSON body", "application/json", inputs.JsonBody().Bytes),
            2 => Body("multipart with a broken boundary", "multipart/form-data; boundary=", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n"u8.ToArray()),
            3 => Body("multipart without its closing boundary", "multipart/form-data; boundary=zz", "--zz\r\nContent-Disposition: form-data; name=\"Action\"\r\n\r\nListUsers"u8.ToArray()),
            4 => Body("form declared UTF-16", "application/x-www-form-urlencoded; charset=utf-16", Encoding.Unicode.GetBytes("Action=ListUsers")),
            5 => Body("form of 10,000 parameters", "application/x-www-form-urlencoded", Encoding.ASCII.GetBytes(HostileInputs.ManyParameters(10_000))),
            6 => Body("2 MB form body", "application/x-www-form-urlencoded", Encoding.ASCII.GetBytes("a=" + new string('x', 2 * 1024 * 1024))),
            7 => Body("form with raw invalid UTF-8", "application/x-www-form-urlencoded", [.. "UserId="u8.ToArray(), 0xED, 0xA0, 0x80, 0xFF]),
            _ => Body("form with 100 KB parameter name", "application/x-www-form-urlencoded", Encoding.ASCII.GetBytes(new string('n', 100_000) + "=1")),
        };

        static FuzzRequest Body(string label, string contentType, byte[] body) =>
            new() { Description = "unsigned POST, " + label, Target = "/", Headers = [new("Content-Type", contentType)], Body = body };
    }

    private FuzzRequest Bearer(HostileInputs inputs)
    {
        static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var (label, token) = inputs.Random.Next(10) switch
        {
            0 => ("bearer token not base64", "!!!not-base64***"),
            1 => ("bearer token of 100 KB", new string('A', 100_000)),
            2 => ("bearer token JSON with wrong types", B64("{\"AccessKeyId\":1,\"AccessKeySecret\":[],\"SecurityToken\":{},\"Expiration\":true}")),
            3 => ("bearer token JSON with a lone surrogate", B64("{\"AccessKeyId\":\"STS.\\ud800\",\"AccessKeySecret\":\"x\",\"SecurityToken\":\"y\",\"Expiration\":\"2030-01-01T00:00:00Z\"}")),
            4 => ("bearer token of deeply nested JSON", B64(new string('[', 10_000))),
            5 => ("bearer token JSON array", B64("[]")),
            6 => ("bearer token with a bad Expiration", B64("{\"AccessKeyId\":\"STS.x\",\"AccessKeySecret\":\"x\",\"SecurityToken\":\"y\",\"Expiration\":\"not a date\"}")),
            7 => ("bearer token of raw invalid UTF-8", Convert.ToBase64String([0xED, 0xA0, 0x80, 0xFF])),
            8 => ("empty bearer token", ""),
            _ => ("bearer token naming the dev key", B64($"{{\"AccessKeyId\":\"{CccEmulator.DevAccessKeyId}\",\"AccessKeySecret\":\"{CccEmulator.DevAccessKeySecret}\",\"SecurityToken\":\"x\",\"Expiration\":\"2030-01-01T00:00:00Z\"}}")),
        };

        if (inputs.Chance(50))
        {
            var rpc = new List<KeyValuePair<string, string>>
            {
                new("Action", "ListUsers"), new("Version", "2020-07-01"), new("InstanceId", "ccc-local"), new("PageNumber", "1"), new("PageSize", "10"),
                new(inputs.Pick("SignatureType", "signaturetype", "SIGNATURETYPE"), inputs.Pick("BEARERTOKEN", "bearertoken", "BEARER")), new(inputs.Pick("BearerToken", "bearertoken"), token),
            };
            return new FuzzRequest { Description = "RPC " + label, Method = "GET", Target = "/?" + TestSigner.QueryString(rpc) };
        }

        return SignedV3Request("ListUsers", [("InstanceId", "ccc-local"), ("PageNumber", "1"), ("PageSize", "10")], [], v3 =>
        {
            v3.Headers["x-acs-bearer-token"] = token;
            v3.Headers["x-acs-signature-type"] = inputs.Pick("BEARERTOKEN", "bearertoken", "HMAC");
            v3.Sign();
            if (inputs.Chance(50))
            {
                v3.Authorization = null;
            }
        }) with { Description = "V3 " + label };
    }
}
