using System.Globalization;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Emulator.Signing;

namespace Ccc.Sdk.Tests.Emulator;

/// <summary>
/// Every vector of TestData/vectors/signing.json is accepted by the emulator's verifier when sent exactly as given,
/// and any one-character change to a signed part is rejected.
/// </summary>
public sealed class SigningVectorTests
{
    /// <summary>Codes that mean "the gateway refused the request before running the action".</summary>
    private static readonly HashSet<string> Rejections =
    [
        "SignatureDoesNotMatch", "IncompleteSignature", "InvalidTimeStamp.Expired", "InvalidTimeStamp.Format",
        "SignatureNonceUsed", "InvalidAccessKeyId.NotFound", "InvalidSignatureMethod", "UnsupportedHTTPMethod",
        "InvalidSecurityToken.MismatchWithAccessKey", "InvalidSecurityToken.Expired", "MissingSecurityToken",
        "InvalidParameter.Format", "InvalidParameter.ContentType", "InvalidParameter.Duplicate",
    ];

    // Since the call engine exists, the MakeCall vectors reach the action, which refuses an OFFLINE agent
    // (UserStateNotAllowed) or a key mapped to no agent (Parameter.Blank): both prove the signature was accepted.
    private static readonly HashSet<string> AfterSignatureCodes = ["OK", "InvalidApi.NotFound", "InvalidVersion", "UserStateNotAllowed", "Parameter.Blank"];

    private static readonly JsonElement[] Vectors = LoadVectors();

    public static TheoryData<string> V3Vectors() => Names("ACS3-HMAC-SHA256", withKey: true);

    public static TheoryData<string> RpcVectorsWithKey() => Names("HMAC-SHA1", withKey: true);

    public static TheoryData<string> AllRpcVectors() => Names("HMAC-SHA1", withKey: false);

    [Theory]
    [MemberData(nameof(V3Vectors))]
    public async Task V3_vector_sent_exactly_as_published_is_accepted(string name)
    {
        var vector = Find(name);
        await using var harness = await StartFor(vector);

        var response = await harness.SendAsync(BuildV3(vector).ToHttpRequest(harness.Emulator.Endpoint));

        // Accepted: the action ran (OK) or was looked up (non-CCC vectors name other products' actions/versions).
        Assert.Contains(response.Code, AfterSignatureCodes);
    }

    [Theory]
    [MemberData(nameof(V3Vectors))]
    public async Task V3_vector_with_one_character_changed_in_any_signed_part_is_rejected(string name)
    {
        var vector = Find(name);
        await using var harness = await StartFor(vector);
        var failures = new List<string>();

        foreach (var (part, mutate, expectedCode) in V3Mutations(vector))
        {
            var request = BuildV3(vector);
            mutate(request);
            harness.Emulator.Nonces.Clear(); // a signature that wrongly verifies must show as accepted, not as a replay

            var response = await harness.SendAsync(request.ToHttpRequest(harness.Emulator.Endpoint));

            if (response.Code != expectedCode)
            {
                failures.Add($"{part}: expected {expectedCode}, got {response}");
            }
        }

        Assert.Empty(failures);
    }

    [Theory]
    [MemberData(nameof(RpcVectorsWithKey))]
    public async Task Rpc_vector_sent_exactly_as_published_is_accepted(string name)
    {
        var vector = Find(name);
        await using var harness = await StartFor(vector);

        var response = await harness.SendAsync(BuildRpc(harness.Emulator.Endpoint, vector.GetProperty("method").GetString()!,
            Params(vector), vector.GetProperty("expected").GetProperty("signature").GetString()!));

        // Accepted: the action ran (OK) or was looked up (non-CCC vectors name other products' actions/versions).
        Assert.Contains(response.Code, AfterSignatureCodes);
    }

