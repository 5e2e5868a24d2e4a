using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Ccc.Sdk.Signing;

namespace Ccc.Sdk.Benchmarks;

/// <summary>
/// Signing a MakeCall-sized request with <see cref="Acs3HmacSha256Signer"/> against the bare primitives it cannot
/// avoid: SHA-256 of the same canonical request bytes plus HMAC-SHA256 of the string to sign.
/// Goal: at most 3x the baseline's time and at most 1 KB allocated per signature.
/// </summary>
[MemoryDiagnoser]
public class SigningBenchmarks
{
    private static readonly List<KeyValuePair<string, string>> Query =
    [
        new("InstanceId", "ccc-local"),
        new("Callee", "13800000001"),
        new("Caller", "02150000001"),
        new("UserId", "agent1@ccc-local"),
        new("DeviceId", "ACC-2a5b7c9d-1e3f-4a6b-8c0d-2e4f6a8b0c1d"),
        new("TimeoutSeconds", "30"),
        new("MaskedCallee", "138****0001"),
        new("Tags", "{\"orderId\":\"A-20261126-0001\",\"customer\":\"张三\"}"),
    ];

    private static readonly List<KeyValuePair<string, string>> Headers =
    [
        new("host", "ccc.cn-shanghai.aliyuncs.com"),
        new("x-acs-action", "MakeCall"),
        new("x-acs-version", "2020-07-01"),
        new("x-acs-date", "2026-11-26T08:00:00Z"),
        new("x-acs-signature-nonce", "6a1f3b0e-2c4d-4e5f-8a9b-0c1d2e3f4a5b"),
        new("x-acs-content-sha256", Acs3HmacSha256Signer.EmptyPayloadHash),
    ];

    private const string AccessKeyId = "LTAI5tCccEmulatorDevKey";
    private const string Secret = "CccEmulatorDevSecretDoNotUseInProduction";

    private readonly byte[] _canonical = Encoding.UTF8.GetBytes(
        Acs3HmacSha256Signer.BuildCanonicalRequest("POST", "/", Query, Headers, Acs3HmacSha256Signer.EmptyPayloadHash));

    private readonly byte[] _key = Encoding.UTF8.GetBytes(Secret);
    private readonly byte[] _stringToSign = new byte[17 + 64];
    private readonly byte[] _mac = new byte[32];

    [Benchmark(Baseline = true, Description = "bare SHA-256 + HMAC-SHA256 over the same canonical bytes")]
    public byte[] BarePrimitives()
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(_canonical, hash);
        Encoding.ASCII.GetBytes("ACS3-HMAC-SHA256\n", _stringToSign);
        Convert.TryToHexStringLower(hash, _stringToSign.AsSpan(17), out _);
        HMACSHA256.HashData(_key, _stringToSign, _mac);
        return _mac;
    }

    [Benchmark(Description = "Acs3HmacSha256Signer.ComputeAuthorization (MakeCall)")]
    public string SignMakeCall() =>
        Acs3HmacSha256Signer.ComputeAuthorization("POST", "/", Query, Headers, Acs3HmacSha256Signer.EmptyPayloadHash, AccessKeyId, Secret);
}
