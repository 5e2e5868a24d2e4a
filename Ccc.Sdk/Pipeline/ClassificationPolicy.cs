namespace Ccc.Sdk.Pipeline;

/// <summary>Turns the attempt's response, or its absence, into a <see cref="CccClassification"/> with <see cref="CccResponseClassifier"/>.</summary>
internal sealed class ClassificationPolicy : CccPipelinePolicy
{
    public override async ValueTask ProcessAsync(CccMessage message, ReadOnlyMemory<CccPipelinePolicy> next)
    {
        await ProcessNextAsync(message, next).ConfigureAwait(false);
        if (message.Response is { } response)
        {
            message.Classification = CccResponseClassifier.Classify(
                message.Action, message.IsReadOnly, response.Status, response.Body, response.ContentType, response.Header("x-acs-request-id"), response.Header("x-acs-retry-after"));
        }
        else
        {
            message.TransportFailure ??= new HttpRequestException("No response.");
            message.Classification = CccResponseClassifier.ClassifyNoResponse(message.IsReadOnly, message.TransportFailure, message.TimedOut);
        }
    }
}
