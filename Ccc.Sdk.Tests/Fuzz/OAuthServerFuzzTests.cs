using System.Text;
using Ccc.Sdk.Emulator;
using Xunit.Abstractions;

namespace Ccc.Sdk.Tests.Fuzz;

/// <summary>
/// The emulator's OAuth2 server on its HTTPS listener (trusting exactly the emulator's certificate): hostile
/// authorize, token, revoke and userinfo requests, client authentication tricks, form limits, and the same over plain
/// HTTP. Refusals are RFC 6749 JSON <c>{error}</c>, except the authorize endpoint's HTML page for an unknown client or
/// redirect URI; a redirect never leaves loopback (docs/emulator.md "OAuth2 server").
/// </summary>
public sealed class OAuthServerFuzzTests(EmulatorFuzzFixture fixture, ITestOutputHelper output) : IClassFixture<EmulatorFuzzFixture>
{
    private const string Target = "emulator OAuth2 server";
    private const string Redirect = "https://127.0.0.1:5001/signin-ccc";
    private const string Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    [Fact]
    public async Task Hostile_OAuth2_requests_get_RFC_6749_errors_and_never_a_5xx()
    {
        int seed = FuzzSeed.Value;
        var inputs = new HostileInputs(FuzzSeed.For(seed, Target));
        var requests = new List<FuzzRequest>();
        while (requests.Count < FuzzBudget.OAuthServer - HostileInputs.HttpLevelCases)
        {
            requests.Add(inputs.Random.Next(5) switch
            {
                0 or 1 => Authorize(inputs),
                2 => Token(inputs),
                3 => Revoke(inputs),
                _ => UserInfoOrDiscovery(inputs),
            });
        }

        var token = Form("/oauth2/v1/token", "token", "grant_type=authorization_code&code=x&redirect_uri=" + HostileInputs.Encode(Redirect) + "&code_verifier=v&client_id=" + CccEmulator.DevOAuthClientId);
        requests.AddRange(inputs.HttpLevel("token", token.Method, token.Target, token.Headers, token.Body));

        var emulator = fixture.Harness.Emulator;
        var probe = new FuzzRequest { Description = "GET discovery", Method = "GET", Target = "/oauth2/.well-known/openid-configuration" };
        var result = await FuzzRunner.RunAsync(Target, seed, new RawHttp(emulator.HttpsEndpoint, emulator.HttpsCertificate), requests, Check,
            probe, r => r.Status == 200 && r.Text.Contains("issuer", StringComparison.Ordinal));

        // The same server over plain HTTP answers invalid_request (HTTPS only).
        var plain = Enumerable.Range(0, 10).Select(_ => Token(inputs)).Select(t => t with { Description = "plain HTTP, " + t.Description }).ToList();
        await FuzzRunner.RunAsync(Target, seed, new RawHttp(emulator.Endpoint), plain, Check,
            new FuzzRequest { Description = "GET discovery over HTTP", Method = "GET", Target = "/oauth2/.well-known/openid-configuration" },
            r => r.Status == 400 && Envelopes.OAuthError(r) is null, into: result);

        FuzzBudget.Report(output, result);
        result.AssertClean(FuzzBudget.OAuthServer);
    }

    private static string? Check(FuzzRequest request, FuzzResponse response)
    {
        if (FuzzRunner.IsKestrelRefusal(request, response))
        {
            return null;
        }

        bool authorize = Envelopes.PathOf(request) is "/oauth2/v1/auth" or "/oauth2/v1/auth/";
        if (response.Status is >= 300 and < 400)
        {
            if (!response.Headers.TryGetValue("Location", out var location))
            {
                return "a redirect without Location";
            }

            // Only the dev client exists, and it accepts loopback redirect URIs only: anything else is an open redirect.
            // (Uri reads other spellings of 127.0.0.1, such as 0x7f.0.0.1, as a browser does.)
            return Uri.TryCreate(location, UriKind.Absolute, out var target) && target.IsLoopback && target.Scheme is "https" or "http"
                ? null
                : "redirect off loopback: " + (location.Length > 120 ? location[..120] : location);
        }

        if (response.Status < 400)
        {
            return null;
        }

        return authorize && response.MediaType == "text/html" ? null : Envelopes.OAuthError(response);
    }

