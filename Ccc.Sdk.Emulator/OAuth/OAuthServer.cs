using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.Emulator.Agents;
using Ccc.Sdk.Emulator.Instances;
using Ccc.Sdk.Emulator.Signing;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Ccc.Sdk.Emulator.OAuth;

/// <summary>An OAuth2 error (RFC 6749, section 5.2): JSON <c>{error, error_description}</c> with its HTTP status.</summary>
internal sealed class OAuthException(int status, string error, string description) : Exception(description)
{
    public int Status { get; } = status;

    public string Error { get; } = error;
}

/// <summary>
/// The emulator's OAuth2/OIDC server under <c>/oauth2</c> (docs/reference/oauth2.md, docs/emulator.md "OAuth2 server"):
/// discovery, JWKS, authorize (sign-in page or <c>login_hint</c>), token (authorization_code with PKCE S256,
/// refresh_token), revoke and userinfo. HTTPS only. Access tokens are STS credentials registered in the
/// <see cref="CredentialStore"/>, so the OpenAPI accepts them until they expire or are revoked.
/// </summary>
internal sealed class OAuthServer
{
    public const string DevClientId = "ccc-emulator-crm";
    public const string DevClientSecret = "CccEmulatorOAuthSecretDoNotUseInProduction";
    public const string Prefix = "/oauth2";
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Longest nonce accepted, in characters (a nonce is echoed into every id_token; 64 is ample for 256 random bits).</summary>
    public const int MaxNonceLength = 64;

    /// <summary>Largest request body the OAuth2 endpoints read, in bytes (their forms hold a handful of short values).</summary>
    public const int MaxFormBytes = 64 * 1024;

    /// <summary>Most form fields read from one request body.</summary>
    public const int MaxFormFields = 64;

    private readonly Dictionary<string, CccEmulatorOAuthClient> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OAuthGrant> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OAuthAccessToken> _accessTokens = new(StringComparer.Ordinal);
    private readonly CredentialStore _credentials;
    private readonly EmulatorState _state;
    private readonly TimeProvider _time;
    private readonly TimeSpan _accessLifetime;
    private readonly TimeSpan _refreshLifetime;
    private readonly IdTokenSigner _signer = new();

    public OAuthServer(CccEmulatorOptions options, CredentialStore credentials, EmulatorState state)
    {
        _credentials = credentials;
        _state = state;
        _time = options.TimeProvider;
        _accessLifetime = options.OAuthAccessTokenLifetime;
        _refreshLifetime = options.OAuthRefreshTokenLifetime;
        foreach (var client in options.OAuthClients)
        {
            _clients[client.ClientId] = new CccEmulatorOAuthClient { ClientId = client.ClientId, ClientSecret = client.ClientSecret, RedirectUris = [.. client.RedirectUris] };
        }
    }

