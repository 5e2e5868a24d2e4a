using Ccc.Sdk.Emulator.Gateway;
using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Numbers;

/// <summary>ListPhoneNumbersOfSkillGroup item: the description's model.</summary>
internal sealed class SkillGroupNumberDto
{
    public required string Number { get; init; }
    public required bool Active { get; init; }
    public required string Usage { get; init; }
    public required string Province { get; init; }
    public required string City { get; init; }
    public required string ContactFlowId { get; init; }
    public required string InstanceId { get; init; }
}

/// <summary>ListPersonalNumbersOfUser item: the description's model.</summary>
internal sealed class PersonalNumberDto
{
    public required string Number { get; init; }
    public required bool Active { get; init; }
    public required string Province { get; init; }
    public required string City { get; init; }
    public required string ContactFlowId { get; init; }
    public required string InstanceId { get; init; }
}

/// <summary>
/// Numbers of skill groups and personal numbers of users (issue 13): AddNumbersToSkillGroup,
/// RemovePhoneNumbersFromSkillGroup, AddPhoneNumberToSkillGroups, RemovePhoneNumberFromSkillGroups,
/// ListPhoneNumbersOfSkillGroup, AddPersonalNumbersToUser, RemovePersonalNumbersFromUser, ListPersonalNumbersOfUser.
/// Inbound routing (a number's groups) and the caller ids an agent may use (MakeCall) read the same bindings, so a
/// change applies to the next call. Every number and group is checked before anything changes.
/// </summary>
internal static class NumberAdminActions
{
    public static void Register(ActionRegistry registry)
    {
        registry.Add("AddNumbersToSkillGroup", AddNumbersToSkillGroup);
        registry.Add("RemovePhoneNumbersFromSkillGroup", RemovePhoneNumbersFromSkillGroup);
        registry.Add("AddPhoneNumberToSkillGroups", AddPhoneNumberToSkillGroups);
        registry.Add("RemovePhoneNumberFromSkillGroups", RemovePhoneNumberFromSkillGroups);
        registry.Add("ListPhoneNumbersOfSkillGroup", ListPhoneNumbersOfSkillGroup);
        registry.Add("AddPersonalNumbersToUser", AddPersonalNumbersToUser);
        registry.Add("RemovePersonalNumbersFromUser", RemovePersonalNumbersFromUser);
        registry.Add("ListPersonalNumbersOfUser", ListPersonalNumbersOfUser);
    }

    /// <summary>
    /// <c>NumberList</c> is a JSON string array of the instance's numbers. <c>InstNumberGroupIdList</c> (number groups)
    /// is not simulated: Parameter.Invalid when given.
    /// </summary>
    private static object AddNumbersToSkillGroup(ActionContext context)
    {
        if (context.Get("InstNumberGroupIdList") is not null)
        {
            throw ApiErrors.ParameterInvalid("InstNumberGroupIdList", "Number groups are not simulated; send NumberList");
        }

        return ChangeBindings(context, RequireList(context, "NumberList"), [context.Require("SkillGroupId")], bind: true);
    }

    private static object RemovePhoneNumbersFromSkillGroup(ActionContext context) =>
        ChangeBindings(context, RequireList(context, "NumberList"), [context.Require("SkillGroupId")], bind: false);

    private static object AddPhoneNumberToSkillGroups(ActionContext context) =>
        ChangeBindings(context, [context.Require("Number")], RequireList(context, "SkillGroupIdList"), bind: true);

    private static object RemovePhoneNumberFromSkillGroups(ActionContext context) =>
        ChangeBindings(context, [context.Require("Number")], RequireList(context, "SkillGroupIdList"), bind: false);

    /// <summary>Binds every number to every group, or unbinds them, after checking all of both.</summary>
    private static object ChangeBindings(ActionContext context, IReadOnlyList<string> numbers, IReadOnlyList<string> groups, bool bind)
    {
        var instance = context.Instance;
        lock (instance.Gate)
        {
            instance.RequireSkillGroups(groups);
            foreach (var phone in RequireNumbers(instance, numbers))
            {
                foreach (var group in groups)
                {
                    if (!bind)
                    {
                        phone.SkillGroupIds.Remove(group);
                    }
                    else if (!phone.SkillGroupIds.Contains(group))
                    {
                        phone.SkillGroupIds.Add(group);
                    }
                }
            }

            return null!;
        }
    }

