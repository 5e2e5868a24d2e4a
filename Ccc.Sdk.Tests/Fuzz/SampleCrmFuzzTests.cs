using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ccc.Sdk.Tests.Samples;
using Ccc.Sdk.Webhooks;
using Xunit.Abstractions;

namespace Ccc.Sdk.Tests.Fuzz;

/// <summary>
/// The sample CRM as its own process (<see cref="SampleProcess"/>), with what a browser would hold: an anonymous
/// anti-forgery cookie and token (for the sign-in form), a signed-in agent's cookie and token, and the webhook secret
/// the sample gave its embedded emulator.
/// </summary>
public sealed partial class SampleCrmFuzzFixture : IAsyncLifetime
{
    private SampleProcess? _sample;

    internal SampleProcess Sample => _sample!;

    public string AnonymousCookie { get; private set; } = "";

    public string AnonymousToken { get; private set; } = "";

    public string AgentCookie { get; private set; } = "";

    public string AgentToken { get; private set; } = "";

    public string WebhookSecret { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _sample = await SampleProcess.StartAsync();
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = _sample.Address };

        AnonymousToken = TokenIn(await http.GetStringAsync("/sign-in"));
        AnonymousCookie = cookies.GetCookieHeader(_sample.Address);
        using var signIn = await http.PostAsync("/account/sign-in", new FormUrlEncodedContent(
            [new("userId", "agent1@ccc-local"), new("returnUrl", "/customers"), new("__RequestVerificationToken", AnonymousToken)]));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        AgentToken = TokenIn(await http.GetStringAsync("/customers"));
        AgentCookie = cookies.GetCookieHeader(_sample.Address);

        using var subscription = JsonDocument.Parse(await http.GetStringAsync(new Uri(_sample.EmulatorAddress, "/_emulator/subscriptions/ccc-local")));
        WebhookSecret = subscription.RootElement.GetProperty("secrets")[0].GetString()!;
    }

    public async Task DisposeAsync()
    {
        if (_sample is not null)
        {
            await _sample.DisposeAsync();
        }
    }

    private static string TokenIn(string html) =>
        WebUtility.HtmlDecode(TokenPattern().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("No anti-forgery token in the page."));

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

/// <summary>
/// The sample CRM's endpoints: click-to-call, hang-up, double call, history, recordings, sign-in (hostile
/// <c>returnUrl</c> with a real agent), sign-out, the webhook endpoint (signed hostile bodies too) and the Workbench
/// proxy (signed in, hostile <c>request</c>). Refusals are JSON (ProblemDetails or the sample's/SDK's error shapes);
/// the browser endpoints may answer the sample's HTML status page; a redirect never leaves the sample or its emulator.
/// </summary>
public sealed class SampleCrmFuzzTests(SampleCrmFuzzFixture fixture, ITestOutputHelper output) : IClassFixture<SampleCrmFuzzFixture>
{
    private const string Target = "sample CRM";

    private string Origin => fixture.Sample.Address.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task Hostile_requests_to_the_sample_get_json_or_a_local_redirect_and_never_a_5xx()
    {
        int seed = FuzzSeed.Value;
        var inputs = new HostileInputs(FuzzSeed.For(seed, Target));
        // Every return URL once with a real agent and a good token (they reach the redirect); then random requests.
        var requests = ReturnUrls.Select(SignInReturningTo).ToList();
        while (requests.Count < FuzzBudget.SampleCrm - HostileInputs.HttpLevelCases)
        {
            var request = inputs.Random.Next(10) switch
            {
                0 or 1 => Calls(inputs),
                2 => HangUpOrRecording(inputs),
                3 => DoubleCallOrHistory(inputs),
                4 or 5 => SignIn(inputs),
                6 => SignOut(inputs),
                7 => Webhook(inputs),
                _ => Proxy(inputs),
            };

            // Most API requests come from a signed-in agent, so hostile bodies reach binding and the handlers, not
            // only the 401 of the sign-in check.
            bool api = request.Target.StartsWith("/api/", StringComparison.Ordinal) || request.Target.StartsWith("/recordings/", StringComparison.Ordinal);
            requests.Add(api && inputs.Chance(75)
                ? new FuzzRequest
                {
                    Description = request.Description + ", signed in",
                    Method = request.Method,
                    Target = request.Target,
                    Headers = [.. request.Headers, new("Cookie", fixture.AgentCookie)],
                    Body = request.Body,
                }
                : request);
        }

        var good = Json("good call", "/api/calls", "{\"agentId\":\"nobody@ccc-local\",\"customerId\":\"c-1001\"}");
        requests.AddRange(inputs.HttpLevel("POST /api/calls", good.Method, good.Target, good.Headers, good.Body));

        var result = await FuzzRunner.RunAsync(Target, seed, new RawHttp(fixture.Sample.Address), requests, Check,
            new FuzzRequest { Description = "GET /api/history as the signed-in agent", Method = "GET", Target = "/api/history", Headers = [new("Cookie", fixture.AgentCookie)] },
            r => r.Status == 200 && r.MediaType == "application/json");

        FuzzBudget.Report(output, result);
        if (result.Violations.Count > 0)
        {
            output.WriteLine(string.Join('\n', fixture.Sample.Output.TakeLast(40)));
        }

        result.AssertClean(FuzzBudget.SampleCrm);
    }

