using System.Globalization;
using System.Text.Json;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Emulator.Description;
using Ccc.Sdk.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Ccc.Sdk.Tests.Emulator.Conformance;

/// <summary>
/// Every one of the 253 actions of the description, sent through <see cref="CccClient"/> to the emulator: the simulated
/// ones succeed with valid parameters, the others answer the documented not-simulated error (never
/// <c>InvalidApi.NotFound</c>, never a 500), and a missing required parameter gets the pinned <c>Missing{Name}</c>.
/// </summary>
public sealed class AllActionsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
    private CccEmulator _emulator = null!;
    private CccClient _client = null!;

    /// <summary>The actions of <c>api/simulated-actions.txt</c>.</summary>
    internal static IReadOnlySet<string> SimulatedActions { get; } = File.ReadAllLines(Path.Combine(Repository.Root, "api", "simulated-actions.txt"))
        .Select(l => l.Trim())
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .ToHashSet(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        _emulator = await CccEmulator.StartAsync(new CccEmulatorOptions { TimeProvider = _clock });

        // No InstanceId in the options: a request without one must reach the emulator without one.
        _client = new CccClient(
            new AccessKeyCredential(_emulator.AccessKeyId, _emulator.AccessKeySecret),
            new CccClientOptions { Endpoint = _emulator.Endpoint, Retry = new CccRetryOptions { MaxRetries = 0 } });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public void The_list_of_simulated_actions_is_sorted_and_names_only_actions_of_the_description()
    {
        var listed = File.ReadAllLines(Path.Combine(Repository.Root, "api", "simulated-actions.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();

        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
        Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
        Assert.All(listed, a => Assert.True(ApiDescription.Default.Actions.ContainsKey(a), a));
    }

    [Fact]
    public async Task Every_simulated_action_succeeds_with_valid_parameters_through_CccClient()
    {
        var script = new SimulatedActionsScript(_emulator, _clock, async (action, parameters) =>
        {
            var request = new ApiRequest(action);
            foreach (var p in parameters)
            {
                if (p.InForm)
                {
                    request.WithForm(p.Name, p.Value);
                }
                else
                {
                    request.With(p.Name, p.Value);
                }
            }

            return (await _client.SendAsync(request)).Value;
        });

        await script.RunAsync();

        Assert.Equal(SimulatedActions.Order(StringComparer.Ordinal), script.Sent.Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_action_not_simulated_answers_the_emulators_not_simulated_error_with_HTTP_501()
    {
        var notSimulated = ApiDescription.Default.Actions.Values.Where(a => !SimulatedActions.Contains(a.Name)).ToList();
        Assert.Equal(ApiDescription.Default.Actions.Count - SimulatedActions.Count, notSimulated.Count);

        var wrong = new List<string>();
        foreach (var action in notSimulated)
        {
            var request = ValidRequest(action, omit: null);
            var e = await Assert.ThrowsAnyAsync<CccException>(() => _client.SendAsync(request));
            string expected = $"The action {action.Name} of CCC OpenAPI 2020-07-01 is not simulated by the Ccc.Sdk emulator; only the cloud answers it (docs/emulator.md#actions-not-simulated).";
            if (e.Code != "Emulator.NotSimulated" || e.HttpStatusCode != 501 || !e.Message.Contains(expected, StringComparison.Ordinal))
            {
                wrong.Add($"{action.Name}: {e.HttpStatusCode} {e.Code} {e.Message}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public async Task A_missing_required_parameter_of_every_action_gets_Missing_and_its_name()
    {
        var wrong = new List<string>();
        foreach (var action in ApiDescription.Default.Actions.Values)
        {
            // The first required parameter other than InstanceId, else InstanceId itself.
            var required = action.Parameters.Where(p => p.IsRequired).ToList();
            var omitted = required.FirstOrDefault(p => p.Name != "InstanceId") ?? required.FirstOrDefault();
            if (omitted is null)
            {
                continue;
            }

            var e = await Assert.ThrowsAnyAsync<CccException>(() => _client.SendAsync(ValidRequest(action, omitted.Name)));
            if (e.Code != "Missing" + omitted.Name || e.HttpStatusCode != 400)
            {
                wrong.Add($"{action.Name} without {omitted.Name}: {e.HttpStatusCode} {e.Code}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    /// <summary>A request with every required parameter of <paramref name="action"/> set to a value of its type (except <paramref name="omit"/>).</summary>
    private ApiRequest ValidRequest(ApiAction action, string? omit)
    {
        var request = new ApiRequest(action.Name) { Method = action.Method == "GET" ? HttpMethod.Get : HttpMethod.Post };
        foreach (var p in action.Parameters.Where(p => p.IsRequired && p.Name != omit))
        {
            string value = p.Name == "InstanceId" ? _emulator.InstanceId : SampleValue(p);
            if (p.Location == ParameterLocation.Body && request.Method == HttpMethod.Post)
            {
                request.WithForm(p.Name, value);
            }
            else
            {
                request.With(p.Name, value);
            }
        }

        return request;
    }

    private static string SampleValue(ApiParameter parameter) => parameter.Schema.Type switch
    {
        SchemaType.Integer or SchemaType.Long => "1",
        SchemaType.Number => 1.5.ToString(CultureInfo.InvariantCulture),
        SchemaType.Boolean => "true",
        SchemaType.Array => "[]",
        SchemaType.Object or SchemaType.Map => "{}",
        _ => "x",
    };
}
