namespace Ccc.Sdk;

public partial class CccClient
{
    /// <summary>
    /// Sends a generated request whose response has fields outside <c>Data</c> (e.g. <c>ExportContactFlow</c>'s
    /// <c>FlowPackageData</c>) and reads the whole body: through <see cref="SendAsync(ApiRequest, CancellationToken)"/>,
    /// so the envelope, errors, retries and the default instance are those of every other call.
    /// </summary>
    private protected async Task<CccResponse<T>> SendWholeAsync<T>(CccRequest request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The same instance resolution as the typed path; added before WriteParameters so an action that takes InstanceId
        // in the form body moves it there.
        var api = NewApiRequest(request);
        request.WriteParameters(api);
        var response = await SendAsync(api, cancellationToken).ConfigureAwait(false);
        return GeneratedResponses.ReadWhole(response, request.Action, typeInfo);
    }
}
