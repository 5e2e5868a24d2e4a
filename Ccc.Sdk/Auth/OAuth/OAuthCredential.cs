namespace Ccc.Sdk.Auth;

/// <summary>
/// One user's OAuth2 identity: signs CCC calls with the STS keys of their <c>AliyunSTS</c> access token (or, with
/// <see cref="CccOAuthOptions.UseBearerToken"/>, sends the token as <c>x-acs-bearer-token</c>), and gets a new token
/// through MSAL's <c>AcquireTokenSilent</c> (refresh token, persisted cache) once the current one is within
/// <see cref="CccOAuthOptions.RefreshMargin"/> of expiry. Obtain it from <see cref="CccOAuthApplication"/>.
/// </summary>
public sealed class OAuthCredential : CccCredential
{
    private readonly CredentialRefresher _refresher;

    internal OAuthCredential(CccOAuthApplication application, string accountId, CccCredentials? initial)
    {
        AccountId = accountId;
        bool bearer = application.Options.UseBearerToken;
        _refresher = new CredentialRefresher(
            initial,
            ct => application.AcquireSilentAsync(accountId, ct),
            application.Options.TimeProvider,
            bearer ? c => c.BearerToken is not null : c => c.AccessKeyId is not null && c.SecurityToken is not null,
            "OAuth2")
        {
            Margin = application.Options.RefreshMargin,
        };
    }

    /// <summary>The user's account id (the key of their token cache).</summary>
    public string AccountId { get; }

    /// <inheritdoc />
    public override ValueTask<CccCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) =>
        _refresher.GetAsync(cancellationToken);

    /// <inheritdoc />
    public override string ToString() => $"OAuthCredential({_refresher})";
}
