using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ccc.Sdk.AspNetCore.WorkbenchProxy;
using Ccc.Sdk.Emulator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace Ccc.Sdk.Tests.Browser;

/// <summary>One request the page's workbench script sent to the proxy, as it arrived, and the proxy's answer.</summary>
public sealed class CapturedAjax(string method, string path, IReadOnlyDictionary<string, string> query, string? contentType, IReadOnlyDictionary<string, string> form, string? origin)
{
    public string Method { get; } = method;

    public string Path { get; } = path;

    /// <summary>The query parameters.</summary>
    public IReadOnlyDictionary<string, string> Query { get; } = query;

    public string? ContentType { get; } = contentType;

    /// <summary>The form fields (POST).</summary>
    public IReadOnlyDictionary<string, string> Form { get; } = form;

    public string? Origin { get; } = origin;

    /// <summary>The proxy's HTTP status (0 until it answered).</summary>
    public int ResponseStatus { get; internal set; }

    /// <summary>The proxy's response body (null until it answered).</summary>
    public string? ResponseBody { get; internal set; }

    /// <summary>The action (<c>?action=</c>).</summary>
    public string Action => Query.TryGetValue("action", out var action) ? action : "";

    /// <summary>The <c>request</c> form field parsed as JSON (GET: the query's).</summary>
    public JsonElement Request
    {
        get
        {
            var text = Form.TryGetValue("request", out var form) ? form : Query.GetValueOrDefault("request", "{}");
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
    }

    public override string ToString() => $"{Method} {Path} {Action} -> {ResponseStatus} {ResponseBody}";
}

/// <summary>Options of <see cref="WorkbenchTestHost.StartAsync"/>.</summary>
public sealed class WorkbenchTestHostOptions
{
    /// <summary>Extra configuration of the workbench proxy (origin and anti-forgery are already set).</summary>
    public Action<CccWorkbenchProxyOptions>? ConfigureProxy { get; set; }

    /// <summary>Extra services of the CRM host.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Extra endpoints of the CRM host (mapped before the proxy).</summary>
    public Action<WebApplication>? ConfigureApp { get; set; }

    /// <summary>The roles (<see cref="ClaimTypes.Role"/> claims) of the page's signed-in agent, e.g. a supervisor's for
    /// <see cref="CccWorkbenchProxyOptions.SupervisorRole"/>; null: none.</summary>
    public Func<string, IEnumerable<string>>? RolesOf { get; set; }
}

/// <summary>Which script the page loads (<see cref="WorkbenchTestHost.OpenSurfaceAsync"/>).</summary>
public enum WorkbenchSurface
{
    /// <summary><c>/workbench/workbenchSdk.js</c>, <c>new WorkbenchSdk(config)</c> (the default page).</summary>
    TwoX,

    /// <summary><c>/workbench/v3/core.min.js</c>, <c>new CCCWorkbenchSDK(config)</c>, no <c>regionId</c>.</summary>
    ThreeXCore,

    /// <summary><c>/workbench/v3/ui.min.css</c> and <c>/workbench/v3/ui.min.js</c> (just before <c>&lt;/body&gt;</c>), <c>new CCCWorkbenchSDK(config)</c>, no <c>regionId</c>.</summary>
    ThreeXUi,

    /// <summary>Both the 2.x and the 3.x core script in one page; <c>window.workbench</c> is a <c>WorkbenchSdk</c>,
    /// <c>window.workbench3</c> a <c>CCCWorkbenchSDK</c> (container <c>#wb3</c>, events in <c>window.__events3</c>).</summary>
    Both,
}

/// <summary>
/// A CRM page host for browser tests of the emulator's workbench script: an ASP.NET Core app on 127.0.0.1 that
/// serves <see cref="PageUrl"/> (loads <c>{emulator}/workbench/workbenchSdk.js</c>, constructs <c>window.workbench</c>
/// with every callback recorded into <c>window.__events</c> as <c>{name, payload}</c>) and maps the real
/// <c>MapCccWorkbenchProxy("/ccc/workbench-api")</c> to the emulator. The page signs in as the agent named in its URL
/// (a cookie the test authentication handler turns into the <c>ccc_user_id</c> claim). Every proxy request is
/// captured in <see cref="Requests"/>.
/// </summary>
/// <remarks>
/// Page hooks: <c>window.__dialCallbacks</c> collects <c>onBeforeCallDialing</c>'s callbacks (nothing is dialed until
/// the test calls one; set <c>window.__autoDial = true</c> to dial at once). <c>onBeforeCallHangup</c>'s callback is
/// invoked at once unless <c>window.__autoHangUp = false</c> (then see <c>window.__hangUpCallbacks</c>).
/// </remarks>
public sealed class WorkbenchTestHost : IAsyncDisposable
{
    public const string ProxyPath = "/ccc/workbench-api";
    public const string PagePath = "/workbench-page";
    public const string AgentCookie = "ccc_test_agent";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<CapturedAjax> _requests;

