namespace Ccc.Sdk.Benchmarks.ScreenPopLatency;

/// <summary>The screen-pop latency run failed: a call was lost (no handler stamp, no name on the page, the wrong name)
/// or the page went away. The message says which call.</summary>
public sealed class ScreenPopLatencyException : Exception
{
    /// <summary>Creates one.</summary>
    public ScreenPopLatencyException()
    {
    }

    /// <summary>Creates one.</summary>
    /// <param name="message">What failed, and which call.</param>
    public ScreenPopLatencyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates one.</summary>
    /// <param name="message">What failed, and which call.</param>
    /// <param name="innerException">The cause.</param>
    public ScreenPopLatencyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
