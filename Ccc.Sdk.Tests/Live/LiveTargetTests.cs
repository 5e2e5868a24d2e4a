using Ccc.Sdk.TestSupport.Live;

namespace Ccc.Sdk.Tests.Live;

/// <summary>How live mode is configured: only <c>CCC_LIVE_*</c> environment variables, all or none, never a secret printed.</summary>
public sealed class LiveTargetTests
{
    private const string Secret = "s3cr3t-Live-Value-Never-Printed";
    private const string Token = "CAIS-live-token-never-printed";

    private static readonly Dictionary<string, string> Complete = new()
    {
        [LiveTarget.EndpointVariable] = "https://ccc.cn-shanghai.aliyuncs.com",
        [LiveTarget.InstanceIdVariable] = "my-instance",
        [LiveTarget.AccessKeyIdVariable] = "LTAI5tLiveTestKeyId",
        [LiveTarget.AccessKeySecretVariable] = Secret,
    };

    [Fact]
    public void Without_any_variable_live_mode_is_off()
    {
        Assert.Null(LiveTarget.FromEnvironment(_ => null));
        Assert.Null(LiveTarget.FromEnvironment(_ => "  ")); // blank counts as unset
    }

    [Fact]
    public void Only_CCC_LIVE_variables_are_read()
    {
        var asked = new List<string>();
        LiveTarget.FromEnvironment(name =>
        {
            asked.Add(name);
            return Complete.GetValueOrDefault(name);
        });

        Assert.NotEmpty(asked);
        Assert.All(asked, name => Assert.StartsWith("CCC_LIVE_", name, StringComparison.Ordinal));
        Assert.All(asked, name => Assert.Contains(name, LiveTarget.Variables));
    }

    [Fact]
    public void A_complete_configuration_is_read_only_by_default_and_never_prints_its_secrets()
    {
        var target = LiveTarget.FromEnvironment(With((LiveTarget.SecurityTokenVariable, Token)))!;

        Assert.Equal(LiveTargetKind.Live, target.Kind);
        Assert.True(target.IsLive);
        Assert.Equal(new Uri("https://ccc.cn-shanghai.aliyuncs.com"), target.Endpoint);
        Assert.Equal("my-instance", target.InstanceId);
        Assert.Equal(Secret, target.AccessKeySecret);
        Assert.Equal(Token, target.SecurityToken);
        Assert.False(target.AllowWrites);

        string described = target.Describe();
        Assert.Contains("LIVE", described, StringComparison.Ordinal);
        Assert.Contains("my-instance", described, StringComparison.Ordinal);
        Assert.Contains("read-only", described, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, described, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, described, StringComparison.Ordinal);
        Assert.DoesNotContain("LTAI5tLiveTestKeyId", described, StringComparison.Ordinal); // the key id is shortened too
        Assert.Equal(described, target.ToString());
    }

    [Fact]
    public void An_endpoint_without_keys_fails_naming_each_missing_variable()
    {
        var error = Assert.Throws<LiveConfigurationException>(() => LiveTarget.FromEnvironment(
            name => name == LiveTarget.EndpointVariable ? "https://ccc.cn-shanghai.aliyuncs.com" : null));

        Assert.Contains(LiveTarget.InstanceIdVariable, error.Message, StringComparison.Ordinal);
        Assert.Contains(LiveTarget.AccessKeyIdVariable, error.Message, StringComparison.Ordinal);
        Assert.Contains(LiveTarget.AccessKeySecretVariable, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(LiveTarget.EndpointVariable + " ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_without_endpoint_or_region_fail_and_the_secret_is_not_in_the_message()
    {
        var error = Assert.Throws<LiveConfigurationException>(() => LiveTarget.FromEnvironment(
            Without(LiveTarget.EndpointVariable, LiveTarget.AccessKeyIdVariable)));

        Assert.Contains($"{LiveTarget.EndpointVariable} or {LiveTarget.RegionVariable}", error.Message, StringComparison.Ordinal);
        Assert.Contains(LiveTarget.AccessKeyIdVariable, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_region_alone_resolves_the_cloud_endpoint()
    {
        var target = LiveTarget.FromEnvironment(Without(LiveTarget.EndpointVariable).Add(LiveTarget.RegionVariable, "cn-hangzhou"))!;
        Assert.Null(target.Endpoint);
        Assert.Equal("cn-hangzhou", target.RegionId);

        var (client, _, http) = LiveFixture.CreateClient(target);
        using (client)
        using (http)
        {
            Assert.Equal(CccClientOptions.ResolveEndpoint("cn-hangzhou"), client.Endpoint);
            Assert.Contains("cn-hangzhou", client.Endpoint.Host, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("https://")]
    [InlineData("ftp://example.com")]
    [InlineData("not a url")]
    public void An_invalid_endpoint_is_named(string endpoint)
    {
        var error = Assert.Throws<LiveConfigurationException>(() => LiveTarget.FromEnvironment(With((LiveTarget.EndpointVariable, endpoint))));
        Assert.Contains($"{LiveTarget.EndpointVariable} is not an absolute http(s) URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_write_switch_is_exactly_1_and_needs_the_agent_it_may_move()
    {
        var noAgent = Assert.Throws<LiveConfigurationException>(() => LiveTarget.FromEnvironment(With((LiveTarget.AllowWritesVariable, "1"))));
        Assert.Contains(LiveTarget.AgentIdVariable, noAgent.Message, StringComparison.Ordinal);

        var vague = Assert.Throws<LiveConfigurationException>(() => LiveTarget.FromEnvironment(With((LiveTarget.AllowWritesVariable, "yes"))));
        Assert.Contains(LiveTarget.AllowWritesVariable, vague.Message, StringComparison.Ordinal);

        Assert.False(LiveTarget.FromEnvironment(With((LiveTarget.AllowWritesVariable, "0")))!.AllowWrites);

        var writes = LiveTarget.FromEnvironment(With((LiveTarget.AllowWritesVariable, "1"), (LiveTarget.AgentIdVariable, "agent@my-instance")))!;
        Assert.True(writes.AllowWrites);
        Assert.Equal("agent@my-instance", writes.AgentId);
        Assert.Null(writes.AgentDeviceId);
        Assert.Contains("writes ALLOWED", writes.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_embedded_emulator_allows_writes_without_the_switch()
    {
        var embedded = LiveTarget.Embedded(new Uri("http://127.0.0.1:5080"), "ccc-local", "key", "secret", "agent1@ccc-local", "dev");

        Assert.Equal(LiveTargetKind.Embedded, embedded.Kind);
        Assert.False(embedded.IsLive);
        Assert.True(embedded.AllowWrites);
        Assert.StartsWith("embedded emulator http://127.0.0.1:5080", embedded.Describe(), StringComparison.Ordinal);
    }

    private static Func<string, string?> With(params (string Name, string Value)[] extra)
    {
        var all = new Dictionary<string, string>(Complete);
        foreach (var (name, value) in extra)
        {
            all[name] = value;
        }

        return name => all.GetValueOrDefault(name);
    }

    private static Variables Without(params string[] names) => new(Complete.Where(p => !names.Contains(p.Key)).ToDictionary());

    /// <summary>A set of variables that can be read (as a function) and extended.</summary>
    private sealed class Variables(Dictionary<string, string> values)
    {
        public Variables Add(string name, string value)
        {
            values[name] = value;
            return this;
        }

        public static implicit operator Func<string, string?>(Variables variables) => name => variables.Read(name);

        private string? Read(string name) => values.GetValueOrDefault(name);
    }
}
