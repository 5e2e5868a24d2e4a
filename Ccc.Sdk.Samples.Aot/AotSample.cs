using Ccc.Sdk.Auth;

namespace Ccc.Sdk.Samples.Aot;

/// <summary>
/// What the sample does, with its settings read from environment variables:
/// <list type="bullet">
/// <item><c>CCC_INSTANCE_ID</c> (required): the instance;</item>
/// <item><c>ALIBABA_CLOUD_ACCESS_KEY_ID</c>, <c>ALIBABA_CLOUD_ACCESS_KEY_SECRET</c> (required): the AccessKey (the
/// secret is never printed; the id is printed masked);</item>
/// <item><c>CCC_ENDPOINT</c> (optional): e.g. the emulator's <c>http://127.0.0.1:8080</c>; the cloud's endpoint of
/// <c>CCC_REGION_ID</c> (default <c>cn-shanghai</c>) when not set;</item>
/// <item><c>CCC_AGENT_ID</c> and <c>CCC_CALLEE</c> (optional, both or neither): the agent who calls, the number called;
/// with them the sample places one call (MakeCall) and hangs it up (ReleaseCall). <c>CCC_CALLER</c> (optional): the
/// instance's number to call from.</item>
/// </list>
/// It lists the instance's agents and their states (ListAgentStates, every page), then places the call if asked.
/// </summary>
internal static class AotSample
{
    internal const string InstanceIdVariable = "CCC_INSTANCE_ID";
    internal const string EndpointVariable = "CCC_ENDPOINT";
    internal const string RegionIdVariable = "CCC_REGION_ID";
    internal const string AgentIdVariable = "CCC_AGENT_ID";
    internal const string CalleeVariable = "CCC_CALLEE";
    internal const string CallerVariable = "CCC_CALLER";

    /// <summary>Runs the sample; returns the process's exit code: 0 when every step succeeded, else 1.</summary>
    public static async Task<int> RunAsync(Func<string, string?> environment, TextWriter output, TextWriter error)
    {
        string? instanceId = Read(environment, InstanceIdVariable);
        string? keyId = Read(environment, DefaultCredentialChain.AccessKeyIdVariable);
        string? keySecret = Read(environment, DefaultCredentialChain.AccessKeySecretVariable);
        string? agentId = Read(environment, AgentIdVariable);
        string? callee = Read(environment, CalleeVariable);
        var missing = new List<string>();
        if (instanceId is null) missing.Add(InstanceIdVariable);
        if (keyId is null) missing.Add(DefaultCredentialChain.AccessKeyIdVariable);
        if (keySecret is null) missing.Add(DefaultCredentialChain.AccessKeySecretVariable);
        if ((agentId is null) != (callee is null)) missing.Add(agentId is null ? AgentIdVariable : CalleeVariable);
        if (missing.Count > 0)
        {
            error.WriteLine($"error: set {string.Join(", ", missing)} (see docs/aot.md)");
            return 1;
        }

        var options = new CccClientOptions { InstanceId = instanceId, Timeout = TimeSpan.FromSeconds(30) };
        if (Read(environment, RegionIdVariable) is { } region)
        {
            options.RegionId = region;
        }

        if (Read(environment, EndpointVariable) is { } endpoint)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                error.WriteLine($"error: {EndpointVariable} is not an http(s) URL: {endpoint}");
                return 1;
            }

            options.Endpoint = uri;
        }

        try
        {
            using var client = new CccClient(new AccessKeyCredential(keyId!, keySecret!), options);
            output.WriteLine($"Endpoint {client.Endpoint}, key {CccCredentials.Mask(keyId)}");

            var states = new List<string>();
            await foreach (var agent in client.ListAgentStatesAsync().ConfigureAwait(false))
            {
                states.Add($"{agent.AgentId}={agent.State}");
            }

            output.WriteLine($"Agents of {instanceId}: {states.Count} ({string.Join(", ", states)})");

            if (agentId is not null && callee is not null)
            {
                var made = (await client.MakeCallAsync(new MakeCallRequest { UserId = agentId, Callee = callee, Caller = Read(environment, CallerVariable) }).ConfigureAwait(false)).Value;
                string jobId = made.CallContext?.JobId ?? throw new InvalidOperationException("MakeCall answered without a JobId.");
                string channels = string.Join(", ", (made.CallContext.ChannelContexts ?? []).Select(c => $"{c.Destination}:{c.ChannelState}"));
                output.WriteLine($"Call {jobId} from {agentId} to {callee}: {made.CallContext.CallType} [{channels}]");

                var released = (await client.ReleaseCallAsync(new ReleaseCallRequest { UserId = agentId, JobId = jobId }).ConfigureAwait(false)).Value;
                output.WriteLine($"Call {jobId} released; {agentId} is {released.UserContext?.UserState}");
            }

            output.WriteLine("Done.");
            return 0;
        }
        catch (CccException e)
        {
            error.WriteLine($"error: {e.Action} failed: {e.Code} (HTTP {e.HttpStatusCode}, RequestId {e.RequestId}): {e.Message}");
            return 1;
        }
        catch (CccCredentialException e)
        {
            error.WriteLine($"error: credentials: {e.Message}");
            return 1;
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static string? Read(Func<string, string?> environment, string name) =>
        environment(name) is { Length: > 0 } value ? value.Trim() : null;
}