    /// <summary>The issuer, <c>https://127.0.0.1:{port}/oauth2</c>; set once the HTTPS listener is bound.</summary>
    public string Issuer { get; set; } = "https://127.0.0.1:8443" + Prefix;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        try
        {
            if (!request.IsHttps)
            {
                throw new OAuthException(400, "invalid_request", "The OAuth2 server answers over HTTPS only; use " + Issuer + ".");
            }

            switch (path)
            {
                case "/.well-known/openid-configuration" when HttpMethods.IsGet(request.Method):
                    await WriteJsonAsync(context, 200, WriteDiscovery).ConfigureAwait(false);
                    return;
                case "/v1/keys" when HttpMethods.IsGet(request.Method):
                    await WriteJsonAsync(context, 200, _signer.WriteJwks).ConfigureAwait(false);
                    return;
                case "/v1/auth" when HttpMethods.IsGet(request.Method) || HttpMethods.IsPost(request.Method):
                    await AuthorizeAsync(context).ConfigureAwait(false);
                    return;
                case "/v1/token" when HttpMethods.IsPost(request.Method):
                    await TokenAsync(context).ConfigureAwait(false);
                    return;
                case "/v1/revoke" when HttpMethods.IsPost(request.Method):
                    await RevokeAsync(context).ConfigureAwait(false);
                    return;
                case "/v1/userinfo" when HttpMethods.IsGet(request.Method) || HttpMethods.IsPost(request.Method):
                    await UserInfoAsync(context).ConfigureAwait(false);
                    return;
                case "/.well-known/openid-configuration" or "/v1/keys" or "/v1/auth" or "/v1/token" or "/v1/revoke" or "/v1/userinfo":
                    throw new OAuthException(405, "invalid_request", $"HTTP method {request.Method} is not allowed on {Prefix}{path}.");
                default:
                    throw new OAuthException(404, "invalid_request", $"No OAuth2 endpoint at {Prefix}{path}.");
            }
        }
        catch (OAuthException e) when (!context.Response.HasStarted)
        {
            if (e.Status == 401)
            {
                context.Response.Headers.WWWAuthenticate = path == "/v1/userinfo" ? $"Bearer error=\"{e.Error}\"" : "Basic realm=\"ccc-emulator\"";
            }

            await WriteJsonAsync(context, e.Status, w =>
            {
                w.WriteString("error", e.Error);
                w.WriteString("error_description", e.Message);
            }).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var description = e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"The request body exceeds {MaxFormBytes} bytes."
                : "The request body could not be read (broken framing).";
            await WriteInvalidRequestAsync(context, description).ConfigureAwait(false);
        }
        catch (InvalidDataException) when (!context.Response.HasStarted)
        {
            // FormReader's limits (too many fields, a key or value too long) and broken encodings.
            await WriteInvalidRequestAsync(context, $"The form could not be read: at most {MaxFormFields} fields of application/x-www-form-urlencoded, {MaxFormBytes} bytes in all.").ConfigureAwait(false);
        }
    }

    /// <summary>Authorization codes remembered: issued and not yet purged (a test hook).</summary>
    internal int RememberedCodeCount => _codes.Count;

    /// <summary>Access and refresh tokens remembered: issued and not yet purged (a test hook).</summary>
    internal (int AccessTokens, int RefreshTokens) RememberedTokenCount => (_accessTokens.Count, _refreshTokens.Count);

    private static Task WriteInvalidRequestAsync(HttpContext context, string description) =>
        WriteJsonAsync(context, 400, w =>
        {
            w.WriteString("error", "invalid_request");
            w.WriteString("error_description", description);
        });

    private void WriteDiscovery(Utf8JsonWriter w)
    {
        w.WriteString("issuer", Issuer);
        w.WriteString("authorization_endpoint", Issuer + "/v1/auth");
        w.WriteString("token_endpoint", Issuer + "/v1/token");
        w.WriteString("revocation_endpoint", Issuer + "/v1/revoke");
        w.WriteString("userinfo_endpoint", Issuer + "/v1/userinfo");
        w.WriteString("jwks_uri", Issuer + "/v1/keys");
        Array(w, "response_types_supported", "code");
        Array(w, "response_modes_supported", "query", "form_post");
        Array(w, "grant_types_supported", "authorization_code", "refresh_token");
        Array(w, "code_challenge_methods_supported", "S256");
        Array(w, "scopes_supported", OAuthScopes.All);
        Array(w, "id_token_signing_alg_values_supported", "RS256");
        Array(w, "subject_types_supported", "public");
        Array(w, "token_endpoint_auth_methods_supported", "client_secret_post", "client_secret_basic");
        Array(w, "claims_supported", "iss", "aud", "sub", "iat", "exp", "nonce", "name", "login_name", "upn");
    }

    // ---- authorize ----

    private async Task AuthorizeAsync(HttpContext context)
    {
        var p = await ReadParametersAsync(context.Request, allowQuery: true).ConfigureAwait(false);
        // RFC 6749, section 4.1.2.1: without a valid client and redirect URI nothing may be redirected — an error page.
        var clientId = p.Single("client_id");
        var redirectUri = p.Single("redirect_uri");
        if (string.IsNullOrEmpty(clientId) || FindClient(clientId) is not { } client)
        {
            await ErrorPageAsync(context, "invalid_client", string.IsNullOrEmpty(clientId) ? "client_id is missing." : $"Unknown client_id '{clientId}'.").ConfigureAwait(false);
            return;
        }

        if (!string.IsNullOrEmpty(redirectUri) && !IsPrintableAscii(redirectUri))
        {
            // A Location header carries ASCII only; a redirect URI must already be percent-encoded (RFC 3986).
            await ErrorPageAsync(context, "invalid_request", "redirect_uri must be an absolute URI in ASCII; percent-encode other characters.").ConfigureAwait(false);
            return;
        }

        if (string.IsNullOrEmpty(redirectUri) || !IsRegisteredRedirect(client, redirectUri))
        {
            await ErrorPageAsync(context, "invalid_request", string.IsNullOrEmpty(redirectUri)
                ? "redirect_uri is missing."
                : $"redirect_uri '{redirectUri}' is not registered for client '{clientId}'.").ConfigureAwait(false);
            return;
        }

        var state = p.Single("state");
        var formPost = p.Single("response_mode") == "form_post";
        async Task Fail(string error, string description) =>
            await RedirectAsync(context, redirectUri, formPost, [("error", error), ("error_description", description), ("state", state)]).ConfigureAwait(false);

        if (p.Single("response_type") != "code")
        {
            await Fail("unsupported_response_type", "Only response_type=code is supported.").ConfigureAwait(false);
            return;
        }

        var challenge = p.Single("code_challenge");
        if (string.IsNullOrEmpty(challenge) || p.Single("code_challenge_method") != "S256")
        {
            await Fail("invalid_request", "PKCE is required: send code_challenge with code_challenge_method=S256.").ConfigureAwait(false);
            return;
        }

        if (p.Single("nonce") is { Length: > MaxNonceLength })
        {
            await Fail("invalid_request", $"nonce is longer than {MaxNonceLength} characters.").ConfigureAwait(false);
            return;
        }

        var scopes = (p.Single("scope") ?? "openid").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (scopes.FirstOrDefault(s => !OAuthScopes.All.Contains(s, StringComparer.Ordinal)) is { } unknown)
        {
            await Fail("invalid_scope", $"Unknown scope '{unknown}'; supported: {string.Join(' ', OAuthScopes.All)}.").ConfigureAwait(false);
            return;
        }

        var loginHint = p.Single("login_hint");
        var user = string.IsNullOrEmpty(loginHint) ? null : FindUser(loginHint);
        if (user is null)
        {
            if (p.Single("prompt") == "none")
            {
                await Fail("login_required", "prompt=none needs a login_hint naming a known user.").ConfigureAwait(false);
                return;
            }

            await SignInPageAsync(context, p).ConfigureAwait(false);
            return;
        }

        var code = Base64Url.Random(32);
        PurgeExpiredCodes(_time.GetUtcNow());
        _codes[code] = new AuthorizationCode
        {
            ClientId = client.ClientId,
            RedirectUri = redirectUri,
            CodeChallenge = challenge,
            User = user,
            Scopes = scopes.Distinct(StringComparer.Ordinal).ToList(),
            Nonce = p.Single("nonce"),
            Expiration = _time.GetUtcNow() + CodeLifetime,
        };
        await RedirectAsync(context, redirectUri, formPost, [("code", code), ("state", state)]).ConfigureAwait(false);
    }

    /// <summary>
    /// Forgets codes past their lifetime, redeemed or not (a replayed expired code is invalid_grant either way), so a
    /// client that never redeems cannot grow the store without bound.
    /// </summary>
    private void PurgeExpiredCodes(DateTimeOffset now)
    {
        foreach (var (value, code) in _codes)
        {
            if (now >= code.Expiration)
            {
                _codes.TryRemove(value, out _);
            }
        }
    }

    /// <summary>
    /// Forgets access tokens and grants whose lifetime ended before <paramref name="before"/> (a day of grace, like the
    /// issued STS keys, so a late caller still hears "expired"), so sign-ins over weeks cannot grow the server without
    /// bound. A forgotten refresh token is invalid_grant exactly as an expired one.
    /// </summary>
    private void PurgeExpiredTokens(DateTimeOffset before)
    {
        foreach (var (value, access) in _accessTokens)
        {
            if (access.Expiration < before)
            {
                _accessTokens.TryRemove(value, out _);
            }
        }

        foreach (var (value, grant) in _refreshTokens)
        {
            if (grant.RefreshExpiration < before)
            {
                _refreshTokens.TryRemove(value, out _);
            }
            else
            {
                lock (grant.AccessTokens)
                {
                    grant.AccessTokens.RemoveAll(a => a.Expiration < before);
                }
            }
        }
    }

    private static bool IsPrintableAscii(string value) => value.All(c => c is > ' ' and < (char)0x7F);

    private async Task SignInPageAsync(HttpContext context, Parameters p)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Sign in — CCC emulator</title></head><body>");
        html.Append("<h1>Sign in to the CCC emulator</h1><p>Choose the RAM user to sign in as (no password: this is an emulator).</p>");
        html.Append("<form method=\"post\" action=\"").Append(WebUtility.HtmlEncode(Prefix + "/v1/auth")).Append("\">");
        foreach (var (name, value) in p.All.Where(kv => kv.Key != "login_hint"))
        {
            html.Append("<input type=\"hidden\" name=\"").Append(WebUtility.HtmlEncode(name)).Append("\" value=\"").Append(WebUtility.HtmlEncode(value)).Append("\">");
        }

        foreach (var user in Users())
        {
            html.Append("<p><button type=\"submit\" name=\"login_hint\" value=\"").Append(WebUtility.HtmlEncode(user.UserId)).Append("\">")
                .Append(WebUtility.HtmlEncode(user.UserId)).Append(" — ").Append(WebUtility.HtmlEncode(user.DisplayName)).Append("</button></p>");
        }

        html.Append("</form></body></html>");
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(html.ToString(), context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task ErrorPageAsync(HttpContext context, string error, string description)
    {
        context.Response.StatusCode = 400;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>OAuth2 error</title></head><body><h1>{WebUtility.HtmlEncode(error)}</h1><p>{WebUtility.HtmlEncode(description)}</p></body></html>",
            context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task RedirectAsync(HttpContext context, string redirectUri, bool formPost, (string Name, string? Value)[] values)
    {
        var present = values.Where(v => v.Value is not null).ToList();
        if (formPost)
        {
            var html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Signing in…</title></head><body onload=\"document.forms[0].submit()\">");
            html.Append("<form method=\"post\" action=\"").Append(WebUtility.HtmlEncode(redirectUri)).Append("\">");
            foreach (var (name, value) in present)
            {
                html.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(WebUtility.HtmlEncode(value)).Append("\">");
            }

            html.Append("<noscript><button type=\"submit\">Continue</button></noscript></form></body></html>");
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(html.ToString(), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var query = string.Join('&', present.Select(v => Uri.EscapeDataString(v.Name) + "=" + Uri.EscapeDataString(v.Value!)));
        context.Response.StatusCode = 302;
        context.Response.Headers.Location = redirectUri + (redirectUri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
        context.Response.Headers.CacheControl = "no-store";
    }

    // ---- token ----

    private async Task TokenAsync(HttpContext context)
    {
        var p = await ReadParametersAsync(context.Request, allowQuery: false).ConfigureAwait(false);
        var client = Authenticate(context.Request, p);
        var grantType = p.Single("grant_type");
        switch (grantType)
        {
            case null or "":
                throw new OAuthException(400, "invalid_request", "grant_type is missing.");
            case "authorization_code":
                await RedeemCodeAsync(context, client, p).ConfigureAwait(false);
                return;
            case "refresh_token":
                await RefreshAsync(context, client, p).ConfigureAwait(false);
                return;
            default:
                throw new OAuthException(400, "unsupported_grant_type", $"grant_type '{grantType}' is not supported; use authorization_code or refresh_token.");
        }
    }

    private async Task RedeemCodeAsync(HttpContext context, CccEmulatorOAuthClient client, Parameters p)
    {
        var codeValue = p.Single("code");
        var redirectUri = p.Single("redirect_uri");
        var verifier = p.Single("code_verifier");
        if (string.IsNullOrEmpty(codeValue))
        {
            throw new OAuthException(400, "invalid_request", "code is missing.");
        }

        if (string.IsNullOrEmpty(verifier))
        {
            throw new OAuthException(400, "invalid_request", "code_verifier is missing (PKCE is required).");
        }

        if (!_codes.TryGetValue(codeValue, out var code) || code.ClientId != client.ClientId)
        {
            throw new OAuthException(400, "invalid_grant", "The authorization code is unknown or was issued to another client.");
        }

        OAuthGrant grant;
        lock (code)
        {
            if (code.Redeemed)
            {
                // RFC 6749, section 4.1.2: a reused code revokes the tokens issued from it.
                if (code.RedeemedGrant is { } issued)
                {
                    issued.Revoked = true;
                }

                throw new OAuthException(400, "invalid_grant", "The authorization code was already used; the tokens issued from it are revoked.");
            }

            var now = _time.GetUtcNow();
            if (now >= code.Expiration)
            {
                _codes.TryRemove(codeValue, out _);
                throw new OAuthException(400, "invalid_grant", "The authorization code is expired (codes live 5 minutes).");
            }

            if (redirectUri != code.RedirectUri)
            {
                throw new OAuthException(400, "invalid_grant", "redirect_uri does not match the one the code was issued for.");
            }

            var computed = Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(code.CodeChallenge)))
            {
                throw new OAuthException(400, "invalid_grant", "code_verifier does not match the code_challenge (S256).");
            }

            code.Redeemed = true;
            grant = new OAuthGrant
            {
                ClientId = client.ClientId,
                User = code.User,
                Scopes = code.Scopes,
                Nonce = code.Nonce,
                RefreshToken = Base64Url.Random(32),
                RefreshExpiration = now + _refreshLifetime,
            };
            code.RedeemedGrant = grant;
        }

        _refreshTokens[grant.RefreshToken] = grant;
        var access = Issue(grant, grant.Scopes);
        var now2 = _time.GetUtcNow();
        var idToken = _signer.Sign(w =>
        {
            w.WriteString("iss", Issuer);
            w.WriteString("aud", client.ClientId);
            w.WriteString("sub", Subject(grant.User));
            w.WriteNumber("iat", now2.ToUnixTimeSeconds());
            w.WriteNumber("exp", (now2 + _accessLifetime).ToUnixTimeSeconds());
            if (grant.Nonce is { } nonce)
            {
                w.WriteString("nonce", nonce);
            }

            w.WriteString("login_name", grant.User.LoginName);
            w.WriteString("name", grant.User.DisplayName);
            w.WriteString("upn", grant.User.UserId);
        });
        await WriteTokenResponseAsync(context, access, grant.RefreshToken, idToken).ConfigureAwait(false);
    }

    private async Task RefreshAsync(HttpContext context, CccEmulatorOAuthClient client, Parameters p)
    {
        var token = p.Single("refresh_token");
        if (string.IsNullOrEmpty(token))
        {
            throw new OAuthException(400, "invalid_request", "refresh_token is missing.");
        }

        if (!_refreshTokens.TryGetValue(token, out var grant) || grant.ClientId != client.ClientId)
        {
            throw new OAuthException(400, "invalid_grant", "The refresh token is unknown or was issued to another client.");
        }

        if (grant.Revoked)
        {
            throw new OAuthException(400, "invalid_grant", "The refresh token was revoked.");
        }

        if (_time.GetUtcNow() >= grant.RefreshExpiration)
        {
            throw new OAuthException(400, "invalid_grant", "The refresh token is expired.");
        }

        IReadOnlyList<string> scopes = grant.Scopes;
        if (p.Single("scope") is { Length: > 0 } requested)
        {
            var asked = requested.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
            if (asked.FirstOrDefault(s => !grant.Scopes.Contains(s, StringComparer.Ordinal)) is { } extra)
            {
                throw new OAuthException(400, "invalid_scope", $"Scope '{extra}' was not granted; a refresh may only narrow the scope.");
            }

            scopes = asked;
        }

        // Refresh responses carry neither a new refresh token nor an id_token (docs/reference/oauth2.md).
        await WriteTokenResponseAsync(context, Issue(grant, scopes), null, null).ConfigureAwait(false);
    }

    private OAuthAccessToken Issue(OAuthGrant grant, IReadOnlyList<string> scopes)
    {
        var now = _time.GetUtcNow();
        var expiration = now + _accessLifetime;
        var sts = new StsAccessToken("STS." + Base64Url.Random(18), Base64Url.Random(30), "CAIS" + Base64Url.Random(96), expiration);
        var access = new OAuthAccessToken { Grant = grant, Token = sts.Encode(), Scopes = scopes, Expiration = expiration };
        lock (grant.AccessTokens)
        {
            grant.AccessTokens.Add(access);
        }

        _credentials.PurgeIssued(now - TimeSpan.FromDays(1));
        PurgeExpiredTokens(now - TimeSpan.FromDays(1));
        _credentials.AddIssued(new CccEmulatorCredential
        {
            AccessKeyId = sts.AccessKeyId,
            AccessKeySecret = sts.AccessKeySecret,
            SecurityToken = sts.SecurityToken,
            Expiration = expiration,
            UserId = grant.User.UserId,
            OAuthToken = access,
        });
        _accessTokens[access.Token] = access;
        return access;
    }

    private Task WriteTokenResponseAsync(HttpContext context, OAuthAccessToken access, string? refreshToken, string? idToken) =>
        WriteJsonAsync(context, 200, w =>
        {
            w.WriteString("access_token", access.Token);
            w.WriteString("token_type", "AliyunSTS");
            var seconds = (long)(access.Expiration - _time.GetUtcNow()).TotalSeconds - 1;
            w.WriteString("expires_in", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (refreshToken is not null)
            {
                w.WriteString("refresh_token", refreshToken);
            }

            if (idToken is not null)
            {
                w.WriteString("id_token", idToken);
            }

            w.WriteString("scope", string.Join(' ', access.Scopes));
            w.WriteString("request_id", Guid.NewGuid().ToString("D").ToUpperInvariant());
        });

    // ---- revoke and userinfo ----

    private async Task RevokeAsync(HttpContext context)
    {
        var p = await ReadParametersAsync(context.Request, allowQuery: false).ConfigureAwait(false);
        var client = Authenticate(context.Request, p);
        var token = p.Single("token");
        if (string.IsNullOrEmpty(token))
        {
            throw new OAuthException(400, "invalid_request", "token is missing.");
        }

        if (_refreshTokens.TryGetValue(token, out var grant))
        {
            if (grant.ClientId != client.ClientId)
            {
                throw new OAuthException(400, "unauthorized_client", "The token was issued to another client.");
            }

            // Revoking the refresh token revokes the whole grant: every access token issued from it too.
            grant.Revoked = true;
        }
        else if (_accessTokens.TryGetValue(token, out var access))
        {
            if (access.Grant.ClientId != client.ClientId)
            {
                throw new OAuthException(400, "unauthorized_client", "The token was issued to another client.");
            }

            access.Revoked = true;
        }

        // RFC 7009, section 2.2: an unknown or already revoked token is not an error.
        context.Response.StatusCode = 200;
        context.Response.Headers.CacheControl = "no-store";
    }

    private async Task UserInfoAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            || !_accessTokens.TryGetValue(authorization[scheme.Length..].Trim(), out var access))
        {
            throw new OAuthException(401, "invalid_token", "Send a valid access token as 'Authorization: Bearer <access_token>'.");
        }

        if (access.IsRevoked || _time.GetUtcNow() >= access.Expiration)
        {
            throw new OAuthException(401, "invalid_token", "The access token is expired or revoked.");
        }

        var user = access.Grant.User;
        await WriteJsonAsync(context, 200, w =>
        {
            w.WriteString("sub", Subject(user));
            w.WriteString("name", user.DisplayName);
            w.WriteString("login_name", user.LoginName);
            w.WriteString("aliuid", Subject(user));
            w.WriteString("upn", user.UserId);
        }).ConfigureAwait(false);
    }

    // ---- helpers ----

    /// <summary>client_secret_basic (RFC 6749, section 2.3.1, form-encoded id:secret) or client_secret_post; never both.</summary>
    private CccEmulatorOAuthClient Authenticate(HttpRequest request, Parameters p)
    {
        string? id = p.Single("client_id"), secret = p.Single("client_secret");
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            if (secret is not null)
            {
                throw new OAuthException(400, "invalid_request", "Use one client authentication method, not both Basic and client_secret.");
            }

            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
            }
            catch (FormatException)
            {
                throw new OAuthException(401, "invalid_client", "The Basic authorization header is not base64.");
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new OAuthException(401, "invalid_client", "The Basic authorization header is not client_id:client_secret.");
            }

            var basicId = WebUtility.UrlDecode(decoded[..colon]);
            if (id is not null && id != basicId)
            {
                throw new OAuthException(400, "invalid_request", "client_id in the body differs from the Basic authorization header.");
            }

            id = basicId;
            secret = WebUtility.UrlDecode(decoded[(colon + 1)..]);
        }

        if (string.IsNullOrEmpty(id))
        {
            throw new OAuthException(401, "invalid_client", "Client authentication is missing (client_secret_basic or client_secret_post).");
        }

        if (FindClient(id) is not { } client
            || secret is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(client.ClientSecret)))
        {
            throw new OAuthException(401, "invalid_client", "Client authentication failed (unknown client_id or wrong client_secret).");
        }

        return client;
    }

    private CccEmulatorOAuthClient? FindClient(string clientId) =>
        clientId == DevClientId
            ? new CccEmulatorOAuthClient { ClientId = DevClientId, ClientSecret = DevClientSecret }
            : _clients.GetValueOrDefault(clientId);

    /// <summary>The dev client accepts any loopback redirect (https 127.0.0.1/localhost, http 127.0.0.1); others an exact match.</summary>
    private static bool IsRegisteredRedirect(CccEmulatorOAuthClient client, string redirectUri)
    {
        if (client.ClientId != DevClientId)
        {
            return client.RedirectUris.Contains(redirectUri, StringComparer.Ordinal);
        }

        return Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri)
            && string.IsNullOrEmpty(uri.Fragment)
            && ((uri.Scheme == Uri.UriSchemeHttps && (uri.Host == "127.0.0.1" || uri.Host == "localhost"))
                || (uri.Scheme == Uri.UriSchemeHttp && uri.Host == "127.0.0.1"));
    }

    private IEnumerable<Agent> Users()
    {
        foreach (var instance in _state.Instances.OrderBy(i => i.InstanceId, StringComparer.Ordinal))
        {
            List<Agent> users;
            lock (instance.Gate)
            {
                users = [.. instance.Users.Values.OrderBy(u => u.UserId, StringComparer.Ordinal)];
            }

            foreach (var user in users)
            {
                yield return user;
            }
        }
    }

    private Agent? FindUser(string userId) => Users().FirstOrDefault(u => u.UserId == userId);

    private static string Subject(Agent user) => user.RamId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<Parameters> ReadParametersAsync(HttpRequest request, bool allowQuery)
    {
        var values = new List<KeyValuePair<string, string>>();
        if (allowQuery)
        {
            values.AddRange(request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))));
        }

        if (HttpMethods.IsPost(request.Method))
        {
            // RFC 6749, sections 3.2 and 4.1.3: url-encoded forms only (multipart is refused before any boundary is parsed).
            if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
                || !string.Equals(mediaType.MediaType.Value, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                throw new OAuthException(400, "invalid_request", "POST a body of Content-Type application/x-www-form-urlencoded.");
            }

            if (request.ContentLength > MaxFormBytes)
            {
                throw new OAuthException(400, "invalid_request", $"The request body exceeds {MaxFormBytes} bytes.");
            }

            if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxFormBytes;
            }

            using var reader = new FormReader(request.Body)
            {
                ValueCountLimit = MaxFormFields,
                KeyLengthLimit = MaxFormBytes,
                ValueLengthLimit = MaxFormBytes,
            };
            var form = await reader.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
            values.AddRange(form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? ""))));
        }

        return new Parameters(values);
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).ConfigureAwait(false);
    }

    private static void Array(Utf8JsonWriter w, string name, params string[] values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    /// <summary>Request parameters; RFC 6749, section 3.1: a parameter sent twice is an error.</summary>
    private sealed class Parameters(List<KeyValuePair<string, string>> all)
    {
        public IReadOnlyList<KeyValuePair<string, string>> All => all;

        /// <exception cref="OAuthException">invalid_request when the parameter is repeated.</exception>
        public string? Single(string name)
        {
            string? found = null;
            foreach (var (key, value) in all)
            {
                if (key == name)
                {
                    if (found is not null)
                    {
                        throw new OAuthException(400, "invalid_request", $"Parameter '{name}' is sent more than once.");
                    }

                    found = value;
                }
            }

            return found;
        }
    }
}