    private WorkbenchTestHost(WebApplication app, Uri origin, CccEmulator emulator, ConcurrentQueue<CapturedAjax> requests)
    {
        _app = app;
        Origin = origin;
        Emulator = emulator;
        _requests = requests;
    }

    /// <summary><c>http://127.0.0.1:{port}</c>, the page's origin (allowed by the proxy).</summary>
    public Uri Origin { get; }

    public CccEmulator Emulator { get; }

    /// <summary>The proxy requests seen so far, oldest first.</summary>
    public IReadOnlyList<CapturedAjax> Requests => _requests.ToArray();

    /// <summary>
    /// The page for <paramref name="agent"/>. <paramref name="configJson"/> (a JSON object) is merged into the
    /// constructor's config over the defaults <c>{dom:'wb', instanceId, regionId, ajaxPath:'/ccc/workbench-api', defaultVisible:false}</c>.
    /// </summary>
    public string PageUrl(string agent = "agent1@ccc-local", string? configJson = null)
    {
        var url = $"{Origin.ToString().TrimEnd('/')}{PagePath}?agent={Uri.EscapeDataString(agent)}";
        return configJson is null ? url : url + "&config=" + Uri.EscapeDataString(configJson);
    }

    /// <summary>Opens the page of <paramref name="surface"/> for <paramref name="agent"/> and waits for onInit.</summary>
    public async Task<IPage> OpenSurfaceAsync(IBrowserContext context, WorkbenchSurface surface, string agent = "agent1@ccc-local", string? configJson = null)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(PageUrl(agent, configJson) + "&surface=" + surface.ToString());
        await WaitForEventAsync(page, "onInit");
        return page;
    }

