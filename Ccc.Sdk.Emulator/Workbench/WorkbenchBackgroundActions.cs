using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.Emulator.Calls;
using Ccc.Sdk.Emulator.Gateway;
using Ccc.Sdk.Emulator.Instances;
using Ccc.Sdk.Emulator.Numbers;

namespace Ccc.Sdk.Emulator.Workbench;

/// <summary>
/// The background actions the cloud's Workbench script calls when it starts and when it dials (ListConfigItems,
/// GetTurnServerList, GetTurnCredentials, ListDevices, PickOutboundNumbers, SaveTerminalLog), answered from the
/// instance's state. The emulator has no TURN server: the TURN answers name the emulator's own host and credentials
/// nothing checks (docs/emulator.md, "The softphone script's background actions").
/// </summary>
internal static class WorkbenchBackgroundActions
{
    /// <summary>The <c>ObjectType</c>s of ListConfigItems.</summary>
    public static readonly IReadOnlyList<string> ObjectTypes = [InstanceObject, UserObject];

    /// <summary>How many SaveTerminalLog entries an instance keeps (the oldest are dropped).</summary>
    public const int TerminalLogCapacity = 1000;

    /// <summary>How long a GetTurnCredentials answer is valid for.</summary>
    public static readonly TimeSpan TurnCredentialLifetime = TimeSpan.FromHours(24);

    private const string InstanceObject = "INSTANCE";
    private const string UserObject = "USER";

    private static readonly byte[] TurnSecret = RandomNumberGenerator.GetBytes(32);
    private static readonly ConditionalWeakTable<CccInstance, TerminalLog> TerminalLogs = [];

    public static void Register(ActionRegistry registry)
    {
        registry.Add("ListConfigItems", ListConfigItems);
        registry.Add("GetTurnServerList", GetTurnServerList);
        registry.Add("GetTurnCredentials", GetTurnCredentials);
        registry.Add("ListDevices", ListDevices);
        registry.Add("PickOutboundNumbers", PickOutboundNumbers);
        registry.Add("SaveTerminalLog", SaveTerminalLog);
    }

    /// <summary>The terminal logs <paramref name="instance"/> received, oldest first (tests and diagnostics).</summary>
    public static IReadOnlyList<TerminalLogEntry> TerminalLogOf(CccInstance instance)
    {
        lock (instance.Gate)
        {
            return [.. TerminalLogs.GetValue(instance, _ => new TerminalLog()).Entries];
        }
    }

    /// <summary>
    /// <c>INSTANCE</c> (ObjectId = the instance): its call settings and break codes, named as in the control API;
    /// <c>USER</c> (ObjectId = a user): the agent's work mode and extension.
    /// </summary>
    private static object ListConfigItems(ActionContext context)
    {
        var objectType = context.GetEnum("ObjectType", ObjectTypes) ?? throw ApiErrors.ParameterBlank("ObjectType");
        var objectId = context.Require("ObjectId");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            if (objectType == InstanceObject)
            {
                if (!string.Equals(objectId, instance.InstanceId, StringComparison.Ordinal))
                {
                    throw ApiErrors.ParameterInvalid("ObjectId", "An INSTANCE config object is the instance itself");
                }

                var s = instance.Calls.Settings;
                return new List<ConfigItemDto>
                {
                    Item(instance, objectType, objectId, "afterCallWorkSeconds", Text(s.AfterCallWorkSeconds)),
                    Item(instance, objectType, objectId, "agentRingTimeoutSeconds", Text(s.AgentRingTimeoutSeconds)),
                    Item(instance, objectType, objectId, "breakCodes", string.Join(',', instance.BreakCodes)),
                    Item(instance, objectType, objectId, "dailyCallsPerCallee", Text(s.DailyCallsPerCallee)),
                    Item(instance, objectType, objectId, "familiarAgentRouting", s.FamiliarAgentRouting ? "true" : "false"),
                    Item(instance, objectType, objectId, "hideCustomerNumbers", s.HideCustomerNumbers ? "true" : "false"),
                    Item(instance, objectType, objectId, "outboundConcurrencyPerNumber", Text(s.OutboundConcurrencyPerNumber)),
                    Item(instance, objectType, objectId, "queuingTimeoutSeconds", Text(s.QueuingTimeoutSeconds)),
                };
            }

