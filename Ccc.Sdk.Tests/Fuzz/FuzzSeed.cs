using System.Globalization;

namespace Ccc.Sdk.Tests.Fuzz;

/// <summary>
/// The seed of a fuzz run: <c>CCC_FUZZ_SEED</c> when set (to replay a failure), else a fixed default so that every
/// run of the suite sends the same requests. Each target draws from its own <see cref="Random"/>, derived from the
/// seed and the target's name, so a target's inputs do not depend on which other targets ran or in which order.
/// </summary>
internal static class FuzzSeed
{
    public const string EnvironmentVariable = "CCC_FUZZ_SEED";

    /// <summary>The default seed (the day the suite was written).</summary>
    public const int Default = 20261204;

    /// <summary>The seed of this run.</summary>
    public static int Value { get; } = Read(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>How to replay a run with <paramref name="seed"/>, for failure messages.</summary>
    public static string Replay(int seed) =>
        $"seed {seed} (replay: {EnvironmentVariable}={seed} dotnet test Ccc.Sdk.Tests --filter \"FullyQualifiedName~Fuzz\")";

    /// <summary>A generator for one target, stable for a given seed and target name (FNV-1a, not the randomised string hash).</summary>
    public static Random For(int seed, string target)
    {
        unchecked
        {
            uint hash = 2166136261;
            foreach (char c in target)
            {
                hash = (hash ^ c) * 16777619;
            }

            return new Random((int)(hash ^ (uint)seed));
        }
    }

    private static int Read(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed) ? seed : Default;
}
