using System.Text.Json;
using Ccc.Sdk.Signing;
using Ccc.Sdk.Tests.Infrastructure;

namespace Ccc.Sdk.Tests.Signing;

/// <summary>Every published signing vector (signing.json), reproduced by the SDK's signers.</summary>
public class SigningVectorTests
{
    public static TheoryData<string> V3Vectors() => Names("ACS3-HMAC-SHA256");

    public static TheoryData<string> RpcVectors() => Names("HMAC-SHA1");

    [Fact]
    public void The_vector_file_has_both_algorithms()
    {
        Assert.True(V3Vectors().Count >= 4);
        Assert.True(RpcVectors().Count >= 3);
    }

    [Theory]
    [MemberData(nameof(V3Vectors))]
    public void V3_signer_reproduces_the_vector(string name)
    {
        var v = Vector(name);
        var query = Pairs(v.GetProperty("query"));
        var headers = Pairs(v.GetProperty("headers"));
        var body = System.Text.Encoding.UTF8.GetBytes(v.GetProperty("body").GetString()!);
        var expected = v.GetProperty("expected");

        string payloadHash = Acs3HmacSha256Signer.HashPayload(body);
        Assert.Equal(headers.Single(h => h.Key == "x-acs-content-sha256").Value, payloadHash);
        if (expected.TryGetProperty("contentSha256", out var sha))
        {
            Assert.Equal(sha.GetString(), payloadHash);
        }

        if (expected.TryGetProperty("hashedCanonicalRequest", out var hashed))
        {
            string canonical = Acs3HmacSha256Signer.BuildCanonicalRequest(
                v.GetProperty("method").GetString()!, v.GetProperty("pathname").GetString()!, query, headers, payloadHash);
            Assert.Equal(hashed.GetString(), Acs3HmacSha256Signer.HashPayload(System.Text.Encoding.UTF8.GetBytes(canonical)));
        }

        string authorization = Acs3HmacSha256Signer.ComputeAuthorization(
            v.GetProperty("method").GetString()!,
            v.GetProperty("pathname").GetString()!,
            query,
            headers,
            payloadHash,
            v.GetProperty("accessKeyId").GetString()!,
            v.GetProperty("accessKeySecret").GetString()!);
        Assert.Equal(expected.GetProperty("authorization").GetString(), authorization);
    }

    [Theory]
    [MemberData(nameof(RpcVectors))]
    public void Rpc_signer_reproduces_the_vector(string name)
    {
        var v = Vector(name);
        var parameters = Pairs(v.GetProperty("params"));
        var expected = v.GetProperty("expected");
        string method = v.GetProperty("method").GetString()!;

        if (expected.TryGetProperty("stringToSign", out var sts))
        {
            Assert.Equal(sts.GetString(), RpcHmacSha1Signer.BuildStringToSign(method, parameters));
        }

        Assert.Equal(
            expected.GetProperty("signature").GetString(),
            RpcHmacSha1Signer.ComputeSignature(method, parameters, v.GetProperty("accessKeySecret").GetString()!));
    }

    [Fact]
    public void Header_names_are_lower_cased_and_unsigned_headers_ignored()
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("X-Acs-Action", "ListUsers"),
            new("Host", "ccc.cn-shanghai.aliyuncs.com"),
            new("user-agent", "ignored"),
            new("accept", "application/json"),
        };
        string canonical = Acs3HmacSha256Signer.BuildCanonicalRequest("POST", "/", [], headers, Acs3HmacSha256Signer.EmptyPayloadHash);
        Assert.Equal(
            "POST\n/\n\nhost:ccc.cn-shanghai.aliyuncs.com\nx-acs-action:ListUsers\n\nhost;x-acs-action\n" + Acs3HmacSha256Signer.EmptyPayloadHash,
            canonical);
    }

    [Theory]
    [InlineData("abcXYZ019-_.~", "abcXYZ019-_.~")]
    [InlineData("a b*c", "a%20b%2Ac")]
    [InlineData("!@#$%^&*()", "%21%40%23%24%25%5E%26%2A%28%29")]
    [InlineData("张", "%E5%BC%A0")]
    [InlineData("😀", "%F0%9F%98%80")]
    public void Percent_encoding_follows_RFC_3986(string input, string expected) =>
        Assert.Equal(expected, PercentEncoding.Encode(input));

    private static TheoryData<string> Names(string algorithm)
    {
        var data = new TheoryData<string>();
        using var doc = SharedFiles.ReadJson("vectors", "signing.json");
        foreach (var v in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            if (v.GetProperty("algorithm").GetString() == algorithm)
            {
                data.Add(v.GetProperty("name").GetString()!);
            }
        }

        return data;
    }

    private static JsonElement Vector(string name)
    {
        using var doc = SharedFiles.ReadJson("vectors", "signing.json");
        return doc.RootElement.GetProperty("vectors").EnumerateArray()
            .Single(v => v.GetProperty("name").GetString() == name).Clone();
    }

    private static List<KeyValuePair<string, string>> Pairs(JsonElement obj) =>
        obj.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)).ToList();
}
