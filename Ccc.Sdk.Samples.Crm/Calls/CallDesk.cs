using Ccc.Sdk.Auth;
using Ccc.Sdk.Samples.Crm.Accounts;
using Ccc.Sdk.Samples.Crm.Customers;
using Ccc.Sdk.Samples.Crm.History;

namespace Ccc.Sdk.Samples.Crm.Calls;

/// <summary>
/// The CRM's call features over <see cref="CccClient"/>: click-to-call, hang up, double call and recordings (the call
/// history is the CRM's own, fed by webhooks: <see cref="History.CallHistoryStore"/>). The Blazor pages and the HTTP
/// endpoints (<see cref="CallEndpoints"/>) both call this class, so a test that drives the endpoints runs the same code
/// as a click in the browser. Every action is for a signed-in <see cref="CrmUser"/>: a call is placed as that user's
/// agent, a double call rings that agent's own phone, and hang-up and recordings are refused for calls the agent was
/// not part of (a supervisor may fetch any recording).
/// </summary>
/// <remarks>Cloud errors come back as a <see cref="CrmError"/> (code, request id, message); nothing here throws a
/// <see cref="CccException"/> to the caller except the read-only listings. What an agent does goes out on the agent's
/// own CCC credential (<see cref="AgentClients"/>: the STS keys of its OAuth2 sign-in, so the cloud itself allows only
/// that agent); <paramref name="ccc"/>, the CRM's back-office client, lists users and numbers, reads the agent's phone
/// and ends a double call (no agent is a party of it, so an agent's keys may not).</remarks>
/// <param name="ccc">The back-office client (the CRM's AccessKey).</param>
/// <param name="agents">The signed-in agents' own clients.</param>
/// <param name="customers">The customers.</param>
/// <param name="history">The CRM's call history.</param>
public sealed class CallDesk(CccClient ccc, AgentClients agents, ICustomerBook customers, CallHistoryStore history)
{
    /// <summary>The code of the refusal of an action whose user has no working CCC sign-in (any more): 401, sign in again.</summary>
    public const string SignInAgainCode = "Crm.CccSignInRequired";

