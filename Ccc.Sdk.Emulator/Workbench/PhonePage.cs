using System.Reflection;
using Ccc.Sdk.Emulator.Control;

namespace Ccc.Sdk.Emulator.Workbench;

/// <summary>
/// The simulated customer phone page: <c>GET /_emulator/phone?number=...</c> (HTML) and <c>GET /_emulator/phone.js</c>,
/// served from the embedded resources <c>Ccc.Sdk.Emulator.Workbench.Assets.phone.*</c>.
/// </summary>
internal static class PhonePage
{
    public const string PagePath = "/_emulator/phone";
    public const string ScriptPath = "/_emulator/phone.js";

    private static readonly Lazy<byte[]> Html = new(() => Load("phone.html"));
    private static readonly Lazy<byte[]> Script = new(() => Load("phone.js"));

    public static void Map(WebApplication app)
    {
        app.Map(ScriptPath, branch => branch.Run(context => ServeAsync(context, Script.Value, "text/javascript; charset=utf-8")));
        app.Map(PagePath, branch => branch.Run(PageAsync));
    }

    private static async Task PageAsync(HttpContext context)
    {
        if (context.Request.Path.HasValue && context.Request.Path.Value != "/")
        {
            await ErrorAsync(context, 404, "NotFound", $"No page at '{context.Request.PathBase}{context.Request.Path}'.").ConfigureAwait(false);
            return;
        }

        var number = context.Request.Query["number"].ToString();
        if (!ControlApi.IsPhoneNumber(number))
        {
            await ErrorAsync(context, 400, "BadRequest", number.Length == 0
                ? "The phone page needs ?number= (3-20 digits, optionally after '+')."
                : "'number' is not a phone number (3-20 digits, optionally after '+').").ConfigureAwait(false);
            return;
        }

        await ServeAsync(context, Html.Value, "text/html; charset=utf-8").ConfigureAwait(false);
    }

    private static async Task ServeAsync(HttpContext context, byte[] body, string contentType)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await ErrorAsync(context, 405, "MethodNotAllowed", $"Use GET here, not {context.Request.Method}.").ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.ContentLength = body.Length;
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    // The same envelope as every other refusal under /_emulator (the control API's, the local-only guard's).
    private static Task ErrorAsync(HttpContext context, int status, string code, string message) =>
        Gateway.Envelope.Error(Gateway.Envelope.NewRequestId(), new Gateway.ApiException(status, code, message), false)
            .WriteAsync(context.Response, context.RequestAborted);

    private static byte[] Load(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Ccc.Sdk.Emulator.Workbench.Assets." + file)
            ?? throw new InvalidOperationException("Missing embedded resource " + file);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
