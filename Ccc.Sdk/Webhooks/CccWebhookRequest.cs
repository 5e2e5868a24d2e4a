using System.Net;

namespace Ccc.Sdk.Webhooks;

/// <summary>One webhook delivery as an <see cref="ICccWebhookAuthenticator"/> sees it, free of any web framework.</summary>
/// <remarks>Header and query names are matched case-insensitively (query names as HTTP frameworks usually do). A header
/// sent several times reads as its values joined with <c>,</c>.</remarks>
public sealed class CccWebhookRequest
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    private readonly IReadOnlyDictionary<string, string> _headers;
    private readonly IReadOnlyDictionary<string, string> _query;

    /// <summary>Creates a request.</summary>
    /// <param name="headers">The request headers (name, value).</param>
    /// <param name="body">The exact bytes of the request body, as received.</param>
    /// <param name="query">The decoded query parameters (name, value), if any.</param>
    /// <param name="remoteAddress">The sender's IP address, if known (behind a proxy: the address your forwarded-headers set-up trusts).</param>
    /// <exception cref="ArgumentNullException"><paramref name="headers"/> is <see langword="null"/>.</exception>
    public CccWebhookRequest(
        IEnumerable<KeyValuePair<string, string>> headers,
        ReadOnlyMemory<byte> body,
        IEnumerable<KeyValuePair<string, string>>? query = null,
        IPAddress? remoteAddress = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        _headers = Collect(headers);
        _query = query is null ? None : Collect(query);
        Body = body;
        RemoteAddress = remoteAddress;
    }

    /// <summary>The exact bytes of the request body.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The sender's IP address, or <see langword="null"/> when unknown.</summary>
    public IPAddress? RemoteAddress { get; }

    /// <summary>The headers by name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, string> Headers => _headers;

    /// <summary>The query parameters by name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, string> Query => _query;

    /// <summary>A header's value, or <see langword="null"/> when absent.</summary>
    /// <param name="name">The header name (any case).</param>
    /// <returns>The value.</returns>
    public string? Header(string name) => _headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>A query parameter's value, or <see langword="null"/> when absent.</summary>
    /// <param name="name">The parameter name (any case).</param>
    /// <returns>The value.</returns>
    public string? QueryParameter(string name) => _query.TryGetValue(name, out var value) ? value : null;

    private static Dictionary<string, string> Collect(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in pairs)
        {
            if (name is null)
            {
                continue;
            }

            result[name] = result.TryGetValue(name, out var earlier) ? earlier + "," + value : value ?? string.Empty;
        }

        return result;
    }
}
