using Ccc.Sdk.TestSupport.Live;
using Xunit.Abstractions;

namespace Ccc.Sdk.Tests.Live;

/// <summary>The live tests' fixture: the embedded emulator without configuration, a clear failure with half of it.</summary>
public sealed class LiveFixtureTests
{
    private sealed class Output : ITestOutputHelper
    {
        public List<string> Lines { get; } = [];

        public void WriteLine(string message) => Lines.Add(message);

        public void WriteLine(string format, params object[] args) => Lines.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }

    [Fact]
    public async Task A_half_configured_environment_fails_the_live_tests_instead_of_falling_back_to_the_emulator()
    {
        const string secret = "half-configured-secret-value";
        var fixture = new LiveFixture(name => name switch
        {
            LiveTarget.EndpointVariable => "https://ccc.cn-shanghai.aliyuncs.com",
            LiveTarget.AccessKeySecretVariable => secret,
            _ => null,
        });
        await fixture.InitializeAsync();
        try
        {
            var error = Assert.Throws<LiveConfigurationException>(() => fixture.Announce(new Output()));
            Assert.Same(fixture.ConfigurationError, error);
            Assert.Contains(LiveTarget.InstanceIdVariable, error.Message, StringComparison.Ordinal);
            Assert.Contains(LiveTarget.AccessKeyIdVariable, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
            Assert.Null(fixture.Target); // no emulator started in its place
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    [Fact]
    public async Task Without_configuration_the_fixture_starts_an_emulator_and_says_so()
    {
        var fixture = new LiveFixture(_ => null);
        await fixture.InitializeAsync();
        try
        {
            var output = new Output();
            fixture.Announce(output);

            Assert.Equal(LiveTargetKind.Embedded, fixture.Target.Kind);
            Assert.True(fixture.Guard.AllowsWrites);
            Assert.StartsWith("Live-capable test target: embedded emulator http://127.0.0.1:", Assert.Single(output.Lines), StringComparison.Ordinal);
            Assert.NotEmpty(await LiveHelpers.Collect(fixture.Client.ListUsersAsync(), max: 1));
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}
