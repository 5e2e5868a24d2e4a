namespace Ccc.Sdk.Emulator.Numbers;

internal sealed record NumberSkillGroupDto(string SkillGroupId, string Name, string DisplayName, string InstanceId);

/// <summary>ListPhoneNumbers item (docs/reference/api-conventions.md#shapes-and-enums).</summary>
internal sealed class PhoneNumberDto
{
    public required string Number { get; init; }
    public required bool Active { get; init; }
    public required string Usage { get; init; }
    public required string Provider { get; init; }
    public required string Province { get; init; }
    public required string City { get; init; }
    public required string ContactFlowId { get; init; }
    public required string ContactFlowName { get; init; }

    /// <summary>Epoch milliseconds, as a JSON string (the cloud's model types it string).</summary>
    public required string CreateTime { get; init; }
    public required string Tags { get; init; }
    public required string UserId { get; init; }
    public required string InstanceId { get; init; }
    public required IReadOnlyList<NumberSkillGroupDto> SkillGroups { get; init; }
}

/// <summary>
/// GetNumberLocation Data. Shape from the Go SDK <c>ccc-20200701/client/get_number_location_response_body_model.go</c>:
/// <c>Data {City, Number, Province}</c>, no <c>Params</c>; request <c>InstanceId*</c>, <c>Number*</c>.
/// </summary>
internal sealed record NumberLocationDto(string Number, string Province, string City);

/// <summary>
/// ListOutboundNumbersOfUser item. Shape from the Go SDK
/// <c>ccc-20200701/client/list_outbound_numbers_of_user_response_body_model.go</c>: paged
/// <c>Data {List[{City, Number, Provider, ProviderCode (deprecated), ProviderDisplayName (deprecated),
/// ProviderShortName, ProviderType, Province}], PageNumber, PageSize, TotalCount}</c>, no <c>Params</c>;
/// request (list_outbound_numbers_of_user_request_model.go) <c>InstanceId*</c>, <c>PageNumber*</c>,
/// <c>PageSize*</c>, <c>UserId</c>, <c>SkillGroupIdList</c> (JSON array; the agent must be a member).
/// </summary>
internal sealed class OutboundNumberDto
{
    public required string Number { get; init; }
    public required string Province { get; init; }
    public required string City { get; init; }
    public required string Provider { get; init; }
    public required string ProviderCode { get; init; }
    public required string ProviderDisplayName { get; init; }
    public required string ProviderShortName { get; init; }
    public required string ProviderType { get; init; }
}