            var agent = instance.GetUser(objectId);
            return new List<ConfigItemDto>
            {
                Item(instance, objectType, objectId, "extension", agent.Extension),
                Item(instance, objectType, objectId, "workMode", agent.WorkMode),
            };
        }
    }

    /// <summary>Data is JSON text of <c>[{region, name, domain, cidr}]</c>: one access point on the emulator's own host, where no TURN server listens.</summary>
    private static object GetTurnServerList(ActionContext context)
    {
        _ = context.Instance; // NotExists.InstanceId as the cloud.
        var host = HostOf(context.PublicHost);
        var cidr = System.Net.IPAddress.TryParse(host, out var address)
            ? $"{host}/{(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32)}"
            : "127.0.0.1/32";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WriteString("region", "default");
            writer.WriteString("name", "emulator (no TURN server)");
            writer.WriteString("domain", host);
            writer.WriteString("cidr", cidr);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// Time-limited credentials in the TURN REST form: <c>UserName</c> = <c>{expiry unix seconds}:{UserId}</c>,
    /// <c>Password</c> = Base64(HMAC-SHA1(the emulator's random key, UserName)). The user must exist.
    /// </summary>
    private static object GetTurnCredentials(ActionContext context)
    {
        var userId = context.UserIdOrCaller();
        var instance = context.Instance;
        lock (instance.Gate)
        {
            _ = instance.GetUser(userId);
        }

        var expires = context.State.Time.GetUtcNow().Add(TurnCredentialLifetime).ToUnixTimeSeconds();
        var userName = string.Create(CultureInfo.InvariantCulture, $"{expires}:{userId}");
        var password = Convert.ToBase64String(HMACSHA1.HashData(TurnSecret, Encoding.UTF8.GetBytes(userName)));
        return new TurnCredentialsDto(userName, password);
    }

    /// <summary>The softphones of signed-in agents (their SignInGroup <c>DeviceId</c>): <c>UserId</c>'s, else the calling agent's, else every agent's.</summary>
    private static object ListDevices(ActionContext context)
    {
        var userId = context.Get("UserId") ?? context.Caller.UserId;
        var instance = context.Instance;
        lock (instance.Gate)
        {
            IEnumerable<Agents.Agent> agents = userId is null
                ? instance.Users.Values.OrderBy(a => a.UserId, StringComparer.Ordinal)
                : [instance.GetUser(userId)];
            return agents
                .Where(a => a.IsSignedIn && a.DeviceId.Length > 0)
                .Select(a => new DeviceDto(a.DeviceId, a.Extension, instance.InstanceId, a.UserId))
                .ToList();
        }
    }

    /// <summary>
    /// Up to <c>Count</c> (default 1, at most 100) caller numbers for <c>CalledNumber</c> from the active outbound
    /// numbers of <c>SkillGroupIdList</c>'s groups, in rule O1's order: same city as the callee, then same province,
    /// then the rest, least busy first, ties by number. No such number: an empty list.
    /// </summary>
    private static object PickOutboundNumbers(ActionContext context)
    {
        var called = context.Require("CalledNumber");
        var normalized = NumberLocationTable.Normalize(called);
        if (normalized.Length is < 3 or > 20 || !normalized.All(char.IsAsciiDigit))
        {
            throw ApiErrors.ParameterFormat("CalledNumber", "Use digits only, optionally after '+'.");
        }

        var count = context.GetInt("Count") ?? 1;
        ActionContext.CheckRange("Count", count, 1, Paging.Maximum);
        var groups = context.GetJsonStringArray("SkillGroupIdList") ?? throw ApiErrors.ParameterBlank("SkillGroupIdList");
        var location = context.State.Locations.Find(called);
        var callee = new NumberEndDto(called, location?.Province ?? "", location?.City ?? "");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            instance.RequireSkillGroups(groups);

            var wanted = groups.ToHashSet(StringComparer.Ordinal);
            return instance.PhoneNumbers.Values
                .Where(n => n.Active && NumberUsages.CanDialOut(n.Usage) && n.SkillGroupIds.Any(wanted.Contains))
                .OrderBy(n => Closeness(n, location))
                .ThenBy(n => instance.Calls.OutboundInUse.GetValueOrDefault(n.Number))
                .ThenBy(n => n.Number, StringComparer.Ordinal)
                .Take(count)
                .Select(n => new OutboundPairDto(new NumberEndDto(n.Number, n.Province, n.City), callee))
                .ToList();
        }
    }

    /// <summary>Keeps the script's log line (the last <see cref="TerminalLogCapacity"/> per instance); nothing else reads it.</summary>
    private static object SaveTerminalLog(ActionContext context)
    {
        var entry = new TerminalLogEntry(
            context.NowMilliseconds,
            context.Require("AppName"),
            context.Require("CallId"),
            context.Require("JobId"),
            context.GetInt("DataType") ?? throw ApiErrors.ParameterBlank("DataType"),
            context.Require("Status"),
            context.Get("MethodName"),
            context.Require("UniqueRequestId"),
            context.Require("Content"));
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var log = TerminalLogs.GetValue(instance, _ => new TerminalLog()).Entries;
            if (log.Count == TerminalLogCapacity)
            {
                log.Dequeue();
            }

            log.Enqueue(entry);
        }

        return null!;
    }

    private static int Closeness(PhoneNumber number, NumberLocation? callee) =>
        callee is null ? 2
        : callee.City.Length > 0 && number.City == callee.City ? 0
        : callee.Province.Length > 0 && number.Province == callee.Province ? 1
        : 2;

    private static ConfigItemDto Item(CccInstance instance, string objectType, string objectId, string name, string value) =>
        new(instance.InstanceId, objectType, objectId, name, value);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string HostOf(string publicHost)
    {
        if (publicHost.StartsWith('['))
        {
            var end = publicHost.IndexOf(']', StringComparison.Ordinal);
            return end > 0 ? publicHost[1..end] : publicHost;
        }

        var colon = publicHost.LastIndexOf(':');
        return colon > 0 ? publicHost[..colon] : publicHost;
    }

    private sealed class TerminalLog
    {
        public Queue<TerminalLogEntry> Entries { get; } = new();
    }
}

/// <summary>One SaveTerminalLog request, as the instance keeps it.</summary>
internal sealed record TerminalLogEntry(
    long Time, string AppName, string CallId, string JobId, int DataType, string Status, string? MethodName, string UniqueRequestId, string Content);
