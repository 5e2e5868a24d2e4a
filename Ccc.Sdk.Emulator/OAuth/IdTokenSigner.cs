using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ccc.Sdk.Emulator.OAuth;

/// <summary>Signs id_tokens (RS256 JWT) with a key made at start and publishes it as a JWKS.</summary>
internal sealed class IdTokenSigner : IDisposable
{
    private readonly RSA _key = RSA.Create(2048);

    public IdTokenSigner() => KeyId = Base64Url.Encode(SHA256.HashData(_key.ExportRSAPublicKey()))[..16];

    public string KeyId { get; }

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
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.Encode(signature);
    }

    public void WriteJwks(Utf8JsonWriter w)
    {
        var parameters = _key.ExportParameters(false);
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

    public void Dispose() => _key.Dispose();

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
