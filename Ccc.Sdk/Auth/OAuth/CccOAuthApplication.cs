using System.Collections.Concurrent;
using System.Web;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.Extensibility;

namespace Ccc.Sdk.Auth;

/// <summary>
/// The OAuth2 client of a CRM back end, on MSAL (<c>Microsoft.Identity.Client</c>): builds the authorize URL with
/// PKCE, redeems the code, keeps each user's tokens in MSAL's cache (persisted per user through
/// <see cref="ICccTokenCacheStore"/>) and hands out an <see cref="OAuthCredential"/> per user that refreshes through
/// <c>AcquireTokenSilent</c>. MSAL accepts the <c>AliyunSTS</c> token type through its authentication extension.
/// </summary>
/// <remarks>Thread-safe; create one per OAuth2 client and keep it for the application's lifetime.</remarks>
public sealed class CccOAuthApplication
{
    private readonly CccOAuthOptions _options;
    private readonly string[] _scopes;
    private readonly ConcurrentDictionary<string, IConfidentialClientApplication> _apps = new(StringComparer.Ordinal);

    /// <summary>Creates the application.</summary>
    /// <exception cref="ArgumentException">The options are invalid (the message names the setting).</exception>
    public CccOAuthApplication(CccOAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _scopes = options.Scopes.Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToArray();
        TokenCacheStore = options.TokenCacheStore ?? new InMemoryCccTokenCacheStore();
    }

    /// <summary>The options the application was created with.</summary>
    public CccOAuthOptions Options => _options;

    /// <summary>Where each user's token cache is persisted.</summary>
    public ICccTokenCacheStore TokenCacheStore { get; }

    /// <summary>Builds the authorize URL (authorization code with PKCE S256 and a fresh state) for <paramref name="redirectUri"/>.</summary>
    /// <param name="redirectUri">The callback registered with the OAuth2 client (https; loopback http is fine for the emulator).</param>
    /// <param name="loginHint">A user to sign in (the emulator signs a known user in without its page).</param>
    /// <param name="cancellationToken">Cancels reading the issuer's metadata.</param>
    /// <exception cref="CccCredentialException">The issuer's metadata could not be read.</exception>
    public async Task<CccOAuthAuthorizationRequest> CreateAuthorizationRequestAsync(Uri redirectUri, string? loginHint = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        var app = GetApp(redirectUri);
        string state = System.Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var builder = app.GetAuthorizationRequestUrl(_scopes)
            .WithRedirectUri(redirectUri.AbsoluteUri)
            .WithPkce(out string verifier)
            .WithExtraQueryParameters(new Dictionary<string, (string, bool)>
            {
                ["state"] = (state, false),
                ["access_type"] = ("offline", false), // Alibaba Cloud issues a refresh token only with access_type=offline
            });
        if (!string.IsNullOrWhiteSpace(loginHint))
        {
            builder = builder.WithLoginHint(loginHint.Trim());
        }

        Uri uri;
        try
        {
            uri = await builder.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MsalException ex)
        {
            throw new CccCredentialException($"Reading the OAuth2 issuer's metadata failed ({ex.ErrorCode}).", ex);
        }

        // MSAL may add a state of its own; the one in the URL is the one the issuer echoes.
        string? sent = HttpUtility.ParseQueryString(uri.Query)["state"];
        return new CccOAuthAuthorizationRequest(uri, string.IsNullOrEmpty(sent) ? state : sent, verifier, redirectUri);
    }

    /// <summary>Redeems an authorization code (with its PKCE verifier), stores the user's tokens and returns their credential.</summary>
    /// <exception cref="CccCredentialException">The issuer refused the code (message: the OAuth2 error code, never a token).</exception>
    public async Task<CccOAuthSignInResult> RedeemCodeAsync(string code, string codeVerifier, Uri redirectUri, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(codeVerifier);
        ArgumentNullException.ThrowIfNull(redirectUri);
        AuthenticationResult result;
        try
        {
            result = await GetApp(redirectUri).AcquireTokenByAuthorizationCode(_scopes, code)
                .WithPkceCodeVerifier(codeVerifier)
                .WithAuthenticationExtension(AliyunStsAuthenticationOperation.Extension)
                .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MsalException ex)
        {
            throw new CccCredentialException($"Redeeming the OAuth2 authorization code failed ({ex.ErrorCode}).", ex);
        }

        string accountId = result.Account?.HomeAccountId?.Identifier
            ?? throw new CccCredentialException("The OAuth2 token response has no id_token, so the user cannot be remembered: ask for the openid scope.");
        var claims = result.ClaimsPrincipal;
        // upn (login@domain) is what a CCC UserId looks like; login_name is the RAM login without the domain.
        string? userName = claims?.FindFirst("upn")?.Value ?? claims?.FindFirst("login_name")?.Value
            ?? claims?.FindFirst("preferred_username")?.Value ?? NullIfEmpty(result.Account?.Username);
        var credential = new OAuthCredential(this, accountId, Convert(result));
        return new CccOAuthSignInResult(accountId, userName, claims?.FindFirst("sub")?.Value, credential);
    }

