using System.Net;
using System.Text.Json;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Emulator.Signing;
using Ccc.Sdk.Signing;
using Ccc.Sdk.Tests.Client;
using Microsoft.AspNetCore.Http;

namespace Ccc.Sdk.Tests.Signing;

/// <summary>
/// <see cref="ApiRequest.Method"/> GET: signed as GET (the method is part of the string to sign in both algorithms),
/// every parameter in the query, no body; checked against the emulator's own, independent signature code and
/// end to end against the emulator.
/// </summary>
public sealed class GetRequestTests
{
    private const string Secret = FakeCcc.AccessKeySecret;
    private const string Host = "ccc.test.local";

    public static TheoryData<SignatureAlgorithm> Algorithms() => [SignatureAlgorithm.Acs3HmacSha256, SignatureAlgorithm.RpcHmacSha1];

    private static ApiRequest GetRequest() => new ApiRequest("ListSkillGroupStates") { Method = HttpMethod.Get }
        .With("InstanceId", "ccc-test")
        .With("SkillGroupIdList", """["skg 1@ccc-test"]""")
        .With("PageSize", "10");

    private static SignedApiRequest Sign(ApiRequest request, SignatureAlgorithm algorithm) => RequestSigner.Sign(
        request, CccCredentials.FromAccessKey(FakeCcc.AccessKeyId, Secret), algorithm, Host, DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), "nonce-1");

    private static List<KeyValuePair<string, string>> Query(string pathAndQuery) =>
        pathAndQuery[(pathAndQuery.IndexOf('?', StringComparison.Ordinal) + 1)..]
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => new KeyValuePair<string, string>(Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p[1])))
            .ToList();

    /// <summary>The signature the emulator's independent code computes for <paramref name="method"/>.</summary>
    private static string EmulatorSignature(string method, SignedApiRequest signed, out string sent)
    {
        var query = Query(signed.PathAndQuery);
        if (signed.Headers.FirstOrDefault(h => h.Key == "Authorization").Value is { } authorization)
        {
            var headers = signed.Headers.Where(h => h.Key == "host" || h.Key.StartsWith("x-acs-", StringComparison.Ordinal));
            sent = authorization[(authorization.IndexOf(",Signature=", StringComparison.Ordinal) + ",Signature=".Length)..];
            return AcsV3Signature.Sign(Secret, AcsV3Signature.StringToSign(AcsV3Signature.CanonicalRequest(method, query, headers, AcsV3Signature.EmptyPayloadHash)));
        }

        sent = query.Single(p => p.Key == "Signature").Value;
        return RpcSignature.Sign(Secret, RpcSignature.StringToSign(method, query.Where(p => p.Key != "Signature")));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void A_GET_request_is_signed_as_GET_with_every_parameter_in_the_query_and_no_body(SignatureAlgorithm algorithm)
    {
        var signed = Sign(GetRequest(), algorithm);

        Assert.Equal("GET", signed.Method);
        Assert.Empty(signed.Body);
        Assert.Null(signed.ContentType);
        Assert.Contains("SkillGroupIdList=%5B%22skg%201%40ccc-test%22%5D", signed.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(EmulatorSignature("GET", signed, out string sent), sent);
        Assert.NotEqual(EmulatorSignature("POST", signed, out _), sent);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void The_same_request_as_POST_has_another_signature(SignatureAlgorithm algorithm)
    {
        var post = GetRequest();
        post.Method = HttpMethod.Post;

        var signedPost = Sign(post, algorithm);
        var signedGet = Sign(GetRequest(), algorithm);

        Assert.Equal("POST", signedPost.Method);
        Assert.Equal(EmulatorSignature("POST", signedPost, out string sent), sent);
        Assert.NotEqual(EmulatorSignature("GET", signedGet, out _), sent);
    }

    [Fact]
    public void A_GET_request_with_form_parameters_or_another_method_cannot_be_sent()
    {
        var withForm = GetRequest().WithForm("AgentIdList", "[]");
        var put = new ApiRequest("ListUsers") { Method = HttpMethod.Put };

        var formError = Assert.Throws<ArgumentException>(() => Sign(withForm, SignatureAlgorithm.Acs3HmacSha256));
        var putError = Assert.Throws<ArgumentException>(() => Sign(put, SignatureAlgorithm.RpcHmacSha1));

        Assert.Contains("GET", formError.Message, StringComparison.Ordinal);
        Assert.Contains("PUT", putError.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task The_client_sends_a_GET_request_as_HTTP_GET_with_no_body_and_the_query_as_signed(SignatureAlgorithm algorithm)
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("""{"RequestId":"r","Code":"OK","HttpStatusCode":200,"Data":{"List":[]}}""");
        });
        var options = new CccClientOptions { Endpoint = server.BaseAddress, InstanceId = "ccc-test", SignatureAlgorithm = algorithm };
        using var client = new CccClient(new AccessKeyCredential(FakeCcc.AccessKeyId, Secret), options);

        var response = await client.SendAsync(GetRequest());

        var seen = Assert.Single(server.Requests);
        Assert.Equal("GET", seen.Method);
        Assert.Equal(string.Empty, seen.Body);
        Assert.Null(seen.ContentType);
        Assert.False(seen.Headers.ContainsKey("content-length"));
        Assert.False(seen.Headers.ContainsKey("transfer-encoding"));
        var query = Query(seen.PathAndQuery);
        Assert.Contains(new KeyValuePair<string, string>("SkillGroupIdList", """["skg 1@ccc-test"]"""), query);
        Assert.Equal(JsonValueKind.Array, response.Value.GetProperty("List").ValueKind);
        if (algorithm == SignatureAlgorithm.Acs3HmacSha256)
        {
            var headers = seen.Headers.Where(h => h.Key.StartsWith("x-acs-", StringComparison.Ordinal)).Append(new("host", seen.Host));
            string expected = AcsV3Signature.Sign(Secret, AcsV3Signature.StringToSign(AcsV3Signature.CanonicalRequest("GET", query, headers, seen.Headers["x-acs-content-sha256"])));
            Assert.EndsWith(",Signature=" + expected, seen.Headers["authorization"], StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("ListSkillGroupStates", query.Single(p => p.Key == "Action").Value);
            string expected = RpcSignature.Sign(Secret, RpcSignature.StringToSign("GET", query.Where(p => p.Key != "Signature")));
            Assert.Equal(expected, query.Single(p => p.Key == "Signature").Value);
        }
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task The_emulator_accepts_a_signed_GET_and_refuses_one_signed_as_POST(SignatureAlgorithm algorithm)
    {
        await using var emulator = await CccEmulator.StartAsync(new CccEmulatorOptions());
        var options = new CccClientOptions { Endpoint = emulator.Endpoint, InstanceId = emulator.InstanceId, SignatureAlgorithm = algorithm };
        using var client = new CccClient(new AccessKeyCredential(emulator.AccessKeyId, emulator.AccessKeySecret), options);

        var users = await client.SendAsync(new ApiRequest("ListUsers") { Method = HttpMethod.Get }.With("PageNumber", "1").With("PageSize", "10"));

        Assert.True(users.Value.GetProperty("List").GetArrayLength() > 0, users.RawContent);

        // Signed for POST but sent as GET: the method is part of what is signed, so the emulator refuses it.
        var signed = RequestSigner.Sign(
            new ApiRequest("ListUsers").With("InstanceId", emulator.InstanceId),
            CccCredentials.FromAccessKey(emulator.AccessKeyId, emulator.AccessKeySecret),
            algorithm,
            emulator.Endpoint.Authority,
            DateTimeOffset.UtcNow,
            Guid.NewGuid().ToString("N"));
        using var http = new HttpClient();
        using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.Endpoint, signed.PathAndQuery));
        foreach (var header in signed.Headers.Where(h => h.Key != "host"))
        {
            wrong.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        using var refused = await http.SendAsync(wrong);
        string body = await refused.Content.ReadAsStringAsync();

        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("\"Code\":\"SignatureDoesNotMatch\"", body, StringComparison.Ordinal);
    }
}
