using BenchmarkDotNet.Running;

namespace Ccc.Sdk.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project Ccc.Sdk.Benchmarks -- --filter '*'</c>; every benchmark class has its
/// baseline in the same run, so results are read as ratios (docs/benchmarks.md).
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
