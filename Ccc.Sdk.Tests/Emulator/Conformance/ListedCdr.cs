namespace Ccc.Sdk.Tests.Emulator.Conformance;

/// <summary>
/// A call's record as ListCallDetailRecordsV2 lists it: the durations (TalkTime, HeldTime, ...), brokers and transfer
/// count are only in the list models, not in GetCallDetailRecord's.
/// </summary>
internal static class ListedCdr
{
    public static async Task<CallDetailRecord> ListedCdrAsync(this CccClient client, string contactId)
    {
        var request = new ListCallDetailRecordsV2Request { ContactIdList = [contactId], StartTime = DateTimeOffset.UnixEpoch };
        await foreach (var record in client.ListCallDetailRecordsV2Async(request))
        {
            return record;
        }

        throw new InvalidOperationException($"No record of {contactId} is listed.");
    }
}
