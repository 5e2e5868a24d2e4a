using System.Net.Security;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Web;
using Ccc.Sdk.AspNetCore.OAuth;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Samples.Crm.Calls;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Ccc.Sdk.Samples.Crm.Accounts;

/// <summary>
/// Turns a CCC OAuth2 sign-in ("Sign in with Alibaba Cloud", <c>MapCccOAuthSignIn</c>) into the CRM's own sign-in
/// cookie: the agent is the call center user the identity provider named (never a value of the request), its role
/// comes from the instance (<c>ListUsers</c> with the CRM's back-office client: <c>Admin</c> → supervisor), and the
/// user's CCC account rides along in the cookie (claim <see cref="CccOAuthHttpContextExtensions.AccountIdClaimType"/>),
/// so the softphone proxy (<c>UseUserIdentity</c>) and <see cref="AgentClients"/> act with the agent's own STS keys.
/// </summary>
public static partial class CrmSignIn
{
    /// <summary>The claim saying how the user signed in: <see cref="ThroughOAuth"/> or <see cref="ThroughEmulatorShortcut"/>.</summary>
    public const string MethodClaim = "crm_sign_in";

    /// <summary>Signed in through the identity provider's page ("Sign in with Alibaba Cloud").</summary>
    public const string ThroughOAuth = "oauth";

    /// <summary>Signed in through the emulator-only agent picker (the same OAuth2 sign-in, its page skipped).</summary>
    public const string ThroughEmulatorShortcut = "emulator-shortcut";

    /// <summary>
    /// <see cref="CccOAuthSignInOptions.OnSignedIn"/>: finds the agent of the signed-in CCC user and signs the CRM user
    /// in with the cookie scheme. A CCC user who is no agent of the instance is refused (403) and their tokens revoked.
    /// </summary>
    /// <param name="http">The callback's request.</param>
    /// <param name="result">The redeemed sign-in.</param>
    public static async Task OnSignedInAsync(HttpContext http, CccOAuthSignInResult result)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(result);
        var desk = http.RequestServices.GetRequiredService<CallDesk>();
        var agents = await desk.ListAgentsAsync(http.RequestAborted);
        if (MatchAgent(agents, result.UserName) is not { } agent)
        {
            LogNotAnAgent(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CrmSignIn)));
            await http.RequestServices.GetRequiredService<CccOAuthApplication>().RevokeAsync(result.AccountId, http.RequestAborted);
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.Response.WriteAsync("You signed in, but you are not an agent of this call center.", http.RequestAborted);
            return;
        }

        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Principal(agent, result.AccountId, ThroughOAuth));
    }

    /// <summary>
    /// The agent of a CCC user name: the user whose <c>UserId</c> is that name (<c>loginName@instanceId</c>, what the
    /// emulator's id token says), else the one whose <c>LoginName</c> is its part before <c>@</c> (the cloud's RAM user
    /// principal name, <c>loginName@account.onaliyun.com</c>).
    /// </summary>
    /// <param name="agents">The instance's users.</param>
    /// <param name="userName">The signed-in user's name from the id token (<see cref="CccOAuthSignInResult.UserName"/>).</param>
    /// <returns>The agent, or <see langword="null"/>.</returns>
    public static CccUser? MatchAgent(IReadOnlyList<CccUser> agents, string? userName)
    {
        ArgumentNullException.ThrowIfNull(agents);
        if (string.IsNullOrWhiteSpace(userName))
        {
            return null;
        }

        string login = userName.Split('@')[0];
        return agents.FirstOrDefault(a => string.Equals(a.UserId, userName, StringComparison.OrdinalIgnoreCase))
            ?? agents.FirstOrDefault(a => login.Length > 0 && string.Equals(a.LoginName, login, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The CRM user's principal: the agent (<see cref="AgentAccount.UserIdClaim"/>), its name, its CRM role and its CCC account.</summary>
    /// <param name="agent">The agent, as <c>ListUsers</c> returned it.</param>
    /// <param name="accountId">The user's CCC account (<see cref="CccOAuthSignInResult.AccountId"/>).</param>
    /// <param name="method">How the user signed in (<see cref="MethodClaim"/>).</param>
    /// <returns>The principal for the cookie scheme.</returns>
    public static ClaimsPrincipal Principal(CccUser agent, string accountId, string method)
    {
        ArgumentNullException.ThrowIfNull(agent);
        string agentId = agent.UserId ?? throw new ArgumentException("The agent has no UserId.", nameof(agent));
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, agentId),
                new Claim(ClaimTypes.Name, agent.DisplayName is { Length: > 0 } name ? name : agentId),
                new Claim(AgentAccount.UserIdClaim, agentId),
                new Claim(ClaimTypes.Role, CrmRoles.Of(agent)),
                new Claim(CccOAuthHttpContextExtensions.AccountIdClaimType, accountId),
                new Claim(MethodClaim, method),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        return new ClaimsPrincipal(identity);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "A CCC sign-in was refused: the signed-in user is not an agent of the instance.")]
    private static partial void LogNotAnAgent(ILogger logger);
}

