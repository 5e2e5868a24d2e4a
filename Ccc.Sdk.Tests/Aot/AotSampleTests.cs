using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Tests.Docs;
using Ccc.Sdk.Tests.Emulator.Conformance;
using Xunit.Abstractions;

namespace Ccc.Sdk.Tests.Aot;

/// <summary>
/// Ccc.Sdk is Native-AOT-safe (docs/aot.md): the AOT sample publishes with no trim or AOT warning from our assemblies,
/// and the native program signs and calls the emulator (started in process, with an AccessKey made for the test).
/// </summary>
public sealed partial class AotSampleTests(PublishedAotSample sample, ITestOutputHelper output) : IClassFixture<PublishedAotSample>
{
    private const string Agent1 = "agent1@ccc-local";
    private const string Customer = "13800000042";

    [Fact]
    public void Publishing_the_sample_gives_no_trim_or_AOT_warning_from_our_assemblies()
    {
        output.WriteLine($"dotnet publish {PublishedAotSample.Project} -c Release -r linux-x64: {sample.Elapsed.TotalSeconds:0.0} s");
        foreach (var warning in sample.Warnings)
        {
            output.WriteLine(warning.ToString());
        }

        var ours = sample.Warnings.Where(w => w.IsOurs).ToList();

        Assert.True(ours.Count == 0, "Trim/AOT warnings from our assemblies:\n" + string.Join('\n', ours));
        Assert.True(new FileInfo(sample.Binary).Length > 1_000_000, "the native program is suspiciously small");
        Assert.False(File.Exists(Path.ChangeExtension(sample.Binary, ".dll")), "a .dll beside the program: it was not compiled ahead of time");
    }

    [Fact]
    public void Every_third_party_warning_is_a_collapsed_one_naming_an_assembly_docs_aot_md_lists()
    {
        var documented = DocumentedThirdPartyAssemblies();
        var thirdParty = sample.Warnings.Where(w => !w.IsOurs).ToList();

        Assert.NotEmpty(documented);
        Assert.All(thirdParty, w =>
        {
            Assert.True(w.CollapsedAssembly is not null, $"not a collapsed third-party warning (IL2104/IL3053): {w}");
            Assert.True(documented.Contains(w.CollapsedAssembly), $"{w.CollapsedAssembly} warns but docs/aot.md does not list it: {w}");
        });
    }

