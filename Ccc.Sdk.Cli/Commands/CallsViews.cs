namespace Ccc.Sdk.Cli.Commands;

/// <summary>One channel (leg) of a call as the tool prints it.</summary>
/// <param name="ChannelId">The channel id (for <c>calls hang-up --channel</c>).</param>
/// <param name="UserId">The agent on the leg; <see langword="null"/> for a customer's leg.</param>
/// <param name="State">The channel state (<c>RINGING</c>, <c>ANSWERED</c>, <c>RELEASED</c>…).</param>
/// <param name="Flags">Flags such as <c>HELD</c>, <c>MUTED</c>.</param>
/// <param name="CallType">The leg's call type.</param>
/// <param name="Originator">The calling party of the leg.</param>
/// <param name="Destination">The called party of the leg.</param>
/// <param name="Since">When the leg last changed state.</param>
/// <param name="ReleaseReason">Why the leg was released (empty while live).</param>
internal sealed record ChannelView(
    string? ChannelId, string? UserId, string? State, string? Flags, string? CallType, string? Originator, string? Destination, DateTimeOffset? Since, string? ReleaseReason)
{
    public static ChannelView From(ChannelContext c) => new(
        c.ChannelId, NullIfEmpty(c.UserId), c.ChannelState, NullIfEmpty(c.ChannelFlags), c.CallType, NullIfEmpty(c.Originator), NullIfEmpty(c.Destination), c.Timestamp, NullIfEmpty(c.ReleaseReason));

    /// <summary>Who is on the leg: the agent, else the customer's number (the far end of the leg).</summary>
    public string Party => UserId ?? (CallType is "INBOUND" ? Originator : Destination) ?? Originator ?? "";

    internal static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>A call and its legs as the tool prints it (<c>calls list</c>, <c>calls place</c>, <c>calls hang-up</c>).</summary>
/// <param name="ContactId">The call's id: the <c>JobId</c> of call control, the <c>ContactId</c> of its record.</param>
/// <param name="CallType">The call type.</param>
/// <param name="Agents">The agents on the call.</param>
/// <param name="Since">When the call's first leg started (the earliest leg time known).</param>
/// <param name="Channels">The legs.</param>
/// <param name="AgentState">The acting agent's state after the action (<c>calls place</c>, <c>calls hang-up</c>); <see langword="null"/> otherwise.</param>
internal sealed record CallView(string ContactId, string? CallType, IReadOnlyList<string> Agents, DateTimeOffset? Since, IReadOnlyList<ChannelView> Channels, string? AgentState = null)
{
    public static CallView From(CallContext call, string? agentState = null)
    {
        var channels = (call.ChannelContexts ?? []).Select(ChannelView.From).ToList();
        return new CallView(
            call.JobId ?? "",
            call.CallType,
            channels.Select(c => c.UserId).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
            channels.Min(c => c.Since),
            channels,
            ChannelView.NullIfEmpty(agentState));
    }

    /// <summary>The legs in one cell: <c>party STATE</c>, comma-separated (tables only; JSON has <see cref="Channels"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Legs => string.Join(", ", Channels.Select(c => $"{c.Party} {c.State}{(c.Flags is null ? "" : " " + c.Flags)}"));

    /// <summary>Writes the call's legs as a table.</summary>
    public void WriteTable(Spectre.Console.IAnsiConsole console) =>
        CliOutput.Table(console, ["Contact", "Type", "Channel", "Party", "State", "Flags", "From", "To", "Since", "Released"],
            Channels.Select(c => (IReadOnlyList<string?>)[ContactId, c.CallType ?? CallType, c.ChannelId, c.Party, c.State, c.Flags, c.Originator, c.Destination, CliOutput.Time(c.Since), c.ReleaseReason]));
}