/// <summary>
/// The embedded emulator's shortcut past its OAuth2 sign-in page: the same authorization code flow with PKCE as
/// "Sign in with Alibaba Cloud", run by the CRM itself with <c>login_hint</c> (which the emulator — never the cloud —
/// honours by signing that user in at once). So an agent picked on <c>/sign-in</c> gets real STS keys of their own, and
/// the softphone proxy and the call features work the same way for both sign-ins. Registered on the emulator only.
/// </summary>
public sealed class EmulatorSignInShortcut : IDisposable
{
    // Any loopback URI is accepted by the emulator's dev client; the browser never goes there.
    private static readonly Uri ShortcutRedirectUri = new("http://127.0.0.1/ccc/oauth/emulator-shortcut");

    private readonly CccOAuthApplication _oauth;
    private readonly HttpClient _http;

    /// <summary>Creates the shortcut.</summary>
    /// <param name="oauth">The CRM's OAuth2 application (the emulator's issuer).</param>
    /// <param name="certificate">The emulator's HTTPS certificate: the only one trusted.</param>
    public EmulatorSignInShortcut(CccOAuthApplication oauth, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        _oauth = oauth ?? throw new ArgumentNullException(nameof(oauth));
        byte[] pinned = certificate.GetCertHash(HashAlgorithmName.SHA256);
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false, // the code is in the authorize answer's Location
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                    presented is not null && CryptographicOperations.FixedTimeEquals(presented.GetCertHash(HashAlgorithmName.SHA256), pinned),
            },
        })
        { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Signs <paramref name="userId"/> in at the emulator's OAuth2 server and redeems the code.</summary>
    /// <param name="userId">The agent, <c>loginName@instanceId</c>.</param>
    /// <param name="cancellationToken">Cancels the sign-in.</param>
    /// <returns>The sign-in (the user's tokens are in the OAuth2 application's token cache).</returns>
    /// <exception cref="CccCredentialException">The emulator refused the sign-in or the code.</exception>
    public async Task<CccOAuthSignInResult> SignInAsync(string userId, CancellationToken cancellationToken)
    {
        var request = await _oauth.CreateAuthorizationRequestAsync(ShortcutRedirectUri, userId, cancellationToken);
        using var answer = await _http.GetAsync(request.AuthorizationUri, cancellationToken);
        var location = answer.Headers.Location;
        var query = location is { IsAbsoluteUri: true } ? HttpUtility.ParseQueryString(location.Query) : null;
        if (query?["code"] is not { Length: > 0 } code || query["state"] != request.State)
        {
            throw new CccCredentialException($"The emulator did not sign '{userId}' in ({query?["error"] ?? ((int)answer.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
        }

        return await _oauth.RedeemCodeAsync(code, request.CodeVerifier, ShortcutRedirectUri, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
