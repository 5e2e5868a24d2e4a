using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AuthScheme;
using Microsoft.Identity.Client.Extensibility;

namespace Ccc.Sdk.Auth;

/// <summary>
/// MSAL's authentication scheme for Alibaba Cloud's OAuth2 tokens: the token endpoint answers
/// <c>token_type: AliyunSTS</c> (not <c>Bearer</c>), and MSAL checks the answer against
/// <see cref="IAuthenticationOperation.AccessTokenType"/> and keys its access-token cache by it.
/// Plugged in per request with <c>WithAuthenticationExtension</c> (see docs/decisions/0005).
/// </summary>
internal sealed class AliyunStsAuthenticationOperation : IAuthenticationOperation
{
    /// <summary>The <c>token_type</c> Alibaba Cloud's token endpoint returns.</summary>
    public const string TokenType = "AliyunSTS";

    private static readonly IReadOnlyDictionary<string, string> NoParameters = new Dictionary<string, string>();

    public static AliyunStsAuthenticationOperation Instance { get; } = new();

    /// <summary>One extension for every request; it holds no per-request state.</summary>
    public static MsalAuthenticationExtension Extension { get; } = new() { AuthenticationOperation = Instance };

    /// <summary>MSAL's telemetry value for an extension token type.</summary>
    public int TelemetryTokenType => 5;

    /// <summary>Used by MSAL only for its own header helper; the SDK signs with the STS keys or sends <c>x-acs-bearer-token</c>.</summary>
    public string AuthorizationHeaderPrefix => "Bearer";

    /// <summary>Not bound to a key.</summary>
    public string? KeyId => null;

    public string AccessTokenType => TokenType;

    public IReadOnlyDictionary<string, string> GetTokenRequestParams() => NoParameters;

    /// <summary>The access token is kept as issued (base64url JSON of the STS keys); <see cref="StsAccessToken"/> reads it.</summary>
    public void FormatResult(AuthenticationResult authenticationResult)
    {
    }
}
