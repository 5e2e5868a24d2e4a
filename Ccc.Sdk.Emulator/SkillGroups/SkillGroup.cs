namespace Ccc.Sdk.Emulator.SkillGroups;

/// <summary>A skill group (queue) of an instance. Membership lives on the agents (<see cref="Agents.Agent.SkillLevels"/>).</summary>
internal sealed class SkillGroup
{
    public required string SkillGroupId { get; init; }

    public required string Name { get; init; }

    public string DisplayName { get; set; } = "";

    public string Description { get; set; } = "";

    public string MediaType { get; set; } = "VOICE";
}
