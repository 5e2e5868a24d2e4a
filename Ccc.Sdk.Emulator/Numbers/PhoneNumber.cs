namespace Ccc.Sdk.Emulator.Numbers;

/// <summary>Number usages of the cloud.</summary>
internal static class NumberUsages
{
    public const string Inbound = "Inbound";
    public const string Outbound = "Outbound";
    public const string Bidirection = "Bidirection";

    public static readonly string[] All = [Inbound, Outbound, Bidirection];

    public static bool CanDialOut(string usage) => usage is Outbound or Bidirection;
}

/// <summary>A phone number of an instance, bound to skill groups (or to one agent as a personal number).</summary>
internal sealed class PhoneNumber
{
    public required string Number { get; init; }

    public bool Active { get; set; } = true;

    public string Usage { get; set; } = NumberUsages.Bidirection;

    public string Provider { get; set; } = "CMCC";

    public string Province { get; set; } = "";

    public string City { get; set; } = "";

    public string ContactFlowId { get; set; } = "";

    public string ContactFlowName { get; set; } = "";

    /// <summary>Epoch milliseconds.</summary>
    public long CreateTime { get; set; }

    public string Tags { get; set; } = "";

    /// <summary>Owner agent for a personal number, else empty.</summary>
    public string UserId { get; set; } = "";

    public List<string> SkillGroupIds { get; } = [];
}
