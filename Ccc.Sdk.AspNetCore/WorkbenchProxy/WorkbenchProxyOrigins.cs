using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;

namespace Ccc.Sdk.AspNetCore.WorkbenchProxy;

/// <summary>
/// The origins the proxy accepts: <see cref="CccWorkbenchProxyOptions.AllowedOrigins"/>, or, in Development when that list
/// is empty, the application's own origins — the addresses its server listens on, read when the first request comes (the
/// server knows them only once it has started). A loopback or wildcard address stands for every loopback spelling of
/// its port (<c>localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c>), since a browser sends the host the page was opened with.
/// </summary>
internal sealed class WorkbenchProxyOrigins
{
    private readonly HashSet<string>? _configured;
    private readonly IServer? _server;
    private HashSet<string>? _fromServer;

    public WorkbenchProxyOrigins(IEnumerable<string> configured)
    {
        _configured = Normalized(configured);
    }

    public WorkbenchProxyOrigins(IServer? server)
    {
        _server = server;
    }

    /// <summary>Whether the origins are the server's own addresses (Development without AllowedOrigins).</summary>
    public bool FromServer => _configured is null;

    public bool Contains(string origin) => Current().Contains(origin.Trim().TrimEnd('/'));

    /// <summary>The accepted origins, for the log line of a refusal.</summary>
    public string Describe() => string.Join(", ", Current().Order(StringComparer.OrdinalIgnoreCase));

    private HashSet<string> Current()
    {
        if (_configured is not null)
        {
            return _configured;
        }

        if (_fromServer is { Count: > 0 } known)
        {
            return known;
        }

        var addresses = _server?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var origins = Normalized(addresses.SelectMany(ExpandAddress));
        if (origins.Count > 0)
        {
            _fromServer = origins;
        }

        return origins;
    }

    private static HashSet<string> Normalized(IEnumerable<string> origins) =>
        new(origins.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim().TrimEnd('/')), StringComparer.OrdinalIgnoreCase);

    /// <summary>The origins a listening address stands for: itself, and for a loopback or wildcard address every loopback
    /// spelling of its scheme and port. A default port (80 for http, 443 for https) is left out, as browsers leave it out of
    /// <c>Origin</c>.</summary>
    internal static IEnumerable<string> ExpandAddress(string address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            yield break;
        }

        // Kestrel's wildcard spellings are not valid URI hosts.
        string parsable = address.Trim().Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(parsable, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield break;
        }

        string host = uri.Host.Trim('[', ']');
        bool loopbackOrAny = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));
        string port = uri.IsDefaultPort ? string.Empty : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!loopbackOrAny)
        {
            yield return $"{uri.Scheme}://{uri.Host}{port}";
            yield break;
        }

        yield return $"{uri.Scheme}://localhost{port}";
        yield return $"{uri.Scheme}://127.0.0.1{port}";
        yield return $"{uri.Scheme}://[::1]{port}";
    }
}

/// <summary>The proxy's log line for a refused <c>Origin</c>: the origin (shortened) and the setting to change.</summary>
internal static partial class WorkbenchProxyOriginLog
{
    [LoggerMessage(10, LogLevel.Warning, "Workbench proxy refused a request from origin '{Origin}': it is not one of {Setting} ({Allowed}). If the CRM's pages are served from there, add it to CccWorkbenchProxyOptions.AllowedOrigins (AddCccWorkbenchProxy).")]
    public static partial void OriginRefused(ILogger logger, string origin, string setting, string allowed);
}
