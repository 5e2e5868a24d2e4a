using Ccc.Sdk.Emulator;
using Ccc.Sdk.Samples.Crm;
using Ccc.Sdk.Samples.Crm.Calls;
using Ccc.Sdk.Samples.Crm.Components;
using Ccc.Sdk.Samples.Crm.Customers;
using Ccc.Sdk.Samples.Crm.Emulator;
using Ccc.Sdk.Samples.Crm.Softphone;
using Microsoft.AspNetCore.Authentication.Cookies;

var builder = WebApplication.CreateBuilder(args);

// By default the CRM talks to an emulator of the cloud started inside this process, so `dotnet run` needs no
// cloud account. Set Crm:UseEmbeddedEmulator=false and fill the "Ccc" section (or the ALIBABA_CLOUD_* environment
// variables) to talk to the real service instead.
CccEmulator? emulator = null;
if (builder.Configuration.GetValue("Crm:UseEmbeddedEmulator", true))
{
    emulator = await CccEmulator.StartAsync(new CccEmulatorOptions
    {
        Urls = builder.Configuration["Crm:EmulatorUrls"] ?? "http://127.0.0.1:0",
    });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Ccc:Endpoint"] = emulator.Endpoint.ToString(),
        ["Ccc:RegionId"] = emulator.RegionId,
        ["Ccc:InstanceId"] = emulator.InstanceId,
        ["Ccc:AccessKeyId"] = emulator.AccessKeyId,
        ["Ccc:AccessKeySecret"] = emulator.AccessKeySecret,
    });
}

builder.Services.AddCcc(builder.Configuration.GetSection("Ccc"));
builder.Services.AddSingleton(new CrmMode(UsesEmbeddedEmulator: emulator is not null));
builder.Services.AddSingleton<CustomerDirectory>();
builder.Services.AddSingleton<CallDesk>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

// Agents sign in to the CRM (cookie); the browser softphone's API calls go through the CRM's proxy, which pins the
// signed-in agent's UserId (docs/softphone-proxy.md).
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(o =>
    {
        o.LoginPath = "/sign-in";
        o.Cookie.Name = "crm.auth";
        o.Cookie.SameSite = SameSiteMode.Lax;
        // An API call without a sign-in gets 401 with a JSON body (so the status code pages leave it alone), not a
        // redirect to the sign-in page.
        o.Events.OnRedirectToLogin = context =>
        {
            if (context.Request.Path.StartsWithSegments("/ccc") || context.Request.Path.StartsWithSegments("/api"))
            {
                return Results.Json(new { Code = "Unauthorized", Message = "Sign in to the CRM first." }, statusCode: StatusCodes.Status401Unauthorized)
                    .ExecuteAsync(context.HttpContext);
            }

            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        };
    });
builder.Services.AddAuthorization();
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddSingleton<ScreenPopLog>();
builder.Services.AddScoped<SoftphoneAccessor>();
var softphoneScript = builder.Configuration["Crm:Softphone:ScriptUrl"]
    ?? (emulator is not null ? new Uri(emulator.Endpoint, "/workbench/workbenchSdk.js").ToString() : null)
    ?? throw new InvalidOperationException("Set Crm:Softphone:ScriptUrl to the Workbench SDK script (see docs/softphone.md).");
builder.Services.AddSingleton(new SoftphoneSettings(
    softphoneScript,
    builder.Configuration["Ccc:InstanceId"] ?? "",
    builder.Configuration["Ccc:RegionId"] ?? "cn-shanghai",
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
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapCallEndpoints();
app.MapAgentAccount();
app.MapCccWorkbenchProxy(SoftphoneSettings.ProxyPath, o =>
{
    // The origins the CRM's pages are served from: Crm:AllowedOrigins, else the addresses it listens on.
    var origins = builder.Configuration["Crm:AllowedOrigins"] ?? builder.Configuration["urls"] ?? "http://127.0.0.1:5126";
    foreach (var origin in origins.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
    {
        o.AllowedOrigins.Add(origin);
    }
});

// The recent screen-pops (what the softphone's CallComing/CallDialing handlers did), for the browser tests and the
// softphone latency run. Embedded-emulator mode only: a real CRM would not publish its agents' calls like this.
if (emulator is not null)
{
    app.MapGet("/api/screen-pops", (ScreenPopLog pops) => Results.Ok(pops.All));
}
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

try
{
    await app.RunAsync();
}
finally
{
    if (emulator is not null)
    {
        await emulator.DisposeAsync();
    }
}

