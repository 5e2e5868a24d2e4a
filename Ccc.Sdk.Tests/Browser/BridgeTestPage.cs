using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Ccc.Sdk.Emulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.JSInterop;
using Microsoft.JSInterop.Infrastructure;
using Microsoft.Playwright;

namespace Ccc.Sdk.Tests.Browser;

/// <summary>One call the bridge made on its .NET object (<c>dotNetRef.invokeMethodAsync(method, ...args)</c>), as the JSON Blazor would bind.</summary>
public sealed record BridgeCall(string Method, JsonElement Args)
{
    /// <summary>The number of arguments.</summary>
    public int Count => Args.GetArrayLength();

    /// <summary>Argument <paramref name="index"/>.</summary>
    public JsonElement Arg(int index = 0) => Args[index];

    /// <summary>Argument <paramref name="index"/> bound the way Blazor binds a <c>[JSInvokable]</c> parameter (<see cref="JsonSerializerOptions.Web"/>).</summary>
    public T Bind<T>(int index = 0) => Args[index].Deserialize<T>(JsonSerializerOptions.Web)!;

    public override string ToString() => $"{Method}{Args.GetRawText()}";
}

/// <summary>One callback the Workbench SDK script made on the config the bridge gave it, before the bridge touched it.</summary>
public sealed record RawCallback(string Name, int ArgumentCount, IReadOnlyList<string>? Keys, JsonElement Args)
{
    /// <summary>The first argument (JSON; functions left out, see <see cref="Keys"/>).</summary>
    public JsonElement Payload => Args.GetArrayLength() > 0 ? Args[0] : default;

    public override string ToString() => $"{Name}({ArgumentCount}) {Args.GetRawText()}";
}

/// <summary>
/// A CRM page that runs the real bridge, <c>Ccc.Sdk.Softphone/wwwroot/softphone.js</c>, on the emulator's workbench
/// script, served by a <see cref="WorkbenchTestHost"/> app (the CRM origin: the agent signed in by cookie, the page's
/// ajax through the host's real workbench proxy to the emulator).
/// </summary>
/// <remarks>
/// <para>The page imports the module from <c>/_content/Ccc.Sdk.Softphone/softphone.js</c> (the whole wwwroot folder is
/// served from the repository, so the module may import sibling files) and calls <c>create(dotNetRef, options)</c> with
/// the options <c>Softphone</c> passes. The <c>dotNetRef</c> is a JavaScript object standing in for Blazor's
/// <c>DotNetObjectReference</c>: every <c>invokeMethodAsync(method, ...args)</c> is recorded as the JSON text Blazor
/// would send (<c>{m, a}</c>), and <c>OnBeforeCallDialing</c> / <c>DecideHangUp</c> are answered from a policy the test
/// sets: a decision object (<c>{allow, callee}</c>, <c>{allow}</c>) or <c>'delay'</c> (the answer waits until the test
/// gives it).</para>
/// <para>Before the bridge loads the SDK script, the page puts an accessor on <c>window.WorkbenchSdk</c> that wraps the
/// constructor the script defines: every <c>on…</c> callback of the config is recorded raw (argument count, the first
/// argument's keys including functions, the arguments as JSON) before the bridge's own handler runs. So a test sees
/// what the script passed (the cloud's shapes) and what .NET received (the bridge's shapes).</para>
/// </remarks>
public sealed class BridgeTestPage : IAsyncDisposable
{
    /// <summary>The page's path on the host.</summary>
    public const string PagePath = "/bridge-scenario";

    /// <summary>Where the page imports the bridge from (the path a Blazor app serves it at).</summary>
    public const string ModuleFolder = "/_content/Ccc.Sdk.Softphone/";

    /// <summary>The SDK's container element.</summary>
    public const string Dom = "wb";

    private const float WaitMs = 15_000;

    private readonly WorkbenchTestHost _host;

    private BridgeTestPage(WorkbenchTestHost host, IPage page)
    {
        _host = host;
        Page = page;
    }

    /// <summary>The Playwright page.</summary>
    public IPage Page { get; }

