using System.Globalization;
using System.Text.Json;
using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Gateway;

/// <summary>What an action handler gets: the verified caller, its parameters (already type-checked) and the state.</summary>
internal sealed class ActionContext
{
    public required RequestParameters Parameters { get; init; }

    public required CccEmulatorCredential Caller { get; init; }

    public required EmulatorState State { get; init; }

    /// <summary>The emulator's own base address as the client reached it (scheme://host:port).</summary>
    public required string PublicHost { get; init; }

    /// <summary>The action's description (parameters already checked against it; its response model shapes the answer).</summary>
    public required Description.ApiAction Model { get; init; }

    public long NowMilliseconds => State.NowMilliseconds;

    /// <summary>The value, or <see langword="null"/> when absent or empty (the SDKs omit unset parameters).</summary>
    public string? Get(string name) => Parameters[name] is { Length: > 0 } value ? value : null;

    /// <summary>
    /// A parameter the handler cannot do without. Parameters the description requires were checked by the gateway
    /// (<c>Missing{Name}</c>); one it calls optional but this action needs is refused as CCC does, <c>Parameter.Blank</c>.
    /// </summary>
    public string Require(string name) => Get(name) ?? throw ApiErrors.ParameterBlank(name);

    public int? GetInt(string name) => Get(name) is { } v ? int.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : null;

    public bool? GetBool(string name) => Get(name) is { } v ? string.Equals(v, "true", StringComparison.OrdinalIgnoreCase) : null;

    /// <summary>The instance named by the required <c>InstanceId</c>.</summary>
    /// <exception cref="ApiException">NotExists.InstanceId.</exception>
    public CccInstance Instance => State.GetInstance(Require("InstanceId"));

    /// <summary><c>UserId</c>, else the agent mapped to the calling key, else Parameter.Blank.</summary>
    public string UserIdOrCaller() =>
        Get("UserId") ?? Caller.UserId ?? throw ApiErrors.ParameterBlank("UserId");

    /// <summary>Validated paging (Parameter.Minimum / Parameter.Maximum).</summary>
    public Paging GetPaging()
    {
        var pageNumber = GetInt("PageNumber") ?? 1;
        var pageSize = GetInt("PageSize") ?? 20;
        CheckRange("PageNumber", pageNumber, Gateway.Paging.Minimum, Gateway.Paging.Maximum);
        CheckRange("PageSize", pageSize, Gateway.Paging.Minimum, Gateway.Paging.Maximum);
        return new Paging(pageNumber, pageSize);
    }

    public static void CheckRange(string name, long value, long minimum, long maximum)
    {
        if (value < minimum)
        {
            throw ApiErrors.ParameterMinimum(name, minimum);
        }

        if (value > maximum)
        {
            throw ApiErrors.ParameterMaximum(name, maximum);
        }
    }

    /// <summary>A JSON-valued list parameter (a string holding a JSON array of strings), or null when absent.</summary>
    /// <exception cref="ApiException">Parameter.Format when the text is not a JSON array of strings.</exception>
    public IReadOnlyList<string>? GetJsonStringArray(string name)
    {
        var text = Get(name);
        if (text is null)
        {
            return null;
        }

        using var document = JsonText.TryParse(text) ?? throw ApiErrors.ParameterFormat(name, "Expected a JSON array of strings (valid Unicode).");
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw ApiErrors.ParameterFormat(name, "Expected a JSON array of strings.");
        }

        return document.RootElement.EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw ApiErrors.ParameterFormat(name, "Expected a JSON array of strings."))
            .ToList();
    }

    /// <summary>An optional enumeration parameter, compared ignoring case and returned in its canonical spelling.</summary>
    public string? GetEnum(string name, IReadOnlyList<string> allowed)
    {
        var value = Get(name);
        if (value is null)
        {
            return null;
        }

        return allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase))
            ?? throw ApiErrors.ParameterEnumeration(name, allowed);
    }
}