    private static string? Check(FuzzRequest request, FuzzResponse response)
    {
        if (FuzzRunner.IsKestrelRefusal(request, response))
        {
            return null;
        }

        string path = Envelopes.PathOf(request);
        if (response.Status is >= 300 and < 400)
        {
            if (!response.Headers.TryGetValue("Location", out var location))
            {
                return "a redirect without Location";
            }

            bool local = location.StartsWith('/') && !location.StartsWith("//", StringComparison.Ordinal) && !location.StartsWith("/\\", StringComparison.Ordinal);
            bool loopback = location.StartsWith("http://127.0.0.1:", StringComparison.Ordinal);
            return local || loopback ? null : "redirect off the sample: " + (location.Length > 120 ? location[..120] : location);
        }

        if (response.Status < 400)
        {
            return null;
        }

        bool browser = path.StartsWith("/account/", StringComparison.Ordinal) || path.StartsWith("/recordings/", StringComparison.Ordinal);
        if (browser && response.MediaType == "text/html")
        {
            return null;
        }

        if (path.StartsWith("/ccc/events", StringComparison.Ordinal))
        {
            return Envelopes.CodeAndMessage(request, response);
        }

        if (path.StartsWith("/ccc/workbench-api", StringComparison.Ordinal) && response.Status != 401)
        {
            return Envelopes.OpenApi(request, response);
        }

        return Envelopes.Json(response, out _);
    }

    private static FuzzRequest Json(string description, string path, string json, string contentType = "application/json") => new()
    {
        Description = description,
        Target = path,
        Headers = [new("Content-Type", contentType), new("Accept", "application/json")],
        Body = Encoding.UTF8.GetBytes(json),
    };

    private static string Obj(params (string Name, string Value)[] fields) => "{" + string.Join(',', fields.Select(f => $"\"{f.Name}\":{f.Value}")) + "}";

    private static FuzzRequest Calls(HostileInputs inputs)
    {
        if (inputs.Chance(30))
        {
            var (label, bytes) = inputs.JsonBody();
            return new FuzzRequest { Description = "POST /api/calls body " + label, Target = "/api/calls", Headers = [new("Content-Type", "application/json"), new("Accept", "application/json")], Body = bytes };
        }

        string agent = inputs.Chance(50) ? "\"agent1@ccc-local\"" : inputs.JsonValue();
        string customer = inputs.JsonValue();
        string contentType = inputs.Chance(85) ? "application/json" : inputs.Pick("text/plain", "application/x-www-form-urlencoded", "application/json; charset=utf-16", "multipart/form-data; boundary=");
        return Json($"POST /api/calls agentId {Short(agent)}, customerId {Short(customer)}, Content-Type {contentType}", "/api/calls", Obj(("agentId", agent), ("customerId", customer)), contentType);
    }

