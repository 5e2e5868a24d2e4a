using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ccc.Sdk.Emulator.Description;

namespace Ccc.Sdk.Tests.Emulator.Conformance;

/// <summary>
/// The SDK's hand-written models expose only what the cloud sends, and the (generated) requests of their actions send
/// every described parameter and nothing else, each where and as the description says, refusing a missing required one (docs/decisions/0008-response-conformance.md). A model type
/// shared by several actions (UserContext, CallControlResult, CallDetailRecord) may have a field when at least one of
/// its actions' models has it at that place.
/// </summary>
public sealed class SdkModelConformanceTests
{
    /// <summary>Each hand-written action and the SDK type its Data is read into.</summary>
    public static TheoryData<string, Type> Responses => new()
    {
        { "ListUsers", typeof(CccPagedData<CccUser>) },
        { "GetUser", typeof(CccUser) },
        { "CreateUser", typeof(CccUser) },
        { "ListSkillGroups", typeof(CccPagedData<SkillGroup>) },
        { "ListPhoneNumbers", typeof(CccPagedData<PhoneNumber>) },
        { "GetNumberLocation", typeof(NumberLocation) },
        { "ListOutboundNumbersOfUser", typeof(CccPagedData<OutboundNumber>) },
        { "ListRealtimeAgentStates", typeof(CccPagedData<RealtimeAgentState>) },
        { "GetLoginDetails", typeof(LoginDetails) },
        { "SignInGroup", typeof(UserContext) },
        { "SignOutGroup", typeof(UserContext) },
        { "ReadyForService", typeof(UserContext) },
        { "TakeBreak", typeof(UserContext) },
        { "ChangeWorkMode", typeof(UserContext) },
        { "ResetAgentState", typeof(UserContext) },
        { "PollUserStatus", typeof(UserStatus) },
        { "MakeCall", typeof(CallControlResult) },
        { "StartBack2BackCall", typeof(CallControlResult) },
        { "AnswerCall", typeof(CallControlResult) },
        { "ReleaseCall", typeof(CallControlResult) },
        { "HoldCall", typeof(CallControlResult) },
        { "RetrieveCall", typeof(CallControlResult) },
        { "BlindTransfer", typeof(CallControlResult) },
        { "InitiateAttendedTransfer", typeof(CallControlResult) },
        { "CompleteAttendedTransfer", typeof(CallControlResult) },
        { "CancelAttendedTransfer", typeof(CallControlResult) },
        { "SendDtmfSignaling", typeof(CallControlResult) },
        { "MuteCall", typeof(CallControlResult) },
        { "UnmuteCall", typeof(CallControlResult) },
        { "ListCallDetailRecords", typeof(CccPagedData<CallDetailRecord>) },
        { "ListCallDetailRecordsV2", typeof(CccPagedData<CallDetailRecord>) },
        { "GetCallDetailRecord", typeof(CallDetailRecordDetails) },
        { "GetMonoRecording", typeof(MonoRecording) },
    };

    private static readonly Lazy<Dictionary<Type, HashSet<string>>> AllowedNames = new(CollectAllowedNames);

