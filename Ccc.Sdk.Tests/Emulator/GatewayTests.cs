using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Emulator.Gateway;

namespace Ccc.Sdk.Tests.Emulator;

/// <summary>The front door's checks and codes (docs/reference/api-conventions.md, docs/reference/signing.md), and that bad input never becomes a 500.</summary>
public sealed class GatewayTests
{
    private static readonly (string, string)[] ListUsersPage = [("InstanceId", "ccc-local"), ("PageNumber", "1"), ("PageSize", "10")];

    [Fact]
    public async Task Correctly_signed_call_succeeds_with_the_cloud_envelope()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListUsers", ListUsersPage);

        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Equal("OK", r.Code);
        Assert.Equal(200, r.Body.GetProperty("HttpStatusCode").GetInt32());
        Assert.Equal("", r.Body.GetProperty("Message").GetString());
        Assert.Equal(JsonValueKind.Object, r.Data.ValueKind);
    }

    [Fact]
    public async Task Every_response_has_a_fresh_uppercase_guid_request_id_also_in_the_header()
    {
        await using var h = await EmulatorHarness.StartAsync();
        var a = await h.CallAsync("ListUsers", ListUsersPage);
        var b = await h.CallAsync("NoSuchAction", ListUsersPage);

        Assert.NotEqual(a.RequestId, b.RequestId);
        Assert.Matches(new Regex("^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$"), a.RequestId);
        Assert.Matches(new Regex("^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$"), b.RequestId);
    }

    [Fact]
    public async Task Request_signed_for_the_cloud_host_name_is_accepted_when_sent_to_loopback()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListUsers", Pairs(ListUsersPage), tweak: req =>
        {
            req.Headers["host"] = "ccc.cn-shanghai.aliyuncs.com";
            req.Sign();
        });

        Assert.Equal("OK", r.Code);
    }

    [Fact]
    public async Task Request_dated_more_than_15_minutes_ago_is_rejected_as_expired()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListUsers", Pairs(ListUsersPage), tweak: req => Redate(req, h.Clock.GetUtcNow().AddMinutes(-15).AddSeconds(-1)));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidTimeStamp.Expired"), (r.Status, r.Code));
    }

    [Fact]
    public async Task Request_dated_more_than_15_minutes_ahead_is_rejected_and_14_minutes_is_accepted()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var ahead = await h.CallAsync("ListUsers", Pairs(ListUsersPage), tweak: req => Redate(req, h.Clock.GetUtcNow().AddMinutes(16)));
        var near = await h.CallAsync("ListUsers", Pairs(ListUsersPage), tweak: req => Redate(req, h.Clock.GetUtcNow().AddMinutes(14)));

        Assert.Equal("InvalidTimeStamp.Expired", ahead.Code);
        Assert.Equal("OK", near.Code);
    }

    [Theory]
    [InlineData("2026/11/26 08:00:00")]
    [InlineData("yesterday")]
    [InlineData("2026-11-26T08:00:00+08:00")]
    public async Task Unparseable_date_is_rejected_as_a_timestamp_format_error(string date)
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListUsers", Pairs(ListUsersPage), tweak: req => { req.Headers["x-acs-date"] = date; req.Sign(); });

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidTimeStamp.Format"), (r.Status, r.Code));
    }

    [Fact]
    public async Task Replaying_a_signed_request_is_rejected_because_its_nonce_was_used()
    {
        await using var h = await EmulatorHarness.StartAsync();
        var request = V3Request.Create(h, "ListUsers", Pairs(ListUsersPage));

        var first = await h.SendAsync(request.ToHttpRequest(h.Emulator.Endpoint));
        var replay = await h.SendAsync(request.ToHttpRequest(h.Emulator.Endpoint));

        Assert.Equal("OK", first.Code);
        Assert.Equal((HttpStatusCode.BadRequest, "SignatureNonceUsed"), (replay.Status, replay.Code));
    }

    [Fact]
    public async Task A_forged_request_does_not_burn_the_nonce_of_a_legitimate_one()
    {
        await using var h = await EmulatorHarness.StartAsync();
        var request = V3Request.Create(h, "ListUsers", Pairs(ListUsersPage));
        var forged = V3Request.Create(h, "ListUsers", Pairs(ListUsersPage));
        forged.Headers["x-acs-signature-nonce"] = request.Headers["x-acs-signature-nonce"];
        forged.AccessKeySecret = "wrong";
        forged.Sign();

        var rejected = await h.SendAsync(forged.ToHttpRequest(h.Emulator.Endpoint));
        var legit = await h.SendAsync(request.ToHttpRequest(h.Emulator.Endpoint));

        Assert.Equal("SignatureDoesNotMatch", rejected.Code);
        Assert.Equal("OK", legit.Code);
    }

    [Fact]
    public void Nonce_store_forgets_nonces_after_twice_the_tolerance_so_memory_stays_bounded()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(EmulatorHarness.DefaultNow);
        var store = new Ccc.Sdk.Emulator.Signing.NonceStore(clock, TimeSpan.FromMinutes(15), capacity: 3);
        store.Use("k", "a");
        store.Use("k", "b");
        store.Use("other-key", "a"); // nonces are per AccessKeyId

        Assert.Equal("SignatureNonceUsed", Assert.Throws<ApiException>(() => store.Use("k", "a")).Code);
        Assert.Equal("Throttling.User", Assert.Throws<ApiException>(() => store.Use("k", "c")).Code);

        clock.Advance(TimeSpan.FromMinutes(31));
        store.Use("k", "a");
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task Unknown_access_key_is_rejected_with_404()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListUsers", Pairs(ListUsersPage), tweak: req => { req.AccessKeyId = "LTAInobody"; req.Sign(); });

        Assert.Equal((HttpStatusCode.NotFound, "InvalidAccessKeyId.NotFound"), (r.Status, r.Code));
    }

    [Fact]
    public async Task Request_signed_with_the_wrong_secret_is_rejected()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListUsers", Pairs(ListUsersPage), tweak: req => { req.AccessKeySecret = "not-the-secret"; req.Sign(); });

        Assert.Equal((HttpStatusCode.BadRequest, "SignatureDoesNotMatch"), (r.Status, r.Code));
    }

    [Fact]
    public async Task Request_with_one_character_changed_in_a_signed_header_is_rejected()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListUsers", Pairs(ListUsersPage), tweak: req => req.Headers["x-acs-signature-nonce"] += "0");

        Assert.Equal("SignatureDoesNotMatch", r.Code);
    }

    [Fact]
    public async Task Unsigned_x_acs_header_makes_the_signature_incomplete()
    {
        await using var h = await EmulatorHarness.StartAsync();
        var request = V3Request.Create(h, "ListUsers", Pairs(ListUsersPage));
        var message = request.ToHttpRequest(h.Emulator.Endpoint);
        message.Headers.TryAddWithoutValidation("x-acs-extra", "sneaky");

        var r = await h.SendAsync(message);

        Assert.Equal((HttpStatusCode.BadRequest, "IncompleteSignature"), (r.Status, r.Code));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ACS3-HMAC-SHA256 Credential=LTAI5tCccEmulatorDevKey,SignedHeaders=host")]
    [InlineData("ACS3-HMAC-SHA256")]
    public async Task Missing_authorization_pieces_give_IncompleteSignature(string? authorization)
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListUsers", Pairs(ListUsersPage), tweak: req => req.Authorization = authorization);

        Assert.Equal((HttpStatusCode.BadRequest, "IncompleteSignature"), (r.Status, r.Code));
    }

    [Fact]
    public async Task Unknown_signature_algorithm_gives_InvalidSignatureMethod()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListUsers", Pairs(ListUsersPage), tweak: req => req.Authorization = req.Authorization!.Replace("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3", StringComparison.Ordinal));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidSignatureMethod"), (r.Status, r.Code));
    }

    [Fact]
    public async Task Rpc_request_with_a_signature_method_other_than_HMAC_SHA1_is_rejected()
    {
        await using var h = await EmulatorHarness.StartAsync();
        var parameters = RpcParams(h, "ListUsers", ListUsersPage);
        parameters["SignatureMethod"] = "HMAC-SHA256";

        var r = await h.SendAsync(SignedRpc(h, "GET", parameters));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidSignatureMethod"), (r.Status, r.Code));
    }

    [Fact]
    public async Task Rpc_request_signed_by_the_test_signer_is_accepted_by_GET_and_POST()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var get = await h.SendAsync(SignedRpc(h, "GET", RpcParams(h, "ListUsers", ListUsersPage)));
        var post = await h.SendAsync(SignedRpc(h, "POST", RpcParams(h, "ListUsers", ListUsersPage)));

        Assert.Equal("OK", get.Code);
        Assert.Equal("OK", post.Code);
    }

    [Fact]
    public async Task Rpc_timestamp_older_than_15_minutes_is_rejected()
    {
        await using var h = await EmulatorHarness.StartAsync();
        var parameters = RpcParams(h, "ListUsers", ListUsersPage);
        parameters["Timestamp"] = "2026-11-26T07:44:59Z";

        var r = await h.SendAsync(SignedRpc(h, "GET", parameters));

        Assert.Equal("InvalidTimeStamp.Expired", r.Code);
    }

    [Fact]
    public async Task Unknown_action_is_rejected_with_InvalidApi_NotFound()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("DescribeEverything", ListUsersPage);

        Assert.Equal((HttpStatusCode.NotFound, "InvalidApi.NotFound"), (r.Status, r.Code));
        Assert.False(r.HasParams);
    }

    [Theory]
    [InlineData("2017-07-05", "InvalidVersion")]
    [InlineData("", "MissingVersion")]
    public async Task Wrong_or_absent_version_is_rejected(string version, string code)
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListUsers", Pairs(ListUsersPage), tweak: req =>
        {
            if (version.Length == 0)
            {
                req.Headers.Remove("x-acs-version");
            }
            else
            {
                req.Headers["x-acs-version"] = version;
            }

            req.Sign();
        });

        Assert.Equal((HttpStatusCode.BadRequest, code), (r.Status, r.Code));
    }

    [Fact]
    public async Task Unsupported_http_method_is_rejected()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListUsers", Pairs(ListUsersPage), tweak: req => { req.Method = "DELETE"; req.Sign(); });

        Assert.Equal((HttpStatusCode.BadRequest, "UnsupportedHTTPMethod"), (r.Status, r.Code));
    }

    [Fact]
    public async Task Missing_required_parameter_is_reported_with_the_gateway_Missing_convention()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListUsers", ("PageNumber", "1"), ("PageSize", "10"));

        Assert.Equal((HttpStatusCode.BadRequest, "MissingInstanceId"), (r.Status, r.Code));
    }

    [Theory]
    [InlineData("0", "10", "Parameter.Minimum")]
    [InlineData("1", "0", "Parameter.Minimum")]
    [InlineData("101", "10", "Parameter.Maximum")]
    [InlineData("1", "101", "Parameter.Maximum")]
    [InlineData("one", "10", "InvalidParameter.Format")]
    [InlineData("1", "1.5", "InvalidParameter.Format")]
    public async Task Paging_outside_1_to_100_or_not_an_integer_is_rejected(string pageNumber, string pageSize, string code)
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListUsers", ("InstanceId", "ccc-local"), ("PageNumber", pageNumber), ("PageSize", pageSize));

        Assert.Equal((HttpStatusCode.BadRequest, code), (r.Status, r.Code));
    }

    [Fact]
    public async Task Unknown_instance_is_NotExists_InstanceId()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListUsers", ("InstanceId", "ccc-nowhere"), ("PageNumber", "1"), ("PageSize", "10"));

        Assert.Equal((HttpStatusCode.NotFound, "NotExists.InstanceId"), (r.Status, r.Code));
        Assert.Equal(["ccc-nowhere"], r.Body.GetProperty("Params").EnumerateArray().Select(e => e.GetString()));
    }

    // ---- STS ----

    [Fact]
    public async Task Sts_credentials_work_and_a_wrong_or_missing_token_is_rejected()
    {
        await using var h = await EmulatorHarness.StartAsync(o => o.Credentials.Add(new CccEmulatorCredential
        {
            AccessKeyId = "STS.test", AccessKeySecret = "sts-secret", SecurityToken = "token-1",
        }));

        Task<ApiResponse> Call(string? token) => h.CallAsync("ListUsers", Pairs(ListUsersPage), tweak: req =>
        {
            req.AccessKeyId = "STS.test";
            req.AccessKeySecret = "sts-secret";
            if (token is not null)
            {
                req.Headers["x-acs-security-token"] = token;
            }

            req.Sign();
        });

        Assert.Equal("OK", (await Call("token-1")).Code);
        Assert.Equal("InvalidSecurityToken.MismatchWithAccessKey", (await Call("token-2")).Code);
        Assert.Equal("MissingSecurityToken", (await Call(null)).Code);
    }

    [Fact]
    public async Task Expired_sts_credential_is_rejected()
    {
        await using var h = await EmulatorHarness.StartAsync(o => o.Credentials.Add(new CccEmulatorCredential
        {
            AccessKeyId = "STS.old", AccessKeySecret = "s", SecurityToken = "t", Expiration = EmulatorHarness.DefaultNow.AddMinutes(-1),
        }));

        var r = await h.CallAsync("ListUsers", Pairs(ListUsersPage), tweak: req =>
        {
            req.AccessKeyId = "STS.old";
            req.AccessKeySecret = "s";
            req.Headers["x-acs-security-token"] = "t";
            req.Sign();
        });

        Assert.Equal("InvalidSecurityToken.Expired", r.Code);
    }

    [Fact]
    public async Task Rpc_request_with_sts_security_token_parameter_is_accepted()
    {
        await using var h = await EmulatorHarness.StartAsync(o => o.Credentials.Add(new CccEmulatorCredential
        {
            AccessKeyId = "STS.rpc", AccessKeySecret = "rpc-secret", SecurityToken = "CAIS+tok/en=",
        }));
        var parameters = RpcParams(h, "ListUsers", ListUsersPage, "STS.rpc");
        parameters["SecurityToken"] = "CAIS+tok/en=";

        var r = await h.SendAsync(SignedRpc(h, "POST", parameters, "rpc-secret"));

        Assert.Equal("OK", r.Code);
    }

    // ---- bad input never yields a 500 ----

    [Fact]
    public async Task Oversized_body_gets_a_413_envelope()
    {
        await using var h = await EmulatorHarness.StartAsync(o => o.MaxRequestBodyBytes = 1024);
        var form = new[] { new KeyValuePair<string, string>("AgentIdList", new string('a', 2000)) };

        var r = await h.CallAsync("ListRealtimeAgentStates", Pairs(ListUsersPage), form);

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "InvalidParameter.BodyTooLarge"), (r.Status, r.Code));
    }

    [Fact]
    public async Task Oversized_chunked_body_without_content_length_gets_a_413_envelope()
    {
        await using var h = await EmulatorHarness.StartAsync(o => o.MaxRequestBodyBytes = 1024);
        var request = V3Request.Create(h, "ListUsers", Pairs(ListUsersPage)).ToHttpRequest(h.Emulator.Endpoint);
        request.Content = new StreamContent(new MemoryStream(new byte[10_000]));
        request.Headers.TransferEncodingChunked = true;

        var r = await h.SendAsync(request);

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "InvalidParameter.BodyTooLarge"), (r.Status, r.Code));
    }

    [Theory]
    [InlineData("AgentIdList=%zz", "InvalidParameter.Format")]
    [InlineData("AgentIdList=%E4%B8", "InvalidParameter.Format")]
    [InlineData("=nameless", "InvalidParameter.Format")]
    [InlineData("StateList=a&StateList=b", "InvalidParameter.Duplicate")]
    [InlineData("PageSize=10", "InvalidParameter.Duplicate")]
    public async Task Malformed_form_body_gets_a_400_envelope(string body, string code)
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListRealtimeAgentStates", Pairs(ListUsersPage), tweak: req =>
        {
            req.Body = Encoding.UTF8.GetBytes(body);
            req.Headers["content-type"] = "application/x-www-form-urlencoded";
            req.Sign();
        });

        Assert.Equal((HttpStatusCode.BadRequest, code), (r.Status, r.Code));
    }

    [Theory]
    [InlineData("application/json", "{\"InstanceId\":\"ccc-local\"}")]
    [InlineData("text/plain", "hello")]
    [InlineData("application/x-www-form-urlencoded; charset=iso-8859-1", "a=b")]
    [InlineData("not a media type", "a=b")]
    public async Task Body_with_a_content_type_other_than_form_gets_a_400_envelope(string contentType, string body)
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListUsers", Pairs(ListUsersPage), tweak: req =>
        {
            req.Body = Encoding.UTF8.GetBytes(body);
            req.Headers["content-type"] = contentType;
            req.Sign();
        });

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidParameter.ContentType"), (r.Status, r.Code));
    }

    [Fact]
    public async Task Invalid_utf8_in_a_form_body_gets_a_400_envelope()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListUsers", Pairs(ListUsersPage), tweak: req =>
        {
            req.Body = [(byte)'a', (byte)'=', 0xC3, 0x28];
            req.Headers["content-type"] = "application/x-www-form-urlencoded";
            req.Sign();
        });

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidParameter.Format"), (r.Status, r.Code));
    }

    [Fact]
    public async Task Duplicate_query_parameter_gets_a_400_envelope()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListUsers", [.. ListUsersPage, ("PageSize", "20")]);

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidParameter.Duplicate"), (r.Status, r.Code));
    }

    [Theory]
    [InlineData("/?InstanceId=%zz")]
    [InlineData("/?InstanceId=%4")]
    [InlineData("/?%=1")]
    public async Task Broken_percent_encoding_in_the_raw_query_gets_a_400_envelope(string target)
    {
        await using var h = await EmulatorHarness.StartAsync();

        var (status, body) = await RawHttpAsync(h.Emulator.Endpoint, $"POST {target} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        Assert.Equal(400, status);
        Assert.Equal("InvalidParameter.Format", JsonDocument.Parse(body).RootElement.GetProperty("Code").GetString());
    }

    [Fact]
    public async Task Other_paths_and_garbage_requests_get_envelopes_not_500()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var path = await h.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(h.Emulator.Endpoint, "/api/v1/users")));
        var bare = await h.SendAsync(new HttpRequestMessage(HttpMethod.Get, h.Emulator.Endpoint));

        Assert.Equal((HttpStatusCode.NotFound, "InvalidApi.NotFound"), (path.Status, path.Code));
        Assert.Equal((HttpStatusCode.BadRequest, "IncompleteSignature"), (bare.Status, bare.Code));
    }

    [Fact]
    public async Task Unexpected_exception_in_an_action_becomes_an_InternalService_Common_500_envelope()
    {
        await using var h = await EmulatorHarness.StartAsync(o => o.ConfigureActions = registry =>
            registry.Replace("ListUsers", _ => throw new InvalidOperationException("boom")));

        var r = await h.CallAsync("ListUsers", ListUsersPage);

        Assert.Equal((HttpStatusCode.InternalServerError, "InternalService.Common"), (r.Status, r.Code));
        Assert.DoesNotContain("boom", r.RawBody, StringComparison.Ordinal);
    }

    // ---- concurrency ----

    [Fact]
    public async Task Concurrent_requests_are_all_answered_and_leave_consistent_state()
    {
        await using var h = await EmulatorHarness.StartAsync();
        var agents = new[] { "agent1@ccc-local", "agent2@ccc-local" };
        var tasks = Enumerable.Range(0, 60).Select(i => (i % 4) switch
        {
            0 => h.CallAsync("SignInGroup", ("InstanceId", "ccc-local"), ("UserId", agents[i % 2]), ("DeviceId", "d" + i), ("SignedSkillGroupIdList", "[\"sales@ccc-local\"]")),
            1 => h.CallAsync("ListRealtimeAgentStates", ListUsersPage),
            2 => h.CallAsync("CreateUser", ("InstanceId", "ccc-local"), ("LoginName", "bulk" + i), ("DisplayName", "Bulk " + i), ("Email", $"bulk{i}@example.com"), ("RoleId", "Agent@ccc-local")),
            _ => h.CallAsync("ListUsers", ListUsersPage),
        }).ToList();

        var responses = await Task.WhenAll(tasks);

        Assert.All(responses, r => Assert.Equal("OK", r.Code));
        var extensions = responses.Where(r => r.Data.TryGetProperty("LoginName", out _)).Select(r => r.Data.GetProperty("Extension").GetString()).ToList();
        Assert.Equal(15, extensions.Count);
        Assert.Equal(extensions.Count, extensions.Distinct().Count());
        var states = await h.CallAsync("ListRealtimeAgentStates", ("InstanceId", "ccc-local"), ("PageNumber", "1"), ("PageSize", "100"));
        Assert.Equal(19, states.Data.GetProperty("TotalCount").GetInt32()); // 4 seeded users + 15 created
    }

    // ---- helpers ----

    private static List<KeyValuePair<string, string>> Pairs(IEnumerable<(string Name, string Value)> pairs) =>
        pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)).ToList();

    private static void Redate(V3Request request, DateTimeOffset when)
    {
        request.Headers["x-acs-date"] = when.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        request.Sign();
    }

    private static SortedDictionary<string, string> RpcParams(EmulatorHarness h, string action, IEnumerable<(string Name, string Value)> extra, string accessKeyId = CccEmulator.DevAccessKeyId)
    {
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Action"] = action,
            ["Version"] = "2020-07-01",
            ["Format"] = "JSON",
            ["AccessKeyId"] = accessKeyId,
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureVersion"] = "1.0",
            ["SignatureNonce"] = Guid.NewGuid().ToString(),
            ["Timestamp"] = h.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in extra)
        {
            parameters[name] = value;
        }

        return parameters;
    }

    private static HttpRequestMessage SignedRpc(EmulatorHarness h, string method, SortedDictionary<string, string> parameters, string secret = CccEmulator.DevAccessKeySecret)
    {
        var signature = TestSigner.RpcSignature(secret, method, parameters);
        var all = parameters.Append(new KeyValuePair<string, string>("Signature", signature));
        return new HttpRequestMessage(new HttpMethod(method), new Uri(h.Emulator.Endpoint, "/?" + TestSigner.QueryString(all)));
    }

    /// <summary>Sends bytes exactly as given (HttpClient would re-escape a broken '%').</summary>
    private static async Task<(int Status, string Body)> RawHttpAsync(Uri endpoint, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint.Host, endpoint.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        if (response.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = body[(body.IndexOf("\r\n", StringComparison.Ordinal) + 2)..];
            body = body[..body.LastIndexOf('}')] + "}";
        }

        return (status, body);
    }
}