    /// <summary>Maps the page and the bridge's files on the host (pass to <see cref="WorkbenchTestHostOptions.ConfigureApp"/>).</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var folder = Path.GetFullPath(Path.Combine(Repository.Root, "Ccc.Sdk.Softphone", "wwwroot")) + Path.DirectorySeparatorChar;
        app.MapGet(ModuleFolder + "{**file}", (string file) =>
        {
            var path = Path.GetFullPath(Path.Combine(folder, file));
            if (!path.StartsWith(folder, StringComparison.Ordinal) || !File.Exists(path))
            {
                return Results.NotFound();
            }

            var type = Path.GetExtension(path) switch
            {
                ".js" or ".mjs" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".json" => "application/json",
                _ => "application/octet-stream",
            };
            return Results.File(File.ReadAllBytes(path), type);
        });
        app.MapGet(PagePath, (HttpContext context) =>
        {
            var agent = context.Request.Query["agent"].ToString();
            context.Response.Cookies.Append(WorkbenchTestHost.AgentCookie, agent, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
            return Results.Content(Html, "text/html; charset=utf-8");
        });
    }

    /// <summary>The options <c>Softphone.StartAsync</c> passes to <c>create</c> for this host (its defaults, <c>defaultVisible: false</c>).</summary>
    public static Dictionary<string, object?> DefaultOptions(WorkbenchTestHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var emulator = host.Emulator;
        return new Dictionary<string, object?>
        {
            ["scriptUrl"] = WorkbenchScriptUrl(emulator),
            ["cssUrl"] = null,
            ["dom"] = Dom,
            ["instanceId"] = emulator.InstanceId,
            ["regionId"] = emulator.RegionId,
            ["ajaxOrigin"] = host.Origin.ToString().TrimEnd('/'),
            ["ajaxPath"] = WorkbenchTestHost.ProxyPath,
            ["ajaxMethod"] = null,
            ["ajaxHeaders"] = null,
            ["ajaxOtherParams"] = null,
            ["withCredentials"] = null,
            ["defaultVisible"] = false,
            ["afterCallRule"] = null,
            ["autoAnswerCall"] = null,
            ["exportErrorOfApi"] = null,
            ["hangUpWaitMs"] = 12_000,
        };
    }

