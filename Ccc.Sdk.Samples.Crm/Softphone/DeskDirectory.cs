namespace Ccc.Sdk.Samples.Crm.Softphone;

/// <summary>An agent another agent can transfer a call to.</summary>
/// <param name="UserId">The agent (<c>loginName@instanceId</c>).</param>
/// <param name="Callee">What the softphone's blind transfer dials: the agent's extension (the Workbench SDK's
/// <c>thirdCallTransfer(extension, '')</c>), else the user id.</param>
/// <param name="Label">What the list shows.</param>
public sealed record TransferTarget(string UserId, string Callee, string Label);

/// <summary>
/// What the softphone bar's controls offer, read server-side with the CRM's own <see cref="CccClient"/> once per
/// circuit (scoped): the instance's break reasons (<c>ListConfigItems</c>, <c>ObjectType=INSTANCE</c>, item
/// <c>breakCodes</c>) and the agents a call can be transferred to (<c>ListUsers</c>).
/// </summary>
public sealed class DeskDirectory(CccClient ccc, Calls.CallDesk desk, SoftphoneSettings settings)
{
    /// <summary>The config item that lists the instance's break codes, comma-separated.</summary>
    public const string BreakCodesItem = "breakCodes";

    /// <summary>The break reason used when the instance lists none.</summary>
    public const string DefaultBreakReason = "default";

    private Task<IReadOnlyList<string>>? _breakReasons;
    private Task<IReadOnlyList<TransferTarget>>? _agents;

    /// <summary>The instance's break reasons, in the order the instance lists them (read once).</summary>
    /// <param name="cancellationToken">Cancels the wait (not the shared read).</param>
    /// <returns>The reasons; <c>default</c> alone when the instance lists none.</returns>
    /// <exception cref="CccException">The call center refused the read (the next call tries again).</exception>
    public Task<IReadOnlyList<string>> GetBreakReasonsAsync(CancellationToken cancellationToken = default) =>
        Once(ref _breakReasons, ReadBreakReasonsAsync).WaitAsync(cancellationToken);

    /// <summary>The agents of the instance other than <paramref name="agentId"/> (read once).</summary>
    /// <param name="agentId">The signed-in agent, left out.</param>
    /// <param name="cancellationToken">Cancels the wait (not the shared read).</param>
    /// <returns>The other agents, by user id.</returns>
    /// <exception cref="CccException">The call center refused the read (the next call tries again).</exception>
    public async Task<IReadOnlyList<TransferTarget>> GetTransferTargetsAsync(string agentId, CancellationToken cancellationToken = default)
    {
        var all = await Once(ref _agents, ReadAgentsAsync).WaitAsync(cancellationToken);
        return [.. all.Where(a => !string.Equals(a.UserId, agentId, StringComparison.Ordinal))];
    }

    /// <summary>Splits the value of <c>breakCodes</c> (<c>default,lunchtime,meeting</c>) into reasons.</summary>
    /// <param name="value">The item's value.</param>
    /// <returns>The reasons, trimmed, without blanks or repeats; <c>default</c> alone for none.</returns>
    public static IReadOnlyList<string> ParseBreakCodes(string? value)
    {
        var codes = (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return codes.Count == 0 ? [DefaultBreakReason] : codes;
    }

    private async Task<IReadOnlyList<string>> ReadBreakReasonsAsync()
    {
        var items = await ccc.ListConfigItemsAsync(new ListConfigItemsRequest { ObjectType = "INSTANCE", ObjectId = settings.InstanceId });
        return ParseBreakCodes(items.Value.FirstOrDefault(i => string.Equals(i.Name, BreakCodesItem, StringComparison.Ordinal))?.Value);
    }

    private async Task<IReadOnlyList<TransferTarget>> ReadAgentsAsync()
    {
        // The instance's users as the agent picker lists them (CallDesk.ListAgentsAsync: by user id).
        var agents = new List<TransferTarget>();
        foreach (var user in await desk.ListAgentsAsync())
        {
            if (user.UserId is not { Length: > 0 } userId)
            {
                continue;
            }

            string name = string.IsNullOrWhiteSpace(user.DisplayName) ? userId : user.DisplayName;
            string callee = string.IsNullOrWhiteSpace(user.Extension) ? userId : user.Extension;
            agents.Add(new TransferTarget(userId, callee, string.IsNullOrWhiteSpace(user.Extension) ? name : $"{name} ({user.Extension})"));
        }

        return agents;
    }

    // One read shared by the circuit's callers; a failed read is forgotten so the next caller tries again.
    private static Task<T> Once<T>(ref Task<T>? slot, Func<Task<T>> read)
    {
        var task = slot;
        if (task is null || task.IsFaulted || task.IsCanceled)
        {
            task = slot = read();
        }

        return task;
    }
}
