#nullable enable

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

    /// <summary>
    /// Pages a generated action whose page is outside <c>Data</c> (e.g. <c>ListAgentSummaryReportsSinceMidnight</c>'s
    /// <c>PagedAgentSummaryReport</c>): each page is read whole, as <see cref="SendWholeAsync"/> does, and
    /// <paramref name="page"/> picks its items and total.
    /// </summary>
    /// <exception cref="ArgumentException">A required parameter is missing, or no instance id is known (thrown here, before any request).</exception>
    private protected CccPageable<T> ListOutsideData<TResponse, T>(
        CccRequest request,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<TResponse> typeInfo,
        Func<TResponse, (IReadOnlyList<T>? List, int? TotalCount)> page,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.WriteParameters(NewApiRequest(request));
        return new CccPageable<T>(
            async (number, size, ct) =>
            {
                var api = NewApiRequest(request)
                    .With("PageNumber", number.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .With("PageSize", size.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.WriteParameters(api);
                var response = GeneratedResponses.ReadWhole(await SendAsync(api, ct).ConfigureAwait(false), request.Action, typeInfo);
                var (items, total) = page(response.Value);
                return new CccPage<T>(items?.ToList() ?? [], number, size, total ?? 0, response.RequestId);
            },
            cancellationToken);
    }
}
