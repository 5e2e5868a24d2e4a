using System.Text.Json.Serialization;
using Ccc.Sdk.Emulator.Agents;
using Ccc.Sdk.Emulator.Instances;
using Ccc.Sdk.Emulator.Numbers;
using Ccc.Sdk.Emulator.SkillGroups;

namespace Ccc.Sdk.Emulator.Gateway;

/// <summary>
/// Source-generated JSON for every wire and seed type. <see cref="Envelope.Data"/> is typed <c>object</c>, so
/// each Data type must be listed here: the serializer resolves the runtime type through this context.
/// Property names are the C# names, which are the cloud's PascalCase names.
/// </summary>
[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonNode))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonArray))]
[JsonSerializable(typeof(SeedDocument))]
[JsonSerializable(typeof(PagedList<UserListItemDto>))]
[JsonSerializable(typeof(PagedList<UserSkillLevelItemDto>))]
[JsonSerializable(typeof(UserDetailDto))]
[JsonSerializable(typeof(CreatedUserDto))]
[JsonSerializable(typeof(UserContextDto))]
[JsonSerializable(typeof(LoginDetailsDto))]
[JsonSerializable(typeof(UserStatusDto))]
[JsonSerializable(typeof(PagedList<SkillGroupDto>))]
[JsonSerializable(typeof(SkillGroupDetailDto))]
[JsonSerializable(typeof(CreatedSkillGroupDto))]
[JsonSerializable(typeof(PagedList<UserLevelOfSkillGroupDto>))]
[JsonSerializable(typeof(PagedList<PhoneNumberDto>))]
[JsonSerializable(typeof(NumberLocationDto))]
[JsonSerializable(typeof(PagedList<OutboundNumberDto>))]
[JsonSerializable(typeof(Calls.CallControlDataDto))]
[JsonSerializable(typeof(Calls.CallEvent))]
[JsonSerializable(typeof(Records.CallDetailRecord))]
[JsonSerializable(typeof(Records.MonoRecordingDto))]
[JsonSerializable(typeof(Records.MultiChannelRecordingDto))]
[JsonSerializable(typeof(List<Records.MonoRecordingItemDto>))]
[JsonSerializable(typeof(List<Records.MultiChannelRecordingItemDto>))]
[JsonSerializable(typeof(Events.SubscriptionDto))]
[JsonSerializable(typeof(PagedList<System.Text.Json.Nodes.JsonObject>))]
// Users administration (issue 13).
[JsonSerializable(typeof(List<RoleDto>))]
[JsonSerializable(typeof(List<PrivilegeDto>))]
[JsonSerializable(typeof(PagedList<SkillGroupNumberDto>))]
[JsonSerializable(typeof(PagedList<PersonalNumberDto>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(PagedList<Compliance.DoNotCallNumberDto>))]
[JsonSerializable(typeof(List<Compliance.BlacklistCallTaggingDto>))]
[JsonSerializable(typeof(List<Workbench.ConfigItemDto>))]
[JsonSerializable(typeof(Workbench.TurnCredentialsDto))]
[JsonSerializable(typeof(List<Workbench.DeviceDto>))]
[JsonSerializable(typeof(List<Workbench.OutboundPairDto>))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;