    [Theory]
    [MemberData(nameof(Responses))]
    public void Every_JSON_property_of_the_SDK_model_is_in_the_description_with_a_compatible_type(string action, Type dataType)
    {
        var data = ApiDescription.Default.Actions[action].Data;
        Assert.NotNull(data);
        var problems = new List<string>();
        Walk(dataType, data, "Data", new HashSet<Type>(), (type, schema, path) =>
        {
            foreach (var property in Properties(type))
            {
                if (!AllowedNames.Value[type].Contains(property.Name))
                {
                    problems.Add($"{path}.{property.Name} ({type.Name}): no action returning {type.Name} has it");
                }
                else if (schema.Properties?.GetValueOrDefault(property.Name) is { } described && !Compatible(property, described))
                {
                    problems.Add($"{path}.{property.Name}: {property.PropertyType.Name} does not read the described {described.Type}");
                }
            }
        });

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>The (generated) request of each action read into a hand-written model.</summary>
    public static TheoryData<Type> Requests => new(typeof(CccRequest).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(CccRequest)) && !t.IsAbstract && t.Namespace == "Ccc.Sdk")
        .Where(t => Responses.Select(r => (string)r[0]).Contains(Create(t).Action))
        .OrderBy(t => t.Name, StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Requests))]
    public void Every_parameter_the_SDK_request_writes_is_described_travels_where_described_and_has_the_described_type(Type requestType)
    {
        var request = Create(requestType);
        var api = new ApiRequest(request.Action);
        request.WriteParameters(api);
        var described = ApiDescription.Default.Actions[request.Action].Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var problems = new List<string>();
        var written = api.Query.Select(p => (p.Key, p.Value, Location: ParameterLocation.Query))
            .Concat(api.Form.Select(p => (p.Key, p.Value, Location: ParameterLocation.Body)))
            .ToList();

        Assert.NotEmpty(written);
        foreach (var (name, value, location) in written)
        {
            if (!described.TryGetValue(name, out var parameter))
            {
                problems.Add($"{name}: not a parameter of {request.Action}");
                continue;
            }

            if (parameter.Location != location)
            {
                problems.Add($"{name}: sent in the {location}, described in the {parameter.Location}");
            }

            if (!ValueFits(parameter, value))
            {
                problems.Add($"{name}: '{value}' is not a {parameter.Schema.Type}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void ChangeWorkMode_requires_WorkMode_and_CreateUser_sends_NeedEmailNotification_as_a_string()
    {
        var change = new ChangeWorkModeRequest();
        Assert.Throws<ArgumentException>(() => change.WriteParameters(new ApiRequest("ChangeWorkMode")));

        // The description says string, so the generated request takes the string the cloud expects (it was a bool).
        Assert.Equal(SchemaType.String, ApiDescription.Default.Actions["CreateUser"].Parameters.Single(p => p.Name == "NeedEmailNotification").Schema.Type);
        Assert.Equal(typeof(string), typeof(CreateUserRequest).GetProperty(nameof(CreateUserRequest.NeedEmailNotification))!.PropertyType);
        var create = Create(typeof(CreateUserRequest));
        ((CreateUserRequest)create).NeedEmailNotification = "true";
        var api = new ApiRequest("CreateUser");
        create.WriteParameters(api);
        Assert.Contains(api.Query, p => p.Key == "NeedEmailNotification" && p.Value == "true");
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void Every_described_parameter_is_a_property_of_the_SDK_request_and_written_when_set(Type requestType)
    {
        var request = Create(requestType);
        var api = new ApiRequest(request.Action);
        request.WriteParameters(api);
        var written = api.Query.Concat(api.Form).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var missing = ApiDescription.Default.Actions[request.Action].Parameters
            .Select(p => p.Name)
            .Where(n => n is not ("InstanceId" or "PageNumber" or "PageSize") && !written.Contains(n))
            .ToList();
        Assert.True(missing.Count == 0, $"{request.Action}: described but never written: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void An_empty_SDK_request_is_refused_before_sending_exactly_when_the_description_requires_a_parameter(Type requestType)
    {
        var request = (CccRequest)Activator.CreateInstance(requestType)!;
        bool requires = ApiDescription.Default.Actions[request.Action].Parameters
            .Any(p => p.IsRequired && p.Name is not ("InstanceId" or "PageNumber" or "PageSize"));
        var api = new ApiRequest(request.Action);
        var failure = Record.Exception(() => request.WriteParameters(api));
        if (requires)
        {
            Assert.IsAssignableFrom<ArgumentException>(failure);
        }
        else
        {
            Assert.Null(failure);
            Assert.Empty(api.Query.Concat(api.Form));
        }
    }

    [Fact]
    public void The_conformance_checks_cover_every_action_on_a_hand_written_model_in_the_overrides()
    {
        using var overrides = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Repository.Root, "api/overrides.json")));
        var onModels = overrides.RootElement.GetProperty("sdkModels").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(33, onModels.Count);
        Assert.Equal(onModels, Responses.Select(r => (string)r[0]).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(onModels, ((IEnumerable<object[]>)Requests).Select(r => Create((Type)r[0]).Action).Order(StringComparer.Ordinal).ToList());

        // The model the override names is the one these checks read the action's Data into (paged: its items).
        foreach (var row in Responses)
        {
            var type = (Type)row[1];
            string model = type.IsGenericType ? type.GetGenericArguments()[0].Name : type.Name;
            Assert.Equal(model, overrides.RootElement.GetProperty("sdkModels").GetProperty((string)row[0]).GetProperty("result").GetString());
        }
    }

    // ---- helpers ----

    private static Dictionary<Type, HashSet<string>> CollectAllowedNames()
    {
        var allowed = new Dictionary<Type, HashSet<string>>();
        foreach (var row in Responses)
        {
            var (action, type) = ((string)row[0], (Type)row[1]);
            Walk(type, ApiDescription.Default.Actions[action].Data!, "Data", new HashSet<Type>(), (t, schema, _) =>
            {
                if (!allowed.TryGetValue(t, out var names))
                {
                    allowed[t] = names = new HashSet<string>(StringComparer.Ordinal);
                }

                names.UnionWith(schema.Properties?.Keys ?? []);
            });
        }

        return allowed;
    }

    /// <summary>Visits each SDK object type below <paramref name="type"/> with the schema at the same place (absent places are skipped).</summary>
    private static void Walk(Type type, ApiSchema schema, string path, HashSet<Type> seen, Action<Type, ApiSchema, string> visit)
    {
        if (!IsModel(type))
        {
            return;
        }

        visit(type, schema, path);
        if (!seen.Add(type))
        {
            return;
        }

        foreach (var property in Properties(type))
        {
            if (schema.Properties?.GetValueOrDefault(property.Name) is not { } child)
            {
                continue;
            }

            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (ElementType(propertyType) is { } element && child.Items is { } items)
            {
                Walk(element, items, path + "." + property.Name + "[]", seen, visit);
            }
            else
            {
                Walk(propertyType, child, path + "." + property.Name, seen, visit);
            }
        }

        seen.Remove(type);
    }

    private static bool IsModel(Type type) =>
        type.IsClass && type != typeof(string) && type.Assembly == typeof(CccRequest).Assembly;

    private static Type? ElementType(Type type) =>
        type == typeof(string) ? null
        : type.IsArray ? type.GetElementType()
        : type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && type.GetGenericArguments().Length == 1 ? type.GetGenericArguments()[0]
        : null;

    /// <summary>The JSON properties the SDK reads (<c>[JsonIgnore]</c> ones, computed by the client, are not on the wire).</summary>
    private static IEnumerable<JsonPropertyInfo> Properties(Type type) =>
        (CccJsonContext.Default.GetTypeInfo(type)?.Properties ?? throw new InvalidOperationException($"{type} is not in CccJsonContext."))
        .Where(p => p.AttributeProvider?.IsDefined(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), inherit: true) != true);

    private static bool Compatible(JsonPropertyInfo property, ApiSchema described)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (type == typeof(JsonElement) || described.Type == SchemaType.Any)
        {
            return true;
        }

        return described.Type switch
        {
            SchemaType.String => type == typeof(string) || type.IsEnum || ((type == typeof(TimeSpan) || type == typeof(DateTimeOffset)) && property.CustomConverter is not null),
            SchemaType.Integer => type == typeof(int) || type == typeof(long) || (type == typeof(TimeSpan) && property.CustomConverter is not null),
            SchemaType.Long => type == typeof(long) || ((type == typeof(DateTimeOffset) || type == typeof(TimeSpan)) && property.CustomConverter is not null),
            SchemaType.Number => type == typeof(double) || type == typeof(decimal),
            SchemaType.Boolean => type == typeof(bool),
            SchemaType.Array => ElementType(type) is not null,
            SchemaType.Object or SchemaType.Map => IsModel(type) || typeof(IDictionary).IsAssignableFrom(type) || type.Name.StartsWith("IReadOnlyDictionary", StringComparison.Ordinal),
            _ => false,
        };
    }

    private static bool ValueFits(ApiParameter parameter, string value) => parameter.Schema.Type switch
    {
        SchemaType.String => true,
        SchemaType.Integer => int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        SchemaType.Long => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        SchemaType.Boolean => value is "true" or "false",
        SchemaType.Number => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        _ => IsJson(value),
    };

    private static bool IsJson(string value)
    {
        try
        {
            using var _ = JsonDocument.Parse(value);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A request with every settable property set to a sample value of its type.</summary>
    private static CccRequest Create(Type type)
    {
        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).OrderByDescending(c => c.GetParameters().Length).First();
        var request = (CccRequest)constructor.Invoke(constructor.GetParameters().Select(p => Sample(p.ParameterType)).ToArray());
        Fill(request);
        return request;
    }

    /// <summary>Sample values of enumerated string properties the requests check themselves.</summary>
    private static readonly Dictionary<string, string> Enumerated = new(StringComparer.Ordinal)
    {
        ["SortOrder"] = "DESC",
        ["OrderByField"] = "startTime",
    };

    private static void Fill(object target)
    {
        foreach (var property in target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.SetMethod!.IsPublic))
        {
            property.SetValue(target, Enumerated.TryGetValue(property.Name, out var value) && property.PropertyType == typeof(string) ? value : Sample(property.PropertyType));
        }
    }

    private static object? Sample(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string)) return "sample";
        if (t == typeof(int)) return 60;
        if (t == typeof(long)) return 60L;
        if (t == typeof(bool)) return true;
        if (t == typeof(double)) return 1.5;
        if (t == typeof(DateTimeOffset)) return new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        if (t == typeof(TimeSpan)) return TimeSpan.FromMinutes(5);
        if (t.IsEnum) return Enum.GetValues(t).GetValue(0);
        if (ElementType(t) is { } element)
        {
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            list.Add(Sample(element));
            return list;
        }

        if (t.IsClass && t.GetConstructor(Type.EmptyTypes) is not null)
        {
            var instance = Activator.CreateInstance(t)!;
            Fill(instance);
            return instance;
        }

        return null;
    }
}
