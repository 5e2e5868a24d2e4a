using Ccc.Sdk.Emulator.Hosting;

namespace Ccc.Sdk.Emulator;

/// <summary>Entry point of <c>dotnet run --project Ccc.Sdk.Emulator</c>.</summary>
public static class EmulatorProgram
{
    /// <summary>The address <c>dotnet run</c> listens on unless <c>--urls</c>/<c>Emulator:Urls</c> says otherwise.</summary>
    public const string DefaultRunUrls = "http://127.0.0.1:8090";

    /// <summary>The HTTPS address <c>dotnet run</c> listens on unless <c>Emulator:HttpsUrls</c> says otherwise.</summary>
    public const string DefaultRunHttpsUrls = "https://127.0.0.1:8443";

    /// <summary>The switch that turns the framework's own Information lines back on (and the emulator's Debug lines).</summary>
    internal const string VerboseSwitch = "--verbose";

    /// <summary>Exit code when a listening port is already taken.</summary>
    internal const int PortInUseExitCode = 2;

    /// <summary>Exit code when the emulator cannot start for another reason (a bad option, an unreadable seed file).</summary>
    internal const int StartFailedExitCode = 1;

    /// <summary>
    /// Runs the emulator until stopped (Ctrl+C or SIGTERM: exit code 0 after a "stopped" line). A port already in use
    /// is one line naming it and the option to change it (exit code <see cref="PortInUseExitCode"/>), no stack trace.
    /// </summary>
    public static Task<int> Main(string[] args) => RunAsync(args, null, null);

    /// <summary>
    /// Runs the emulator as <see cref="Main"/> does, for a program that hosts it (the <c>ccc emulator start</c> command):
    /// the same banner, log lines and exit codes; a port already in use names that program's own option.
    /// </summary>
    /// <param name="args">The emulator's arguments, as <see cref="Main"/> takes them (<c>--urls</c>, <c>--Emulator:Key=value</c>, <c>--verbose</c>).</param>
    /// <param name="httpPortOption">The host program's option that sets the HTTP port (e.g. <c>--port</c>), named by the port-in-use line; <see langword="null"/>: <c>--urls</c>.</param>
    /// <param name="httpsPortOption">The host program's option that sets the HTTPS port (e.g. <c>--https-port</c>); <see langword="null"/>: <c>--Emulator:HttpsUrls</c>.</param>
    /// <param name="cancellationToken">Stops the emulator cleanly (as Ctrl+C and SIGTERM do): exit code 0 after the "stopped" line.</param>
    /// <returns>0 after a clean stop, 2 when a port is in use, 1 when it cannot start for another reason.</returns>
    public static async Task<int> RunAsync(string[] args, string? httpPortOption, string? httpsPortOption, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var verbose = args.Contains(VerboseSwitch, StringComparer.OrdinalIgnoreCase);
        args = args.Where(a => !string.Equals(a, VerboseSwitch, StringComparison.OrdinalIgnoreCase)).ToArray();
        WebApplication app;
        try
        {
            app = CreateApp(args, verbose: verbose);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or FormatException)
        {
            await Console.Error.WriteLineAsync($"CCC emulator: cannot start: {e.Message}").ConfigureAwait(false);
            return StartFailedExitCode;
        }

        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync().ConfigureAwait(false);
            }
            catch (IOException e) when (PortInUseMessage(e, httpPortOption, httpsPortOption) is { } message)
            {
                await Console.Error.WriteLineAsync(message).ConfigureAwait(false);
                return PortInUseExitCode;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"CCC emulator: cannot start: {e.Message}").ConfigureAwait(false);
                return StartFailedExitCode;
            }

            PrintBanner(app);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            Console.WriteLine("CCC emulator stopped.");
            return 0;
        }
    }

    /// <summary>
    /// The one line for a port Kestrel could not bind because it is taken: names the port and the option that changes
    /// it; <see langword="null"/> when <paramref name="error"/> is not that.
    /// </summary>
    internal static string? PortInUseMessage(IOException error, string? httpPortOption = null, string? httpsPortOption = null)
    {
        if (error.InnerException is not Microsoft.AspNetCore.Connections.AddressInUseException
            && !error.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var match = System.Text.RegularExpressions.Regex.Match(
            error.Message, @"(?<scheme>https?)://(?<host>\[[^\]]*\]|[^:/\s]+):(?<port>\d+)", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        if (!match.Success)
        {
            var http = httpPortOption is null ? "--urls http://127.0.0.1:PORT" : httpPortOption + " PORT";
            var https = httpsPortOption is null ? "--Emulator:HttpsUrls=https://127.0.0.1:PORT" : httpsPortOption + " PORT";
            return $"CCC emulator: a port it listens on is already in use; choose others with {http} and {https}.";
        }

        var port = match.Groups["port"].Value;
        var option = match.Groups["scheme"].Value == "https"
            ? httpsPortOption is null ? $"--Emulator:HttpsUrls=https://{match.Groups["host"].Value}:OTHERPORT" : httpsPortOption + " OTHERPORT"
            : httpPortOption is null ? $"--urls http://{match.Groups["host"].Value}:OTHERPORT" : httpPortOption + " OTHERPORT";
        return $"CCC emulator: port {port} ({match.Value}) is already in use; choose another with {option}.";
    }

    private static void PrintBanner(WebApplication app)
    {
        var options = app.Services.GetRequiredService<CccEmulatorOptions>();
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
        if (options.ClockStart is { } clockStart)
        {
            Console.WriteLine($"  Clock:           started at {clockStart.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture)}, runs at normal speed");
        }

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

        Console.WriteLine($"  Dashboard:       {app.Urls.First()}/_emulator/");
        Console.WriteLine($"  Health:          {app.Urls.First()}/_emulator/health (Ctrl+C to stop)");
    }

    /// <summary>
    /// Builds the app <see cref="Main"/> runs. The content root is the app's own folder, not the working directory, so
    /// <c>dotnet path/to/Ccc.Sdk.Emulator.dll</c> started anywhere still finds its appsettings.json.
    /// </summary>
    /// <param name="args">Command-line arguments (<c>--urls</c>, <c>--Emulator:Key=value</c>, …).</param>
    /// <param name="configure">Test hook: runs on the builder before the emulator is wired (e.g. to add a log provider).</param>
    /// <param name="verbose">
    /// <see langword="false"/> (default): the framework's Information lines (<c>Microsoft.AspNetCore.*</c>) are off
    /// unless the configuration sets their level; <see langword="true"/> (<c>--verbose</c>): they are on, and the
    /// emulator's own categories log at Debug. The request-starting lines stay off either way (they carry the query,
    /// where RPC signatures and tokens travel).
    /// </param>
    internal static WebApplication CreateApp(string[] args, Action<WebApplicationBuilder>? configure = null, bool verbose = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(EmulatorProgram).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        if (verbose)
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Information);
            builder.Logging.AddFilter("Ccc.Sdk.Emulator", LogLevel.Debug);
        }
        else
        {
            if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] is null)
            {
                builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            }

            // A failed start (e.g. a port in use) is reported by Main in one line, not as a logged stack trace.
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        }

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