    [Fact]
    public void The_warning_parser_tells_our_warnings_from_a_third_partys()
    {
        // The log lines as the native compiler prints them (a collapsed third-party one, one of ours in ILC's form and in a
        // source file's form): the two tests above are only as good as this parser.
        string project = $" [{Repository.Root}/{PublishedAotSample.Project}/{PublishedAotSample.Project}.csproj]";
        string log = string.Join('\n',
            "/root/.nuget/packages/restsharp/114.1.0/lib/net10.0/RestSharp.dll : warning IL2104: Assembly 'RestSharp' produced trim warnings. For more information see https://aka.ms/il2104" + project,
            "ILC : Trim analysis warning IL2026: Ccc.Sdk.CccClient.Send(Object): Using member 'System.Text.Json.JsonSerializer.Serialize<Object>(Object,JsonSerializerOptions)' which has 'RequiresUnreferencedCodeAttribute'" + project,
            $"{Repository.Root}/Ccc.Sdk/Foo.cs(12,9): error IL3050: Using member 'X' which has 'RequiresDynamicCodeAttribute'" + project,
            "  Ccc.Sdk -> /tmp/x/bin/Ccc.Sdk/release/Ccc.Sdk.dll");

        var parsed = PublishedAotSample.Parse(log);

        Assert.Equal(["IL2104", "IL2026", "IL3050"], parsed.Select(w => w.Code));
        Assert.Equal([false, true, true], parsed.Select(w => w.IsOurs));
        Assert.Equal(["RestSharp", null, null], parsed.Select(w => w.CollapsedAssembly));
        Assert.DoesNotContain(".csproj", parsed[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_native_sample_lists_the_agents_then_places_and_hangs_up_a_call_on_the_emulator()
    {
        var (keyId, secret) = NewKey();
        await using var emulator = await CccEmulator.StartAsync(new CccEmulatorOptions { Credentials = { new CccEmulatorCredential { AccessKeyId = keyId, AccessKeySecret = secret } } });
        using var client = new CccClient(new AccessKeyCredential(emulator.AccessKeyId, emulator.AccessKeySecret), new CccClientOptions { Endpoint = emulator.Endpoint, InstanceId = emulator.InstanceId });
        await client.SignInGroupAsync(new SignInGroupRequest { UserId = Agent1, DeviceId = "aot-sample-device", SignedSkillGroupIdList = ["sales@ccc-local"] });
        await client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = Agent1 });

        var (code, lines, text) = await RunAsync(Settings(emulator, keyId, secret, (CccAgent: Agent1, Callee: Customer)));

        Assert.True(code == 0, $"exit code {code}:\n{text}");
        Assert.Equal($"Endpoint {emulator.Endpoint}, key {keyId[..4]}***", lines[0]);
        Assert.Equal("Agents of ccc-local: 4 (agent1@ccc-local=READY, agent2@ccc-local=OFFLINE, agent3@ccc-local=OFFLINE, supervisor@ccc-local=OFFLINE)", lines[1]);
        var call = CallLine().Match(lines[2]);
        Assert.True(call.Success, lines[2]);
        string jobId = call.Groups["job"].Value;
        // Hung up by the agent: the agent goes to after-call work (WORKING), as in the cloud.
        Assert.Equal($"Call {jobId} released; {Agent1} is WORKING", lines[3]);
        Assert.Equal("Done.", lines[^1]);
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        // The emulator saw the call the native program placed: its record, under the JobId the program printed.
        var record = await client.ListedCdrAsync(jobId);
        Assert.Equal((Customer, Agent1), (record.CalledNumber, record.AgentIds));
    }

    [Fact]
    public async Task With_a_wrong_secret_the_native_sample_exits_1_with_the_services_error_and_never_prints_a_secret()
    {
        var (keyId, secret) = NewKey();
        string wrong = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        await using var emulator = await CccEmulator.StartAsync(new CccEmulatorOptions { Credentials = { new CccEmulatorCredential { AccessKeyId = keyId, AccessKeySecret = secret } } });

        var (code, lines, text) = await RunAsync(Settings(emulator, keyId, wrong, null));

        Assert.True(code == 1, $"exit code {code}:\n{text}");
        Assert.Contains(lines, l => l.StartsWith("error: ListAgentStates failed: SignatureDoesNotMatch (HTTP 400", StringComparison.Ordinal));
        Assert.DoesNotContain(wrong, text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_its_settings_the_native_sample_exits_1_naming_each_missing_variable()
    {
        var none = new Dictionary<string, string>
        {
            ["CCC_ENDPOINT"] = "",
            ["CCC_INSTANCE_ID"] = "",
            [DefaultCredentialChain.AccessKeyIdVariable] = "",
            [DefaultCredentialChain.AccessKeySecretVariable] = "",
            ["CCC_AGENT_ID"] = Agent1,
            ["CCC_CALLEE"] = "",
        };

        var (code, lines, text) = await RunAsync(none);

        Assert.True(code == 1, $"exit code {code}:\n{text}");
        Assert.Equal(["error: set CCC_INSTANCE_ID, ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET, CCC_CALLEE (see docs/aot.md)"], lines);
    }

    /// <summary>The assemblies in the first column of docs/aot.md's table of third-party warnings.</summary>
    internal static HashSet<string> DocumentedThirdPartyAssemblies()
    {
        string doc = DocProgram.ReadGuide("aot.md");
        int section = doc.IndexOf("## Third-party warnings", StringComparison.Ordinal);
        Assert.True(section >= 0, "docs/aot.md has no section \"Third-party warnings\"");
        string rest = doc[(section + 3)..];
        int next = rest.IndexOf("\n## ", StringComparison.Ordinal);
        return TableAssembly().Matches(next < 0 ? rest : rest[..next]).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
    }

    private static (string KeyId, string Secret) NewKey() =>
        ("LTAI5tAot" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)), Convert.ToHexString(RandomNumberGenerator.GetBytes(24)));

    private static Dictionary<string, string> Settings(CccEmulator emulator, string keyId, string secret, (string CccAgent, string Callee)? call) => new()
    {
        ["CCC_ENDPOINT"] = emulator.Endpoint.ToString(),
        ["CCC_INSTANCE_ID"] = emulator.InstanceId,
        ["CCC_REGION_ID"] = "",
        [DefaultCredentialChain.AccessKeyIdVariable] = keyId,
        [DefaultCredentialChain.AccessKeySecretVariable] = secret,
        ["CCC_AGENT_ID"] = call?.CccAgent ?? "",
        ["CCC_CALLEE"] = call?.Callee ?? "",
        ["CCC_CALLER"] = "",
    };

    private async Task<(int Code, List<string> Lines, string Text)> RunAsync(Dictionary<string, string> environment)
    {
        long started = TimeProvider.System.GetTimestamp();
        await using var run = ChildProcess.StartExecutable(sample.Binary, environment: environment);
        int code = await run.WaitForExitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"{PublishedAotSample.Project} ran {TimeProvider.System.GetElapsedTime(started).TotalMilliseconds:0} ms, exit code {code}:\n{run.OutputText}");
        return (code, run.Output.ToList(), run.OutputText);
    }

    [GeneratedRegex(@"^Call (?<job>\S+) from agent1@ccc-local to 13800000042: OUTBOUND \[.+\]$")]
    private static partial Regex CallLine();

    // "| `RestSharp` | ..." rows
    [GeneratedRegex(@"^\|\s*`([A-Za-z0-9_.]+)`\s*\|", RegexOptions.Multiline)]
    private static partial Regex TableAssembly();
}