    private static FuzzRequest HangUpOrRecording(HostileInputs inputs)
    {
        var (label, segment) = inputs.EncodedValue();
        if (inputs.Chance(50))
        {
            return new FuzzRequest { Description = "GET /recordings/{id} id " + label, Method = "GET", Target = "/recordings/" + segment, Headers = [new("Accept", "text/html")] };
        }

        var body = inputs.Chance(50) ? Obj(("agentId", inputs.JsonValue())) : inputs.JsonText().Json;
        return Json($"POST /api/calls/{{job}}/hang-up job {label}, body {Short(body)}", "/api/calls/" + segment + "/hang-up", body);
    }

    private static FuzzRequest DoubleCallOrHistory(HostileInputs inputs)
    {
        if (inputs.Chance(40))
        {
            var (label, value) = inputs.EncodedValue();
            return new FuzzRequest
            {
                Description = $"GET /api/history?x= {label} from a foreign Origin and Host",
                Method = "GET",
                Target = "/api/history?x=" + value,
                Headers = [new("Origin", inputs.ForeignOrigin("http://127.0.0.1")), new("Host", inputs.ForeignHost())],
            };
        }

        string phone = inputs.JsonValue(), broker = inputs.Chance(50) ? "\"02150000001\"" : inputs.JsonValue();
        return Json($"POST /api/double-calls agentPhone {Short(phone)}, broker {Short(broker)}", "/api/double-calls",
            Obj(("agentPhone", phone), ("customerId", "\"c-1001\""), ("broker", broker)));
    }

    /// <summary>Return URLs that are, or look, local.</summary>
    private static readonly (string Label, string Encoded)[] ReturnUrls =
    [
        ("/é", HostileInputs.Encode("/é")), ("/中文", HostileInputs.Encode("/中文")), ("//evil.example", HostileInputs.Encode("//evil.example")),
        ("/\\evil.example", HostileInputs.Encode("/\\evil.example")), ("https://evil.example", HostileInputs.Encode("https://evil.example/")),
        ("javascript:", HostileInputs.Encode("javascript:alert(1)")), ("/ with CR LF", HostileInputs.Encode("/a\r\nSet-Cookie: x=1")),
        ("/ with a tab then /", HostileInputs.Encode("/\t/evil.example")), ("/%ED%A0%80 raw", "/%ED%A0%80"), ("/ with raw invalid UTF-8", "/%FF%FE"),
        ("/ of 10 KB", HostileInputs.Encode("/" + new string('a', 10_000))), ("/customers?q=é", HostileInputs.Encode("/customers?q=é")),
        ("/ then a lone surrogate escape", HostileInputs.Encode("/\\ud800")), ("/%2F/evil.example", HostileInputs.Encode("/%2F/evil.example")),
        ("/ then a backslash later", HostileInputs.Encode("/a\\b")), ("/~ and spaces", HostileInputs.Encode("/~ a b")),
    ];

    /// <summary>A real agent signing in with the anonymous token and a return URL, as the sign-in page's form posts it.</summary>
    private FuzzRequest SignInReturningTo((string Label, string Encoded) returnUrl) => new()
    {
        Description = $"POST /account/sign-in userId agent1, returnUrl {returnUrl.Label}",
        Target = "/account/sign-in",
        Headers = [new("Content-Type", "application/x-www-form-urlencoded"), new("Cookie", fixture.AnonymousCookie), new("Accept", "text/html")],
        Body = Encoding.ASCII.GetBytes($"userId=agent1%40ccc-local&returnUrl={returnUrl.Encoded}&__RequestVerificationToken={HostileInputs.Encode(fixture.AnonymousToken)}"),
    };