    private static FuzzRequest Authorize(HostileInputs inputs)
    {
        var parameters = new Dictionary<string, string>
        {
            ["response_type"] = "code",
            ["client_id"] = CccEmulator.DevOAuthClientId,
            ["redirect_uri"] = HostileInputs.Encode(Redirect),
            ["scope"] = HostileInputs.Encode("openid /acs/ccc offline_access"),
            ["state"] = "st",
            ["nonce"] = "n",
            ["code_challenge"] = Challenge,
            ["code_challenge_method"] = "S256",
            ["login_hint"] = HostileInputs.Encode("agent1@ccc-local"),
        };
        var labels = new List<string>();
        for (int i = 0, n = 1 + inputs.Random.Next(2); i < n; i++)
        {
            string name = inputs.Pick(parameters.Keys.ToArray());
            string value;
            string label;
            if (name == "redirect_uri" && inputs.Chance(60))
            {
                (label, string text) = inputs.Pick(
                    ("non-ASCII path", Redirect + "/é"), ("non-ASCII host", "https://ké.example/cb"), ("javascript URI", "javascript:alert(1)"),
                    ("foreign host", "https://evil.example/cb"), ("protocol-relative", "//evil.example/cb"), ("userinfo trick", "https://127.0.0.1:5001\\@evil.example/"),
                    ("fragment", Redirect + "#x"), ("port out of range", "https://127.0.0.1:99999/cb"), ("CR LF in the query", Redirect + "?a=\r\nSet-Cookie:%20x=1"),
                    ("lone surrogate escaped in the query", Redirect + "?x=%ED%A0%80"), ("data URI", "data:text/html,<script>alert(1)</script>"),
                    ("loopback in another form", "https://0x7f.0.0.1:5001/cb"), ("relative", "/cb"), ("100 KB", Redirect + "?" + new string('a', 100_000)));
                value = HostileInputs.Encode(text);
                label = "redirect_uri " + label;
            }
            else if (inputs.Chance(50))
            {
                (label, value) = inputs.EncodedValue();
                label = $"{name} = {label}";
            }
            else
            {
                var (textLabel, text) = inputs.Text();
                (label, value) = ($"{name} = {textLabel}", HostileInputs.Encode(text));
            }

            parameters[name] = value;
            labels.Add(label);
        }

        if (inputs.Chance(20))
        {
            parameters[inputs.Pick("response_mode", "prompt", "Client_Id", "CLIENT_ID")] = inputs.Pick("form_post", "none", "fragment", "evil");
            labels.Add("extra parameter");
        }

        string query = string.Join('&', parameters.Select(p => p.Key + "=" + p.Value));
        if (inputs.Chance(15))
        {
            query += "&client_id=" + inputs.Pick("other", CccEmulator.DevOAuthClientId) + "&redirect_uri=" + HostileInputs.Encode("https://evil.example/");
            labels.Add("repeated client_id and redirect_uri");
        }

        string description = "authorize " + string.Join(", ", labels);
        return inputs.Chance(70)
            ? new FuzzRequest { Description = "GET " + description, Method = "GET", Target = "/oauth2/v1/auth?" + query }
            : Form("/oauth2/v1/auth", "POST " + description, query);
    }

