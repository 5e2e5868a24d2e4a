using System.Globalization;
using System.Text.Json;
using Ccc.Sdk.Emulator.Calls;
using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Control;

/// <summary>A control-API request the emulator refuses: HTTP 400/403/404/405/409 with <c>{"code","message"}</c>.</summary>
internal sealed class ControlApiException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public static ControlApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ControlApiException NotFound(string message) => new(404, "NotFound", message);

    public static ControlApiException Conflict(string code, string message) => new(409, code, message);
}

/// <summary>
/// The JSON bodies shared by the control API and the seed file (property names compared ignoring case, unknown
/// properties refused so a typo cannot pass silently).
/// </summary>
internal static class ControlJson
{
    private static readonly string[] PhoneProperties = ["behavior", "answerAfterMs", "hangUpAfterMs", "earlyMediaAfterMs", "surveyDigit", "surveyAfterMs"];
    private static readonly string[] AgentProperties = ["autoAnswer", "answerAfterMs"];
    private static readonly string[] SettingsProperties =
    [
        "familiarAgentRouting", "afterCallWorkSeconds", "agentRingTimeoutSeconds", "queuingTimeoutSeconds", "queueOverflow",
        "workHours", "inboundBlacklist", "outboundBlacklist", "outboundConcurrencyPerNumber", "dailyCallsPerCallee", "hideCustomerNumbers",
    ];

    private const long MaxDelayMs = 24 * 3600 * 1000L;

    /// <exception cref="ControlApiException">400 for a malformed behaviour.</exception>
    public static PhoneBehavior ParsePhone(JsonElement body)
    {
        RequireObject(body, PhoneProperties);
        var behaviorText = String(body, "behavior") ?? throw ControlApiException.BadRequest("'behavior' is required: one of " + string.Join(", ", PhoneBehaviors.All) + ".");
        var behavior = PhoneBehaviors.All.FirstOrDefault(b => string.Equals(b, behaviorText, StringComparison.OrdinalIgnoreCase))
            ?? throw ControlApiException.BadRequest($"'behavior' must be one of {string.Join(", ", PhoneBehaviors.All)}, not '{behaviorText}'.");
        var answerAfter = Long(body, "answerAfterMs", 0, MaxDelayMs) ?? (behavior == PhoneBehaviors.Answer ? PhoneBehavior.Default.AnswerAfterMs : 0);
        var hangUpAfter = Long(body, "hangUpAfterMs", 1, MaxDelayMs);
        var earlyMediaAfter = Long(body, "earlyMediaAfterMs", 0, MaxDelayMs);
        var surveyDigit = String(body, "surveyDigit");
        if (surveyDigit is not null && (surveyDigit.Length != 1 || !char.IsAsciiDigit(surveyDigit[0])))
        {
            throw ControlApiException.BadRequest($"'surveyDigit' must be one key 0-9, not '{surveyDigit}'.");
        }

        var surveyAfter = Long(body, "surveyAfterMs", 0, MaxDelayMs);
        return new PhoneBehavior(behavior, answerAfter, hangUpAfter, earlyMediaAfter, surveyDigit, surveyAfter);
    }

    public static AgentAutoAnswer ParseAgent(JsonElement body)
    {
        RequireObject(body, AgentProperties);
        var auto = Bool(body, "autoAnswer") ?? throw ControlApiException.BadRequest("'autoAnswer' (true/false) is required.");
        return new AgentAutoAnswer(auto, Long(body, "answerAfterMs", 0, MaxDelayMs) ?? 0);
    }

    /// <summary>Applies the given settings; absent properties keep their value. Caller holds the instance lock.</summary>
    public static void ApplySettings(CccInstance instance, JsonElement body)
    {
        RequireObject(body, SettingsProperties);
        var settings = instance.Calls.Settings;
        settings.FamiliarAgentRouting = Bool(body, "familiarAgentRouting") ?? settings.FamiliarAgentRouting;
        settings.AfterCallWorkSeconds = (int?)Long(body, "afterCallWorkSeconds", 0, 3600) ?? settings.AfterCallWorkSeconds;
        settings.AgentRingTimeoutSeconds = (int?)Long(body, "agentRingTimeoutSeconds", 1, 600) ?? settings.AgentRingTimeoutSeconds;
        settings.QueuingTimeoutSeconds = (int?)Long(body, "queuingTimeoutSeconds", 1, 86_400) ?? settings.QueuingTimeoutSeconds;
        settings.OutboundConcurrencyPerNumber = (int?)Long(body, "outboundConcurrencyPerNumber", 1, 100_000) ?? settings.OutboundConcurrencyPerNumber;
        settings.DailyCallsPerCallee = (int?)Long(body, "dailyCallsPerCallee", 1, 1_000_000) ?? settings.DailyCallsPerCallee;
        settings.HideCustomerNumbers = Bool(body, "hideCustomerNumbers") ?? settings.HideCustomerNumbers;
        if (Property(body, "inboundBlacklist") is { } inbound)
        {
            Replace(settings.InboundBlacklist, StringArray(inbound, "inboundBlacklist"));
        }

        if (Property(body, "outboundBlacklist") is { } outbound)
        {
            Replace(settings.OutboundBlacklist, StringArray(outbound, "outboundBlacklist"));
        }

        if (Property(body, "queueOverflow") is { } overflow)
        {
            if (overflow.ValueKind != JsonValueKind.Object)
            {
                throw ControlApiException.BadRequest("'queueOverflow' must be an object mapping a skill group id to another.");
            }

            settings.QueueOverflow.Clear();
            foreach (var pair in overflow.EnumerateObject())
            {
                var target = pair.Value.ValueKind == JsonValueKind.String ? pair.Value.GetString()! : throw ControlApiException.BadRequest("'queueOverflow' values must be skill group ids.");
                foreach (var group in new[] { pair.Name, target })
                {
                    if (!instance.SkillGroups.ContainsKey(group))
                    {
                        throw ControlApiException.BadRequest($"Skill group '{group}' does not exist in instance {instance.InstanceId}.");
                    }
                }

                settings.QueueOverflow[pair.Name] = target;
            }
        }

        if (Property(body, "workHours") is { } hours)
        {
            settings.WorkHours = hours.ValueKind == JsonValueKind.Null ? null : ParseWorkHours(hours);
        }
    }

