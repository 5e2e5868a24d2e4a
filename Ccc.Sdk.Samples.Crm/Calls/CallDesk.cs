using Ccc.Sdk.Samples.Crm.Customers;

namespace Ccc.Sdk.Samples.Crm.Calls;

/// <summary>
/// The CRM's call features over <see cref="CccClient"/>: click-to-call, hang up, double call and recordings (the call
/// history is the CRM's own, fed by webhooks: <see cref="History.CallHistoryStore"/>). The Blazor pages and the HTTP
/// endpoints (<see cref="CallEndpoints"/>) both call this class, so a test that drives the endpoints runs the same code
/// as a click in the browser.
/// </summary>
/// <remarks>Cloud errors come back as a <see cref="CrmError"/> (code, request id, message); nothing here throws a
/// <see cref="CccException"/> to the caller except the read-only listings.</remarks>
public sealed class CallDesk(CccClient ccc, CustomerDirectory customers)
{
    /// <summary>The device id the sample signs agents in with (the cloud's softphone would send its own).</summary>
    public const string DeviceId = "crm-sample";

    /// <summary>How long the customer's phone may ring before the call is given up, in seconds.</summary>
    public const int RingTimeoutSeconds = 30;

    /// <summary>How long a recording link stays valid, in seconds.</summary>
    public const int RecordingLinkSeconds = 300;

    /// <summary>Lists the call center's agents, for the agent picker.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The agents, by user id.</returns>
    /// <exception cref="CccException">The cloud refused the listing.</exception>
    public async Task<IReadOnlyList<CccUser>> ListAgentsAsync(CancellationToken cancellationToken = default)
    {
        var agents = new List<CccUser>();
        await foreach (var user in ccc.ListUsersAsync(cancellationToken: cancellationToken))
        {
            agents.Add(user);
        }

        return [.. agents.OrderBy(a => a.UserId, StringComparer.Ordinal)];
    }

    /// <summary>Lists the instance's active numbers that can dial out: the numbers a double call may use as broker.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>Active <c>Outbound</c> and <c>Bidirection</c> numbers.</returns>
    /// <exception cref="CccException">The cloud refused the listing.</exception>
    public async Task<IReadOnlyList<PhoneNumber>> ListBrokerNumbersAsync(CancellationToken cancellationToken = default)
    {
        var numbers = new List<PhoneNumber>();
        await foreach (var number in ccc.ListPhoneNumbersAsync(cancellationToken: cancellationToken))
        {
            // An inbound-only number cannot place the legs of a double call (FAQ N2).
            if (number.Active != false && number.Usage is "Outbound" or "Bidirection")
            {
                numbers.Add(number);
            }
        }

        return numbers;
    }

    /// <summary>
    /// Click-to-call: signs the agent in to its skill groups, makes it READY (which also ends after-call work of the
    /// previous call) and places <c>MakeCall</c> to the customer, the call center choosing the outbound number.
    /// </summary>
    /// <param name="agentId">The agent placing the call, <c>loginName@instanceId</c>.</param>
    /// <param name="customerId">The CRM customer to call.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The call, or the error of the step that failed.</returns>
    public async Task<CallOutcome> CallCustomerAsync(string? agentId, string? customerId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(agentId))
        {
            return Failed("Crm.AgentRequired", "Choose the agent who places the call.");
        }

        if (customers.Find(customerId) is not { } customer)
        {
            return Failed("Crm.UnknownCustomer", $"There is no customer '{customerId}'.");
        }

