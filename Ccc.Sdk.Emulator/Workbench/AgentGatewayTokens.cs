using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Workbench;

/// <summary>Why a gateway signature was refused.</summary>
internal enum TokenCheck
{
    Valid,
    Malformed,
    BadSignature,
    Expired,
}

/// <summary>
/// The agent gateway's signatures: <c>v1.{expiresUnixSeconds}.{base64url(HMAC-SHA256(key, "v1\n{instanceId}\n{userId}\n{expires}"))}</c>
/// with a random key held by one emulator (one per <see cref="EmulatorState"/>, never persisted). GetLoginDetails
/// issues them as <c>Signature</c>; the gateway's hello verifies them.
/// </summary>
internal sealed class AgentGatewayTokens
{
    /// <summary>How long a signature from GetLoginDetails is accepted (on the emulator's clock).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    /// <summary>The gateway's path on the emulator's host.</summary>
    public const string Path = "/workbench/agent-gateway";

    private static readonly ConditionalWeakTable<EmulatorState, AgentGatewayTokens> ByState = new();

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The signer of one emulator.</summary>
    public static AgentGatewayTokens For(EmulatorState state) => ByState.GetValue(state, _ => new AgentGatewayTokens());

    /// <summary>GetLoginDetails' <c>AgentServerUrl</c>: the gateway's ws:// URL on the host the request came to.</summary>
    public static string Url(string publicHost) => "ws://" + publicHost + Path;

    public string Issue(string instanceId, string userId, long nowMs)
    {
        var expires = (nowMs / 1000) + (long)Lifetime.TotalSeconds;
        return "v1." + expires.ToString(CultureInfo.InvariantCulture) + "." + Mac(instanceId, userId, expires);
    }

    public TokenCheck Verify(string instanceId, string userId, string? signature, long nowMs)
    {
        var parts = (signature ?? "").Split('.');
        if (parts.Length != 3 || parts[0] != "v1" || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return TokenCheck.Malformed;
        }

        var expected = Encoding.ASCII.GetBytes(Mac(instanceId, userId, expires));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2])))
        {
            return TokenCheck.BadSignature;
        }

        return nowMs / 1000 >= expires ? TokenCheck.Expired : TokenCheck.Valid;
    }

    private string Mac(string instanceId, string userId, long expires)
    {
        var text = "v1\n" + instanceId + "\n" + userId + "\n" + expires.ToString(CultureInfo.InvariantCulture);
        return Base64Url(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text)));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
