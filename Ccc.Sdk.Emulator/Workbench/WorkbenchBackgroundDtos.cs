namespace Ccc.Sdk.Emulator.Workbench;

/// <summary>ListConfigItems item (api/ccc-api-2020-07-01.json): <c>{InstanceId, Name, ObjectId, ObjectType, Value}</c>.</summary>
internal sealed record ConfigItemDto(string InstanceId, string ObjectType, string ObjectId, string Name, string Value);

/// <summary>GetTurnCredentials Data: <c>{UserName, Password}</c>.</summary>
internal sealed record TurnCredentialsDto(string UserName, string Password);

/// <summary>
/// ListDevices item: the agent's signed-in softphone. Of the model's <c>{CallId, Contact, DeviceId, DeviceType,
/// Expires, Extension, InstanceId, UserId}</c> only what the emulator knows is written: the SIP registration fields
/// (<c>CallId</c>, <c>Contact</c>, <c>Expires</c>) and <c>DeviceType</c> are left out, as the emulator has no SIP.
/// </summary>
internal sealed record DeviceDto(string DeviceId, string Extension, string InstanceId, string UserId);

/// <summary>One end of a PickOutboundNumbers pair: <c>{Number, Province, City}</c>.</summary>
internal sealed record NumberEndDto(string Number, string Province, string City);

/// <summary>PickOutboundNumbers item: <c>{Caller, Callee}</c>.</summary>
internal sealed record OutboundPairDto(NumberEndDto Caller, NumberEndDto Callee);