        try
        {
            var agent = await ccc.GetUserAsync(new GetUserRequest { UserId = agentId }, cancellationToken);
            var groups = agent.Value.SkillLevelList?.Select(s => s.SkillGroupId).OfType<string>().ToList() ?? [];
            await ccc.SignInGroupAsync(new SignInGroupRequest { UserId = agentId, DeviceId = DeviceId, SignedSkillGroupIdList = groups }, cancellationToken);
            await ccc.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = agentId }, cancellationToken);
            var made = await ccc.MakeCallAsync(new MakeCallRequest
            {
                UserId = agentId,
                Callee = customer.Phone,
                TimeoutSeconds = RingTimeoutSeconds,
            }, cancellationToken);
            return new CallOutcome(CallView.From(made), null);
        }
        catch (CccException ex)
        {
            // CccRequestOutcomeUnknownException lands here too: the page says to check the history before calling again.
            return new CallOutcome(null, CrmError.From(ex));
        }
    }

    /// <summary>Hangs up: releases the agent's leg of a click-to-call (ending the two-party call), or the whole call when no agent is given (a double call).</summary>
    /// <param name="jobId">The call's id.</param>
    /// <param name="agentId">The agent whose leg to release; <see langword="null"/> for the whole call.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The call's legs after the release, or the error.</returns>
    public async Task<CallOutcome> HangUpAsync(string? jobId, string? agentId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(jobId))
        {
            return Failed("Crm.JobIdRequired", "Which call? The job id is missing.");
        }

        try
        {
            var released = await ccc.ReleaseCallAsync(new ReleaseCallRequest { JobId = jobId, UserId = string.IsNullOrWhiteSpace(agentId) ? null : agentId }, cancellationToken);
            return new CallOutcome(CallView.From(released), null);
        }
        catch (CccException ex)
        {
            return new CallOutcome(null, CrmError.From(ex));
        }
    }

    /// <summary>
    /// Double call (<c>StartBack2BackCall</c>): the call center rings the agent's phone first, then the customer,
    /// and bridges them; both see <paramref name="broker"/> as the caller id.
    /// </summary>
    /// <param name="agentPhone">The agent's own phone (dialled first).</param>
    /// <param name="customerId">The CRM customer (dialled once the agent answers).</param>
    /// <param name="broker">An outbound-capable number of the instance.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The call, or the error.</returns>
    public async Task<CallOutcome> StartDoubleCallAsync(string? agentPhone, string? customerId, string? broker, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(agentPhone))
        {
            return Failed("Crm.AgentPhoneRequired", "Enter the agent's phone number.");
        }

        if (customers.Find(customerId) is not { } customer)
        {
            return Failed("Crm.UnknownCustomer", $"There is no customer '{customerId}'.");
        }

        if (string.IsNullOrWhiteSpace(broker))
        {
            return Failed("Crm.BrokerRequired", "Choose the number both sides see.");
        }

        try
        {
            var call = await ccc.StartBack2BackCallAsync(new StartBack2BackCallRequest
            {
                Caller = agentPhone.Trim(),
                Callee = customer.Phone,
                Broker = broker,
                TimeoutSeconds = RingTimeoutSeconds,
            }, cancellationToken);
            return new CallOutcome(CallView.From(call), null);
        }
        catch (CccException ex)
        {
            return new CallOutcome(null, CrmError.From(ex));
        }
    }

    /// <summary>Gets a short-lived download link of a call's recording (<c>GetMonoRecording</c>).</summary>
    /// <param name="contactId">The call's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The signed URL (a bearer secret for <see cref="RecordingLinkSeconds"/> seconds: hand it to the browser, never log it), or the error.</returns>
    public async Task<(Uri? Url, CrmError? Error)> GetRecordingLinkAsync(string contactId, CancellationToken cancellationToken = default)
    {
        try
        {
            var recording = await ccc.GetMonoRecordingAsync(contactId, RecordingLinkSeconds, cancellationToken);
            return Uri.TryCreate(recording.Value.FileUrl, UriKind.Absolute, out var url)
                ? (url, null)
                : (null, new CrmError("Crm.NoRecordingUrl", recording.RequestId, "The call center returned no recording URL."));
        }
        catch (CccException ex)
        {
            return (null, CrmError.From(ex));
        }
    }

    private static CallOutcome Failed(string code, string message) => new(null, new CrmError(code, null, message));
}
