using Ccc.Sdk.Auth;

namespace Ccc.Sdk.Cli;

/// <summary>
/// Makes the <see cref="CccClient"/> a command uses from its <see cref="CccSettings"/>: credentials from the SDK's chain
/// (environment, then <c>~/.alibabacloud/credentials</c>); against an emulator on loopback with no credentials
/// configured, the emulator's published development key (it accepts nothing else by default, and that key works
/// nowhere else), unless a profile was asked for by name (then its absence is the error).
/// </summary>
internal static class ClientFactory
{
    /// <summary>The client, and where its credentials came from (never the secret).</summary>
    public static (CccClient Client, string CredentialSource) Create(CccSettings settings, TextWriter notes)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var endpoint = settings.ResolveEndpoint();
        var loopback = endpoint is not null && endpoint.IsLoopback;
        var options = new CccClientOptions
        {
            Endpoint = endpoint,
            RegionId = FirstOf(settings.Region, Environment.GetEnvironmentVariable(CccSettings.RegionVariable)) ?? "cn-shanghai",
            InstanceId = FirstOf(settings.Instance, Environment.GetEnvironmentVariable(CccSettings.InstanceVariable))
                ?? (loopback ? Emulator.CccEmulator.DefaultInstanceId : null),
            UserAgent = "ccc-cli",
        };
        if (options.InstanceId is null)
        {
            throw CliException.Configuration("no instance id: pass --instance ID or set " + CccSettings.InstanceVariable + ".");
        }

        if (settings.Profile is { Length: > 0 } profile)
        {
            // The chain reads the profile's name from the environment; this process is the tool's own.
            Environment.SetEnvironmentVariable(DefaultCredentialChain.ProfileVariable, profile);
        }

        CccCredential credential;
        string source;
        try
        {
            var chain = new DefaultCredentialChain(options);
            (credential, source) = (chain, chain.Source);
        }
        catch (CccCredentialException) when (loopback && string.IsNullOrEmpty(settings.Profile))
        {
            options.AccessKeyId = Emulator.CccEmulator.DevAccessKeyId;
            options.AccessKeySecret = Emulator.CccEmulator.DevAccessKeySecret;
            credential = new DefaultCredentialChain(options);
            source = "the emulator's development key";
            notes.WriteLine($"ccc: no credentials configured; using {source} ({Emulator.CccEmulator.DevAccessKeyId}) for {endpoint}.");
        }

        return (new CccClient(credential, options), source);
    }

    private static string? FirstOf(params string?[] values) =>
        values.Select(v => v?.Trim()).FirstOrDefault(v => !string.IsNullOrEmpty(v));
}