    private static WorkHours ParseWorkHours(JsonElement hours)
    {
        RequireObject(hours, ["start", "end", "utcOffsetMinutes"]);
        TimeOnly Time(string name) =>
            String(hours, name) is { } text && TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
                ? t
                : throw ControlApiException.BadRequest($"'workHours.{name}' must be a time of day \"HH:mm\".");
        return new WorkHours(Time("start"), Time("end"), (int?)Long(hours, "utcOffsetMinutes", -14 * 60, 14 * 60) ?? 480);
    }

    public static void WriteSettings(Utf8JsonWriter w, CallSettings s)
    {
        w.WriteStartObject();
        w.WriteBoolean("familiarAgentRouting", s.FamiliarAgentRouting);
        w.WriteNumber("afterCallWorkSeconds", s.AfterCallWorkSeconds);
        w.WriteNumber("agentRingTimeoutSeconds", s.AgentRingTimeoutSeconds);
        w.WriteNumber("queuingTimeoutSeconds", s.QueuingTimeoutSeconds);
        w.WriteStartObject("queueOverflow");
        foreach (var (from, to) in s.QueueOverflow)
        {
            w.WriteString(from, to);
        }

        w.WriteEndObject();
        if (s.WorkHours is { } h)
        {
            w.WriteStartObject("workHours");
            w.WriteString("start", h.Start.ToString("HH:mm", CultureInfo.InvariantCulture));
            w.WriteString("end", h.End.ToString("HH:mm", CultureInfo.InvariantCulture));
            w.WriteNumber("utcOffsetMinutes", h.UtcOffsetMinutes);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("workHours");
        }

        WriteArray(w, "inboundBlacklist", s.InboundBlacklist.Order(StringComparer.Ordinal));
        WriteArray(w, "outboundBlacklist", s.OutboundBlacklist.Order(StringComparer.Ordinal));
        w.WriteNumber("outboundConcurrencyPerNumber", s.OutboundConcurrencyPerNumber);
        w.WriteNumber("dailyCallsPerCallee", s.DailyCallsPerCallee);
        w.WriteBoolean("hideCustomerNumbers", s.HideCustomerNumbers);
        w.WriteEndObject();
    }

    public static void WriteArray(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    // ---- primitives

    private static void RequireObject(JsonElement body, string[] known)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw ControlApiException.BadRequest("The body must be a JSON object.");
        }

        foreach (var property in body.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
            {
                throw ControlApiException.BadRequest($"Unknown property '{property.Name}'; expected {string.Join(", ", known)}.");
            }
        }
    }

    public static JsonElement? Property(JsonElement body, string name)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    public static string? String(JsonElement body, string name) => Property(body, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        _ => throw ControlApiException.BadRequest($"'{name}' must be a string."),
    };

    private static bool? Bool(JsonElement body, string name) => Property(body, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw ControlApiException.BadRequest($"'{name}' must be true or false."),
    };

    private static long? Long(JsonElement body, string name, long minimum, long maximum)
    {
        var value = Property(body, name);
        if (value is null || value.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.Number || !value.Value.TryGetInt64(out var n) || n < minimum || n > maximum)
        {
            throw ControlApiException.BadRequest($"'{name}' must be a whole number from {minimum} to {maximum}.");
        }

        return n;
    }

    private static List<string> StringArray(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
            ? value.EnumerateArray().Select(e => e.GetString()!).ToList()
            : throw ControlApiException.BadRequest($"'{name}' must be an array of strings.");

    private static void Replace(HashSet<string> set, IEnumerable<string> values)
    {
        set.Clear();
        foreach (var v in values)
        {
            set.Add(Numbers.NumberLocationTable.Normalize(v));
        }
    }
}
