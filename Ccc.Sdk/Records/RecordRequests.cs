namespace Ccc.Sdk;

/// <summary>The hand-written checks and time slices of the generated <c>ListCallDetailRecords</c> request.</summary>
/// <remarks>The cloud caps a query at 100 pages; <see cref="CccClient.ListCallDetailRecordsAsync"/> slices the time window
/// by itself when a window holds more, so any window can be read in full.</remarks>
public sealed partial class ListCallDetailRecordsRequest
{
    /// <summary>The same filters over one slice of the window, [<paramref name="startMs"/>, <paramref name="endMs"/>] in epoch ms, sorted by <c>startTime</c>.</summary>
    internal ListCallDetailRecordsRequest Slice(long startMs, long endMs)
    {
        var slice = (ListCallDetailRecordsRequest)MemberwiseClone();
        slice.StartTime = DateTimeOffset.FromUnixTimeMilliseconds(startMs);
        slice.EndTime = DateTimeOffset.FromUnixTimeMilliseconds(endMs);
        slice.OrderByField = "startTime";
        return slice;
    }

    partial void Validate()
    {
        if (SortOrder is { } order && !order.Equals("ASC", StringComparison.OrdinalIgnoreCase) && !order.Equals("DESC", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("SortOrder must be ASC or DESC.", nameof(SortOrder));
        }

        if (StartTime is { } s && EndTime is { } e && e.ToUnixTimeMilliseconds() < s.ToUnixTimeMilliseconds())
        {
            throw new ArgumentException("EndTime is before StartTime.", nameof(EndTime));
        }
    }
}
