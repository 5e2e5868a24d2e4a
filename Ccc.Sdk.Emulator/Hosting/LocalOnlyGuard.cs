using Ccc.Sdk.Emulator.Gateway;

namespace Ccc.Sdk.Emulator.Hosting;

/// <summary>
/// Keeps the unsigned local surface (<c>/_emulator/…</c>: control API, phone page, phone gateway) local: the
/// <c>Host</c> must be loopback or listed in <see cref="CccEmulatorOptions.AllowedHosts"/> (a DNS-rebound page sends
/// its own name), and an <c>Origin</c>, when a browser sends one, must name such a host too (a foreign page cannot
/// post or open the phone gateway). The emulator's own phone page is same-origin, and .NET clients send no Origin.
/// </summary>
internal sealed class LocalOnlyGuard
{
    private static readonly string[] LoopbackHosts = ["127.0.0.1", "[::1]", "localhost"];

    private readonly HashSet<string> _hosts;

    public LocalOnlyGuard(IEnumerable<string> allowedHosts) =>
        _hosts = new HashSet<string>(LoopbackHosts.Concat(allowedHosts.Select(h => h.Trim())), StringComparer.OrdinalIgnoreCase);

    /// <summary>Null when the request may proceed, else the refusal (403 in the cloud's envelope).</summary>
    public ApiException? Check(HttpRequest request)
    {
        // HostString.Host drops the port and keeps an IPv6 literal's brackets.
        if (!request.Host.HasValue || !_hosts.Contains(request.Host.Host))
        {
            return ApiErrors.ForbiddenHost();
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0
            && (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https")
                || !_hosts.Contains(uri.Host)))
        {
            return ApiErrors.ForbiddenOrigin();
        }

        return null;
    }

    /// <summary>Runs <see cref="Check"/> on every <c>/_emulator</c> request before any endpoint sees it.</summary>
    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (Check(context.Request) is { } refusal)
        {
            var envelope = Envelope.Error(Envelope.NewRequestId(), refusal, false);
            await envelope.WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await next().ConfigureAwait(false);
    }
}
