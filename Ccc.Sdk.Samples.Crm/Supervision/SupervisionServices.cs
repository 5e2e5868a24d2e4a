namespace Ccc.Sdk.Samples.Crm.Supervision;

/// <summary>Registers the supervisor view (<c>/supervisor</c>) and, with the embedded emulator, the demo (<c>/demo</c>).</summary>
public static class SupervisionServices
{
    /// <summary>
    /// Adds the wallboard's notifier and reads (<see cref="WallboardNotifier"/>, <see cref="Wallboard"/>) and, when
    /// <paramref name="emulatorEndpoint"/> is given, the scripted busy morning (<see cref="BusyMorningDemo"/>). The
    /// webhook handler that feeds the notifier is added to the receiver with
    /// <c>AddEventHandler&lt;WallboardEventHandler&gt;()</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="emulatorEndpoint">The embedded emulator's address; null against the cloud (no demo).</param>
    /// <param name="instanceId">The instance the demo plays on.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSupervision(this IServiceCollection services, Uri? emulatorEndpoint, string? instanceId)
    {
        services.AddSingleton<WallboardNotifier>();
        // Listen and whisper go out with the supervisor's own keys (AgentClients), the reads with the back-office client.
        services.AddSingleton(sp => new Wallboard(
            sp.GetRequiredService<CccClient>(),
            sp.GetRequiredService<WallboardNotifier>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Accounts.AgentClients>().For));
        if (emulatorEndpoint is not null)
        {
            services.AddSingleton(new DemoSettings(emulatorEndpoint, instanceId is { Length: > 0 } id ? id : "ccc-local"));
            services.AddSingleton<BusyMorningDemo>();
        }

        return services;
    }
}