    public static async Task<WorkbenchTestHost> StartAsync(CccEmulator emulator, WorkbenchTestHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        // The proxy's allowed origin must be known before it is mapped: reserve a free loopback port first.
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort.Next();
            try
            {
                return await StartOnAsync(emulator, port, options ?? new WorkbenchTestHostOptions());
            }
            catch (IOException) when (attempt < 3)
            {
                // the port was taken in between: try another
            }
        }
    }

    private static async Task<WorkbenchTestHost> StartOnAsync(CccEmulator emulator, int port, WorkbenchTestHostOptions options)
    {
        var origin = new Uri($"http://127.0.0.1:{port}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(origin.ToString());
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(AgentCookieAuthHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, AgentCookieAuthHandler>(AgentCookieAuthHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton(options);
        builder.Services.AddCcc(o =>
        {
            o.Endpoint = emulator.Endpoint;
            o.AccessKeyId = emulator.AccessKeyId;
            o.AccessKeySecret = emulator.AccessKeySecret;
            o.InstanceId = emulator.InstanceId;
        });
        options.ConfigureServices?.Invoke(builder.Services);

        builder.Services.AddCccWorkbenchProxy(o =>
        {
            o.AllowedOrigins.Add(origin.ToString().TrimEnd('/'));
            o.ValidateAntiforgeryToken = false;
            options.ConfigureProxy?.Invoke(o);
        });
        var app = builder.Build();
        var requests = new ConcurrentQueue<CapturedAjax>();
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments(ProxyPath))
            {
                await next(context);
                return;
            }

            var captured = await CaptureAsync(context.Request);
            requests.Enqueue(captured);
            var original = context.Response.Body;
            using var copy = new MemoryStream();
            context.Response.Body = copy;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
                captured.ResponseStatus = context.Response.StatusCode;
                captured.ResponseBody = System.Text.Encoding.UTF8.GetString(copy.ToArray());
                copy.Position = 0;
                await copy.CopyToAsync(original);
            }
        });
        app.UseAuthentication();
        app.UseAuthorization();
        var pages = Enum.GetValues<WorkbenchSurface>().ToDictionary(s => s, s => Page(emulator, s));
        app.MapGet(PagePath, (HttpContext context) =>
        {
            var agent = context.Request.Query["agent"].ToString();
            context.Response.Cookies.Append(AgentCookie, agent, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
            var surface = Enum.TryParse<WorkbenchSurface>(context.Request.Query["surface"].ToString(), out var chosen) ? chosen : WorkbenchSurface.TwoX;
            return Results.Content(pages[surface], "text/html; charset=utf-8");
        });
        options.ConfigureApp?.Invoke(app);
        app.MapCccWorkbenchProxy(ProxyPath);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new WorkbenchTestHost(app, origin, emulator, requests);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    // ---------------------------------------------------------------- page helpers

    /// <summary>Opens the page for <paramref name="agent"/> and waits for onInit.</summary>
    public async Task<IPage> OpenAsync(IBrowserContext context, string agent = "agent1@ccc-local", string? configJson = null)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(PageUrl(agent, configJson));
        await WaitForEventAsync(page, "onInit");
        return page;
    }

    /// <summary>The recorded callbacks, oldest first.</summary>
    public static async Task<List<JsonElement>> EventsAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>("() => JSON.stringify(window.__events)");
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>The payloads of the recorded <c>onErrorNotify</c> callbacks, oldest first.</summary>
    public static async Task<List<JsonElement>> ErrorsAsync(IPage page) =>
        (await EventsAsync(page)).Where(e => e.GetProperty("name").GetString() == "onErrorNotify").Select(e => e.GetProperty("payload")).ToList();

    /// <summary>The first request for <paramref name="action"/> the proxy has answered; fails after 15 seconds, naming the
    /// actions the proxy did see.</summary>
    public async Task<CapturedAjax> WaitForAnsweredAsync(string action)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            if (Requests.FirstOrDefault(r => r.Action == action && r.ResponseStatus != 0) is { } request)
            {
                return request;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The proxy saw no answered {action}: {string.Join(", ", Requests.Select(r => r.Action))}");
            await Task.Delay(25);
        }
    }

    /// <summary>The names of the recorded callbacks, oldest first.</summary>
    public static async Task<List<string>> EventNamesAsync(IPage page) =>
        (await EventsAsync(page)).Select(e => e.GetProperty("name").GetString()!).ToList();

    /// <summary>Waits for the first recorded callback <paramref name="name"/> (after <paramref name="skip"/> of them) matching <paramref name="where"/>; returns its payload.</summary>
    public static async Task<JsonElement> WaitForEventAsync(IPage page, string name, Func<JsonElement, bool>? where = null, TimeSpan? timeout = null, int skip = 0)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var matches = (await EventsAsync(page))
                .Where(e => e.GetProperty("name").GetString() == name)
                .Select(e => e.GetProperty("payload"))
                .Where(p => where is null || where(p))
                .Skip(skip)
                .ToList();
            if (matches.Count > 0)
            {
                return matches[0];
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No {name} callback within the timeout. Recorded: {string.Join(", ", await EventNamesAsync(page))}");
            }

            await Task.Delay(50);
        }
    }

    // ---------------------------------------------------------------- internals

    private static async Task<CapturedAjax> CaptureAsync(HttpRequest request)
    {
        request.EnableBuffering();
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.HasFormContentType)
        {
            foreach (var (key, value) in await request.ReadFormAsync())
            {
                form[key] = value.ToString();
            }

            request.Body.Position = 0;
        }

        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        return new CapturedAjax(request.Method, request.Path, query, request.ContentType, form, request.Headers.Origin.ToString() is { Length: > 0 } o ? o : null);
    }

    private static string Page(CccEmulator emulator, WorkbenchSurface surface = WorkbenchSurface.TwoX)
    {
        var script = new Uri(emulator.Endpoint, "/workbench/workbenchSdk.js").ToString();
        var core = new Uri(emulator.Endpoint, "/workbench/v3/core.min.js").ToString();
        var ui = new Uri(emulator.Endpoint, "/workbench/v3/ui.min.js").ToString();
        var uiCss = new Uri(emulator.Endpoint, "/workbench/v3/ui.min.css").ToString();
        var values = new Dictionary<string, object>
        {
            ["dom"] = "wb",
            ["instanceId"] = emulator.InstanceId,
            ["regionId"] = emulator.RegionId,
            ["ajaxPath"] = ProxyPath,
            ["defaultVisible"] = false,
        };
        if (surface is WorkbenchSurface.ThreeXCore or WorkbenchSurface.ThreeXUi)
        {
            values.Remove("regionId"); // optional in 3.x
        }

        var defaults = JsonSerializer.Serialize(values);
        var (head, tail, constructor) = surface switch
        {
            WorkbenchSurface.ThreeXCore => ($"<script src=\"{core}\"></script>", "", "CCCWorkbenchSDK"),
            WorkbenchSurface.ThreeXUi => ($"<link rel=\"stylesheet\" href=\"{uiCss}\">", $"<script src=\"{ui}\"></script>", "CCCWorkbenchSDK"),
            WorkbenchSurface.Both => ($"<script src=\"{script}\"></script><script src=\"{core}\"></script>", "", "WorkbenchSdk"),
            _ => ($"<script src=\"{script}\"></script>", "", "WorkbenchSdk"),
        };
        var second = surface != WorkbenchSurface.Both ? "" : """
            window.__events3 = [];
            const config3 = Object.assign({}, config, { dom: 'wb3' });
            for (const name of names) config3[name] = (...args) => { window.__events3.push({ name, payload: plain(args[0]), argc: args.length }); };
            delete config3.onBeforeCallDialing;
            delete config3.onBeforeCallHangup;
            window.workbench3 = new CCCWorkbenchSDK(config3);
            """;
        return $$"""
            <!doctype html>
            <html>
            <head>
            <meta charset="utf-8">
            <title>Workbench test page</title>
            {{head}}
            </head>
            <body>
            <div id="wb"></div>
            <div id="wb3"></div>
            {{tail}}
            <script>
            window.__events = [];
            window.__dialCallbacks = [];
            window.__hangUpCallbacks = [];
            window.__autoDial = false;
            window.__autoHangUp = true;
            const plain = value => {
              if (value === undefined) return null;
              try { return JSON.parse(JSON.stringify(value, (k, v) => typeof v === 'function' ? undefined : v)); } catch { return String(value); }
            };
            const record = name => (...args) => { window.__events.push({ name, payload: plain(args[0]), argc: args.length }); };
            const names = ['onInit', 'onRegister', 'onLogIn', 'onLogOut', 'onReady', 'onBreak', 'onCallComing', 'onCallDialing',
              'onCallEstablish', 'onCallRelease', 'onHangUp', 'onStatusChange', 'onErrorNotify'];
            const config = Object.assign({}, {{defaults}});
            for (const name of names) config[name] = record(name);
            config.onBeforeCallDialing = payload => {
              record('onBeforeCallDialing')(payload);
              window.__dialCallbacks.push(payload.callback);
              if (window.__autoDial) payload.callback();
            };
            config.onBeforeCallHangup = payload => {
              record('onBeforeCallHangup')(payload);
              window.__hangUpCallbacks.push(payload.callback);
              if (window.__autoHangUp) payload.callback();
            };
            const extra = new URLSearchParams(location.search).get('config');
            if (extra) Object.assign(config, JSON.parse(extra));
            window.workbench = new {{constructor}}(config);
            {{second}}
            </script>
            </body>
            </html>
            """;
    }

    /// <summary>Signs in the agent named by the page's cookie (claim <c>ccc_user_id</c>); no cookie: anonymous.</summary>
    private sealed class AgentCookieAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, WorkbenchTestHostOptions host)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "WorkbenchTestAgent";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Cookies.TryGetValue(AgentCookie, out var agent) || string.IsNullOrEmpty(agent))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var claims = new List<Claim>
            {
                new(ClaimTypes.NameIdentifier, agent),
                new(ClaimTypes.Name, agent),
                new(ClaimCccAgentResolver.DefaultClaimType, agent),
            };
            claims.AddRange((host.RolesOf?.Invoke(agent) ?? []).Select(role => new Claim(ClaimTypes.Role, role)));
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
        }
    }
}
