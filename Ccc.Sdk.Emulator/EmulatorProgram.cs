using Ccc.Sdk.Emulator.Hosting;

namespace Ccc.Sdk.Emulator;

/// <summary>Entry point of <c>dotnet run --project Ccc.Sdk.Emulator</c>.</summary>
public static class EmulatorProgram
{
    /// <summary>The address <c>dotnet run</c> listens on unless <c>--urls</c>/<c>Emulator:Urls</c> says otherwise.</summary>
    public const string DefaultRunUrls = "http://127.0.0.1:8090";

    /// <summary>The HTTPS address <c>dotnet run</c> listens on unless <c>Emulator:HttpsUrls</c> says otherwise.</summary>
    public const string DefaultRunHttpsUrls = "https://127.0.0.1:8443";

    /// <summary>Runs the emulator until stopped (Ctrl+C).</summary>
    public static async Task Main(string[] args)
    {
        await using var app = CreateApp(args);
        var options = app.Services.GetRequiredService<CccEmulatorOptions>();
        await app.StartAsync().ConfigureAwait(false);
        var https = EmulatorServices.BindIssuer(app, app.Urls);

        foreach (var address in app.Urls)
        {
            Console.WriteLine($"CCC emulator (OpenAPI {Gateway.CccApi.Version}) listening on {address}");
        }

        Console.WriteLine($"  InstanceId:      {CccEmulator.DefaultInstanceId}");
        Console.WriteLine($"  RegionId:        {CccEmulator.DefaultRegionId}");
        Console.WriteLine($"  AccessKeyId:     {CccEmulator.DevAccessKeyId}");
        // The dev secret is public and documented (like Azurite's key); configured secrets are never printed.
        Console.WriteLine($"  AccessKeySecret: {CccEmulator.DevAccessKeySecret}");
        if (https is not null)
        {
            var certificate = app.Services.GetRequiredService<EmulatorCertificate>().Certificate;
            Console.WriteLine($"  OAuth2 issuer:   {https.GetLeftPart(UriPartial.Authority)}{OAuth.OAuthServer.Prefix}");
            Console.WriteLine($"  OAuth2 client:   {CccEmulator.DevOAuthClientId} / {CccEmulator.DevOAuthClientSecret}");
            Console.WriteLine($"  HTTPS certificate SHA-256: {OAuth.HttpsCertificate.Fingerprint(certificate)}");
        }

        foreach (var credential in options.Credentials)
        {
            Console.WriteLine($"  Extra AccessKeyId: {credential.AccessKeyId}{(credential.SecurityToken is null ? "" : " (STS)")}");
        }

        await app.WaitForShutdownAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Builds the app <see cref="Main"/> runs. The content root is the app's own folder, not the working directory, so
    /// <c>dotnet path/to/Ccc.Sdk.Emulator.dll</c> started anywhere still finds its appsettings.json.
    /// </summary>
    /// <param name="args">Command-line arguments (<c>--urls</c>, <c>--Emulator:Key=value</c>, …).</param>
    /// <param name="configure">Test hook: runs on the builder before the emulator is wired (e.g. to add a log provider).</param>
    internal static WebApplication CreateApp(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(EmulatorProgram).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);
        var options = BindOptions(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.WebHost.UseUrls(EmulatorServices.AllUrls(options));
        EmulatorServices.Configure(builder, options);
        var app = builder.Build();
        EmulatorServices.Map(app);
        return app;
    }

    /// <summary>
    /// Reads section <c>Emulator</c>. <c>--urls</c> (ASP.NET's own <c>urls</c> key) wins over <c>Emulator:Urls</c>;
    /// with neither, <see cref="DefaultRunUrls"/>.
    /// </summary>
    internal static CccEmulatorOptions BindOptions(IConfiguration configuration)
    {
        var options = new CccEmulatorOptions();
        configuration.GetSection(CccEmulatorOptions.SectionName).Bind(options);
        options.Urls = configuration["urls"] is { Length: > 0 } urls
            ? urls
            : configuration[$"{CccEmulatorOptions.SectionName}:Urls"] is { Length: > 0 } configured ? configured : DefaultRunUrls;
        options.HttpsUrls = configuration[$"{CccEmulatorOptions.SectionName}:HttpsUrls"] is { Length: > 0 } httpsUrls ? httpsUrls : DefaultRunHttpsUrls;
        return options;
    }
}
