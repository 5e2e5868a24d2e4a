using System.Text;

namespace Ccc.Sdk.Emulator.Workbench;

/// <summary>
/// Serves the browser workbench (docs/emulator-calls.md, "The workbench script"): <c>GET /workbench/workbenchSdk.js</c>
/// (the embedded <c>workbenchMedia.js</c>, when present, then <c>workbenchSdk.js</c>) and
/// <c>GET /workbench/workbenchSdk.css</c>, the 2.x stand-in; the 3.x surface <c>/workbench/v3/core.min.js</c> and
/// <c>/workbench/v3/ui.min.js</c> (the same script with its generation set to 3.x: <c>window.CCCWorkbenchSDK</c>) and
/// <c>/workbench/v3/ui.min.css</c>. Any other path under <c>/workbench/</c> that no endpoint mapped before
/// (the agent gateway) is a 404 JSON error; a method other than GET or HEAD on a file is 405.
/// </summary>
internal static class WorkbenchAssets
{
    public const string PathPrefix = "/workbench";

    private const string ResourcePrefix = "Ccc.Sdk.Emulator.Workbench.Assets.";

    private static readonly Lazy<IReadOnlyDictionary<string, Asset>> Assets = new(Load);

    /// <summary>Call after <see cref="AgentGatewayEndpoints.Map"/> (its path is under the same prefix).</summary>
    public static void Map(WebApplication app) => app.Map(PathPrefix, branch => branch.Run(HandleAsync));

    private static async Task HandleAsync(HttpContext http)
    {
        var name = http.Request.Path.Value?.TrimStart('/') ?? "";
        if (!Assets.Value.TryGetValue(name, out var asset))
        {
            await ErrorAsync(http, StatusCodes.Status404NotFound, "NotFound", "No workbench file at '" + PathPrefix + "/" + Truncate(name) + "'. Files: " + string.Join(", ", Assets.Value.Keys) + ".").ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            http.Response.Headers.Allow = "GET, HEAD";
            await ErrorAsync(http, StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", "Workbench files are GET only.").ConfigureAwait(false);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = asset.ContentType;
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.AccessControlAllowOrigin = "*";
        http.Response.ContentLength = asset.Content.Length;
        if (HttpMethods.IsGet(http.Request.Method))
        {
            await http.Response.Body.WriteAsync(asset.Content, http.RequestAborted).ConfigureAwait(false);
        }
    }

    private static Task ErrorAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        var body = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["Code"] = code, ["Message"] = message }, WorkbenchAssetsJson.Default.DictionaryStringString);
        return http.Response.WriteAsync(body, http.RequestAborted);
    }

    private static string Truncate(string value) => value.Length > 100 ? value[..100] + "…" : value;

    private static Dictionary<string, Asset> Load()
    {
        var media = Read("workbenchMedia.js");
        var sdk = Read("workbenchSdk.js") ?? throw new InvalidOperationException("The emulator was built without Workbench/Assets/workbenchSdk.js.");
        var css = Read("workbenchSdk.css") ?? throw new InvalidOperationException("The emulator was built without Workbench/Assets/workbenchSdk.css.");
        var script = media is null ? sdk : media + "\n" + sdk;
        var v3 = media is null ? ThreeX(sdk) : media + "\n" + ThreeX(sdk);
        return new Dictionary<string, Asset>(StringComparer.Ordinal)
        {
            ["workbenchSdk.js"] = new(Encoding.UTF8.GetBytes(script), JavaScript),
            ["workbenchSdk.css"] = new(Encoding.UTF8.GetBytes(css), Css),
            ["v3/core.min.js"] = new(Encoding.UTF8.GetBytes(v3), JavaScript),
            ["v3/ui.min.js"] = new(Encoding.UTF8.GetBytes(v3), JavaScript),
            ["v3/ui.min.css"] = new(Encoding.UTF8.GetBytes(css), Css),
        };
    }

    private const string JavaScript = "text/javascript; charset=utf-8";
    private const string Css = "text/css; charset=utf-8";

    /// <summary>The marker line of <c>workbenchSdk.js</c> that chooses its surface.</summary>
    internal const string GenerationMarker = "const GENERATION = '2.x';";

    /// <summary>The script with its generation set to 3.x (one implementation, two surfaces).</summary>
    internal static string ThreeX(string sdk)
    {
        var at = sdk.IndexOf(GenerationMarker, StringComparison.Ordinal);
        if (at < 0 || sdk.IndexOf(GenerationMarker, at + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException("Workbench/Assets/workbenchSdk.js must contain the line \"" + GenerationMarker + "\" exactly once.");
        }

        return string.Concat(sdk.AsSpan(0, at), "const GENERATION = '3.x';", sdk.AsSpan(at + GenerationMarker.Length));
    }

    private static string? Read(string fileName)
    {
        using var stream = typeof(WorkbenchAssets).Assembly.GetManifestResourceStream(ResourcePrefix + fileName);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private sealed record Asset(byte[] Content, string ContentType);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class WorkbenchAssetsJson : System.Text.Json.Serialization.JsonSerializerContext;
