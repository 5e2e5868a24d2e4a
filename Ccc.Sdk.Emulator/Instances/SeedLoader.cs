using System.Text.Json;
using Ccc.Sdk.Emulator.Agents;
using Ccc.Sdk.Emulator.Gateway;
using Ccc.Sdk.Emulator.Numbers;
using Ccc.Sdk.Emulator.SkillGroups;

namespace Ccc.Sdk.Emulator.Instances;

/// <summary>Builds the <see cref="EmulatorState"/> from the built-in seed and an optional seed file.</summary>
internal static class SeedLoader
{
    /// <exception cref="InvalidOperationException">The seed file is unreadable or inconsistent.</exception>
    public static EmulatorState Load(string? seedFile, TimeProvider time)
    {
        var builtIn = BuiltInSeed.Create();
        var instances = builtIn.Instances.ToDictionary(i => i.InstanceId, StringComparer.Ordinal);
        var locations = builtIn.NumberLocations.ToDictionary(l => l.Prefix, StringComparer.Ordinal);
        var phones = new Dictionary<string, System.Text.Json.JsonElement>(StringComparer.Ordinal);

        if (!string.IsNullOrEmpty(seedFile))
        {
            SeedDocument file;
            try
            {
                using var stream = File.OpenRead(seedFile);
                file = JsonSerializer.Deserialize(stream, EmulatorJsonContext.Default.SeedDocument)
                    ?? throw new InvalidOperationException($"Seed file '{seedFile}' is empty.");
            }
            catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"Seed file '{seedFile}' cannot be read: {e.Message}", e);
            }

            if (file.ReplaceBuiltIn)
            {
                instances.Clear();
            }

            foreach (var instance in file.Instances)
            {
                instances[instance.InstanceId] = instance;
            }

            foreach (var location in file.NumberLocations)
            {
                locations[location.Prefix] = location;
            }

            foreach (var (number, behavior) in file.Phones)
            {
                phones[number] = behavior;
            }
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var state = new EmulatorState(
            time,
            instances.Values.Select(i => Build(i, now)).ToList(),
            new NumberLocationTable(locations.Values.Select(l => new NumberLocation(l.Prefix, l.Province, l.City))));
        foreach (var (number, behavior) in phones)
        {
            try
            {
                state.Engine.Phones.Set(number, Control.ControlJson.ParsePhone(behavior));
            }
            catch (Control.ControlApiException e)
            {
                throw new InvalidOperationException($"Invalid seed: phone {number}: {e.Message}", e);
            }
        }

        return state;
    }

    private static CccInstance Build(SeedInstance seed, long now)
    {
        if (string.IsNullOrWhiteSpace(seed.InstanceId))
        {
            throw new InvalidOperationException("A seed instance has no InstanceId.");
        }

        var id = seed.InstanceId;
        var instance = new CccInstance(id);
        instance.BreakCodes.AddRange(seed.BreakCodes.Count > 0 ? seed.BreakCodes : ["default"]);
        foreach (var role in seed.Roles.Count > 0 ? seed.Roles : [new SeedRole { RoleId = "Agent@" + id, RoleName = "Agent" }])
        {
            instance.Roles[role.RoleId] = role.RoleName;
        }

        foreach (var group in seed.SkillGroups)
        {
            var skillGroupId = group.Name + "@" + id;
            instance.SkillGroups[skillGroupId] = new SkillGroup
            {
                SkillGroupId = skillGroupId,
                Name = group.Name,
                DisplayName = group.DisplayName.Length > 0 ? group.DisplayName : group.Name,
                Description = group.Description,
                MediaType = group.MediaType,
            };
        }

        long ramId = 1_000_000_000_000_000L;
        foreach (var user in seed.Users)
        {
            var userId = user.LoginName + "@" + id;
            Require(instance.Roles.ContainsKey(user.RoleId), $"User {userId} has unknown role '{user.RoleId}'.");
            Require(WorkModes.All.Contains(user.WorkMode), $"User {userId} has unknown work mode '{user.WorkMode}'.");
            var agent = new Agent
            {
                UserId = userId,
                LoginName = user.LoginName,
                DisplayName = user.DisplayName.Length > 0 ? user.DisplayName : user.LoginName,
                DisplayId = user.DisplayId,
                Email = user.Email,
                Mobile = user.Mobile,
                Extension = user.Extension.Length > 0 ? user.Extension : instance.NextExtension(),
                RoleId = user.RoleId,
                WorkMode = user.WorkMode,
                RamId = ++ramId,
                StateTime = now,
                Heartbeat = now,
            };
            foreach (var level in user.SkillLevels)
            {
                Require(instance.SkillGroups.ContainsKey(level.SkillGroupId), $"User {userId} is in unknown skill group '{level.SkillGroupId}'.");
                agent.SkillLevels.Add(new SkillLevel(level.SkillGroupId, level.SkillLevel));
            }

            Require(instance.Users.TryAdd(userId, agent), $"User {userId} is seeded twice.");
        }

        foreach (var number in seed.PhoneNumbers)
        {
            Require(NumberUsages.All.Contains(number.Usage), $"Number {number.Number} has unknown usage '{number.Usage}'.");
            var phone = new PhoneNumber
            {
                Number = number.Number,
                Active = number.Active,
                Usage = number.Usage,
                Provider = number.Provider,
                Province = number.Province,
                City = number.City,
                ContactFlowId = number.ContactFlowId,
                ContactFlowName = number.ContactFlowName,
                Tags = number.Tags,
                UserId = number.UserId,
                CreateTime = now,
            };
            foreach (var skillGroupId in number.SkillGroupIds)
            {
                Require(instance.SkillGroups.ContainsKey(skillGroupId), $"Number {number.Number} is bound to unknown skill group '{skillGroupId}'.");
                phone.SkillGroupIds.Add(skillGroupId);
            }

            if (phone.UserId.Length > 0)
            {
                Require(instance.Users.TryGetValue(phone.UserId, out var owner), $"Number {number.Number} belongs to unknown user '{phone.UserId}'.");
                owner!.PersonalNumbers.Add(phone.Number);
            }

            Require(instance.PhoneNumbers.TryAdd(phone.Number, phone), $"Number {number.Number} is seeded twice.");
            if (number.MaxOutboundConcurrency > 0)
            {
                instance.Calls.NumberConcurrency[phone.Number] = number.MaxOutboundConcurrency;
            }
        }

        if (seed.CallSettings is { } settings)
        {
            try
            {
                Control.ControlJson.ApplySettings(instance, settings);
            }
            catch (Control.ControlApiException e)
            {
                throw new InvalidOperationException($"Invalid seed: CallSettings of {id}: {e.Message}", e);
            }
        }

        return instance;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Invalid seed: " + message);
        }
    }
}