    /// <summary>The group's numbers (<c>IsMember</c> true) or the instance's other numbers (false).</summary>
    private static object ListPhoneNumbersOfSkillGroup(ActionContext context)
    {
        var paging = context.GetPaging();
        var skillGroupId = context.Require("SkillGroupId");
        var member = context.GetBool("IsMember") ?? true;
        var active = context.GetBool("Active");
        var pattern = context.Get("SearchPattern");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            instance.GetSkillGroup(skillGroupId);
            var items = instance.PhoneNumbers.Values
                .Where(n => n.SkillGroupIds.Contains(skillGroupId) == member)
                .Where(n => active is null || n.Active == active)
                .Where(n => pattern is null || n.Number.Contains(pattern, StringComparison.Ordinal))
                .OrderBy(n => n.Number, StringComparer.Ordinal)
                .Select(n => new SkillGroupNumberDto
                {
                    Number = n.Number,
                    Active = n.Active,
                    Usage = n.Usage,
                    Province = n.Province,
                    City = n.City,
                    ContactFlowId = n.ContactFlowId,
                    InstanceId = instance.InstanceId,
                })
                .ToList();
            return paging.Apply(items);
        }
    }

    /// <summary>
    /// Makes the numbers the agent's personal outbound numbers. Each must be the instance's, outbound-capable (rule
    /// N2) and nobody else's personal number (Parameter.Invalid). <c>Data</c> lists the numbers added.
    /// </summary>
    private static object AddPersonalNumbersToUser(ActionContext context)
    {
        var userId = context.Require("UserId");
        var numbers = RequireList(context, "NumberList");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var agent = instance.GetUser(userId);
            var phones = RequireNumbers(instance, numbers);
            foreach (var phone in phones)
            {
                if (!NumberUsages.CanDialOut(phone.Usage))
                {
                    throw ApiErrors.NumberInboundOnly("NumberList", phone.Number);
                }

                if (phone.UserId.Length > 0 && phone.UserId != agent.UserId)
                {
                    throw ApiErrors.ParameterInvalid("NumberList", $"Number {phone.Number} is already a personal number of another user");
                }
            }

            foreach (var phone in phones)
            {
                phone.UserId = agent.UserId;
                if (!agent.PersonalNumbers.Contains(phone.Number))
                {
                    agent.PersonalNumbers.Add(phone.Number);
                }
            }

            return phones.Select(p => p.Number).ToList();
        }
    }

    /// <summary>Each number must be a personal number of this agent (Parameter.Invalid otherwise).</summary>
    private static object RemovePersonalNumbersFromUser(ActionContext context)
    {
        var userId = context.Require("UserId");
        var numbers = RequireList(context, "NumberList");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var agent = instance.GetUser(userId);
            var phones = RequireNumbers(instance, numbers);
            foreach (var phone in phones.Where(p => p.UserId != agent.UserId))
            {
                throw ApiErrors.ParameterInvalid("NumberList", $"Number {phone.Number} is not a personal number of user {agent.UserId}");
            }

            foreach (var phone in phones)
            {
                phone.UserId = "";
                agent.PersonalNumbers.Remove(phone.Number);
            }

            return null!;
        }
    }

    /// <summary>The agent's personal numbers (<c>IsMember</c> true), or the instance's numbers that are not (false).</summary>
    private static object ListPersonalNumbersOfUser(ActionContext context)
    {
        var paging = context.GetPaging();
        var userId = context.Require("UserId");
        var member = context.GetBool("IsMember") ?? true;
        var pattern = context.Get("SearchPattern");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var agent = instance.GetUser(userId);
            var items = instance.PhoneNumbers.Values
                .Where(n => (n.UserId == agent.UserId) == member)
                .Where(n => pattern is null || n.Number.Contains(pattern, StringComparison.Ordinal))
                .OrderBy(n => n.Number, StringComparer.Ordinal)
                .Select(n => new PersonalNumberDto
                {
                    Number = n.Number,
                    Active = n.Active,
                    Province = n.Province,
                    City = n.City,
                    ContactFlowId = n.ContactFlowId,
                    InstanceId = instance.InstanceId,
                })
                .ToList();
            return paging.Apply(items);
        }
    }

    private static IReadOnlyList<string> RequireList(ActionContext context, string name) =>
        context.GetJsonStringArray(name) is { Count: > 0 } list ? list.Distinct(StringComparer.Ordinal).ToList() : throw ApiErrors.ParameterBlank(name);

    /// <summary>Caller holds the lock.</summary>
    private static List<PhoneNumber> RequireNumbers(CccInstance instance, IEnumerable<string> numbers) =>
        numbers.Select(n => instance.PhoneNumbers.GetValueOrDefault(n) ?? throw ApiErrors.NumberNotFound(n, instance.InstanceId)).ToList();
}