    /// <summary>The code of the refusal of a call the user may not act on. The answer is 404, the same as for a call
    /// that does not exist, so an agent cannot probe other agents' job ids.</summary>
    public const string CallNotFoundCode = "Crm.CallNotFound";

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
            // An inbound-only number cannot place the legs of a double call (rule N2).
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
    /// <param name="user">The signed-in user; the call is placed as its agent.</param>
    /// <param name="customerId">The CRM customer to call.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The call, or the error of the step that failed.</returns>
    public async Task<CallOutcome> CallCustomerAsync(CrmUser user, string? customerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        string agentId = user.AgentId;
        if (await customers.FindAsync(customerId, cancellationToken) is not { } customer)
        {
            return Failed("Crm.UnknownCustomer", $"There is no customer '{customerId}'.");
        }

        if (agents.For(user) is not { } own)
        {
            return SignInAgain();
        }

        try
        {
            var agent = await own.GetUserAsync(new GetUserRequest { UserId = agentId }, cancellationToken);
            var groups = agent.Value.SkillLevelList?.Select(s => s.SkillGroupId).OfType<string>().ToList() ?? [];
            await own.SignInGroupAsync(new SignInGroupRequest { UserId = agentId, DeviceId = DeviceId, SignedSkillGroupIdList = groups }, cancellationToken);
            await own.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = agentId }, cancellationToken);
            var made = await own.MakeCallAsync(new MakeCallRequest
            {
                UserId = agentId,
                Callee = customer.PrimaryPhone,
                TimeoutSeconds = RingTimeoutSeconds,
            }, cancellationToken);
            var view = CallView.From(made);
            await history.RecordPlacedCallAsync(view.JobId, agentId, view.CallType ?? "OUTBOUND", cancellationToken);
            return new CallOutcome(view, null);
        }
        catch (CccException ex)
        {
            // CccRequestOutcomeUnknownException lands here too: the page says to check the history before calling again.
            return new CallOutcome(null, CrmError.From(ex));
        }
        catch (CccCredentialException)
        {
            return SignInAgain();
        }
    }

    /// <summary>
    /// Hangs up a call of the user's agent: releases the agent's leg of a click-to-call (ending the two-party call),
    /// or the whole call of a double call the agent started (no agent of the call center is on it). A call the agent
    /// was not part of is refused with <see cref="CallNotFoundCode"/>, supervisors included.
    /// </summary>
    /// <param name="user">The signed-in user.</param>
    /// <param name="jobId">The call's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The call's legs after the release, or the error.</returns>
    public async Task<CallOutcome> HangUpAsync(CrmUser user, string? jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrWhiteSpace(jobId))
        {
            return Failed("Crm.JobIdRequired", "Which call? The job id is missing.");
        }

        if (await history.FindCallOfAgentAsync(jobId, user.AgentId, cancellationToken) is not { } callType)
        {
            return NotYourCall(jobId);
        }

        bool wholeCall = string.Equals(callType, "BACK2BACK", StringComparison.OrdinalIgnoreCase);
        // The agent's own leg with the agent's own keys; the whole of a double call (which has no agent on it, so an
        // agent's keys may not end it) with the CRM's, the CRM having checked above that this agent started it.
        if ((wholeCall ? ccc : agents.For(user)) is not { } client)
        {
            return SignInAgain();
        }

        try
        {
            var released = await client.ReleaseCallAsync(new ReleaseCallRequest { JobId = jobId, UserId = wholeCall ? null : user.AgentId }, cancellationToken);
            return new CallOutcome(CallView.From(released), null);
        }
        catch (CccException ex)
        {
            return new CallOutcome(null, CrmError.From(ex));
        }
        catch (CccCredentialException)
        {
            return SignInAgain();
        }
    }

    /// <summary>The phone a double call rings first for an agent: the agent's own <c>Mobile</c> on the instance.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The number, or <see langword="null"/> when the agent has none.</returns>
    /// <exception cref="CccException">The cloud refused <c>GetUser</c>.</exception>
    public async Task<string?> GetAgentPhoneAsync(string agentId, CancellationToken cancellationToken = default)
    {
        var agent = await ccc.GetUserAsync(new GetUserRequest { UserId = agentId }, cancellationToken);
        return string.IsNullOrWhiteSpace(agent.Value.Mobile) ? null : agent.Value.Mobile.Trim();
    }

    /// <summary>
    /// Double call (<c>StartBack2BackCall</c>): the call center rings the signed-in agent's own phone first (its
    /// <c>Mobile</c>, never a number from the request: the CRM must not dial numbers of the caller's choosing), then
    /// the customer, and bridges them; both see <paramref name="broker"/> as the caller id.
    /// </summary>
    /// <param name="user">The signed-in user, whose agent's phone is dialled first.</param>
    /// <param name="customerId">The CRM customer (dialled once the agent answers).</param>
    /// <param name="broker">An outbound-capable number of the instance (<see cref="ListBrokerNumbersAsync"/>).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The call, or the error.</returns>
    public async Task<CallOutcome> StartDoubleCallAsync(CrmUser user, string? customerId, string? broker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (await customers.FindAsync(customerId, cancellationToken) is not { } customer)
        {
            return Failed("Crm.UnknownCustomer", $"There is no customer '{customerId}'.");
        }

        if (string.IsNullOrWhiteSpace(broker))
        {
            return Failed("Crm.BrokerRequired", "Choose the number both sides see.");
        }

        if (agents.For(user) is not { } own)
        {
            return SignInAgain();
        }

        try
        {
            if (!(await ListBrokerNumbersAsync(cancellationToken)).Any(n => string.Equals(n.Number, broker, StringComparison.Ordinal)))
            {
                return Failed("Crm.UnknownBroker", $"'{broker}' is not an outbound number of the call center.");
            }

            if (await GetAgentPhoneAsync(user.AgentId, cancellationToken) is not { } agentPhone)
            {
                return Failed("Crm.NoAgentPhone", "Your agent has no mobile number on the call center, so a double call cannot ring you.");
            }

            var call = await own.StartBack2BackCallAsync(new StartBack2BackCallRequest
            {
                Caller = agentPhone,
                Callee = customer.PrimaryPhone,
                Broker = broker,
                TimeoutSeconds = RingTimeoutSeconds,
            }, cancellationToken);
            var view = CallView.From(call);
            await history.RecordPlacedCallAsync(view.JobId, user.AgentId, view.CallType ?? "BACK2BACK", cancellationToken);
            return new CallOutcome(view, null);
        }
        catch (CccException ex)
        {
            return new CallOutcome(null, CrmError.From(ex));
        }
        catch (CccCredentialException)
        {
            return SignInAgain();
        }
    }

    /// <summary>Gets a short-lived download link of a call's recording (<c>GetMonoRecording</c>): any call's for a
    /// supervisor, else only of a call the user's agent was part of (<see cref="CallNotFoundCode"/> otherwise).</summary>
    /// <param name="user">The signed-in user.</param>
    /// <param name="contactId">The call's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The signed URL (a bearer secret for <see cref="RecordingLinkSeconds"/> seconds: hand it to the browser, never log it), or the error.</returns>
    public async Task<(Uri? Url, CrmError? Error)> GetRecordingLinkAsync(CrmUser user, string contactId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.IsSupervisor && await history.FindCallOfAgentAsync(contactId, user.AgentId, cancellationToken) is null)
        {
            return (null, NotYourCall(contactId).Error);
        }

        if (agents.For(user) is not { } own)
        {
            return (null, SignInAgain().Error);
        }

        try
        {
            var recording = await own.GetMonoRecordingAsync(contactId, RecordingLinkSeconds, cancellationToken);
            return Uri.TryCreate(recording.Value.FileUrl, UriKind.Absolute, out var url)
                ? (url, null)
                : (null, new CrmError("Crm.NoRecordingUrl", recording.RequestId, "The call center returned no recording URL."));
        }
        catch (CccException ex)
        {
            return (null, CrmError.From(ex));
        }
        catch (CccCredentialException)
        {
            return (null, SignInAgain().Error);
        }
    }

    private static CallOutcome Failed(string code, string message) => new(null, new CrmError(code, null, message));

    // The user's CCC sign-in is gone (revoked, expired, or a cookie without one): never the CRM's keys instead.
    private static CallOutcome SignInAgain() =>
        new(null, new CrmError(SignInAgainCode, null, "Your call center sign-in has ended: sign in again.", StatusCodes.Status401Unauthorized));

    private static CallOutcome NotYourCall(string jobId) =>
        new(null, new CrmError(CallNotFoundCode, null, $"You have no call '{jobId}'.", StatusCodes.Status404NotFound));
}
