using System.Net;
using Ccc.Sdk.Development;
using Ccc.Sdk.Emulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microsoft.AspNetCore.Builder;

/// <summary>One development-only call that puts the embedded CCC emulator, <c>AddCcc</c> and the softphone together.</summary>
public static class CccDevelopmentExtensions
{
    /// <summary>
    /// Starts a <see cref="CccEmulator"/> on loopback and points the application at it: the default
    /// <see cref="Ccc.Sdk.CccClient"/> (<c>AddCcc</c>: the emulator's <see cref="CccEmulator.Endpoint"/>, dev keys, instance
    /// and region) and the softphone (<c>AddCccSoftphone</c>: <c>ScriptUrl</c> = <see cref="CccEmulator.WorkbenchScriptUrl"/>,
    /// <c>InstanceId</c>, <c>RegionId</c>). The emulator is registered as a singleton and disposed when the application stops.
    /// </summary>
    /// <param name="builder">The application's builder.</param>
    /// <param name="configure">Adjusts the emulator, the client and the softphone; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the emulator's start.</param>
    /// <returns>The started emulator (tests arrange calls on it; its <see cref="CccEmulator.Endpoint"/> serves the simulated phones).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The environment is not Development and
    /// <see cref="CccDevelopmentOptions.AllowOutsideDevelopment"/> is off, or the emulator was already added.</exception>
    /// <exception cref="ArgumentException">The emulator's addresses are not loopback, or another emulator option is invalid.</exception>
    public static async Task<CccEmulator> AddCccEmulatorAsync(
        this WebApplicationBuilder builder,
        Action<CccDevelopmentOptions>? configure = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new CccDevelopmentOptions();
        configure?.Invoke(options);
        if (!builder.Environment.IsDevelopment() && !options.AllowOutsideDevelopment)
        {
            throw new InvalidOperationException(
                $"AddCccEmulatorAsync runs the CCC emulator, which accepts a public development key: it starts only in the Development environment (this is '{builder.Environment.EnvironmentName}'). Set CccDevelopmentOptions.AllowOutsideDevelopment for a test or demo environment nobody else can reach.");
        }

        if (builder.Services.Any(d => d.ServiceType == typeof(CccEmulator)))
        {
            throw new InvalidOperationException("AddCccEmulatorAsync was already called for this application.");
        }

        RequireLoopback(options.Emulator.Urls, nameof(CccEmulatorOptions.Urls));
        RequireLoopback(options.Emulator.HttpsUrls, nameof(CccEmulatorOptions.HttpsUrls));

        var emulator = await CccEmulator.StartAsync(options.Emulator, cancellationToken).ConfigureAwait(false);
        try
        {
            builder.Services.AddSingleton(emulator);
            builder.Services.AddHostedService(sp => new EmulatorLifetime(sp.GetRequiredService<CccEmulator>()));
            builder.Services.AddCcc(o =>
            {
                o.Endpoint = emulator.Endpoint;
                o.AccessKeyId = emulator.AccessKeyId;
                o.AccessKeySecret = emulator.AccessKeySecret;
                o.InstanceId = emulator.InstanceId;
                o.RegionId = emulator.RegionId;
                options.Client?.Invoke(o);
            });
            builder.Services.AddCccSoftphone(o =>
            {
                o.ScriptUrl = options.UseWorkbenchV3Script ? emulator.WorkbenchV3ScriptUrl : emulator.WorkbenchScriptUrl;
                o.InstanceId = emulator.InstanceId;
                o.RegionId = emulator.RegionId;
                options.Softphone?.Invoke(o);
            });
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return emulator;
    }

    // The emulator accepts a public key: it must never listen beyond this machine.
    private static void RequireLoopback(string? urls, string name)
    {
        foreach (var url in (urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            bool loopback = Uri.TryCreate(url, UriKind.Absolute, out var uri)
                && (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
                    || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));
            if (!loopback)
            {
                throw new ArgumentException($"The development emulator listens on loopback only: CccEmulatorOptions.{name} '{url}' is not a loopback address (use http://127.0.0.1:<port>).", nameof(urls));
            }
        }
    }

    /// <summary>Disposes the emulator when the application stops.</summary>
    private sealed class EmulatorLifetime(CccEmulator emulator) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken) => await emulator.DisposeAsync().ConfigureAwait(false);
    }
}
