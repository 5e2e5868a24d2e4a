using System.Globalization;
using System.Net;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Signing;

namespace Ccc.Sdk.Tests.Emulator.Hardening;

/// <summary>
/// The canonical query is sorted by the raw parameter name, then encoded — as the official clients and our SDK
/// do. Raw, <c>x_</c> (0x5F) sorts before <c>x`</c> (0x60); encoded, <c>x%60</c> sorts before <c>x_</c>.
/// </summary>
public sealed class SignatureOrderTests
{
    private static readonly KeyValuePair<string, string>[] Awkward =
    [
        new("InstanceId", "ccc-local"),
        new("PageNumber", "1"),
        new("PageSize", "10"),
        new("x`", "tick"),
        new("x_", "underscore"),
    ];

    [Fact]
    public async Task V3_request_signed_by_the_sdk_with_names_that_encode_out_of_order_is_accepted()
    {
        await using var h = await EmulatorHarness.StartAsync();
        var headers = new List<KeyValuePair<string, string>>
        {
            new("host", h.Emulator.Endpoint.Authority),
            new("x-acs-action", "ListUsers"),
            new("x-acs-version", "2020-07-01"),
            new("x-acs-date", h.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
            new("x-acs-signature-nonce", Guid.NewGuid().ToString("N")),
            new("x-acs-content-sha256", Acs3HmacSha256Signer.EmptyPayloadHash),
        };
        var authorization = Acs3HmacSha256Signer.ComputeAuthorization(
            "POST", "/", Awkward, headers, Acs3HmacSha256Signer.EmptyPayloadHash, CccEmulator.DevAccessKeyId, CccEmulator.DevAccessKeySecret);

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(h.Emulator.Endpoint, "/?" + Acs3HmacSha256Signer.BuildCanonicalQueryString(Awkward)));
        foreach (var (name, value) in headers)
        {
            if (name == "host")
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        var r = await h.SendAsync(request);

        Assert.True(r.Status == HttpStatusCode.OK, r.ToString());
    }

    [Fact]
    public async Task Rpc_request_signed_by_the_sdk_with_names_that_encode_out_of_order_is_accepted()
    {
        await using var h = await EmulatorHarness.StartAsync();
        var parameters = new List<KeyValuePair<string, string>>(Awkward)
        {
            new("Action", "ListUsers"),
            new("Version", "2020-07-01"),
            new("Format", "JSON"),
            new("AccessKeyId", CccEmulator.DevAccessKeyId),
            new("SignatureMethod", RpcHmacSha1Signer.SignatureMethod),
            new("SignatureVersion", RpcHmacSha1Signer.SignatureVersion),
            new("SignatureNonce", Guid.NewGuid().ToString("N")),
            new("Timestamp", h.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
        };
        parameters.Add(new("Signature", RpcHmacSha1Signer.ComputeSignature("GET", parameters, CccEmulator.DevAccessKeySecret)));

        var r = await h.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(h.Emulator.Endpoint, "/?" + TestSigner.QueryString(parameters))));

        Assert.True(r.Status == HttpStatusCode.OK, r.ToString());
    }
}
