using System.Text.Json.Serialization;

namespace Ccc.Sdk;

/// <summary>A phone number of a CCC instance (<c>ListPhoneNumbers</c>).</summary>
public sealed class PhoneNumber
{
    /// <summary>The number.</summary>
    public string? Number { get; set; }

    /// <summary>Whether the number is active.</summary>
    public bool? Active { get; set; }

    /// <summary>The usage: <c>Inbound</c>, <c>Outbound</c> or <c>Bidirection</c>.</summary>
    public string? Usage { get; set; }

    /// <summary>The carrier.</summary>
    public string? Provider { get; set; }

    /// <summary>The province.</summary>
    public string? Province { get; set; }

    /// <summary>The city.</summary>
    public string? City { get; set; }

    /// <summary>The id of the contact flow (IVR) the number routes to.</summary>
    public string? ContactFlowId { get; set; }

    /// <summary>The name of that contact flow.</summary>
    public string? ContactFlowName { get; set; }

    /// <summary>When the number was added (epoch milliseconds on the wire).</summary>
    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? CreateTime { get; set; }

    /// <summary>The number's tags.</summary>
    public string? Tags { get; set; }

    /// <summary>The user the number is assigned to, for personal numbers.</summary>
    public string? UserId { get; set; }

    /// <summary>The instance id.</summary>
    public string? InstanceId { get; set; }

    /// <summary>The skill groups the number is bound to.</summary>
    public IReadOnlyList<PhoneNumberSkillGroup>? SkillGroups { get; set; }
}

/// <summary>A skill group a phone number is bound to.</summary>
public sealed class PhoneNumberSkillGroup
{
    /// <summary>The skill group id.</summary>
    public string? SkillGroupId { get; set; }

    /// <summary>The skill group name.</summary>
    public string? Name { get; set; }

    /// <summary>The display name.</summary>
    public string? DisplayName { get; set; }

    /// <summary>The instance id.</summary>
    public string? InstanceId { get; set; }
}

/// <summary>Where a phone number is registered (<c>GetNumberLocation</c>).</summary>
public sealed class NumberLocation
{
    /// <summary>The number asked about.</summary>
    public string? Number { get; set; }

    /// <summary>The province.</summary>
    public string? Province { get; set; }

    /// <summary>The city.</summary>
    public string? City { get; set; }
}

/// <summary>An outbound number a user may call from (<c>ListOutboundNumbersOfUser</c>).</summary>
public sealed class OutboundNumber
{
    /// <summary>The number.</summary>
    public string? Number { get; set; }

    /// <summary>The province.</summary>
    public string? Province { get; set; }

    /// <summary>The city.</summary>
    public string? City { get; set; }

    /// <summary>The carrier.</summary>
    public string? Provider { get; set; }

    /// <summary>The carrier's short name.</summary>
    public string? ProviderShortName { get; set; }

    /// <summary>The carrier type.</summary>
    public string? ProviderType { get; set; }
}
