using Ccc.Sdk.Emulator.Gateway;

namespace Ccc.Sdk.Emulator.Numbers;

/// <summary>ListPhoneNumbers, GetNumberLocation, ListOutboundNumbersOfUser.</summary>
internal static class NumberActions
{
    public static void Register(ActionRegistry registry)
    {
        // None of these response models has Params (docs/reference/api-conventions.md#response-envelope and the Go SDK models).
        registry.Add("ListPhoneNumbers", ListPhoneNumbers);
        registry.Add("GetNumberLocation", GetNumberLocation);
        registry.Add("ListOutboundNumbersOfUser", ListOutboundNumbersOfUser);
        NumberAdminActions.Register(registry);
    }

    private static object ListPhoneNumbers(ActionContext context)
    {
        var paging = context.GetPaging();
        var pattern = context.Get("SearchPattern");
        var usage = context.GetEnum("Usage", NumberUsages.All);
        var active = context.GetBool("Active");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var numbers = instance.PhoneNumbers.Values
                .Where(n => pattern is null || n.Number.Contains(pattern, StringComparison.Ordinal))
                .Where(n => usage is null || n.Usage == usage)
                .Where(n => active is null || n.Active == active)
                .OrderBy(n => n.Number, StringComparer.Ordinal)
                .Select(n => new PhoneNumberDto
                {
                    Number = n.Number,
                    Active = n.Active,
                    Usage = n.Usage,
                    Provider = n.Provider,
                    Province = n.Province,
                    City = n.City,
                    ContactFlowId = n.ContactFlowId,
                    ContactFlowName = n.ContactFlowName,
                    CreateTime = n.CreateTime.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Tags = n.Tags,
                    UserId = n.UserId,
                    InstanceId = instance.InstanceId,
                    SkillGroups = n.SkillGroupIds
                        .Select(id => instance.SkillGroups[id])
                        .Select(g => new NumberSkillGroupDto(g.SkillGroupId, g.Name, g.DisplayName, instance.InstanceId))
                        .ToList(),
                })
                .ToList();
            return paging.Apply(numbers);
        }
    }

    /// <summary>Unknown prefixes give empty Province/City rather than an error (emulator choice).</summary>
    private static object GetNumberLocation(ActionContext context)
    {
        var number = context.Require("Number");
        if (!IsDialable(NumberLocationTable.Normalize(number)))
        {
            throw ApiErrors.ParameterFormat("Number", "Use digits only, optionally after '+'.");
        }

        _ = context.Instance; // NotExists.InstanceId as the cloud.
        var location = context.State.Locations.Find(number);
        return new NumberLocationDto(number, location?.Province ?? "", location?.City ?? "");
    }

    /// <summary>
    /// Numbers an agent may call out with: active Outbound/Bidirection numbers bound to the agent's skill groups
    /// (or to <c>SkillGroupIdList</c>, which must be groups of the agent), plus the agent's personal numbers.
    /// </summary>
    private static object ListOutboundNumbersOfUser(ActionContext context)
    {
        var paging = context.GetPaging();
        var requested = context.GetJsonStringArray("SkillGroupIdList");
        var userId = context.UserIdOrCaller();
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var agent = instance.GetUser(userId);
            var groups = agent.SkillLevels.Select(s => s.SkillGroupId).ToHashSet(StringComparer.Ordinal);
            if (requested is not null)
            {
                instance.RequireMemberGroups(agent, requested);
                groups = requested.ToHashSet(StringComparer.Ordinal);
            }

            var numbers = instance.PhoneNumbers.Values
                .Where(n => n.Active && NumberUsages.CanDialOut(n.Usage))
                .Where(n => n.UserId == agent.UserId || n.SkillGroupIds.Any(groups.Contains))
                .OrderBy(n => n.Number, StringComparer.Ordinal)
                .Select(n => new OutboundNumberDto
                {
                    Number = n.Number,
                    Province = n.Province,
                    City = n.City,
                    Provider = n.Provider,
                    ProviderCode = n.Provider,
                    ProviderDisplayName = n.Provider,
                    ProviderShortName = n.Provider,
                    ProviderType = n.Provider == "Partner" ? "PARTNER" : "CARRIER",
                })
                .ToList();
            return paging.Apply(numbers);
        }
    }

    private static bool IsDialable(string number) => number.Length is >= 3 and <= 20 && number.All(char.IsAsciiDigit);
}
