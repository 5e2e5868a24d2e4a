namespace Ccc.Sdk.Auth;

/// <summary>
/// A source of <see cref="CccCredentials"/>. The client asks before every request, so a credential that refreshes
/// (STS, OAuth2) hands out fresh keys without the client knowing.
/// </summary>
/// <remarks>Implementations are thread-safe and never put a secret in an exception message.</remarks>
public abstract class CccCredential
{
    /// <summary>Returns the credentials to sign the next request with.</summary>
    /// <exception cref="CccCredentialException">No usable credentials could be obtained.</exception>
    public abstract ValueTask<CccCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default);
}

/// <summary>A long-lived AccessKey pair.</summary>
public sealed class AccessKeyCredential : CccCredential
{
    private readonly CccCredentials _credentials;

    /// <summary>Creates the credential; both parts are trimmed and validated.</summary>
    /// <exception cref="ArgumentException">A part is empty or malformed.</exception>
    public AccessKeyCredential(string accessKeyId, string accessKeySecret) =>
        _credentials = CccCredentials.FromAccessKey(accessKeyId, accessKeySecret);

    /// <inheritdoc />
    public override ValueTask<CccCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) => new(_credentials);

    /// <inheritdoc />
    public override string ToString() => _credentials.ToString();
}

/// <summary>
/// Temporary STS credentials (AccessKey + security token). With a refresh callback, new credentials are fetched
/// once the current ones are within <see cref="RefreshMargin"/> of expiry; concurrent callers share one refresh.
/// </summary>
public sealed class StsCredential : CccCredential
{
    private readonly CredentialRefresher _refresher;

    /// <summary>Creates the credential from fixed STS keys, optionally refreshed by <paramref name="refresh"/>.</summary>
    /// <param name="accessKeyId">The temporary AccessKey id (<c>STS.…</c>).</param>
    /// <param name="accessKeySecret">The temporary AccessKey secret.</param>
    /// <param name="securityToken">The security token.</param>
    /// <param name="expiresOn">When the keys expire, or <see langword="null"/> if unknown.</param>
    /// <param name="refresh">Called for new keys when these expire; must return STS credentials.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> by default.</param>
    /// <exception cref="ArgumentException">A part is empty or malformed.</exception>
    public StsCredential(
        string accessKeyId,
        string accessKeySecret,
        string securityToken,
        DateTimeOffset? expiresOn = null,
        Func<CancellationToken, ValueTask<CccCredentials>>? refresh = null,
        TimeProvider? timeProvider = null) =>
        _refresher = new CredentialRefresher(
            CccCredentials.FromSts(accessKeyId, accessKeySecret, securityToken, expiresOn), refresh, timeProvider, IsSts, "STS");

    /// <summary>Creates a credential that obtains its keys from <paramref name="refresh"/> on first use and before each expiry.</summary>
    public StsCredential(Func<CancellationToken, ValueTask<CccCredentials>> refresh, TimeProvider? timeProvider = null) =>
        _refresher = new CredentialRefresher(null, refresh ?? throw new ArgumentNullException(nameof(refresh)), timeProvider, IsSts, "STS");

    /// <summary>How long before expiry new keys are fetched. <value>Default: 5 minutes.</value></summary>
    public TimeSpan RefreshMargin { get => _refresher.Margin; init => _refresher.Margin = value; }

    /// <inheritdoc />
    public override ValueTask<CccCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) =>
        _refresher.GetAsync(cancellationToken);

    /// <inheritdoc />
    public override string ToString() => _refresher.ToString();

    private static bool IsSts(CccCredentials c) => c.AccessKeyId is not null && c.SecurityToken is not null;
}

/// <summary>An OAuth2 bearer token (sent instead of an HMAC signature), optionally refreshed by a callback.</summary>
public sealed class BearerTokenCredential : CccCredential
{
    private readonly CredentialRefresher _refresher;

    /// <summary>Creates the credential from a fixed token.</summary>
    /// <exception cref="ArgumentException">The token is empty or malformed.</exception>
    public BearerTokenCredential(string bearerToken, DateTimeOffset? expiresOn = null) =>
        _refresher = new CredentialRefresher(CccCredentials.FromBearerToken(bearerToken, expiresOn), null, null, IsBearer, "bearer-token");

    /// <summary>Creates a credential that asks <paramref name="acquire"/> for a token on first use and before each expiry.</summary>
    public BearerTokenCredential(Func<CancellationToken, ValueTask<CccCredentials>> acquire, TimeProvider? timeProvider = null) =>
        _refresher = new CredentialRefresher(null, acquire ?? throw new ArgumentNullException(nameof(acquire)), timeProvider, IsBearer, "bearer-token");

    /// <inheritdoc />
    public override ValueTask<CccCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) =>
        _refresher.GetAsync(cancellationToken);

    /// <inheritdoc />
    public override string ToString() => _refresher.ToString();

    private static bool IsBearer(CccCredentials c) => c.BearerToken is not null;
}

/// <summary>Holds the current credentials and replaces them through one callback shortly before they expire.</summary>
internal sealed class CredentialRefresher(
    CccCredentials? initial,
    Func<CancellationToken, ValueTask<CccCredentials>>? acquire,
    TimeProvider? timeProvider,
    Func<CccCredentials, bool> isValid,
    string kind)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private volatile CccCredentials? _current = initial;

    public TimeSpan Margin { get; set; } = TimeSpan.FromMinutes(5);

    public async ValueTask<CccCredentials> GetAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && (acquire is null || !current.IsExpiring(_time.GetUtcNow(), Margin)))
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            current = _current;
            if (current is not null && !current.IsExpiring(_time.GetUtcNow(), Margin))
            {
                return current;
            }

            CccCredentials fresh;
            try
            {
                fresh = await acquire!(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not CccCredentialException)
            {
                throw new CccCredentialException($"Refreshing the {kind} credentials failed ({ex.GetType().Name}).", ex);
            }

            if (fresh is null || !isValid(fresh))
            {
                throw new CccCredentialException($"The {kind} refresh callback returned no {kind} credentials.");
            }

            _current = fresh;
            return fresh;
        }
        finally
        {
            _gate.Release();
        }
    }

    public override string ToString() => _current?.ToString() ?? $"CccCredentials({kind}, not yet fetched)";
}

/// <summary>No usable credentials: the message says what was tried, never a secret.</summary>
public sealed class CccCredentialException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CccCredentialException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public CccCredentialException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
