using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.Emulator;

namespace Ccc.Sdk.Tests.Emulator.OAuth;

public sealed class OAuthServerTests
{
    [Fact]
    public async Task Https_listener_serves_the_self_signed_certificate_and_the_OpenAPI()
    {
        await using var h = await OAuthHarness.StartAsync();
        var certificate = h.Emulator.HttpsCertificate;
        Assert.False(certificate.HasPrivateKey);
        Assert.Equal(Uri.UriSchemeHttps, h.Emulator.HttpsEndpoint.Scheme);
        Assert.Equal("127.0.0.1", h.Emulator.HttpsEndpoint.Host);
        Assert.Equal(h.Emulator.HttpsEndpoint + "oauth2", h.Emulator.OAuthIssuer.ToString());
        Assert.Equal(Convert.ToHexString(SHA256.HashData(certificate.RawData)), h.Emulator.HttpsCertificateSha256.Replace(":", "", StringComparison.Ordinal));
        Assert.True(certificate.NotAfter.ToUniversalTime() <= DateTime.UtcNow.AddDays(1).AddMinutes(1));
        var san = certificate.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains(IPAddress.Loopback, san.EnumerateIPAddresses());
        Assert.Contains("localhost", san.EnumerateDnsNames());

        // A client that trusts only the system store refuses the self-signed certificate.
        using (var untrusting = new HttpClient())
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync(h.Emulator.OAuthIssuer + "/.well-known/openid-configuration"));
        }

        // The OpenAPI answers on the HTTPS listener too (dev AccessKey, V3).
        var request = V3Request.Create(h.Inner, "GetUser", [new("InstanceId", "ccc-local"), new("UserId", "agent2@ccc-local")]);
        request.Headers["host"] = h.Emulator.HttpsEndpoint.Authority;
        request.Sign();
        var r = await h.SendAsync(request.ToHttpRequest(h.Emulator.HttpsEndpoint), overHttps: true);
        Assert.Equal("OK", r.Code);
        Assert.Equal("agent2", r.Data.GetProperty("LoginName").GetString());
    }

    [Fact]
    public async Task Discovery_and_jwks_describe_the_server()
    {
        await using var h = await OAuthHarness.StartAsync();
        var issuer = h.Emulator.OAuthIssuer.ToString();
        var (status, d) = await OAuthHarness.ReadJsonAsync(await h.Https.GetAsync("oauth2/.well-known/openid-configuration"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(issuer, d.GetProperty("issuer").GetString());
        Assert.Equal(issuer + "/v1/auth", d.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(issuer + "/v1/token", d.GetProperty("token_endpoint").GetString());
        Assert.Equal(issuer + "/v1/revoke", d.GetProperty("revocation_endpoint").GetString());
        Assert.Equal(issuer + "/v1/userinfo", d.GetProperty("userinfo_endpoint").GetString());
        Assert.Equal(issuer + "/v1/keys", d.GetProperty("jwks_uri").GetString());
        string[] Strings(string name) => [.. d.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
        Assert.Equal(["code"], Strings("response_types_supported"));
        Assert.Equal(["authorization_code", "refresh_token"], Strings("grant_types_supported"));
        Assert.Equal(["S256"], Strings("code_challenge_methods_supported"));
        Assert.Equal(["openid", "aliuid", "profile", "/acs/ccc", "offline_access"], Strings("scopes_supported"));
        Assert.Equal(["RS256"], Strings("id_token_signing_alg_values_supported"));
        Assert.Equal(["public"], Strings("subject_types_supported"));
        Assert.Equal(["client_secret_post", "client_secret_basic"], Strings("token_endpoint_auth_methods_supported"));

        var (keysStatus, jwks) = await OAuthHarness.ReadJsonAsync(await h.Https.GetAsync("oauth2/v1/keys"));
        Assert.Equal(HttpStatusCode.OK, keysStatus);
        var key = Assert.Single(jwks.GetProperty("keys").EnumerateArray());
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.False(string.IsNullOrEmpty(key.GetProperty("kid").GetString()));
        Assert.False(key.TryGetProperty("d", out _));
    }

    [Fact]
    public async Task Plain_http_is_refused_by_the_OAuth2_endpoints()
    {
        await using var h = await OAuthHarness.StartAsync();
        using var response = await h.Inner.Http.GetAsync("oauth2/.well-known/openid-configuration");
        var (status, body) = await OAuthHarness.ReadJsonAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Code_flow_with_pkce_issues_sts_keys_that_sign_calls_over_http_and_https()
    {
        await using var h = await OAuthHarness.StartAsync();
        var tokens = await h.SignInAsync();
        var body = tokens.Body;
        Assert.Equal("AliyunSTS", body.GetProperty("token_type").GetString());
        Assert.Equal("3599", body.GetProperty("expires_in").GetString());
        Assert.Equal("openid /acs/ccc offline_access", body.GetProperty("scope").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("request_id").GetString()));
        Assert.NotNull(tokens.RefreshToken);
        Assert.StartsWith("STS.", tokens.AccessKeyId, StringComparison.Ordinal);
        var sts = JsonDocument.Parse(OAuthHarness.FromBase64Url(tokens.AccessToken)).RootElement;
        Assert.Equal(EmulatorHarness.DefaultNow.AddHours(1), DateTimeOffset.Parse(sts.GetProperty("Expiration").GetString()!, System.Globalization.CultureInfo.InvariantCulture));

        foreach (var overHttps in new[] { false, true })
        {
            var r = await h.CallWithStsAsync(tokens, overHttps);
            Assert.True(r.Code == "OK", r.ToString());
            // The STS identity maps to the user who signed in: GetLoginDetails without UserId acts as agent1.
            Assert.Equal("agent1@ccc-local", r.Data.GetProperty("UserId").GetString());
        }

        // Without the security token the STS keys are refused.
        var request = V3Request.Create(h.Inner, "GetLoginDetails", [new("InstanceId", "ccc-local")]);
        request.AccessKeyId = tokens.AccessKeyId;
        request.AccessKeySecret = tokens.AccessKeySecret;
        request.Sign();
        var missing = await h.Inner.SendAsync(request.ToHttpRequest(h.Emulator.Endpoint));
        Assert.Equal("MissingSecurityToken", missing.Code);
    }

    [Fact]
    public async Task Id_token_is_an_RS256_jwt_signed_with_the_published_key()
    {
        await using var h = await OAuthHarness.StartAsync();
        var tokens = await h.SignInAsync();
        var parts = tokens.IdToken!.Split('.');
        Assert.Equal(3, parts.Length);
        var header = JsonDocument.Parse(OAuthHarness.FromBase64Url(parts[0])).RootElement;
        var claims = JsonDocument.Parse(OAuthHarness.FromBase64Url(parts[1])).RootElement;
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal(h.Emulator.OAuthIssuer.ToString(), claims.GetProperty("iss").GetString());
        Assert.Equal(CccEmulator.DevOAuthClientId, claims.GetProperty("aud").GetString());
        Assert.Equal("n-456", claims.GetProperty("nonce").GetString());
        Assert.Equal("agent1", claims.GetProperty("login_name").GetString());
        Assert.Equal(EmulatorHarness.DefaultNow.ToUnixTimeSeconds(), claims.GetProperty("iat").GetInt64());
        Assert.True(claims.GetProperty("exp").GetInt64() > claims.GetProperty("iat").GetInt64());

        var (_, jwks) = await OAuthHarness.ReadJsonAsync(await h.Https.GetAsync("oauth2/v1/keys"));
        var key = jwks.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("kid").GetString() == header.GetProperty("kid").GetString());
        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = OAuthHarness.FromBase64Url(key.GetProperty("n").GetString()!),
            Exponent = OAuthHarness.FromBase64Url(key.GetProperty("e").GetString()!),
        });
        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        Assert.True(rsa.VerifyData(signed, OAuthHarness.FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.False(rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[0]), OAuthHarness.FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public async Task Userinfo_answers_for_a_valid_bearer_access_token_only()
    {
        await using var h = await OAuthHarness.StartAsync();
        var tokens = await h.SignInAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "oauth2/v1/userinfo");
        request.Headers.Authorization = new("Bearer", tokens.AccessToken);
        var (status, info) = await OAuthHarness.ReadJsonAsync(await h.Https.SendAsync(request));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("agent1", info.GetProperty("login_name").GetString());
        Assert.Equal("agent1@ccc-local", info.GetProperty("upn").GetString());
        Assert.Equal("Alice Wang", info.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(info.GetProperty("sub").GetString()));

        using var bad = new HttpRequestMessage(HttpMethod.Get, "oauth2/v1/userinfo");
        bad.Headers.Authorization = new("Bearer", "not-a-token");
        using var badResponse = await h.Https.SendAsync(bad);
        var (badStatus, error) = await OAuthHarness.ReadJsonAsync(badResponse);
        Assert.Equal(HttpStatusCode.Unauthorized, badStatus);
        Assert.Equal("invalid_token", error.GetProperty("error").GetString());
        Assert.Contains("Bearer", badResponse.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bearer_mode_is_accepted_in_V3_headers_and_RPC_parameters()
    {
        await using var h = await OAuthHarness.StartAsync();
        var tokens = await h.SignInAsync();
        var v3 = await h.CallWithBearerAsync(tokens.AccessToken);
        Assert.True(v3.Code == "OK", v3.ToString());
        Assert.Equal("agent1@ccc-local", v3.Data.GetProperty("UserId").GetString());

        var query = TestSigner.QueryString(new Dictionary<string, string>
        {
            ["Action"] = "GetLoginDetails", ["Version"] = "2020-07-01", ["InstanceId"] = "ccc-local",
            ["BearerToken"] = tokens.AccessToken, ["SignatureType"] = "BEARERTOKEN",
        });
        var rpc = await h.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(h.Emulator.Endpoint, "/?" + query)), overHttps: false);
        Assert.True(rpc.Code == "OK", rpc.ToString());
        Assert.Equal("agent1@ccc-local", rpc.Data.GetProperty("UserId").GetString());

        // A made-up token, and a real one without the signature type, are refused with the gateway's codes.
        var forged = await h.CallWithBearerAsync(OAuthHarness.Base64Url(Encoding.UTF8.GetBytes(
            $"{{\"AccessKeyId\":\"{tokens.AccessKeyId}\",\"AccessKeySecret\":\"wrong\",\"SecurityToken\":\"{tokens.SecurityToken}\"}}")));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidSecurityToken.MismatchWithAccessKey"), (forged.Status, forged.Code));
        var garbage = await h.CallWithBearerAsync("%%%");
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidParameter.Format"), (garbage.Status, garbage.Code));
        var noType = new HttpRequestMessage(HttpMethod.Post, new Uri(h.Emulator.HttpsEndpoint, "/?InstanceId=ccc-local"));
        noType.Headers.Add("x-acs-action", "GetLoginDetails");
        noType.Headers.Add("x-acs-version", "2020-07-01");
        noType.Headers.Add("x-acs-bearer-token", tokens.AccessToken);
        var untyped = await h.SendAsync(noType, overHttps: true);
        Assert.Equal("IncompleteSignature", untyped.Code);
    }

    [Fact]
    public async Task Expired_sts_keys_are_refused_and_a_refresh_issues_new_ones()
    {
        await using var h = await OAuthHarness.StartAsync();
        var tokens = await h.SignInAsync();
        h.Inner.Clock.Advance(TimeSpan.FromHours(1));
        var expired = await h.CallWithStsAsync(tokens);
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidSecurityToken.Expired"), (expired.Status, expired.Code));
        var expiredBearer = await h.CallWithBearerAsync(tokens.AccessToken);
        Assert.Equal("InvalidSecurityToken.Expired", expiredBearer.Code);

        using var response = await h.RefreshAsync(tokens.RefreshToken!);
        var refreshed = await OAuthHarness.ReadTokensAsync(response);
        Assert.Equal("AliyunSTS", refreshed.Body.GetProperty("token_type").GetString());
        Assert.Null(refreshed.RefreshToken);
        Assert.Null(refreshed.IdToken);
        Assert.NotEqual(tokens.AccessKeyId, refreshed.AccessKeyId);
        var ok = await h.CallWithStsAsync(refreshed, overHttps: true);
        Assert.True(ok.Code == "OK", ok.ToString());
        Assert.Equal("agent1@ccc-local", ok.Data.GetProperty("UserId").GetString());

        // The refresh token itself expires after OAuthRefreshTokenLifetime.
        h.Inner.Clock.Advance(TimeSpan.FromDays(30));
        var (status, error) = await OAuthHarness.ReadJsonAsync(await h.RefreshAsync(tokens.RefreshToken!));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (status, error.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Lifetimes_come_from_the_options()
    {
        await using var h = await OAuthHarness.StartAsync(o =>
        {
            o.OAuthAccessTokenLifetime = TimeSpan.FromMinutes(10);
            o.OAuthRefreshTokenLifetime = TimeSpan.FromHours(2);
        });
        var tokens = await h.SignInAsync();
        Assert.Equal("599", tokens.Body.GetProperty("expires_in").GetString());
        h.Inner.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal("InvalidSecurityToken.Expired", (await h.CallWithStsAsync(tokens)).Code);
        h.Inner.Clock.Advance(TimeSpan.FromHours(2));
        var (_, error) = await OAuthHarness.ReadJsonAsync(await h.RefreshAsync(tokens.RefreshToken!));
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Revoking_the_refresh_token_refuses_the_sts_keys_and_the_refresh_token()
    {
        await using var h = await OAuthHarness.StartAsync();
        var tokens = await h.SignInAsync();
        Assert.Equal("OK", (await h.CallWithStsAsync(tokens)).Code);

        using (var revoke = await h.RevokeAsync(tokens.RefreshToken!))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        var refused = await h.CallWithStsAsync(tokens);
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidSecurityToken.Expired"), (refused.Status, refused.Code));
        Assert.Equal("InvalidSecurityToken.Expired", (await h.CallWithBearerAsync(tokens.AccessToken)).Code);
        var (status, error) = await OAuthHarness.ReadJsonAsync(await h.RefreshAsync(tokens.RefreshToken!));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (status, error.GetProperty("error").GetString()));

        // RFC 7009: revoking an unknown token is not an error.
        using var unknown = await h.RevokeAsync("no-such-token");
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
    }

    [Fact]
    public async Task Revoking_an_access_token_refuses_it_but_the_refresh_token_still_works()
    {
        await using var h = await OAuthHarness.StartAsync();
        var tokens = await h.SignInAsync();
        using (var revoke = await h.RevokeAsync(tokens.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        Assert.Equal("InvalidSecurityToken.Expired", (await h.CallWithStsAsync(tokens)).Code);
        var refreshed = await OAuthHarness.ReadTokensAsync(await h.RefreshAsync(tokens.RefreshToken!));
        Assert.Equal("OK", (await h.CallWithStsAsync(refreshed)).Code);
    }

    [Fact]
    public async Task Tokens_without_the_ccc_scope_get_403_on_the_API()
    {
        await using var h = await OAuthHarness.StartAsync();
        var tokens = await h.SignInAsync(p => p["scope"] = "openid profile");
        Assert.Equal("openid profile", tokens.Body.GetProperty("scope").GetString());
        var signed = await h.CallWithStsAsync(tokens);
        Assert.Equal((HttpStatusCode.Forbidden, "Permission.StsToken"), (signed.Status, signed.Code));
        var bearer = await h.CallWithBearerAsync(tokens.AccessToken);
        Assert.Equal((HttpStatusCode.Forbidden, "Permission.StsToken"), (bearer.Status, bearer.Code));

        // A refresh may narrow the scope but never widen it.
        var (status, error) = await OAuthHarness.ReadJsonAsync(await h.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", tokens.RefreshToken!),
            ("scope", "openid /acs/ccc"), ("client_id", CccEmulator.DevOAuthClientId), ("client_secret", CccEmulator.DevOAuthClientSecret)));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_scope"), (status, error.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Sign_in_page_lists_the_users_and_its_form_post_issues_a_code()
    {
        await using var h = await OAuthHarness.StartAsync();
        var verifier = OAuthHarness.NewVerifier();
        using var page = await h.AuthorizeAsync(OAuthHarness.Challenge(verifier), p => p.Remove("login_hint"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("agent1@ccc-local", html, StringComparison.Ordinal);
        Assert.Contains("agent3@ccc-local", html, StringComparison.Ordinal);
        Assert.Contains("name=\"code_challenge\"", html, StringComparison.Ordinal);

        // What the page's form posts: the same parameters plus the chosen user.
        var form = new Dictionary<string, string>
        {
            ["response_type"] = "code", ["client_id"] = CccEmulator.DevOAuthClientId, ["redirect_uri"] = OAuthHarness.RedirectUri,
            ["scope"] = "openid /acs/ccc", ["state"] = "st-123", ["code_challenge"] = OAuthHarness.Challenge(verifier),
            ["code_challenge_method"] = "S256", ["login_hint"] = "agent2@ccc-local",
        };
        using var posted = await h.Https.PostAsync("oauth2/v1/auth", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Found, posted.StatusCode);
        var code = OAuthHarness.Query(posted.Headers.Location!)["code"];
        var tokens = await OAuthHarness.ReadTokensAsync(await h.RedeemAsync(code, verifier));
        Assert.Equal("agent2@ccc-local", (await h.CallWithStsAsync(tokens)).Data.GetProperty("UserId").GetString());

        // prompt=none without a known user is login_required, redirected.
        using var none = await h.AuthorizeAsync(OAuthHarness.Challenge(verifier), p => { p["login_hint"] = "nobody@ccc-local"; p["prompt"] = "none"; });
        Assert.Equal(HttpStatusCode.Found, none.StatusCode);
        Assert.Equal("login_required", OAuthHarness.Query(none.Headers.Location!)["error"]);
    }

    [Fact]
    public async Task Form_post_response_mode_posts_the_code_back()
    {
        await using var h = await OAuthHarness.StartAsync();
        using var response = await h.AuthorizeAsync(OAuthHarness.Challenge(OAuthHarness.NewVerifier()), p => p["response_mode"] = "form_post");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"action=\"{OAuthHarness.RedirectUri}\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"code\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"st-123\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_secret_basic_is_accepted_and_a_configured_client_needs_its_exact_redirect_uri()
    {
        const string redirect = "https://crm.example.test/callback";
        await using var h = await OAuthHarness.StartAsync(o => o.OAuthClients.Add(new CccEmulatorOAuthClient
        {
            ClientId = "my-crm", ClientSecret = "s3cret:+&", RedirectUris = [redirect],
        }));
        var verifier = OAuthHarness.NewVerifier();
        var code = await h.GetCodeAsync(verifier, p => { p["client_id"] = "my-crm"; p["redirect_uri"] = redirect; });
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth2/v1/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirect, ["code_verifier"] = verifier,
            }),
        };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("my-crm:" + Uri.EscapeDataString("s3cret:+&"))));
        var tokens = await OAuthHarness.ReadTokensAsync(await h.Https.SendAsync(request));
        Assert.Equal("OK", (await h.CallWithStsAsync(tokens)).Code);

        using var other = await h.AuthorizeAsync("x", p => { p["client_id"] = "my-crm"; p["redirect_uri"] = redirect + "/other"; });
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Null(other.Headers.Location);
    }

    [Theory]
    [InlineData("https://evil.example.com/cb", "invalid_request")]
    [InlineData("http://localhost:5000/cb", "invalid_request")]
    [InlineData("not a uri", "invalid_request")]
    [InlineData(null, "invalid_request")]
    public async Task Authorize_with_a_bad_redirect_uri_shows_an_error_page_and_never_redirects(string? redirectUri, string error)
    {
        await using var h = await OAuthHarness.StartAsync();
        using var response = await h.AuthorizeAsync("x", p =>
        {
            if (redirectUri is null)
            {
                p.Remove("redirect_uri");
            }
            else
            {
                p["redirect_uri"] = redirectUri;
            }
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains(error, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_with_an_unknown_client_shows_an_error_page()
    {
        await using var h = await OAuthHarness.StartAsync();
        using var response = await h.AuthorizeAsync("x", p => p["client_id"] = "nobody");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("invalid_client", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("response_type", "token", "unsupported_response_type")]
    [InlineData("code_challenge_method", "plain", "invalid_request")]
    [InlineData("code_challenge", null, "invalid_request")]
    [InlineData("scope", "openid /acs/ecs", "invalid_scope")]
    public async Task Authorize_errors_after_a_valid_redirect_uri_are_redirected(string name, string? value, string error)
    {
        await using var h = await OAuthHarness.StartAsync();
        using var response = await h.AuthorizeAsync(OAuthHarness.Challenge(OAuthHarness.NewVerifier()), p =>
        {
            if (value is null)
            {
                p.Remove(name);
            }
            else
            {
                p[name] = value;
            }
        });
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var query = OAuthHarness.Query(response.Headers.Location!);
        Assert.Equal(error, query["error"]);
        Assert.Equal("st-123", query["state"]);
        Assert.False(query.ContainsKey("code"));
        Assert.StartsWith(OAuthHarness.RedirectUri + "?", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_with_a_different_redirect_uri_is_invalid_grant()
    {
        await using var h = await OAuthHarness.StartAsync();
        var verifier = OAuthHarness.NewVerifier();
        var code = await h.GetCodeAsync(verifier);
        await AssertOAuthErrorAsync(await h.RedeemAsync(code, verifier, redirectUri: "https://127.0.0.1:5001/other"), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Token_with_a_bad_pkce_verifier_is_invalid_grant()
    {
        await using var h = await OAuthHarness.StartAsync();
        var code = await h.GetCodeAsync(OAuthHarness.NewVerifier());
        await AssertOAuthErrorAsync(await h.RedeemAsync(code, OAuthHarness.NewVerifier()), HttpStatusCode.BadRequest, "invalid_grant");
        // Without any verifier the request itself is incomplete.
        var verifier = OAuthHarness.NewVerifier();
        var code2 = await h.GetCodeAsync(verifier);
        await AssertOAuthErrorAsync(await h.TokenAsync(("grant_type", "authorization_code"), ("code", code2), ("redirect_uri", OAuthHarness.RedirectUri),
            ("client_id", CccEmulator.DevOAuthClientId), ("client_secret", CccEmulator.DevOAuthClientSecret)), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Token_with_an_expired_code_is_invalid_grant()
    {
        await using var h = await OAuthHarness.StartAsync();
        var verifier = OAuthHarness.NewVerifier();
        var code = await h.GetCodeAsync(verifier);
        h.Inner.Clock.Advance(TimeSpan.FromMinutes(5));
        await AssertOAuthErrorAsync(await h.RedeemAsync(code, verifier), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Token_with_a_reused_code_is_invalid_grant_and_revokes_the_first_tokens()
    {
        await using var h = await OAuthHarness.StartAsync();
        var verifier = OAuthHarness.NewVerifier();
        var code = await h.GetCodeAsync(verifier);
        var first = await OAuthHarness.ReadTokensAsync(await h.RedeemAsync(code, verifier));
        Assert.Equal("OK", (await h.CallWithStsAsync(first)).Code);
        await AssertOAuthErrorAsync(await h.RedeemAsync(code, verifier), HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Equal("InvalidSecurityToken.Expired", (await h.CallWithStsAsync(first)).Code);
        await AssertOAuthErrorAsync(await h.RefreshAsync(first.RefreshToken!), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Token_with_a_wrong_client_secret_is_invalid_client_401()
    {
        await using var h = await OAuthHarness.StartAsync();
        var verifier = OAuthHarness.NewVerifier();
        var code = await h.GetCodeAsync(verifier);
        await AssertOAuthErrorAsync(await h.RedeemAsync(code, verifier, secret: "wrong"), HttpStatusCode.Unauthorized, "invalid_client");
        await AssertOAuthErrorAsync(await h.TokenAsync(("grant_type", "authorization_code"), ("code", code)), HttpStatusCode.Unauthorized, "invalid_client");
        // The code is still good for the real client.
        var tokens = await OAuthHarness.ReadTokensAsync(await h.RedeemAsync(code, verifier));
        Assert.NotNull(tokens.RefreshToken);
    }

    [Theory]
    [InlineData("client_credentials", "unsupported_grant_type")]
    [InlineData("password", "unsupported_grant_type")]
    [InlineData("", "invalid_request")]
    public async Task Token_with_an_unsupported_grant_is_a_clear_error(string grantType, string error)
    {
        await using var h = await OAuthHarness.StartAsync();
        await AssertOAuthErrorAsync(await h.TokenAsync(("grant_type", grantType),
            ("client_id", CccEmulator.DevOAuthClientId), ("client_secret", CccEmulator.DevOAuthClientSecret)), HttpStatusCode.BadRequest, error);
    }

    [Fact]
    public async Task Malformed_token_requests_are_invalid_request_never_500()
    {
        await using var h = await OAuthHarness.StartAsync();
        await AssertOAuthErrorAsync(await h.Https.PostAsync("oauth2/v1/token", new StringContent("{}", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "invalid_request");
        await AssertOAuthErrorAsync(await h.Https.GetAsync("oauth2/v1/token"), HttpStatusCode.MethodNotAllowed, "invalid_request");
        await AssertOAuthErrorAsync(await h.Https.GetAsync("oauth2/v1/nothing"), HttpStatusCode.NotFound, "invalid_request");
        await AssertOAuthErrorAsync(await h.TokenAsync(("grant_type", "refresh_token"), ("grant_type", "refresh_token"),
            ("client_id", CccEmulator.DevOAuthClientId), ("client_secret", CccEmulator.DevOAuthClientSecret)), HttpStatusCode.BadRequest, "invalid_request");
        await AssertOAuthErrorAsync(await h.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", "unknown"),
            ("client_id", CccEmulator.DevOAuthClientId), ("client_secret", CccEmulator.DevOAuthClientSecret)), HttpStatusCode.BadRequest, "invalid_grant");
        using var basic = new HttpRequestMessage(HttpMethod.Post, "oauth2/v1/token") { Content = new FormUrlEncodedContent([new("grant_type", "refresh_token")]) };
        basic.Headers.Authorization = new("Basic", "***");
        await AssertOAuthErrorAsync(await h.Https.SendAsync(basic), HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentException>(() => new CccEmulatorOptions { HttpsUrls = "http://127.0.0.1:0" }.Validate());
        Assert.Throws<ArgumentException>(() => new CccEmulatorOptions { OAuthAccessTokenLifetime = TimeSpan.Zero }.Validate());
        Assert.Throws<ArgumentException>(() => new CccEmulatorOptions { OAuthClients = [new() { ClientId = CccEmulator.DevOAuthClientId, ClientSecret = "x", RedirectUris = ["https://a/"] }] }.Validate());
        Assert.Throws<ArgumentException>(() => new CccEmulatorOptions { OAuthClients = [new() { ClientId = "a", ClientSecret = "x", RedirectUris = [] }] }.Validate());
        new CccEmulatorOptions { OAuthClients = [new() { ClientId = "a", ClientSecret = "x", RedirectUris = ["https://a/cb"] }] }.Validate();
    }

    private static async Task AssertOAuthErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        using (response)
        {
            var (actualStatus, body) = await OAuthHarness.ReadJsonAsync(response);
            Assert.Equal((status, error), (actualStatus, body.GetProperty("error").GetString()));
            Assert.False(string.IsNullOrEmpty(body.GetProperty("error_description").GetString()));
            Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        }
    }
}