    private FuzzRequest SignIn(HostileInputs inputs)
    {
        bool realAgent = inputs.Chance(70);
        var (userLabel, user) = realAgent ? ("agent1", "agent1%40ccc-local") : inputs.EncodedValue();
        var (returnLabel, returnUrl) = inputs.Chance(60) ? inputs.Pick(ReturnUrls) : inputs.EncodedValue();
        var body = $"userId={user}&returnUrl={returnUrl}&__RequestVerificationToken={HostileInputs.Encode(fixture.AnonymousToken)}";
        var headers = new List<KeyValuePair<string, string>> { new("Content-Type", "application/x-www-form-urlencoded"), new("Cookie", fixture.AnonymousCookie), new("Accept", "text/html") };
        string extra = "";
        switch (inputs.Random.Next(10))
        {
            case 0:
                body = body.Replace("__RequestVerificationToken=", "__RequestVerificationToken=x", StringComparison.Ordinal);
                extra = ", wrong token";
                break;
            case 1:
                headers.Add(new("Origin", inputs.ForeignOrigin(Origin)));
                extra = ", foreign Origin";
                break;
            case 2:
                body += "&userId=agent2%40ccc-local&UserId=agent3%40ccc-local&returnUrl=%2F%2Fevil.example";
                extra = ", repeated fields";
                break;
            case 3:
                body += "&" + HostileInputs.ManyParameters(5_000);
                extra = ", 5,000 more fields";
                break;
        }

        return new FuzzRequest
        {
            Description = $"POST /account/sign-in userId {userLabel}, returnUrl {returnLabel}{extra}",
            Target = "/account/sign-in",
            Headers = headers,
            Body = Encoding.ASCII.GetBytes(body),
        };
    }

    private FuzzRequest SignOut(HostileInputs inputs)
    {
        var (label, value) = inputs.EncodedValue();
        bool withToken = inputs.Chance(50);
        return new FuzzRequest
        {
            Description = $"POST /account/sign-out {(withToken ? "with" : "without")} token, field {label}",
            Target = "/account/sign-out?returnUrl=" + value,
            Headers = [new("Content-Type", "application/x-www-form-urlencoded"), new("Cookie", fixture.AgentCookie), new("Accept", "text/html")],
            Body = Encoding.ASCII.GetBytes((withToken ? "__RequestVerificationToken=" + HostileInputs.Encode(fixture.AgentToken) + "&" : "") + "x=" + value),
        };
    }

    private FuzzRequest Webhook(HostileInputs inputs)
    {
        byte[] body;
        string label;
        if (inputs.Chance(50))
        {
            (label, body) = inputs.JsonBody();
        }
        else
        {
            string value = inputs.JsonValue();
            label = $"CDRReady contactId {Short(value)}";
            body = Encoding.UTF8.GetBytes($$"""{"eventType":"CDRReady","eventTime":"2026-11-26T02:34:00.447Z","instanceId":"ccc-local","contactId":{{value}},"agentIds":[]}""");
        }

        bool signed = inputs.Chance(80);
        string id = CccWebhookSigner.NewWebhookId();
        var now = DateTimeOffset.UtcNow;
        return new FuzzRequest
        {
            Description = $"POST /ccc/events {(signed ? "signed" : "unsigned")} body {label}",
            Target = "/ccc/events",
            Headers =
            [
                new("Content-Type", "application/json"), new("webhook-id", id),
                new("webhook-timestamp", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
                new("webhook-signature", signed ? CccWebhookSigner.Sign(fixture.WebhookSecret, id, now, body) : "v1,AAAA"),
            ],
            Body = body,
        };
    }

    private FuzzRequest Proxy(HostileInputs inputs)
    {
        bool signedIn = inputs.Chance(75);
        string action = inputs.Pick("GetLoginDetails", "ListOutboundNumbersOfUser", "GetNumberLocation", "TakeBreak", "ListRealtimeAgentStates", "CreateUser");
        string userId = inputs.JsonValue();
        var (label, json) = inputs.Chance(60) ? ($"{{userId: {Short(userId)}}}", "{\"userId\":" + userId + "}") : inputs.JsonText();
        var headers = new List<KeyValuePair<string, string>> { new("Content-Type", "application/x-www-form-urlencoded"), new("Origin", inputs.Chance(85) ? Origin : inputs.ForeignOrigin(Origin)) };
        if (signedIn)
        {
            headers.Add(new("Cookie", fixture.AgentCookie));
            headers.Add(new("RequestVerificationToken", fixture.AgentToken));
        }

        return new FuzzRequest
        {
            Description = $"POST /ccc/workbench-api?action={action} {(signedIn ? "signed in" : "anonymous")}, request {label}",
            Target = $"/ccc/workbench-api?action={action}&product=CloudCallCenter&version=2020-07-01&region=cn-shanghai",
            Headers = headers,
            Body = Encoding.ASCII.GetBytes("request=" + HostileInputs.Encode(json)),
        };
    }

    private static string Short(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