    /// <summary>The emulator's 2.x stand-in, <c>{emulator}/workbench/workbenchSdk.js</c>.</summary>
    public static string WorkbenchScriptUrl(CccEmulator emulator)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        return new Uri(emulator.Endpoint, "/workbench/workbenchSdk.js").ToString();
    }

    /// <summary>Opens the page for <paramref name="agent"/> in <paramref name="context"/> (the bridge module imported, nothing created yet).</summary>
    public static async Task<BridgeTestPage> OpenAsync(WorkbenchTestHost host, IBrowserContext context, string agent)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{host.Origin.ToString().TrimEnd('/')}{PagePath}?agent={Uri.EscapeDataString(agent)}");
        await page.WaitForFunctionAsync("() => window.__moduleLoaded === true || window.__moduleError !== undefined", null, new PageWaitForFunctionOptions { Timeout = WaitMs });
        var error = await page.EvaluateAsync<string?>("() => window.__moduleError ?? null");
        if (error is not null)
        {
            throw new InvalidOperationException("The bridge module did not load: " + error);
        }

        return new BridgeTestPage(host, page);
    }

    /// <summary>
    /// Calls <c>create(dotNetRef, options)</c> (<see cref="DefaultOptions"/> with <paramref name="change"/> applied) once
    /// no other page of the context holds the softphone's tab lock; returns <c>handle.isOwner()</c>.
    /// </summary>
    public async Task<bool> StartAsync(Action<Dictionary<string, object?>>? change = null)
    {
        var options = DefaultOptions(_host);
        change?.Invoke(options);
        var json = JsonSerializer.Serialize(options, JsonSerializerOptions.Web);
        return await Page.EvaluateAsync<bool>("json => window.__start(JSON.parse(json))", json);
    }

    /// <summary>Calls <c>handle.{method}(...args)</c> (the arguments as JSON, the way <c>IJSObjectReference.InvokeVoidAsync</c> sends them).</summary>
    public Task InvokeAsync(string method, params object?[] args) =>
        Page.EvaluateAsync("([method, json]) => { window.__handle[method](...JSON.parse(json)); }",
            new object[] { method, JsonSerializer.Serialize(args, JsonSerializerOptions.Web) });

    /// <summary><c>handle.getStatusCode()</c> as the JSON .NET would read (<c>IJSObjectReference.InvokeAsync&lt;int&gt;</c>).</summary>
    public async Task<JsonElement> StatusCodeAsync()
    {
        using var document = JsonDocument.Parse(await Page.EvaluateAsync<string>("() => JSON.stringify(window.__handle.getStatusCode())"));
        return document.RootElement.Clone();
    }

    /// <summary>Sets how the .NET stand-in answers <c>OnBeforeCallDialing</c> (<paramref name="kind"/> <c>dial</c>) or <c>DecideHangUp</c> (<c>hangUp</c>): a decision object's JSON, or <c>'delay'</c>.</summary>
    public Task SetPolicyAsync(string kind, string decisionJsonOrDelay) =>
        Page.EvaluateAsync("([kind, value]) => { window.__policy[kind] = value === 'delay' ? 'delay' : JSON.parse(value); }", new object[] { kind, decisionJsonOrDelay });

    /// <summary>The number of <paramref name="kind"/> decisions waiting under the <c>'delay'</c> policy.</summary>
    public Task<int> PendingAsync(string kind) => Page.EvaluateAsync<int>("kind => window.__pending[kind].length", kind);

    /// <summary>Answers the oldest waiting <paramref name="kind"/> decision with <paramref name="decisionJson"/>.</summary>
    public Task ResolvePendingAsync(string kind, string decisionJson) =>
        Page.EvaluateAsync("([kind, json]) => { window.__pending[kind].shift()(JSON.parse(json)); }", new object[] { kind, decisionJson });

    /// <summary>Every call the bridge made on the .NET stand-in so far, oldest first.</summary>
    public async Task<List<BridgeCall>> CallsAsync()
    {
        using var document = JsonDocument.Parse(await Page.EvaluateAsync<string>("() => '[' + window.__dotnet.join(',') + ']'"));
        return document.RootElement.EnumerateArray()
            .Select(e => new BridgeCall(e.GetProperty("m").GetString()!, e.GetProperty("a").Clone()))
            .ToList();
    }

    /// <summary>Every raw SDK callback so far, oldest first.</summary>
    public async Task<List<RawCallback>> RawAsync()
    {
        using var document = JsonDocument.Parse(await Page.EvaluateAsync<string>("() => '[' + window.__raw.join(',') + ']'"));
        return document.RootElement.EnumerateArray()
            .Select(e => new RawCallback(
                e.GetProperty("name").GetString()!,
                e.GetProperty("argc").GetInt32(),
                e.GetProperty("keys").ValueKind == JsonValueKind.Array ? e.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!).ToList() : null,
                e.GetProperty("args").Clone()))
            .ToList();
    }

    /// <summary>The <paramref name="method"/> calls so far.</summary>
    public async Task<List<BridgeCall>> CallsAsync(string method) => (await CallsAsync()).Where(c => c.Method == method).ToList();

    /// <summary>Waits for the first call <paramref name="method"/> (after <paramref name="skip"/> of them) matching <paramref name="where"/>.</summary>
    public async Task<BridgeCall> WaitForAsync(string method, Func<BridgeCall, bool>? where = null, int skip = 0)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(WaitMs);
        while (true)
        {
            var calls = await CallsAsync();
            var match = calls.Where(c => c.Method == method && (where is null || where(c))).Skip(skip).FirstOrDefault();
            if (match is not null)
            {
                return match;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The bridge made no {method} call within the timeout. Calls: {string.Join(" ", calls)}");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Waits for <c>OnStatusChange</c> with <paramref name="code"/> (after <paramref name="skip"/> of them).</summary>
    public Task<BridgeCall> WaitForStatusAsync(int code, int skip = 0) =>
        WaitForAsync("OnStatusChange", c => c.Arg().GetProperty("code").GetInt32() == code, skip);

    /// <summary>The codes of the <c>OnStatusChange</c> calls so far.</summary>
    public async Task<List<int>> StatusCodesAsync() =>
        (await CallsAsync("OnStatusChange")).Select(c => c.Arg().GetProperty("code").GetInt32()).ToList();

    /// <summary>Disposes the handle (as <c>Softphone.DisposeAsync</c> does) and closes the page.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!Page.IsClosed)
        {
            await Page.EvaluateAsync("() => { if (window.__handle) window.__handle.dispose(); }");
            await Page.CloseAsync();
        }
    }

    private static readonly string Html = $$"""
        <!doctype html>
        <html>
        <head>
        <meta charset="utf-8">
        <title>Bridge scenario page</title>
        </head>
        <body>
        <div id="{{Dom}}"></div>
        <script>
        // What the SDK script passes to the config's callbacks, before the bridge's handlers see it.
        window.__raw = [];
        // What the bridge sends to .NET: JSON text of {m, a} per dotNetRef.invokeMethodAsync(m, ...a).
        window.__dotnet = [];
        // How the .NET stand-in decides the before-hooks: a decision object, or 'delay' (see window.__pending).
        window.__policy = { dial: { allow: true, callee: null }, hangUp: { allow: true } };
        window.__pending = { dial: [], hangUp: [] };
        (() => {
          const isObject = v => v !== null && typeof v === 'object' && !Array.isArray(v);
          const plain = v => {
            if (v === undefined) return null;
            try { return JSON.parse(JSON.stringify(v, (k, x) => typeof x === 'function' ? undefined : x)); } catch { return String(v); }
          };
          const recordConfig = config => {
            const c = Object.assign({}, config);
            for (const name of Object.keys(c)) {
              if (!/^on/.test(name) || typeof c[name] !== 'function') continue;
              const inner = c[name];
              c[name] = (...args) => {
                window.__raw.push(JSON.stringify({ name, argc: args.length, keys: isObject(args[0]) ? Object.keys(args[0]) : null, args: args.map(plain) }));
                return inner(...args);
              };
            }
            return c;
          };
          let current;
          Object.defineProperty(window, 'WorkbenchSdk', {
            configurable: true,
            enumerable: true,
            get() { return current; },
            set(value) {
              current = typeof value === 'function' ? class extends value { constructor(config) { super(recordConfig(config)); } } : value;
            },
          });
        })();
        </script>
        <script type="module">
        const decide = kind => {
          const policy = window.__policy[kind];
          if (policy === 'delay') return new Promise(resolve => window.__pending[kind].push(resolve));
          return Promise.resolve(JSON.parse(JSON.stringify(policy)));
        };
        const dotNetRef = {
          invokeMethodAsync(m, ...a) {
            window.__dotnet.push(JSON.stringify({ m, a }));
            if (m === 'OnBeforeCallDialing') return decide('dial');
            if (m === 'DecideHangUp') return decide('hangUp');
            return Promise.resolve(null);
          },
        };
        // Another page of the context may still be letting go of the softphone's tab lock (a closed page's locks are
        // released asynchronously): wait until it is free, so this page's bridge owns the SDK.
        const lockFree = async name => {
          if (!navigator.locks) return;
          for (let i = 0; i < 200; i++) {
            const state = await navigator.locks.query();
            if (!(state.held || []).some(l => l.name === name)) return;
            await new Promise(r => setTimeout(r, 25));
          }
        };
        try {
          const bridge = await import('{{ModuleFolder}}softphone.js');
          window.__start = async options => {
            await lockFree('ccc-softphone:' + options.instanceId);
            window.__handle = await bridge.create(dotNetRef, options);
            return window.__handle.isOwner();
          };
          window.__moduleLoaded = true;
        } catch (e) {
          window.__moduleError = String(e && e.stack || e);
        }
        </script>
        </body>
        </html>
        """;
}

