using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Samples.Crm;
using Ccc.Sdk.Samples.Crm.Accounts;
using Ccc.Sdk.Samples.Crm.Calls;
using Ccc.Sdk.Samples.Crm.Components;
using Ccc.Sdk.Samples.Crm.Customers;
using Ccc.Sdk.Samples.Crm.Emulator;
using Ccc.Sdk.Samples.Crm.History;
using Ccc.Sdk.Samples.Crm.Softphone;
using Ccc.Sdk.Samples.Crm.Supervision;
using Ccc.Sdk.Webhooks;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

var builder = WebApplication.CreateBuilder(args);

// By default the CRM talks to an emulator of the cloud started inside this process, so `dotnet run` needs no
// cloud account. Set Crm:UseEmbeddedEmulator=false and fill the "Ccc" section (or the ALIBABA_CLOUD_* environment
// variables) to talk to the real service instead.
bool embedded = builder.Configuration.GetValue("Crm:UseEmbeddedEmulator", true);
if (!embedded)
{
    // The sample's sign-in is an agent picker without passwords: harmless on an emulator on your machine, toll fraud
    // and a customer data leak against the cloud. Until a real sign-in (OAuth2) is configured, refuse to start.
    Console.Error.WriteLine(AgentAccount.CloudModeRefusal);
    Environment.ExitCode = 1;
    return;
}

CccEmulator? emulator = null;
var webhookSecrets = new List<string>();
if (embedded)
{
    // The emulator signs its webhooks with a secret the CRM makes up at each start (the cloud's comes from configuration).
    webhookSecrets.Add(CccWebhookSigner.NewSecret());
    // One call (Ccc.Sdk.Development): starts the emulator on loopback and points AddCcc and the softphone at it.
    emulator = await builder.AddCccEmulatorAsync(o =>
    {
        o.Emulator.Urls = builder.Configuration["Crm:EmulatorUrls"] ?? "http://127.0.0.1:0";
        o.Emulator.WebhookSecret = webhookSecrets[0];
        // The sample's embedded mode is its whole point, in any environment: the emulator stays on loopback and the
        // sample refuses to talk to the cloud (above).
        o.AllowOutsideDevelopment = true;
    });
}
else
{
    builder.Services.AddCcc(builder.Configuration.GetSection("Ccc"));
}

builder.Services.AddSingleton(new CrmMode(UsesEmbeddedEmulator: emulator is not null));
builder.Services.AddSingleton<CustomerDirectory>();
builder.Services.AddSingleton<ICustomerBook>(sp => sp.GetRequiredService<CustomerDirectory>());
builder.Services.AddSingleton<CallDesk>();
// supervisor: the wallboard (/supervisor) and, on the embedded emulator, the scripted busy morning (/demo)
builder.Services.AddSupervision(emulator?.Endpoint, emulator?.InstanceId);
builder.Services.AddSingleton(TimeProvider.System);

