namespace Ccc.Sdk.Pipeline;

/// <summary>
/// One step of the request path with one job (tracing, retry, clock skew, signing, per-attempt logging and metrics,
/// classification, timeout, transport). A step does its part, hands the message to the rest of the pipeline with
/// <see cref="ProcessNextAsync"/> (zero, one or several times), and looks at what came back.
/// </summary>
internal abstract class CccPipelinePolicy
{
    /// <summary>Processes <paramref name="message"/>; <paramref name="next"/> are the steps after this one.</summary>
    public abstract ValueTask ProcessAsync(CccMessage message, ReadOnlyMemory<CccPipelinePolicy> next);

    /// <summary>Runs the rest of the pipeline.</summary>
    protected static ValueTask ProcessNextAsync(CccMessage message, ReadOnlyMemory<CccPipelinePolicy> next) =>
        next.Span[0].ProcessAsync(message, next[1..]);
}

/// <summary>
/// The client's request path as an ordered list of <see cref="CccPipelinePolicy"/> steps, outermost first; the last
/// step is the transport. After <see cref="SendAsync"/> returns, the message's <see cref="CccMessage.Classification"/>
/// is a success: every failure leaves the pipeline as a <see cref="CccException"/>.
/// </summary>
internal sealed class CccPipeline(params CccPipelinePolicy[] policies)
{
    private readonly CccPipelinePolicy[] _policies = policies.Length > 0 ? policies : throw new ArgumentException("A pipeline needs a transport step.", nameof(policies));

    /// <summary>The steps, outermost first.</summary>
    public IReadOnlyList<CccPipelinePolicy> Policies => _policies;

    /// <summary>Sends <paramref name="message"/> through every step.</summary>
    public ValueTask SendAsync(CccMessage message) => _policies[0].ProcessAsync(message, _policies.AsMemory(1));
}
