using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Ccc.Sdk.Webhooks;

/// <summary>
/// Authenticates deliveries by a secret token of ours carried in the webhook address (query parameter) or a header,
/// compared in constant time, optionally restricted to an IP allowlist (<see cref="CccSharedTokenOptions"/>). Use it
/// when the cloud pushes to your HTTP address: the cloud does not publish how it signs such a delivery, so the token in
/// the address you configure in <c>UpdateSubscription</c> is the proof. It gives no freshness check: a captured
/// request can be replayed (the receiver's deduplication stores it once), so serve the endpoint over HTTPS only and
/// keep the address out of logs.
/// </summary>
/// <remarks>An instance is immutable and safe to share between threads.</remarks>
public sealed class CccSharedTokenAuthenticator : ICccWebhookAuthenticator
{
    private readonly byte[][] _tokenDigests;
    private readonly string? _queryParameter;
    private readonly string? _headerName;
    private readonly IPNetwork[] _networks;
    private readonly string? _deliveryIdHeader;

    /// <summary>Creates the authenticator.</summary>
    /// <param name="options">The tokens, where they travel, and the allowed networks.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">No token, a token too short or with white space (the message names its position, never its value),
    /// neither a query parameter nor a header to read it from, or a network that is not CIDR.</exception>
    public CccSharedTokenAuthenticator(CccSharedTokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Tokens.Count == 0)
        {
            throw new ArgumentException("CccSharedTokenOptions.Tokens needs at least one token (CccSharedTokenAuthenticator.NewToken() makes one).", nameof(options));
        }

        _tokenDigests = new byte[options.Tokens.Count][];
        for (int i = 0; i < options.Tokens.Count; i++)
        {
            string? token = options.Tokens[i];
            if (token is null || token.Length < CccSharedTokenOptions.MinimumTokenLength)
            {
                throw new ArgumentException(
                    $"CccSharedTokenOptions.Tokens[{i}] is too short: at least {CccSharedTokenOptions.MinimumTokenLength} characters are required (CccSharedTokenAuthenticator.NewToken() makes 43).",
                    nameof(options));
            }

            if (token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                throw new ArgumentException($"CccSharedTokenOptions.Tokens[{i}] contains white space or control characters.", nameof(options));
            }

            _tokenDigests[i] = Digest(token);
        }

        _queryParameter = string.IsNullOrWhiteSpace(options.QueryParameter) ? null : options.QueryParameter;
        _headerName = string.IsNullOrWhiteSpace(options.HeaderName) ? null : options.HeaderName;
        if (_queryParameter is null && _headerName is null)
        {
            throw new ArgumentException("CccSharedTokenOptions needs a QueryParameter or a HeaderName to read the token from.", nameof(options));
        }

        _networks = new IPNetwork[options.AllowedNetworks.Count];
        for (int i = 0; i < _networks.Length; i++)
        {
            _networks[i] = ParseNetwork(options.AllowedNetworks[i])
                ?? throw new ArgumentException($"CccSharedTokenOptions.AllowedNetworks[{i}] is not an IP address or a CIDR network (e.g. 203.0.113.0/24).", nameof(options));
        }

        _deliveryIdHeader = string.IsNullOrWhiteSpace(options.DeliveryIdHeader) ? null : options.DeliveryIdHeader;
    }

    /// <summary>A new random token: the URL-safe base64 (no padding) of 32 random bytes, 43 characters.</summary>
    /// <returns>The token; keep it in your secret store, and out of logs.</returns>
    public static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Checks the sender's address (when an allowlist is set), then the token.</summary>
    /// <param name="request">The delivery.</param>
    /// <param name="cancellationToken">Not used: the check is synchronous.</param>
    /// <returns>Success (with the <see cref="CccSharedTokenOptions.DeliveryIdHeader"/> value, if configured and sent),
    /// or <see cref="CccWebhookFailure.AddressNotAllowed"/>, <see cref="CccWebhookFailure.MissingToken"/> or
    /// <see cref="CccWebhookFailure.InvalidToken"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    public ValueTask<CccWebhookAuthenticationResult> AuthenticateAsync(CccWebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ValueTask.FromResult(Authenticate(request));
    }

    private CccWebhookAuthenticationResult Authenticate(CccWebhookRequest request)
    {
        if (_networks.Length > 0 && !IsAllowed(request.RemoteAddress))
        {
            // The address is the sender's, not a secret; it says which allowlist entry is missing.
            return CccWebhookAuthenticationResult.Fail(
                CccWebhookFailure.AddressNotAllowed,
                $"The sender's address {request.RemoteAddress?.ToString() ?? "(unknown)"} is not in AllowedNetworks.");
        }

        string? offered = Offered(request);
        if (string.IsNullOrEmpty(offered))
        {
            return CccWebhookAuthenticationResult.Fail(CccWebhookFailure.MissingToken, $"No token in {Where()}.");
        }

        byte[] digest = Digest(offered);
        bool match = false;
        foreach (byte[] candidate in _tokenDigests)
        {
            // Digests of equal length, compared in constant time, with no early exit across tokens: neither the
            // token's length nor which token matched shows in the time taken.
            match |= CryptographicOperations.FixedTimeEquals(candidate, digest);
        }

        if (!match)
        {
            return CccWebhookAuthenticationResult.Fail(CccWebhookFailure.InvalidToken, $"The token in {Where()} matches no configured token.");
        }

        string? id = _deliveryIdHeader is null ? null : request.Header(_deliveryIdHeader);
        return CccWebhookAuthenticationResult.Success(string.IsNullOrWhiteSpace(id) ? null : id.Trim());
    }

    private string? Offered(CccWebhookRequest request)
    {
        if (_headerName is not null && request.Header(_headerName) is { Length: > 0 } header)
        {
            const string Bearer = "Bearer ";
            return string.Equals(_headerName, "Authorization", StringComparison.OrdinalIgnoreCase)
                && header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)
                ? header[Bearer.Length..].Trim()
                : header.Trim();
        }

        return _queryParameter is not null ? request.QueryParameter(_queryParameter) : null;
    }

    private string Where() => (_queryParameter, _headerName) switch
    {
        ({ } q, { } h) => $"the '{h}' header or the '{q}' query parameter",
        ({ } q, null) => $"the '{q}' query parameter",
        (null, { } h) => $"the '{h}' header",
        _ => "the request",
    };

    private bool IsAllowed(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static IPNetwork? ParseNetwork(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (IPNetwork.TryParse(text, out var network))
        {
            return network;
        }

        return IPAddress.TryParse(text, out var address)
            ? new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
            : null;
    }

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
