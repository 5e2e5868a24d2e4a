namespace Ccc.Sdk.Benchmarks.SampleCrmDriver;

/// <summary>Percentiles of the latency runs.</summary>
public static class Percentiles
{
    /// <summary>Nearest-rank percentile (the value at rank ⌈p/100 × n⌉ of the sorted values); NaN for no values.</summary>
    /// <param name="values">The values, in any order.</param>
    /// <param name="percent">0 to 100.</param>
    /// <returns>The percentile.</returns>
    public static double NearestRank(IReadOnlyList<double> values, double percent)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        int rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