/// <summary>
/// Blazor's part, for a real <c>Ccc.Sdk.Softphone.Softphone</c> on a <see cref="BridgeTestPage"/>: a <see cref="JSRuntime"/>
/// that answers <c>Softphone.StartAsync</c>'s <c>import</c> and <c>create</c> with object references (the page's bridge
/// already runs; <c>create</c> only tells which <c>DotNetObjectReference</c> the softphone hands the bridge), runs every
/// later call but <c>dispose</c> (the page's bridge lives as long as the <see cref="BridgeTestPage"/>) on the page's handle (<c>window.__handle[method](...args)</c>, its result back as JSON), and
/// <see cref="ReplayAsync"/> dispatches the calls the bridge made on the page's stand-in <c>dotNetRef</c> to that
/// reference through <see cref="DotNetDispatcher"/>, as Blazor dispatches <c>invokeMethodAsync</c>: by the
/// <c>[JSInvokable]</c> names, whichever type carries them.
/// </summary>
public sealed class BlazorStandIn(BridgeTestPage page) : JSRuntime
{
    private const long ModuleId = 1;
    private const long HandleId = 2;

    private readonly ConcurrentDictionary<string, TaskCompletionSource<string?>> _pending = new(StringComparer.Ordinal);
    private long _callIds;

