using System.Reflection;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Emulator.Description;

namespace Ccc.Sdk.Tests.Emulator.Conformance;

/// <summary>
/// Each of the 253 actions through its typed <see cref="CccClient"/> method (generated or hand-written), with its
/// required parameters set: the request reaches the emulator and an action it does not simulate answers
/// <c>Emulator.NotSimulated</c> (501); a simulated one answers from the instance's state — success, or a typed CCC error
/// about the sample values (an unknown id), never <c>InvalidApi.NotFound</c>, a missing parameter or a 500.
/// </summary>
public sealed class TypedAllActionsTests : IAsyncLifetime
{
    private static readonly string[] NeverAcceptable = ["InvalidApi.NotFound", "InvalidResponse", "Emulator.NonConformantResponse", "InternalError"];
    private CccEmulator _emulator = null!;
    private CccClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await CccEmulator.StartAsync();
        _client = new CccClient(
            new AccessKeyCredential(_emulator.AccessKeyId, _emulator.AccessKeySecret),
            new CccClientOptions { Endpoint = _emulator.Endpoint, InstanceId = _emulator.InstanceId, Retry = new CccRetryOptions { MaxRetries = 0 } });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task Every_action_is_sent_through_its_typed_method_and_answered_as_simulated_or_not_simulated()
    {
        var problems = new List<string>();
        int notSimulated = 0, simulated = 0;
        foreach (var action in ApiDescription.Default.Actions.Values)
        {
            // Every action's method takes its generated request class (GetCallDetailRecordAsync and GetMonoRecordingAsync
            // also have string overloads).
            var method = typeof(CccClient).GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .SingleOrDefault(m => m.Name == action.Name + "Async" && m.GetParameters().FirstOrDefault()?.ParameterType.Name == action.Name + "Request");
            if (method is null)
            {
                problems.Add($"{action.Name}: no CccClient.{action.Name}Async({action.Name}Request, ...)");
                continue;
            }

            Exception? failure = null;
            try
            {
                await InvokeAsync(method, action);
            }
            catch (Exception e)
            {
                failure = e;
            }

            bool isSimulated = AllActionsTests.SimulatedActions.Contains(action.Name);
            if (!isSimulated)
            {
                notSimulated++;
                if (failure is not CccException { Code: "Emulator.NotSimulated", HttpStatusCode: 501 })
                {
                    problems.Add($"{action.Name}: expected Emulator.NotSimulated, got {Describe(failure)}");
                }
            }
            else
            {
                simulated++;
                if (failure is not null and not CccException || failure is CccException { HttpStatusCode: >= 500 } || failure is CccException c && (NeverAcceptable.Contains(c.Code) || c.Code.StartsWith("Missing", StringComparison.Ordinal)))
                {
                    problems.Add($"{action.Name}: {Describe(failure)}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Equal((253, AllActionsTests.SimulatedActions.Count), (notSimulated + simulated, simulated));
    }

    private static string Describe(Exception? e) => e switch
    {
        null => "success",
        CccException c => $"{c.GetType().Name} {c.HttpStatusCode} {c.Code}: {c.Message}",
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    private async Task InvokeAsync(MethodInfo method, ApiAction action)
    {
        var arguments = method.GetParameters().Select(p => ArgumentFor(p, action)).ToArray();
        object? result;
        try
        {
            result = method.Invoke(_client, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }

        switch (result)
        {
            case Task task:
                await task;
                break;
            case IAsyncEnumerable<object> pageable:
                await using (var items = pageable.GetAsyncEnumerator())
                {
                    await items.MoveNextAsync();
                }

                break;
            default:
                throw new InvalidOperationException($"{method.Name} returned {result?.GetType().Name ?? "null"}.");
        }
    }

    /// <summary>A request with the action's required parameters set to values of their .NET types; plain arguments get samples.</summary>
    private static object? ArgumentFor(ParameterInfo parameter, ApiAction action)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken))
        {
            return CancellationToken.None;
        }

        if (typeof(CccRequest).IsAssignableFrom(type))
        {
            var request = Activator.CreateInstance(type)!;
            foreach (var required in action.Parameters.Where(p => p.IsRequired && p.Name is not ("InstanceId" or "PageNumber" or "PageSize")))
            {
                string propertyName = Renames.TryGetValue(action.Name + "." + required.Name, out var renamed) ? renamed : required.Name;
                var property = type.GetProperty(propertyName)
                    ?? throw new InvalidOperationException($"{type.Name} has no property for the required parameter {required.Name}.");
                property.SetValue(request, Sample(property.PropertyType, required.Name));
            }

            return request;
        }

        return parameter.HasDefaultValue ? parameter.DefaultValue : Sample(type, parameter.Name!);
    }

    /// <summary>Request properties renamed by <c>api/overrides.json</c> ("Action.Parameter" → property name).</summary>
    private static readonly Dictionary<string, string> Renames = ReadRenames();

    private static Dictionary<string, string> ReadRenames()
    {
        using var overrides = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Ccc.Sdk.TestSupport.Repository.Root, "api", "overrides.json")));
        return overrides.RootElement.GetProperty("parameters").EnumerateObject()
            .Where(p => p.Value.TryGetProperty("name", out _))
            .ToDictionary(p => p.Name, p => p.Value.GetProperty("name").GetString()!);
    }

    private static object Sample(Type type, string name)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string))
        {
            return "x";
        }

        if (t == typeof(int) || t == typeof(long) || t == typeof(double))
        {
            return Convert.ChangeType(1, t, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (t == typeof(bool))
        {
            return true;
        }

        if (t == typeof(DateTimeOffset))
        {
            return DateTimeOffset.UtcNow;
        }

        if (t.IsEnum)
        {
            return Enum.GetValues(t).GetValue(0)!;
        }

        if (t.IsAssignableFrom(typeof(List<string>)))
        {
            return new List<string> { "x" };
        }

        if (t.IsGenericType && t.GetGenericArguments() is [var item] && t.IsAssignableFrom(typeof(List<>).MakeGenericType(item)))
        {
            var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(item))!;
            list.Add(item == typeof(string) ? "x" : Activator.CreateInstance(item));
            return list;
        }

        if (t.IsClass && t.GetConstructor(Type.EmptyTypes) is not null)
        {
            return Activator.CreateInstance(t)!;
        }

        throw new InvalidOperationException($"No sample value for {name} of type {type.Name}.");
    }
}
