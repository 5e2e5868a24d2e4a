using System.Security.Claims;
using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Samples.Crm;
using Ccc.Sdk.Samples.Crm.Accounts;
using Ccc.Sdk.Samples.Crm.Calls;
using Ccc.Sdk.Samples.Crm.Components;
using Ccc.Sdk.Samples.Crm.Customers;
using Ccc.Sdk.Samples.Crm.Data;
using Ccc.Sdk.Samples.Crm.Emulator;
using Ccc.Sdk.Samples.Crm.History;
using Ccc.Sdk.Samples.Crm.Softphone;
using Ccc.Sdk.Samples.Crm.Supervision;
using Ccc.Sdk.Webhooks;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

var builder = WebApplication.CreateBuilder(args);

// By default the CRM talks to an emulator of the cloud started inside this process, so `dotnet run` needs no
// cloud account. Set Crm:UseEmbeddedEmulator=false and the settings CloudSettings checks (docs/sample-crm.md, "Against
// the cloud") to talk to the real service instead.
bool embedded = builder.Configuration.GetValue("Crm:UseEmbeddedEmulator", true);
var dataDirectory = builder.Configuration["Crm:DataDirectory"] ?? Path.Combine(builder.Environment.ContentRootPath, "App_Data");
CloudSettings? cloud = null;
if (!embedded)
{
    // Every setting is checked before anything starts, and all that are missing or invalid are named at once (names
    // only, never a value).
    cloud = CloudSettings.Read(builder.Configuration, builder.Environment, out var problems);
    if (cloud is null)
    {
        Console.Error.WriteLine(CloudSettings.Describe(problems));
        Environment.ExitCode = 1;
        return;
    }
}

CccEmulator? emulator = null;
bool newEmulatorCertificate = false;
var webhookSecrets = new List<string>();
if (embedded)
{
    // The emulator signs its webhooks with a secret the CRM makes up at each start (the cloud's comes from configuration).
    webhookSecrets.Add(CccWebhookSigner.NewSecret());
    // Its HTTPS certificate (the OAuth2 sign-in page is served over HTTPS) is kept in the data directory, so a
    // developer trusts it once instead of clicking through a warning at every start (docs/sample-crm.md, "Sign-in").
    var emulatorCertificate = EmulatorCertificateFile.LoadOrCreate(dataDirectory, out newEmulatorCertificate);
    // One call (Ccc.Sdk.Development): starts the emulator on loopback and points AddCcc and the softphone at it.
    emulator = await builder.AddCccEmulatorAsync(o =>
    {
        o.Emulator.Urls = builder.Configuration["Crm:EmulatorUrls"] ?? "http://127.0.0.1:0";
        o.Emulator.HttpsUrls = builder.Configuration["Crm:EmulatorHttpsUrls"] ?? "https://127.0.0.1:0";
        o.Emulator.HttpsCertificate = emulatorCertificate;
        o.Emulator.WebhookSecret = webhookSecrets[0];
        if (builder.Configuration.GetValue("Crm:EmulatorApiLog", false))
        {
            // One line per OpenAPI call the emulator answers, with the key that signed it (never a secret).
            o.Emulator.ConfigureLogging = logging => logging.AddSimpleConsole()
                .AddFilter((category, level) => category == "Ccc.Sdk.Emulator.Api" && level >= LogLevel.Information);
        }

        // The sample's embedded mode is its whole point, in any environment: the emulator stays on loopback.
        o.AllowOutsideDevelopment = true;
    });
}
else
{
    builder.Services.AddCcc(builder.Configuration.GetSection("Ccc"));
    var settings = cloud!;
    if (settings.PinnedCertificate is not null)
    {
        // Development only (CloudSettings refuses it elsewhere): an emulator standing in for the cloud over HTTPS.
        builder.Services.AddHttpClient(CccServiceCollectionExtensions.HttpClientNamePrefix)
            .ConfigurePrimaryHttpMessageHandler(() => settings.CreatePinnedHandler()!);
    }
}

