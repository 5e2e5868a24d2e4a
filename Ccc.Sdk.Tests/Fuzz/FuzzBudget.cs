using Xunit.Abstractions;

namespace Ccc.Sdk.Tests.Fuzz;

/// <summary>
/// How many generated requests each target gets. The issue asks for at least 1,000 in all; each target's test asserts
/// that it sent its share, and <see cref="FuzzBudgetTests"/> that the shares add up.
/// </summary>
internal static class FuzzBudget
{
    public const int OpenApi = 360;
    public const int ControlApi = 550;
    public const int OAuthServer = 160;
    public const int Gateways = 70;
    public const int WebhookReceiverPerStore = 120;
    public const int WebhookStores = 3;
    public const int WorkbenchProxy = 230;
    public const int SampleCrm = 160;

    public const int Total = OpenApi + ControlApi + OAuthServer + Gateways + WebhookReceiverPerStore * WebhookStores + WorkbenchProxy + SampleCrm;

    /// <summary>Writes the result's summary to the test output (shown with <c>--logger "console;verbosity=detailed"</c>).</summary>
    public static void Report(ITestOutputHelper output, FuzzResult result) => output.WriteLine("[fuzz] " + result.Summary());
}

public sealed class FuzzBudgetTests
{
    [Fact]
    public void The_targets_get_at_least_a_thousand_generated_requests_in_all() =>
        Assert.True(FuzzBudget.Total >= 1_000, $"{FuzzBudget.Total} requests in all");

    [Fact]
    public void The_seed_comes_from_CCC_FUZZ_SEED_and_each_target_draws_a_stable_sequence()
    {
        string? configured = Environment.GetEnvironmentVariable(FuzzSeed.EnvironmentVariable);
        Assert.Equal(configured is null ? FuzzSeed.Default : int.Parse(configured, System.Globalization.CultureInfo.InvariantCulture), FuzzSeed.Value);
        Assert.Equal(FuzzSeed.For(42, "openapi").Next(), FuzzSeed.For(42, "openapi").Next());
        Assert.NotEqual(FuzzSeed.For(42, "openapi").Next(), FuzzSeed.For(42, "control").Next());
        Assert.Contains("CCC_FUZZ_SEED=42", FuzzSeed.Replay(42), StringComparison.Ordinal);
        Assert.Equal(HostileInputs.HttpLevelCases, new HostileInputs(new Random(1)).HttpLevel("x", "POST", "/", [], []).Count());
    }
}
