using System.Text.Json;

namespace Ccc.Sdk.Softphone;

/// <summary>A skill group to check in to (an item of <c>register()</c>'s and <c>logIn()</c>'s array), as
/// <c>ListSkillLevelsOfUser</c> returns it.</summary>
/// <param name="SkillGroupId">The skill group's id.</param>
/// <param name="SkillGroupName">The skill group's name.</param>
/// <param name="SkillLevel">The agent's level in the group (1 to 10).</param>
public sealed record SkillGroupLogin(string SkillGroupId, string? SkillGroupName = null, int SkillLevel = 1);

/// <summary>The softphone is registered (<c>onRegister</c>).</summary>
/// <param name="Config">The SDK's registration config, as sent; <see cref="JsonValueKind.Undefined"/> when absent.</param>
public sealed record RegisterConfig(JsonElement Config);
