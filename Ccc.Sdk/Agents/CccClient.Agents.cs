namespace Ccc.Sdk;

public partial class CccClient
{
    /// <summary>Lists the live states of agents (<c>ListRealtimeAgentStates</c>), page by page as enumerated.</summary>
    /// <param name="request">Filters; <see langword="null"/> for every agent of the default instance.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <exception cref="ArgumentException">No instance id is known, or more than 20 agent ids.</exception>
    /// <exception cref="CccException">A page failed (thrown while enumerating).</exception>
    public virtual CccPageable<RealtimeAgentState> ListRealtimeAgentStatesAsync(ListRealtimeAgentStatesRequest? request = null, CancellationToken cancellationToken = default) =>
        List(request ?? new ListRealtimeAgentStatesRequest(), CccJsonContext.Default.CccPagedDataRealtimeAgentState, cancellationToken);

    /// <summary>Gets what a softphone needs to log the agent in (<c>GetLoginDetails</c>). The result holds SIP credentials: never log it.</summary>
    /// <exception cref="CccException">A service error.</exception>
    public virtual Task<CccResponse<LoginDetails>> GetLoginDetailsAsync(GetLoginDetailsRequest? request = null, CancellationToken cancellationToken = default) =>
        SendAsync(request ?? new GetLoginDetailsRequest(), CccJsonContext.Default.LoginDetails, cancellationToken);

    /// <summary>Signs the agent in to skill groups (<c>SignInGroup</c>). State-changing: never re-sent once it may have reached the service.</summary>
    /// <exception cref="ArgumentException"><c>DeviceId</c> or <c>SignedSkillGroupIdList</c> is missing.</exception>
    /// <exception cref="CccRequestOutcomeUnknownException">The response was lost; check <see cref="ListRealtimeAgentStatesAsync"/> before retrying.</exception>
    /// <exception cref="CccException">A service error.</exception>
    public virtual Task<CccResponse<UserContext>> SignInGroupAsync(SignInGroupRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, CccJsonContext.Default.UserContext, cancellationToken);

    /// <summary>Signs the agent out (<c>SignOutGroup</c>). State-changing.</summary>
    /// <exception cref="CccRequestOutcomeUnknownException">The response was lost.</exception>
    /// <exception cref="CccException">A service error.</exception>
    public virtual Task<CccResponse<UserContext>> SignOutGroupAsync(SignOutGroupRequest? request = null, CancellationToken cancellationToken = default) =>
        SendAsync(request ?? new SignOutGroupRequest(), CccJsonContext.Default.UserContext, cancellationToken);

    /// <summary>Makes the agent ready for calls (<c>ReadyForService</c>). State-changing.</summary>
    /// <exception cref="CccRequestOutcomeUnknownException">The response was lost.</exception>
    /// <exception cref="CccException">A service error.</exception>
    public virtual Task<CccResponse<UserContext>> ReadyForServiceAsync(ReadyForServiceRequest? request = null, CancellationToken cancellationToken = default) =>
        SendAsync(request ?? new ReadyForServiceRequest(), CccJsonContext.Default.UserContext, cancellationToken);

    /// <summary>Puts the agent on a break (<c>TakeBreak</c>). State-changing.</summary>
    /// <exception cref="ArgumentException">The break code is missing.</exception>
    /// <exception cref="CccRequestOutcomeUnknownException">The response was lost.</exception>
    /// <exception cref="CccException">A service error.</exception>
    public virtual Task<CccResponse<UserContext>> TakeBreakAsync(TakeBreakRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, CccJsonContext.Default.UserContext, cancellationToken);

    /// <summary>Changes the agent's work mode (<c>ChangeWorkMode</c>). State-changing.</summary>
    /// <exception cref="CccRequestOutcomeUnknownException">The response was lost.</exception>
    /// <exception cref="CccException">A service error.</exception>
    public virtual Task<CccResponse<UserContext>> ChangeWorkModeAsync(ChangeWorkModeRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, CccJsonContext.Default.UserContext, cancellationToken);

    /// <summary>Resets a stuck agent state (<c>ResetAgentState</c>). State-changing.</summary>
    /// <exception cref="CccRequestOutcomeUnknownException">The response was lost.</exception>
    /// <exception cref="CccException">A service error.</exception>
    public virtual Task<CccResponse<UserContext>> ResetAgentStateAsync(ResetAgentStateRequest? request = null, CancellationToken cancellationToken = default) =>
        SendAsync(request ?? new ResetAgentStateRequest(), CccJsonContext.Default.UserContext, cancellationToken);

    /// <summary>
    /// Reads an agent's state and current call (<c>PollUserStatus</c>): <see cref="UserContext.JobId"/>,
    /// <see cref="UserContext.ParallelJobList"/> and <see cref="UserStatus.CallContext"/> name the calls the agent is on.
    /// </summary>
    /// <param name="request">The agent; <see langword="null"/> for the agent mapped to the calling RAM user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CccException">A service error, e.g. 403 <c>Permission.User</c> for keys that may not read that agent.</exception>
    public virtual Task<CccResponse<UserStatus>> PollUserStatusAsync(PollUserStatusRequest? request = null, CancellationToken cancellationToken = default) =>
        SendAsync(request ?? new PollUserStatusRequest(), CccJsonContext.Default.UserStatus, cancellationToken);
}
