namespace Ccc.Sdk;

/// <summary>
/// Where the application mapped its softphone proxy (<c>MapCccWorkbenchProxy</c> of <c>Ccc.Sdk.AspNetCore</c>), so the
/// softphone (<c>SoftphoneHost</c> of <c>Ccc.Sdk.Softphone</c>) can point the Workbench SDK's <c>ajaxPath</c> at it without
/// repeating the path. <c>AddCccSoftphone</c> registers it as a singleton; <c>MapCccWorkbenchProxy</c> records its pattern
/// in it when it is registered. It lives here because both packages reference <c>Ccc.Sdk</c> and not each other.
/// </summary>
public sealed class CccWorkbenchProxyRoute
{
    private string? _path;

    /// <summary>The path of the first proxy mapped (e.g. <c>/ccc/workbench-api</c>); <see langword="null"/> until one is.</summary>
    public string? Path => Volatile.Read(ref _path);

    /// <summary>Records the path of a mapped proxy; the first one recorded is kept.</summary>
    /// <param name="path">The path, starting with <c>/</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is blank or does not start with <c>/</c>.</exception>
    public void Record(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException("The proxy's path must start with '/'.", nameof(path));
        }

        Interlocked.CompareExchange(ref _path, path, null);
    }
}