    [Fact]
    public async Task Rpc_vector_with_its_parameters_split_between_query_and_form_body_is_accepted()
    {
        var vector = Find("RPC v1 ListUsers with non-ASCII and reserved chars");
        await using var harness = await StartFor(vector);
        var parameters = Params(vector);
        parameters.Add(new("Signature", vector.GetProperty("expected").GetProperty("signature").GetString()!));
        var inQuery = parameters.Where(p => p.Key is "AccessKeyId" or "Signature" or "Timestamp").ToList();
        var inForm = parameters.Except(inQuery).ToList();
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(harness.Emulator.Endpoint, "/?" + TestSigner.QueryString(inQuery)))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(TestSigner.QueryString(inForm))),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");

        var response = await harness.SendAsync(request);

        Assert.Equal("OK", response.Code);
    }

    [Theory]
    [MemberData(nameof(RpcVectorsWithKey))]
    public async Task Rpc_vector_with_one_character_changed_in_any_signed_part_is_rejected(string name)
    {
        var vector = Find(name);
        await using var harness = await StartFor(vector);
        var method = vector.GetProperty("method").GetString()!;
        var signature = vector.GetProperty("expected").GetProperty("signature").GetString()!;
        var original = Params(vector);
        var failures = new List<string>();
        var variants = new List<(string Part, string Method, List<KeyValuePair<string, string>> Params, string Signature)>
        {
            ("method", Mutate(method), original, signature),
            ("signature", method, original, MutateSignature(signature)),
        };
        for (var i = 0; i < original.Count; i++)
        {
            var renamed = original.ToList();
            renamed[i] = new(Mutate(original[i].Key), original[i].Value);
            variants.Add(($"name of {original[i].Key}", method, renamed, signature));
            var changed = original.ToList();
            changed[i] = new(original[i].Key, Mutate(original[i].Value));
            variants.Add(($"value of {original[i].Key}", method, changed, signature));
        }

        foreach (var (part, variantMethod, parameters, variantSignature) in variants)
        {
            harness.Emulator.Nonces.Clear();
            var response = await harness.SendAsync(BuildRpc(harness.Emulator.Endpoint, variantMethod, parameters, variantSignature));
            var plainValue = part.StartsWith("value of", StringComparison.Ordinal)
                && !part.EndsWith("AccessKeyId", StringComparison.Ordinal) && !part.EndsWith("SignatureMethod", StringComparison.Ordinal)
                && !part.EndsWith("SignatureVersion", StringComparison.Ordinal);
            var ok = plainValue || part == "signature" ? response.Code == "SignatureDoesNotMatch" : Rejections.Contains(response.Code);
            if (!ok)
            {
                failures.Add($"{part}: got {response}");
            }
        }

        Assert.Empty(failures);
    }

    [Theory]
    [MemberData(nameof(AllRpcVectors))]
    public void Rpc_verifier_computes_the_published_string_to_sign_and_signature(string name)
    {
        var vector = Find(name);
        var expected = vector.GetProperty("expected");

        var stringToSign = RpcSignature.StringToSign(vector.GetProperty("method").GetString()!, Params(vector));

        if (expected.TryGetProperty("stringToSign", out var sts))
        {
            Assert.Equal(sts.GetString(), stringToSign);
        }

        Assert.Equal(expected.GetProperty("signature").GetString(), RpcSignature.Sign(vector.GetProperty("accessKeySecret").GetString()!, stringToSign));
    }

    [Fact]
    public void V3_verifier_reproduces_the_official_canonical_request_hash_and_signature()
    {
        var vector = Find("official doc V3 example (RunInstances)");
        var canonical = AcsV3Signature.CanonicalRequest("POST", Pairs(vector.GetProperty("query")), Pairs(vector.GetProperty("headers")), AcsV3Signature.EmptyPayloadHash);

        Assert.Equal(vector.GetProperty("expected").GetProperty("hashedCanonicalRequest").GetString(), AcsV3Signature.Sha256Hex(Encoding.UTF8.GetBytes(canonical)));
        Assert.Equal(vector.GetProperty("expected").GetProperty("signature").GetString(), AcsV3Signature.Sign("YourAccessKeySecret", AcsV3Signature.StringToSign(canonical)));
    }

    // ---- building requests from vectors ----

    private static async Task<EmulatorHarness> StartFor(JsonElement vector)
    {
        var headers = vector.TryGetProperty("headers", out var h) ? h : default;
        var date = headers.ValueKind == JsonValueKind.Object
            ? headers.GetProperty("x-acs-date").GetString()!
            : vector.GetProperty("params").GetProperty("Timestamp").GetString()!;
        var keyId = vector.TryGetProperty("accessKeyId", out var k) ? k.GetString()! : vector.GetProperty("params").GetProperty("AccessKeyId").GetString()!;
        var token = headers.ValueKind == JsonValueKind.Object && headers.TryGetProperty("x-acs-security-token", out var t) ? t.GetString() : null;
        return await EmulatorHarness.StartAsync(
            o => o.Credentials.Add(new CccEmulatorCredential
            {
                AccessKeyId = keyId,
                AccessKeySecret = vector.GetProperty("accessKeySecret").GetString()!,
                SecurityToken = token,
            }),
            DateTimeOffset.Parse(date, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));
    }

    private static V3Request BuildV3(JsonElement vector)
    {
        var request = new V3Request { Method = vector.GetProperty("method").GetString()! };
        request.Query.AddRange(Pairs(vector.GetProperty("query")));
        foreach (var (name, value) in Pairs(vector.GetProperty("headers")))
        {
            request.Headers[name] = value;
        }

        request.Body = Encoding.UTF8.GetBytes(vector.GetProperty("body").GetString()!);
        request.Authorization = vector.GetProperty("expected").GetProperty("authorization").GetString();
        return request;
    }

    private static IEnumerable<(string Part, Action<V3Request> Mutate, string ExpectedCode)> V3Mutations(JsonElement vector)
    {
        const string mismatch = "SignatureDoesNotMatch";
        yield return ("method", r => r.Method = Mutate(r.Method), "UnsupportedHTTPMethod");
        yield return ("signature", r => r.Authorization = MutateSignature(r.Authorization!), mismatch);
        var keyId = vector.GetProperty("accessKeyId").GetString()!;
        yield return ("credential", r => r.Authorization = r.Authorization!.Replace("Credential=" + keyId + ",", "Credential=" + Mutate(keyId) + ",", StringComparison.Ordinal), "InvalidAccessKeyId.NotFound");
        var query = Pairs(vector.GetProperty("query"));
        for (var i = 0; i < query.Count; i++)
        {
            var index = i;
            yield return ($"name of {query[i].Key}", r => r.Query[index] = new(Mutate(r.Query[index].Key), r.Query[index].Value), mismatch);
            yield return ($"value of {query[i].Key}", r => r.Query[index] = new(r.Query[index].Key, Mutate(r.Query[index].Value)), mismatch);
        }

        foreach (var (name, _) in Pairs(vector.GetProperty("headers")))
        {
            var expected = name == "content-type" ? "InvalidParameter.ContentType" : mismatch;
            yield return ($"header {name}", r => r.Headers[name] = Mutate(r.Headers[name]), expected);
        }

        if (vector.GetProperty("body").GetString()!.Length > 0)
        {
            yield return ("body", r => r.Body = Encoding.UTF8.GetBytes(Mutate(Encoding.UTF8.GetString(r.Body))), mismatch);
        }
    }

    private static HttpRequestMessage BuildRpc(Uri endpoint, string method, List<KeyValuePair<string, string>> parameters, string signature)
    {
        var all = parameters.Append(new("Signature", signature));
        return new HttpRequestMessage(new HttpMethod(method), new Uri(endpoint, "/?" + TestSigner.QueryString(all)));
    }

    /// <summary>Changes one character: the last digit (+1 mod 10), else the last letter (next letter), else appends 'x'.</summary>
    internal static string Mutate(string s)
    {
        var chars = s.ToCharArray();
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            if (char.IsAsciiDigit(chars[i]))
            {
                chars[i] = (char)('0' + ((chars[i] - '0' + 1) % 10));
                return new string(chars);
            }
        }

        for (var i = chars.Length - 1; i >= 0; i--)
        {
            if (char.IsAsciiLetter(chars[i]))
            {
                chars[i] = chars[i] switch { 'z' => 'a', 'Z' => 'A', var c => (char)(c + 1) };
                return new string(chars);
            }
        }

        return s + "x";
    }

    /// <summary>Changes the last character of a signature (hex or base64), keeping it the same length and alphabet.</summary>
    private static string MutateSignature(string s)
    {
        var index = s.EndsWith('=') ? s.TrimEnd('=').Length - 1 : s.Length - 1;
        var c = s[index];
        var replacement = c == 'a' ? 'b' : 'a';
        return s[..index] + replacement + s[(index + 1)..];
    }

    private static List<KeyValuePair<string, string>> Params(JsonElement vector) => Pairs(vector.GetProperty("params"));

    private static List<KeyValuePair<string, string>> Pairs(JsonElement obj) =>
        obj.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)).ToList();

    private static JsonElement Find(string name) => Vectors.Single(v => v.GetProperty("name").GetString() == name);

    private static TheoryData<string> Names(string algorithm, bool withKey)
    {
        var data = new TheoryData<string>();
        foreach (var vector in Vectors.Where(v => v.GetProperty("algorithm").GetString() == algorithm))
        {
            var hasKey = vector.TryGetProperty("accessKeyId", out _) || (vector.TryGetProperty("params", out var p) && p.TryGetProperty("AccessKeyId", out _));
            if (!withKey || hasKey)
            {
                data.Add(vector.GetProperty("name").GetString()!);
            }
        }

        return data;
    }

    private static JsonElement[] LoadVectors()
    {
        using var document = TestData.TestVectors.Read("signing.json");
        return document.RootElement.GetProperty("vectors").EnumerateArray().Select(v => v.Clone()).ToArray();
    }
}
