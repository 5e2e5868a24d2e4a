using System.Diagnostics;
using System.Text.Json;

namespace Ccc.Sdk.Tests.Compat;

/// <summary>Runs Ccc.Sdk.Tests/Compat/node/compat.js: Alibaba's @alicloud/openapi-client against an endpoint.</summary>
internal static class NodeCompatClient
{
    public sealed record Call(string Action, Dictionary<string, string> Query, Dictionary<string, string>? Body = null);

    public static async Task<JsonElement[]> RunAsync(
        Uri endpoint, string accessKeyId, string accessKeySecret, string mode, IEnumerable<Call> calls, string? securityToken = null)
    {
        var start = StartInfo("compat.js", endpoint, accessKeyId, accessKeySecret, mode);
        start.Environment["CCC_CALLS"] = JsonSerializer.Serialize(
            calls.Select(c => new { action = c.Action, query = c.Query, body = c.Body ?? [] }));
        if (securityToken is not null)
        {
            start.Environment["CCC_SECURITY_TOKEN"] = securityToken;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        string output = await stdout;
        Assert.True(process.ExitCode == 0, $"node exited with {process.ExitCode}: {await stderr}");
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    /// <summary>
    /// How every script of Ccc.Sdk.Tests/Compat/node is started: <c>node {script}</c> in that folder with the endpoint,
    /// the keys and the signature mode in its environment (read by cccClient.js); fails clearly when npm ci has not run.
    /// </summary>
    internal static ProcessStartInfo StartInfo(string script, Uri endpoint, string accessKeyId, string accessKeySecret, string mode)
    {
        string dir = Path.Combine(Repository.Root, "Ccc.Sdk.Tests", "Compat", "node");
        Assert.True(
            File.Exists(Path.Combine(dir, "node_modules", "@alicloud", "openapi-client", "package.json")),
            $"The Node.js client is not installed: run 'npm ci' in {dir} (building Ccc.Sdk.Tests does it).");
        var start = new ProcessStartInfo("node", script)
        {
            WorkingDirectory = dir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["CCC_ENDPOINT"] = endpoint.Authority;
        start.Environment["CCC_ACCESS_KEY_ID"] = accessKeyId;
        start.Environment["CCC_ACCESS_KEY_SECRET"] = accessKeySecret;
        start.Environment["CCC_MODE"] = mode;
        return start;
    }
}
