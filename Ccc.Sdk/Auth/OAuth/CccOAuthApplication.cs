using System.Collections.Concurrent;
using System.Text.Json;
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
    /// <summary>The most MSAL applications kept, one per redirect URI: a web app has one or two; more means the URIs come from requests.</summary>
    private const int MaxCachedApplications = 8;

    private static readonly HttpClient SharedHttp = new();
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

    /// <summary>
    /// Signs a user out at the issuer: posts their refresh token (and current access token) to the issuer's
    /// <c>revocation_endpoint</c> (RFC 7009, from the discovery document), so the grant and its STS keys stop working,
    /// then forgets their tokens locally like <see cref="SignOutAsync"/>. A user with no tokens is only forgotten.
    /// </summary>
    /// <param name="accountId">The <see cref="CccOAuthSignInResult.AccountId"/> of their sign-in.</param>
    /// <param name="cancellationToken">Cancels the calls to the issuer.</param>
    /// <exception cref="CccCredentialException">The issuer has no revocation endpoint or refused the revocation (the local tokens are forgotten anyway; the message never shows a token).</exception>
    public async Task RevokeAsync(string accountId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        byte[]? blob = await TokenCacheStore.ReadAsync(accountId, cancellationToken).ConfigureAwait(false);
        var (refreshToken, accessToken) = ReadTokens(blob, accountId);
        try
        {
            if (refreshToken is null && accessToken is null)
            {
                return;
            }

            var http = _options.HttpClientFactory?.GetHttpClient() ?? SharedHttp;
            Uri endpoint = await GetRevocationEndpointAsync(http, cancellationToken).ConfigureAwait(false);
            foreach (var (token, hint) in new[] { (refreshToken, "refresh_token"), (accessToken, "access_token") })
            {
                if (token is not null)
                {
                    await PostRevokeAsync(http, endpoint, token, hint, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            await SignOutAsync(accountId, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<Uri> GetRevocationEndpointAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var discovery = new Uri(_options.Issuer!.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration");
        try
        {
            using var response = await http.GetAsync(discovery, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("revocation_endpoint", out var value)
                && Uri.TryCreate(value.GetString(), UriKind.Absolute, out var endpoint)
                && endpoint.Scheme == Uri.UriSchemeHttps)
            {
                return endpoint;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException)
        {
            throw new CccCredentialException($"Reading the OAuth2 issuer's metadata failed ({ex.GetType().Name}).", ex);
        }

        throw new CccCredentialException("The OAuth2 issuer's metadata names no https revocation_endpoint; the tokens were forgotten locally only.");
    }

    private async Task PostRevokeAsync(HttpClient http, Uri endpoint, string token, string hint, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["token_type_hint"] = hint,
            ["client_id"] = _options.ClientId.Trim(),
            ["client_secret"] = _options.ClientSecret,
        });
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(endpoint, content, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new CccCredentialException($"Revoking the OAuth2 {hint} failed: the issuer is not reachable.", ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            string error = "HTTP " + (int)response.StatusCode;
            try
            {
                using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("error", out var code) && code.ValueKind == JsonValueKind.String)
                {
                    error = new string(code.GetString()!.Take(64).Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-').ToArray());
                }
            }
            catch (JsonException)
            {
            }

            throw new CccCredentialException($"The OAuth2 issuer refused to revoke the {hint} ({error}); the tokens were forgotten locally.");
        }
    }

    /// <summary>The user's refresh and access token from their serialized MSAL cache (MSAL does not hand out the refresh token).</summary>
    private static (string? RefreshToken, string? AccessToken) ReadTokens(byte[]? blob, string accountId)
    {
        if (blob is not { Length: > 0 })
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(blob);
            return (Find(document.RootElement, "RefreshToken"), Find(document.RootElement, "AccessToken"));
        }
        catch (JsonException)
        {
            return (null, null);
        }

        string? Find(JsonElement root, string section)
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(section, out var entries) || entries.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var entry in entries.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.Object
                    && entry.Value.TryGetProperty("home_account_id", out var home) && home.GetString() == accountId
                    && entry.Value.TryGetProperty("secret", out var secret) && secret.GetString() is { Length: > 0 } value)
                {
                    return value;
                }
            }

            return null;
        }
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

    private CccCredentials Convert(AuthenticationResult result)
    {
        // MSAL computes ExpiresOn on the system clock; carry the remaining lifetime over to the credential's clock.
        var expiresOn = _options.TimeProvider == TimeProvider.System
            ? result.ExpiresOn
            : _options.TimeProvider.GetUtcNow() + (result.ExpiresOn - TimeProvider.System.GetUtcNow());
        return _options.UseBearerToken
            ? CccCredentials.FromBearerToken(result.AccessToken, expiresOn)
            : StsAccessToken.Decode(result.AccessToken, expiresOn);
    }

    /// <summary>How many MSAL applications are cached (tests).</summary>
    internal int CachedApplicationCount => _apps.Count;

    private IConfidentialClientApplication GetApp(Uri? redirectUri)
    {
        string key = redirectUri?.AbsoluteUri ?? string.Empty;
        if (_apps.TryGetValue(key, out var app))
        {
            return app;
        }

        // Past the bound an application is built for the call and dropped, so memory does not grow with distinct URIs.
        return _apps.Count >= MaxCachedApplications ? CreateApp(key) : _apps.GetOrAdd(key, CreateApp);
    }

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
