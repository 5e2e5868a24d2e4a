using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ccc.Sdk.Emulator.OAuth;

/// <summary>
/// Signs id_tokens (RS256 JWT) and publishes the key as a JWKS. The RSA 2048 key is made on first use, so emulators
/// that never see OAuth2 do not pay for its generation.
/// </summary>
internal sealed class IdTokenSigner : IDisposable
{
    private readonly Lazy<RSA> _lazyKey = new(() => RSA.Create(2048));

    private string? _keyId;

    private RSA Key => _lazyKey.Value;

    public string KeyId => _keyId ??= Base64Url.Encode(SHA256.HashData(Key.ExportRSAPublicKey()))[..16];

    /// <summary>header.payload.signature; <paramref name="writeClaims"/> writes the payload's properties.</summary>
    public string Sign(Action<Utf8JsonWriter> writeClaims)
    {
        var header = Base64Url.Encode(Json(w =>
        {
            w.WriteString("alg", "RS256");
            w.WriteString("kid", KeyId);
            w.WriteString("typ", "JWT");
        }));
        var payload = Base64Url.Encode(Json(writeClaims));
        var signingInput = header + "." + payload;
        var signature = Key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.Encode(signature);
    }

    public void WriteJwks(Utf8JsonWriter w)
    {
        var parameters = Key.ExportParameters(false);
        w.WriteStartArray("keys");
        w.WriteStartObject();
        w.WriteString("kty", "RSA");
        w.WriteString("use", "sig");
        w.WriteString("alg", "RS256");
        w.WriteString("kid", KeyId);
        w.WriteString("n", Base64Url.Encode(parameters.Modulus));
        w.WriteString("e", Base64Url.Encode(parameters.Exponent));
        w.WriteEndObject();
        w.WriteEndArray();
    }

    public void Dispose()
    {
        if (_lazyKey.IsValueCreated)
        {
            _lazyKey.Value.Dispose();
        }
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