// "Sign in with Alibaba Cloud": OAuth2 through MapCccOAuthSignIn. On the embedded emulator its OAuth2 server and dev
// client, trusting exactly its certificate; against the cloud Ccc:OAuth (ClientId, ClientSecret, Issuer). Agents then
// act with their own STS keys: the softphone proxy (UseUserIdentity) and the call features (AgentClients).
builder.Services.AddCccOAuth(builder.Configuration.GetSection("Ccc:OAuth"), o =>
{
    if (emulator is not null)
    {
        o.ClientId = CccEmulator.DevOAuthClientId;
        o.ClientSecret = CccEmulator.DevOAuthClientSecret;
        o.Issuer = emulator.OAuthIssuer;
        o.HttpClientFactory = new PinnedCertificateHttpClientFactory(emulator.HttpsCertificate);
    }
    else if (cloud!.PinnedCertificate is { } pinned)
    {
        o.HttpClientFactory = new PinnedCertificateHttpClientFactory(pinned);
    }
});
var publicUrl = cloud?.PublicUrl ?? PublicUrl(builder);
builder.Services.AddCccOAuthSignIn(builder.Configuration.GetSection("Ccc:OAuth:SignIn"), o =>
{
    // The redirect URI is {Crm:PublicUrl}/ccc/oauth/callback (in Development on the embedded emulator without
    // Crm:PublicUrl: the address the CRM listens on); never the request's Host.
    if (o.RedirectUri is null && o.PublicBaseUri is null)
    {
        o.PublicBaseUri = publicUrl;
    }

    o.UserIdClaimType = ClaimTypes.NameIdentifier;
    o.DefaultReturnUrl = AgentAccount.DefaultReturnPath;
    o.OnSignedIn = CrmSignIn.OnSignedInAsync;
});
builder.Services.AddSingleton<AgentClients>();
if (emulator is not null)
{
    // The agent picker, emulator only: the same OAuth2 sign-in with the emulator's page skipped.
    builder.Services.AddSingleton(sp => new EmulatorSignInShortcut(sp.GetRequiredService<CccOAuthApplication>(), emulator.HttpsCertificate));
}

builder.Services.AddSingleton(new CrmMode(UsesEmbeddedEmulator: emulator is not null));
builder.Services.AddSingleton<CallDesk>();
// supervisor: the wallboard (/supervisor) and, on the embedded emulator, the scripted busy morning (/demo)
builder.Services.AddSupervision(emulator?.Endpoint, emulator?.InstanceId);
builder.Services.AddSingleton(TimeProvider.System);

// The call history is fed by the call center's webhooks: MapCccWebhooks stores each signed event in an inbox (SQLite),
// the dispatcher hands them to the handlers below, which keep the CRM's own history table; the reconciliation sweep
// brings in records whose push was lost. Both files live in Crm:DataDirectory (default: App_Data under the content root).
var inboxPath = builder.Configuration["Crm:Events:Database"] ?? Path.Combine(dataDirectory, "ccc-events.db");
var webhookTokens = new List<string>();
if (cloud is not null)
{
    // Against the cloud, either: the Standard Webhooks secret(s) of a relay you run (a RocketMQ consumer that forwards
    // the cloud's events, signed), or our shared token(s) in the webhook address given to the cloud (?token=…): the
    // cloud's own HTTP signing is not published (docs/events.md). Old and new while rotating. CloudSettings checked
    // that exactly one of the two is set.
    webhookSecrets.AddRange(cloud.EventSecrets);
    webhookTokens.AddRange(cloud.EventTokens);
}

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(inboxPath))!);