// The call history is fed by the call center's webhooks: MapCccWebhooks stores each signed event in an inbox (SQLite),
// the dispatcher hands them to the handlers below, which keep the CRM's own history table; the reconciliation sweep
// brings in records whose push was lost. Both files live in Crm:DataDirectory (default: App_Data under the content root).
var dataDirectory = builder.Configuration["Crm:DataDirectory"] ?? Path.Combine(builder.Environment.ContentRootPath, "App_Data");
var inboxPath = builder.Configuration["Crm:Events:Database"] ?? Path.Combine(dataDirectory, "ccc-events.db");
var historyPath = builder.Configuration["Crm:History:Database"] ?? Path.Combine(dataDirectory, "crm-history.db");
var webhookTokens = new List<string>();
if (emulator is null)
{
    // Against the cloud, either: the Standard Webhooks secret(s) of a relay you run (a RocketMQ consumer that forwards
    // the cloud's events, signed), or our shared token(s) in the webhook address given to the cloud (?token=…): the
    // cloud's own HTTP signing is not published (docs/events.md). Old and new while rotating.
    webhookSecrets.AddRange(List(builder.Configuration.GetSection("Crm:Events:Secrets")));
    webhookTokens.AddRange(List(builder.Configuration.GetSection("Crm:Events:Tokens")));
    if (webhookSecrets.Count == 0 && webhookTokens.Count == 0)
    {
        throw new InvalidOperationException("Set Crm:Events:Secrets (your relay's Standard Webhooks secret) or Crm:Events:Tokens (the token in the webhook address given to the cloud); see docs/sample-crm.md.");
    }

    if (webhookSecrets.Count > 0 && webhookTokens.Count > 0)
    {
        throw new InvalidOperationException("Set either Crm:Events:Secrets or Crm:Events:Tokens, not both: one receiver authenticates one way.");
    }
}

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(inboxPath))!);
builder.Services.AddSingleton(sp =>
{
    var customers = sp.GetRequiredService<CustomerDirectory>();
    var store = new CallHistoryStore(historyPath, customers, sp.GetRequiredService<TimeProvider>());
    customers.History = store;
    return store;
});
builder.Services.AddCccWebhooks(o =>
    {
        foreach (var secret in webhookSecrets)
        {
            o.Secrets.Add(secret);
        }

        if (webhookTokens.Count > 0)
        {
            o.UseSharedToken(t =>
            {
                foreach (var token in webhookTokens)
                {
                    t.Tokens.Add(token);
                }
            });
        }

        o.UseSqlite(inboxPath);
    })
    .AddCdrHandler<CallHistoryCdrHandler>()
    .AddEventHandler<CallProgressEventHandler>()
    .AddEventHandler<WallboardEventHandler>() // supervisor: wakes the supervisor view at every agent, queue and call-end event
    .AddReconciliation(builder.Configuration.GetSection("Crm:Events:Reconciliation"));
// The softphone's back-end proxy: its options are registered (and validated at start) here; MapCccWorkbenchProxy maps it.
builder.Services.AddCccWorkbenchProxy(o =>
{
    // A supervisor's softphone may read other agents' states; everyone else is pinned to their own agent.
    o.SupervisorRole = CrmRoles.Supervisor;
    // The origins the CRM's pages are served from: Crm:AllowedOrigins, else the addresses it listens on.
    var origins = builder.Configuration["Crm:AllowedOrigins"] ?? builder.Configuration["urls"] ?? "http://127.0.0.1:5126";
    foreach (var origin in origins.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
    {
        o.AllowedOrigins.Add(origin);
    }
});
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

// A request body the API cannot bind (malformed JSON, wrong types, a wrong Content-Type) is the caller's mistake: a 400
// ProblemDetails in every environment, not the developer exception page (see the middleware below).
builder.Services.AddProblemDetails();
// PostConfigure: in Development the framework's own options setup turns ThrowOnBadRequest on after any Configure.
builder.Services.PostConfigure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);

// Agents sign in to the CRM (cookie); the browser softphone's API calls go through the CRM's proxy, which pins the
// signed-in agent's UserId (docs/softphone-proxy.md).
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(o =>
    {
        o.LoginPath = "/sign-in";
        o.ReturnUrlParameter = "returnUrl";
        o.Cookie.Name = "crm.auth";
        o.Cookie.SameSite = SameSiteMode.Lax;
        // An API call without a sign-in gets 401, and one that is not allowed 403, as ProblemDetails JSON (so the
        // status code pages leave it alone), not a redirect to an HTML page.
        o.Events.OnRedirectToLogin = context => IsApi(context.Request)
            ? Results.Problem("Sign in to the CRM first.", statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context.HttpContext)
            : Redirect(context);
        o.Events.OnRedirectToAccessDenied = context => IsApi(context.Request)
            ? Results.Problem("You are not allowed to do this.", statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context.HttpContext)
            : Forbid(context.HttpContext);
    });

// Everything needs a signed-in user unless it says otherwise: the sign-in page and form, static files, the error
// pages and the webhook receiver (which authenticates each request by its signature) opt out below.
builder.Services.AddAuthorizationBuilder()
    .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddSingleton<ScreenPopLog>();
builder.Services.AddScoped<SoftphoneAccessor>();
var softphoneScript = builder.Configuration["Crm:Softphone:ScriptUrl"]
    ?? emulator?.WorkbenchScriptUrl
    ?? throw new InvalidOperationException("Set Crm:Softphone:ScriptUrl to the Workbench SDK script (see docs/softphone.md).");