    /// <summary>The id of the <c>DotNetObjectReference</c> the softphone passed to <c>create</c> (0 before).</summary>
    public long DotNetObjectId { get; private set; }

    /// <summary>The options the softphone passed to <c>create</c> (JSON), null before.</summary>
    public string? CreateOptionsJson { get; private set; }

    /// <summary>Dispatches <paramref name="calls"/> to the softphone's .NET object in order; each call's result as JSON (a decision object for the before-hooks).</summary>
    public async Task<List<string?>> ReplayAsync(IEnumerable<BridgeCall> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        if (DotNetObjectId == 0)
        {
            throw new InvalidOperationException("The softphone has not called create yet.");
        }

        var results = new List<string?>();
        foreach (var call in calls)
        {
            var id = Interlocked.Increment(ref _callIds).ToString(CultureInfo.InvariantCulture);
            var result = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[id] = result;
            DotNetDispatcher.BeginInvokeDotNet(this, new DotNetInvocationInfo(null, call.Method, DotNetObjectId, id), call.Args.GetRawText());
            results.Add(await result.Task.WaitAsync(TimeSpan.FromSeconds(15)));
        }

        return results;
    }

    /// <inheritdoc />
    protected override void BeginInvokeJS(long taskId, string identifier, string? argsJson, JSCallResultType resultType, long targetInstanceId) =>
        _ = CompleteAsync(taskId, identifier, argsJson, targetInstanceId);

    /// <inheritdoc />
    protected override void EndInvokeDotNet(DotNetInvocationInfo invocationInfo, in DotNetInvocationResult invocationResult)
    {
        if (invocationInfo.CallId is null || !_pending.TryRemove(invocationInfo.CallId, out var result))
        {
            return;
        }

        if (invocationResult.Success)
        {
            result.SetResult(invocationResult.ResultJson);
        }
        else
        {
            result.SetException(invocationResult.Exception ?? new InvalidOperationException(invocationResult.ErrorKind));
        }
    }

    private async Task CompleteAsync(long taskId, string identifier, string? argsJson, long targetInstanceId)
    {
        await Task.Yield(); // never complete inside BeginInvokeJS
        string resultJson;
        var succeeded = true;
        try
        {
            resultJson = (targetInstanceId, identifier) switch
            {
                (0, "import") => $"{{\"__jsObjectId\":{ModuleId}}}",
                (ModuleId, "create") => Created(argsJson),
                (HandleId, "dispose") => "null",
                (HandleId, _) => await page.Page.EvaluateAsync<string>(
                    "([method, json]) => JSON.stringify(window.__handle[method](...JSON.parse(json)) ?? null)",
                    new object[] { identifier, argsJson ?? "[]" }),
                _ => "null", // disposing object references
            };
        }
#pragma warning disable CA1031 // Any failure goes back to the awaiting .NET call, as Blazor reports a JavaScript error.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            succeeded = false;
            resultJson = JsonSerializer.Serialize(ex.Message);
        }

        DotNetDispatcher.EndInvokeJS(this, $"[{taskId},{(succeeded ? "true" : "false")},{resultJson}]");
    }

    private string Created(string? argsJson)
    {
        using var args = JsonDocument.Parse(argsJson ?? "[]");
        DotNetObjectId = args.RootElement[0].GetProperty("__dotNetObject").GetInt64();
        CreateOptionsJson = args.RootElement[1].GetRawText();
        return $"{{\"__jsObjectId\":{HandleId}}}";
    }
}