    /// <summary>The credential of a user who signed in before (their tokens come from the persisted cache).</summary>
    /// <param name="accountId">The <see cref="CccOAuthSignInResult.AccountId"/> of their sign-in.</param>
    public OAuthCredential GetCredential(string accountId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        return new OAuthCredential(this, accountId, null);
    }

    /// <summary>Forgets a user's tokens: removes the account from MSAL's cache and the store.</summary>
    public async Task SignOutAsync(string accountId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        var app = GetApp(null);
        if (await app.GetAccountAsync(accountId).ConfigureAwait(false) is { } account)
        {
            await app.RemoveAsync(account).ConfigureAwait(false);
        }

        await TokenCacheStore.RemoveAsync(accountId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets fresh credentials for <paramref name="accountId"/> from MSAL's cache, refreshing through the refresh token when needed.</summary>
    internal async ValueTask<CccCredentials> AcquireSilentAsync(string accountId, CancellationToken cancellationToken)
    {
        var app = GetApp(null);
        var account = await app.GetAccountAsync(accountId).ConfigureAwait(false)
            ?? throw new CccCredentialException("The user has no OAuth2 tokens (never signed in, signed out, or the token cache was lost): sign in again.");
        try
        {
            var result = await Silent(app, account, forceRefresh: false, cancellationToken).ConfigureAwait(false);
            var credentials = Convert(result);
            if (credentials.IsExpiring(_options.TimeProvider.GetUtcNow(), _options.RefreshMargin))
            {
                // MSAL's own margin is shorter than ours: ask it for a new token explicitly.
                credentials = Convert(await Silent(app, account, forceRefresh: true, cancellationToken).ConfigureAwait(false));
            }

            return credentials;
        }
        catch (MsalUiRequiredException ex)
        {
            throw new CccCredentialException($"The user's OAuth2 refresh token is no longer accepted ({ex.ErrorCode}): sign in again.", ex);
        }
        catch (MsalException ex)
        {
            throw new CccCredentialException($"Refreshing the OAuth2 token failed ({ex.ErrorCode}).", ex);
        }
    }

    private Task<AuthenticationResult> Silent(IConfidentialClientApplication app, IAccount account, bool forceRefresh, CancellationToken cancellationToken) =>
        app.AcquireTokenSilent(_scopes, account)
            .WithForceRefresh(forceRefresh)
            .WithAuthenticationExtension(AliyunStsAuthenticationOperation.Extension)
            .ExecuteAsync(cancellationToken);

    private CccCredentials Convert(AuthenticationResult result) =>
        _options.UseBearerToken
            ? CccCredentials.FromBearerToken(result.AccessToken, result.ExpiresOn)
            : StsAccessToken.Decode(result.AccessToken, result.ExpiresOn);

    private IConfidentialClientApplication GetApp(Uri? redirectUri) =>
        _apps.GetOrAdd(redirectUri?.AbsoluteUri ?? string.Empty, CreateApp);

    private IConfidentialClientApplication CreateApp(string redirectUri)
    {
        var builder = ConfidentialClientApplicationBuilder.Create(_options.ClientId.Trim())
            .WithClientSecret(_options.ClientSecret)
            .WithOidcAuthority(_options.Issuer!.AbsoluteUri);
        if (redirectUri.Length > 0)
        {
            builder = builder.WithRedirectUri(redirectUri);
        }

        if (_options.HttpClientFactory is { } factory)
        {
            builder = builder.WithHttpClientFactory(factory);
        }

        var app = builder.Build();
        app.UserTokenCache.SetBeforeAccessAsync(async args =>
        {
            if (args.SuggestedCacheKey is { Length: > 0 } key)
            {
                args.TokenCache.DeserializeMsalV3(await TokenCacheStore.ReadAsync(key, args.CancellationToken).ConfigureAwait(false), shouldClearExistingCache: true);
            }
        });
        app.UserTokenCache.SetAfterAccessAsync(async args =>
        {
            if (args.HasStateChanged && args.SuggestedCacheKey is { Length: > 0 } key)
            {
                if (args.HasTokens)
                {
                    await TokenCacheStore.WriteAsync(key, args.TokenCache.SerializeMsalV3(), args.CancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await TokenCacheStore.RemoveAsync(key, args.CancellationToken).ConfigureAwait(false);
                }
            }
        });
        return app;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