builder.Services.AddSingleton(new SoftphoneSettings(
    softphoneScript,
    emulator?.InstanceId ?? builder.Configuration["Ccc:InstanceId"] ?? "",
    emulator?.RegionId ?? builder.Configuration["Ccc:RegionId"] ?? "cn-shanghai",
    emulator is not null ? new Uri(emulator.Endpoint, "/_emulator/phone") : null));

var app = builder.Build();
if (emulator is not null)
{
    app.Logger.LogInformation("Embedded CCC emulator at {Endpoint} (instance {InstanceId})", emulator.Endpoint, emulator.InstanceId);

    // The emulator's customers are simulated phones: make them answer (and one of them busy) so a call placed from
    // the CRM connects. Against the cloud, real people answer and nothing of this runs.
    var agents = await app.Services.GetRequiredService<CallDesk>().ListAgentsAsync();
    await SimulatedPhones.ConfigureAsync(
        emulator.Endpoint,
        app.Services.GetRequiredService<CustomerDirectory>().All,
        agents.Select(a => a.Mobile).OfType<string>().Where(m => m.Length > 0));
}

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.Use(async (context, next) =>
{
    await next(context);

    // An API answer without a body (a 400 for a body that does not bind, a 404, a 405) gets ProblemDetails JSON before
    // the status code pages could turn it into the HTML not-found page — unless the client asked for HTML only (a
    // browser following a recording link), which the status code pages then serve.
    if (IsApi(context.Request) && context.Response.StatusCode >= 400 && !context.Response.HasStarted)
    {
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext { HttpContext = context });
    }
});
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets().AllowAnonymous();
app.MapCallEndpoints();

// The webhook endpoint: no cookie and no antiforgery token — each request is authenticated by its signature, so it
// opts out of the fallback policy.
app.MapCccWebhooks(EmulatorWebhooks.Path).AllowAnonymous();
app.MapAgentAccount();
app.MapCccWorkbenchProxy(SoftphoneSettings.ProxyPath); // its options: AddCccWorkbenchProxy above

// The recent screen-pops (what the softphone's CallComing/CallDialing handlers did), for the browser tests and the
// softphone latency run. Embedded-emulator mode only: a real CRM would not publish its agents' calls like this.
if (emulator is not null)
{
    app.MapScreenPops();
}
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

try
{
    await app.StartAsync();
    if (emulator is not null)
    {
        // Point the emulator's event push at this CRM, on the address it actually listens on (Crm:Events:WebhookUrl
        // overrides it). Against the cloud, the operator subscribes the CRM's public HTTPS URL (README).
        var webhookUrl = builder.Configuration["Crm:Events:WebhookUrl"] is { Length: > 0 } configured ? new Uri(configured) : EmulatorWebhooks.WebhookUrl(app.Urls);
        await EmulatorWebhooks.SubscribeAsync(app.Services.GetRequiredService<Ccc.Sdk.CccClient>(), emulator.InstanceId, webhookUrl);
        app.Logger.LogInformation("The emulator pushes call events and CDRs to {WebhookUrl}", webhookUrl);
    }

    await app.WaitForShutdownAsync();
}
finally
{
    if (emulator is not null)
    {
        await emulator.DisposeAsync();
    }
}

// The CRM's JSON endpoints (and the softphone proxy's): a missing sign-in is a status code, not a sign-in page.
static bool IsApi(HttpRequest request) =>
    request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/recordings") || request.Path.StartsWithSegments("/ccc");

static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context)
{
    context.Response.Redirect(context.RedirectUri);
    return Task.CompletedTask;
}

static Task Forbid(HttpContext context)
{
    context.Response.StatusCode = StatusCodes.Status403Forbidden;
    return Task.CompletedTask;
}


// A configured list: an array, or one ';'- or ','-separated string (an environment variable).
static IEnumerable<string> List(IConfigurationSection section) =>
    section.GetChildren().Select(s => s.Value).OfType<string>()
        .Concat((section.Value ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