    private static FuzzRequest Token(HostileInputs inputs)
    {
        var fields = new Dictionary<string, string>
        {
            ["grant_type"] = inputs.Pick("authorization_code", "refresh_token", "client_credentials", "password", "AUTHORIZATION_CODE", ""),
            ["code"] = "code-" + inputs.Random.Next(1000),
            ["redirect_uri"] = HostileInputs.Encode(Redirect),
            ["code_verifier"] = "verifier",
            ["refresh_token"] = "rt",
            ["client_id"] = CccEmulator.DevOAuthClientId,
            ["client_secret"] = CccEmulator.DevOAuthClientSecret,
        };
        var labels = new List<string> { "grant " + fields["grant_type"] };
        string name = inputs.Pick(fields.Keys.ToArray());
        var (valueLabel, value) = inputs.EncodedValue();
        fields[name] = value;
        labels.Add($"{name} = {valueLabel}");
        var headers = new List<KeyValuePair<string, string>>();
        if (inputs.Chance(30))
        {
            fields.Remove("client_id");
            fields.Remove("client_secret");
            var (basicLabel, basic) = inputs.Pick(
                ("Basic not base64", "!!!"),
                ("Basic without a colon", Convert.ToBase64String("ccc-emulator-crm"u8.ToArray())),
                ("Basic with raw invalid UTF-8", Convert.ToBase64String([0xED, 0xA0, 0x80, (byte)':', 0xFF])),
                ("Basic with percent-encoded lone surrogate", Convert.ToBase64String("%ED%A0%80:%ED%A0%80"u8.ToArray())),
                ("Basic with the dev client", Convert.ToBase64String(Encoding.ASCII.GetBytes(CccEmulator.DevOAuthClientId + ":" + CccEmulator.DevOAuthClientSecret))),
                ("Basic of 20 KB", Convert.ToBase64String(new byte[15_000])),
                ("empty Basic", ""));
            headers.Add(new("Authorization", inputs.Pick("Basic ", "basic ", "BASIC  ") + basic));
            labels.Add(basicLabel);
        }

        string body = string.Join('&', fields.Select(f => f.Key + "=" + f.Value));
        if (inputs.Chance(15))
        {
            body += inputs.Pick("&grant_type=refresh_token", "&Grant_Type=x", "&code=a&code=b", "&" + HostileInputs.ManyParameters(10_000));
            labels.Add("repeated or many parameters");
        }

        var request = Form("/oauth2/v1/token", "token " + string.Join(", ", labels), body) with { Headers = [.. headers, new("Content-Type", "application/x-www-form-urlencoded")] };
        if (inputs.Chance(15))
        {
            var (contentLabel, contentType, bytes) = inputs.Pick(
                ("JSON body", "application/json", Encoding.UTF8.GetBytes("{\"grant_type\":\"authorization_code\"}")),
                ("multipart with a broken boundary", "multipart/form-data; boundary=", "--x\r\n\r\n"u8.ToArray()),
                ("text/plain body", "text/plain", Encoding.ASCII.GetBytes(body)),
                ("2 MB form", "application/x-www-form-urlencoded", Encoding.ASCII.GetBytes("grant_type=" + new string('x', 2 * 1024 * 1024))),
                ("form with raw invalid UTF-8", "application/x-www-form-urlencoded", [.. "grant_type=authorization_code&code="u8.ToArray(), 0xED, 0xA0, 0x80]));
            request = request with { Description = request.Description + ", " + contentLabel, Headers = [.. headers, new("Content-Type", contentType)], Body = bytes };
        }

        return request;
    }

    private static FuzzRequest Revoke(HostileInputs inputs)
    {
        var (label, value) = inputs.EncodedValue();
        string body = $"token={value}&token_type_hint={inputs.Pick("refresh_token", "access_token", "x", "")}&client_id={CccEmulator.DevOAuthClientId}&client_secret={(inputs.Chance(80) ? CccEmulator.DevOAuthClientSecret : "wrong")}";
        if (inputs.Chance(15))
        {
            body += "&token=second&" + (inputs.Chance(50) ? HostileInputs.ManyParameters(5_000) : "TOKEN=x");
            label += ", repeated or many parameters";
        }

        return Form("/oauth2/v1/revoke", "revoke token " + label, body);
    }

    private static FuzzRequest UserInfoOrDiscovery(HostileInputs inputs)
    {
        if (inputs.Chance(60))
        {
            var (label, token) = inputs.Pick(
                ("bearer not base64", "!!!"), ("bearer JSON with wrong types", Convert.ToBase64String("{\"AccessKeyId\":1}"u8.ToArray())),
                ("bearer of deep JSON", Convert.ToBase64String(Encoding.ASCII.GetBytes(new string('[', 5_000)))), ("empty bearer", ""),
                ("bearer with lone surrogate JSON", Convert.ToBase64String("{\"AccessKeyId\":\"\\ud800\"}"u8.ToArray())), ("bearer of 20 KB", new string('a', 20_000)));
            return new FuzzRequest
            {
                Description = "userinfo " + label,
                Method = inputs.Pick("GET", "POST"),
                Target = "/oauth2/v1/userinfo",
                Headers = [new("Authorization", inputs.Pick("Bearer ", "bearer ", "Bearer  ", "Basic ") + token)],
            };
        }

        string path = inputs.Pick("/oauth2/.well-known/openid-configuration", "/oauth2/v1/keys", "/OAUTH2/V1/KEYS", "/oauth2/v1/keys/", "/oauth2//v1/keys",
            "/oauth2/v1/%2e%2e/v1/keys", "/oauth2/v1/nothing", "/oauth2/v1/token");
        var (valueLabel, value) = inputs.EncodedValue();
        string method = inputs.Pick("GET", "GET", "PUT", "DELETE", "OPTIONS");
        return new FuzzRequest { Description = $"{method} {path} with query {valueLabel}", Method = method, Target = path + "?x=" + value };
    }

    private static FuzzRequest Form(string path, string description, string body) => new()
    {
        Description = description,
        Target = path,
        Headers = [new("Content-Type", "application/x-www-form-urlencoded")],
        Body = Encoding.ASCII.GetBytes(body),
    };
}
