using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Tests.Emulator.OAuth;

namespace Ccc.Sdk.Tests.Emulator.Hardening;

/// <summary>
/// The OAuth2 server answers bad input with RFC 6749 JSON (or an error page where it may not redirect), never a 500,
/// caps the nonce, and forgets expired authorization codes.
/// </summary>
public sealed class OAuthServerInputTests
{
    [Theory]
    [InlineData("https://127.0.0.1:5001/signin-ccc/é")]
    [InlineData("https://127.0.0.1:5001/回调")]
    [InlineData("https://localhost:5001/cb?x=ü")]
    public async Task A_non_ASCII_redirect_uri_gets_a_400_error_page_not_a_500(string redirectUri)
    {
        await using var h = await OAuthHarness.StartAsync();

        using var response = await h.AuthorizeAsync(OAuthHarness.Challenge(OAuthHarness.NewVerifier()), p => p["redirect_uri"] = redirectUri);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("invalid_request", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nonce_longer_than_64_characters_is_refused_with_invalid_request()
    {
        await using var h = await OAuthHarness.StartAsync();

        using var response = await h.AuthorizeAsync(OAuthHarness.Challenge(OAuthHarness.NewVerifier()), p => p["nonce"] = new string('n', 65));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var query = OAuthHarness.Query(response.Headers.Location!);
        Assert.Equal("invalid_request", query["error"]);
        Assert.Contains("64", query["error_description"], StringComparison.Ordinal);
        Assert.False(query.ContainsKey("code"));
    }

    [Fact]
    public async Task A_nonce_of_64_characters_is_accepted()
    {
        await using var h = await OAuthHarness.StartAsync();

        var tokens = await h.SignInAsync(p => p["nonce"] = new string('n', 64));

        Assert.NotNull(tokens.IdToken);
    }

    [Fact]
    public async Task Too_many_form_fields_are_a_400_invalid_request()
    {
        await using var h = await OAuthHarness.StartAsync();
        var fields = Enumerable.Range(0, 5000).Select(i => new KeyValuePair<string, string>("k" + i, "v"));

        using var response = await h.Https.PostAsync("oauth2/v1/token", new FormUrlEncodedContent(fields));

        await AssertInvalidRequestAsync(response);
    }

    [Fact]
    public async Task A_huge_form_is_a_400_invalid_request()
    {
        await using var h = await OAuthHarness.StartAsync();
        var content = new FormUrlEncodedContent([new("grant_type", "authorization_code"), new("code", new string('c', 70_000))]);

        await AssertRefusedWhileUploadingAsync(h, () => h.Https.PostAsync("oauth2/v1/token", content));
    }

    [Fact]
    public async Task A_huge_chunked_form_is_a_400_invalid_request()
    {
        await using var h = await OAuthHarness.StartAsync();
        var content = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes("grant_type=authorization_code&code=" + new string('c', 70_000))));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth2/v1/token") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        await AssertRefusedWhileUploadingAsync(h, () => h.Https.SendAsync(request));
    }

    /// <summary>
    /// The server answers 400 invalid_request as soon as a form passes 64 KiB and then closes the connection, so a
    /// client still uploading can fail to write (broken pipe) before it reads that answer — the client's race, not a
    /// server error. Read, the answer must be the 400; cut, the server must still serve the next request.
    /// </summary>
    private static async Task AssertRefusedWhileUploadingAsync(OAuthHarness h, Func<Task<HttpResponseMessage>> send)
    {
        HttpResponseMessage response;
        try
        {
            response = await send();
        }
        catch (HttpRequestException e) when (e.InnerException is IOException)
        {
            var (status, _) = await OAuthHarness.ReadJsonAsync(await h.Https.GetAsync("oauth2/.well-known/openid-configuration"));
            Assert.Equal(System.Net.HttpStatusCode.OK, status);
            return;
        }

        using (response)
        {
            await AssertInvalidRequestAsync(response);
        }
    }

    [Theory]
    [InlineData("multipart/form-data; boundary=\"unterminated")]
    [InlineData("multipart/form-data")]
    [InlineData("multipart/form-data; boundary=abc")]
    public async Task A_multipart_body_even_with_a_broken_boundary_is_a_400_invalid_request(string contentType)
    {
        await using var h = await OAuthHarness.StartAsync();
        var content = new ByteArrayContent("--abc\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nrefresh_token\r\n--abc"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await h.Https.PostAsync("oauth2/v1/token", content);

        await AssertInvalidRequestAsync(response);
    }

    [Fact]
    public async Task Expired_authorization_codes_are_purged_when_new_ones_are_issued()
    {
        await using var h = await OAuthHarness.StartAsync();
        var server = h.Emulator.OAuthServer;
        for (var i = 0; i < 5; i++)
        {
            await h.GetCodeAsync(OAuthHarness.NewVerifier());
        }

        Assert.Equal(5, server.RememberedCodeCount);

        h.Inner.Clock.Advance(TimeSpan.FromMinutes(6));
        await h.GetCodeAsync(OAuthHarness.NewVerifier());

        Assert.Equal(1, server.RememberedCodeCount);
    }

    [Fact]
    public async Task Access_and_refresh_tokens_a_day_past_their_lifetime_are_purged_and_the_old_refresh_token_is_invalid_grant()
    {
        await using var h = await OAuthHarness.StartAsync(o =>
        {
            o.OAuthAccessTokenLifetime = TimeSpan.FromMinutes(10);
            o.OAuthRefreshTokenLifetime = TimeSpan.FromHours(1);
        });
        var server = h.Emulator.OAuthServer;
        var old = await h.SignInAsync();
        await h.SignInAsync();
        Assert.Equal((2, 2), server.RememberedTokenCount);

        h.Inner.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(2));
        await h.SignInAsync();

        Assert.Equal((1, 1), server.RememberedTokenCount);
        var (status, body) = await OAuthHarness.ReadJsonAsync(await h.RefreshAsync(old.RefreshToken!));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_bearer_token_whose_JSON_holds_a_lone_surrogate_is_a_400_not_a_500()
    {
        await using var h = await OAuthHarness.StartAsync();
        var token = OAuthHarness.Base64Url(System.Text.Encoding.UTF8.GetBytes(
            """{"AccessKeyId":"STS.\ud800","AccessKeySecret":"s","SecurityToken":"t"}"""));

        var r = await h.CallWithBearerAsync(token);

        Assert.Equal((System.Net.HttpStatusCode.BadRequest, "InvalidParameter.Format"), (r.Status, r.Code));
    }

    [Fact]
    public async Task An_expired_code_is_still_invalid_grant_after_it_was_purged()
    {
        await using var h = await OAuthHarness.StartAsync();
        var verifier = OAuthHarness.NewVerifier();
        var code = await h.GetCodeAsync(verifier);
        h.Inner.Clock.Advance(TimeSpan.FromMinutes(6));
        await h.GetCodeAsync(OAuthHarness.NewVerifier());

        var (status, body) = await OAuthHarness.ReadJsonAsync(await h.RedeemAsync(code, verifier));

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (status, body.GetProperty("error").GetString()));
    }

    private static async Task AssertInvalidRequestAsync(HttpResponseMessage response)
    {
        var (status, body) = await OAuthHarness.ReadJsonAsync(response);
        Assert.True(status == HttpStatusCode.BadRequest, $"{(int)status} {body.GetRawText()}");
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error_description").GetString()));
        Assert.DoesNotContain(CccEmulator.DevOAuthClientSecret, body.GetRawText(), StringComparison.Ordinal);
    }
}
