using Ccc.Sdk.Emulator.Gateway;
using Ccc.Sdk.Emulator.Instances;
using Ccc.Sdk.Emulator.Signing;

namespace Ccc.Sdk.Emulator.Hosting;

/// <summary>
/// The one place that wires an emulator into a <see cref="WebApplicationBuilder"/>, shared by
/// <c>dotnet run</c> (<see cref="EmulatorProgram"/>) and the in-process <see cref="CccEmulator"/>.
/// </summary>
internal static class EmulatorServices
{
    public static void Configure(WebApplicationBuilder builder, CccEmulatorOptions options)
    {
        options.Validate();
        // Request URLs carry RPC Signature, SecurityToken and BearerToken values: the framework's per-request lines
        // (Information) and bad-request lines (Debug) are kept to warnings, whatever the configured levels say.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel.BadRequests", LogLevel.Warning);
        // Emulator:ClockStart: the simulated world's clock starts there; transport checks keep options.TimeProvider.
        var worldTime = options.ClockStart is { } clockStart ? new ShiftedTimeProvider(options.TimeProvider, clockStart) : options.TimeProvider;
        var state = SeedLoader.Load(options.SeedFile, worldTime);
        if (options.CallEventSink is { } sink)
        {
            state.Engine.Subscribe(new Calls.CallEventSinkObserver(sink));
        }

        state.Events.Settings = new Events.EventPushSettings
        {
            Secret = options.WebhookSecret,
            CdrRepushDelay = options.WebhookCdrRepushDelay,
            SecretOverlap = options.WebhookSecretOverlap,
            QueueCapacity = options.WebhookQueueCapacity,
            StampClock = ReferenceEquals(worldTime, options.TimeProvider) ? null : options.TimeProvider,
            Chaos = options.WebhookChaos is { } chaos
                ? new Events.ChaosSettings(chaos.Duplicate, chaos.Reorder, chaos.Drop, chaos.Seed)
                : Events.ChaosSettings.None,
        };
        var nonces = new NonceStore(options.TimeProvider, options.ClockSkewTolerance) { AcceptReplays = options.AcceptReplayedNonces };
        var credentials = new CredentialStore(options.Credentials);
        var authenticator = new RequestAuthenticator(credentials, nonces, options.TimeProvider, options.ClockSkewTolerance);
        var certificate = options.HttpsCertificate ?? OAuth.HttpsCertificate.Create(TimeSpan.FromDays(1));
        builder.Services.AddSingleton(new EmulatorCertificate(certificate));
        builder.Services.AddSingleton(new OAuth.OAuthServer(options, credentials, state));

        builder.Services.AddSingleton(new LocalOnlyGuard(options.AllowedHosts));
        builder.Services.AddSingleton(options.TimeProvider);
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton(nonces);
        var actions = ActionRegistry.CreateDefault();
        options.ConfigureActions?.Invoke(actions);
        builder.Services.AddSingleton(actions);
        builder.Services.AddSingleton(authenticator);
        builder.Services.AddSingleton(sp => new OpenApiGateway(
            sp.GetRequiredService<ActionRegistry>(),
            sp.GetRequiredService<RequestAuthenticator>(),
            sp.GetRequiredService<EmulatorState>(),
            options.MaxRequestBodyBytes,
            options.ValidateResponses,
            sp.GetRequiredService<ILogger<OpenApiGateway>>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(EmulatorLog.ApiCategory)));
        // CreateSlimBuilder leaves HTTPS out; the https:// URLs need it back.
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
        });
    }

    /// <summary>Every URL Kestrel listens on: <see cref="CccEmulatorOptions.Urls"/> and <see cref="CccEmulatorOptions.HttpsUrls"/>.</summary>
    public static string AllUrls(CccEmulatorOptions options) => options.Urls + ";" + options.HttpsUrls;

    /// <summary>
    /// After start: the first bound HTTPS address becomes the OAuth2 issuer's base. Returns it, or
    /// <see langword="null"/> when no HTTPS listener is bound.
    /// </summary>
    public static Uri? BindIssuer(WebApplication app, IEnumerable<string> addresses)
    {
        var https = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
        if (https is null)
        {
            return null;
        }

        var endpoint = new Uri(https.EndsWith('/') ? https : https + "/");
        app.Services.GetRequiredService<OAuth.OAuthServer>().Issuer = endpoint.GetLeftPart(UriPartial.Authority) + OAuth.OAuthServer.Prefix;
        return endpoint;
    }

    /// <summary>The OpenAPI is the terminal handler of every request (RPC style: any path, any method is ours to answer).</summary>
    public static void Map(WebApplication app)
    {
        var gateway = app.Services.GetRequiredService<OpenApiGateway>();
        var control = new Control.ControlApi(app.Services.GetRequiredService<EmulatorState>());
        var guard = app.Services.GetRequiredService<LocalOnlyGuard>();
        var events = app.Services.GetRequiredService<EmulatorState>().Events;
        events.Logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(EmulatorLog.PushCategory);
        app.Lifetime.ApplicationStopping.Register(events.Dispose);
        // First: the unsigned local surface (control API, phone page, phone gateway) answers loopback callers only.
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/_emulator", StringComparison.OrdinalIgnoreCase),
            branch => branch.Use((context, next) => guard.InvokeAsync(context, () => next(context))));
        Workbench.AgentGatewayEndpoints.Map(app);
        Workbench.WorkbenchAssets.Map(app);
        // The unsigned control API (local use only) lives under /_emulator; everything else is the OpenAPI.
        app.Map("/_emulator", branch => branch.Run(control.HandleAsync));
        app.Map(OAuth.OAuthServer.Prefix, branch => branch.Run(app.Services.GetRequiredService<OAuth.OAuthServer>().HandleAsync));
        app.Run(gateway.HandleAsync);
    }
}

/// <summary>The self-signed certificate of the HTTPS listener (with its private key).</summary>
internal sealed record EmulatorCertificate(System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate);