// ---- The CRM's own database: customers (ICustomerBook), their numbers and notes, and the call history the webhook
// handlers below write (CallHistoryStore), in one SQLite file through EF Core (Data/CrmDbContext.cs, a pooled context
// factory). Crm:Database names the file (default crm.db in Crm:DataDirectory); its migrations run, and the demo
// customers are seeded on the first run, right after Build below (CrmDatabase.InitializeAsync). ----
var databasePath = builder.Configuration["Crm:Database"] ?? Path.Combine(dataDirectory, CrmDatabase.DefaultFileName);
builder.Services.AddCrmDatabase(databasePath);
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
    // Every call goes out with the signed-in agent's own STS keys (its OAuth2 sign-in), not the CRM's AccessKey.
    o.UseUserIdentity = true;
    // The origins the CRM's pages are served from: Crm:AllowedOrigins, else its public address against the cloud,
    // else the addresses it listens on.
    var origins = builder.Configuration["Crm:AllowedOrigins"] ?? cloud?.PublicUrl.GetLeftPart(UriPartial.Authority) ?? builder.Configuration["urls"] ?? "http://127.0.0.1:5126";
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
var softphoneScript = cloud?.SoftphoneScriptUrl ?? builder.Configuration["Crm:Softphone:ScriptUrl"] ?? emulator!.WorkbenchScriptUrl;
builder.Services.AddSingleton(new SoftphoneSettings(
    softphoneScript,
    emulator?.InstanceId ?? builder.Configuration["Ccc:InstanceId"] ?? "",
    emulator?.RegionId ?? builder.Configuration["Ccc:RegionId"] ?? "cn-shanghai",
    emulator is not null ? new Uri(emulator.Endpoint, "/_emulator/phone") : null));

// desk: the softphone bar's break reasons and transfer targets (per circuit) and each agent's number masking.
builder.Services.AddCrmDesk();

var app = builder.Build();

// The database's schema is brought up to date (and seeded on the first run) before anything reads it.
await CrmDatabase.InitializeAsync(app.Services);
if (emulator is not null)
{
    app.Logger.LogInformation("Embedded CCC emulator at {Endpoint} (instance {InstanceId})", emulator.Endpoint, emulator.InstanceId);
    app.Logger.LogInformation(
        "Its OAuth2 sign-in page is on {Issuer}, HTTPS certificate SHA-256 {Fingerprint} kept in {Path}{Hint}",
        emulator.OAuthIssuer, emulator.HttpsCertificateSha256, Path.Combine(Path.GetFullPath(dataDirectory), EmulatorCertificateFile.FileName),
        newEmulatorCertificate ? " (new: the browser warns until you trust it, docs/sample-crm.md#sign-in)" : "");

    // The emulator's customers are simulated phones: make them answer (and one of them busy) so a call placed from
    // the CRM connects. Against the cloud, real people answer and nothing of this runs.
    // (A customer created later, e.g. from the new-contact form, gets the same behaviour once saved.)
    var directory = app.Services.GetRequiredService<CustomerDirectory>();
    directory.AfterCreate = (customer, ct) => SimulatedPhones.ConfigureCustomerAsync(emulator.Endpoint, customer, app.Logger, ct);
    var agents = await app.Services.GetRequiredService<CallDesk>().ListAgentsAsync();
    await SimulatedPhones.ConfigureAsync(
        emulator.Endpoint,
        await app.Services.GetRequiredService<ICustomerBook>().ListAsync(),
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
app.MapAgentAccount(app.Services.GetService<EmulatorSignInShortcut>()); // the agent picker: emulator only
app.MapCccOAuthSignIn(AgentAccount.OAuthPrefix); // "Sign in with Alibaba Cloud"; its options: AddCccOAuthSignIn above
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

// The CRM's public address on the embedded emulator: Crm:PublicUrl, else (outside Development, where the sign-in
// cannot default to the listening address) the first configured URL; null in Development: the listening address.
static Uri? PublicUrl(WebApplicationBuilder builder)
{
    if (builder.Configuration["Crm:PublicUrl"] is { Length: > 0 } configured)
    {
        return new Uri(configured);
    }

    if (builder.Environment.IsDevelopment())
    {
        return null;
    }

    string first = (builder.Configuration["urls"] ?? "http://127.0.0.1:5126").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
    return new Uri(first);
}
