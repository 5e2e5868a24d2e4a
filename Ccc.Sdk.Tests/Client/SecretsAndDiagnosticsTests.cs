using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Ccc.Sdk.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Ccc.Sdk.Tests.Client;

public sealed class SecretsAndDiagnosticsTests
{
    private const string StsSecret = "StsSecret-Never-Shown-77";
    private const string StsToken = "CAIS-SecurityToken-Never-Shown-88";

    [Fact]
    public async Task No_secret_token_or_signature_appears_in_logs_or_exceptions()
    {
        var collector = FakeLogCollector.Create(new FakeLogCollectorOptions());
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(collector)).SetMinimumLevel(LogLevel.Trace));
        var fake = new FakeCcc()
            .Then(_ => FakeCcc.Ok("{}"))
            .Then(_ => FakeCcc.Error(HttpStatusCode.BadRequest, "SignatureDoesNotMatch",
                $"Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3D{FakeCcc.AccessKeyId}%26SecurityToken%3D{StsToken}"))
            .Then(_ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "dropped"));
        var credential = new StsCredential("STS.NUgYrLnoC37mZZCNnAbez2Xxx", StsSecret, StsToken);
        using var client = fake.CreateClient(loggerFactory: loggerFactory, credential: credential);

        await client.SignOutGroupAsync();
        var signatureError = await Assert.ThrowsAsync<CccAuthenticationException>(() => client.SignOutGroupAsync());
        var lost = await Assert.ThrowsAsync<CccRequestOutcomeUnknownException>(() => client.SignOutGroupAsync());

        string authorization = fake.Requests[0].Headers["authorization"];
        string signature = authorization[(authorization.LastIndexOf('=') + 1)..];
        var texts = collector.GetSnapshot().Select(r => r.Message + " " + string.Join(" ", r.StructuredState?.Select(kv => kv.Value) ?? []))
            .Concat([signatureError.Message, signatureError.ToString(), lost.Message, lost.ToString(), credential.ToString()])
            .ToList();

        Assert.NotEmpty(collector.GetSnapshot());
        foreach (string text in texts)
        {
            Assert.DoesNotContain(StsSecret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(StsToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain(signature, text, StringComparison.Ordinal);
            Assert.DoesNotContain("ACS3-HMAC-SHA256 Credential", text, StringComparison.Ordinal);
        }

        Assert.Contains("[string to sign redacted]", signatureError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_name_the_action_RequestId_and_code()
    {
        var collector = FakeLogCollector.Create(new FakeLogCollectorOptions());
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(collector)).SetMinimumLevel(LogLevel.Trace));
        var fake = new FakeCcc().Then(_ => FakeCcc.Ok("{}", requestId: "req-log-1"));
        using var client = fake.CreateClient(loggerFactory: loggerFactory);

        await client.GetLoginDetailsAsync();

        var completed = Assert.Single(collector.GetSnapshot(), r => r.Id.Id == 2);
        Assert.Contains("GetLoginDetails", completed.Message, StringComparison.Ordinal);
        Assert.Contains("req-log-1", completed.Message, StringComparison.Ordinal);
        Assert.Contains("OK", completed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_call_emits_an_activity_and_the_request_duration_and_error_metrics()
    {
        const string action = "DescribeDiagnosticsProbe";
        var measurements = new List<(string Instrument, double Value, string? Code)>();
        using var meterListener = new MeterListener();
        meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == CccApi.DiagnosticsName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        void OnMeasurement<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        {
            string? actionTag = null, code = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "action") actionTag = tag.Value as string;
                if (tag.Key == "code") code = tag.Value as string;
            }

            if (actionTag == action)
            {
                lock (measurements)
                {
                    measurements.Add((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), code));
                }
            }
        }

        meterListener.SetMeasurementEventCallback<long>(OnMeasurement);
        meterListener.SetMeasurementEventCallback<double>(OnMeasurement);
        meterListener.Start();

        var activities = new List<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == CccApi.DiagnosticsName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.DisplayName.EndsWith(action, StringComparison.Ordinal))
                {
                    lock (activities)
                    {
                        activities.Add(a);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(activityListener);

        var fake = new FakeCcc()
            .Then(_ => FakeCcc.Ok("{}", requestId: "req-ok"))
            .Then(_ => FakeCcc.Error(HttpStatusCode.NotFound, "NotExists.InstanceId"));
        using var client = fake.CreateClient();

        await client.SendAsync(new Ccc.Sdk.ApiRequest(action));
        await Assert.ThrowsAsync<CccNotFoundException>(() => client.SendAsync(new Ccc.Sdk.ApiRequest(action)));

        Assert.Equal(2, measurements.Count(m => m.Instrument == CccDiagnostics.RequestsCounterName));
        Assert.Equal(2, measurements.Count(m => m.Instrument == CccDiagnostics.DurationHistogramName));
        var error = Assert.Single(measurements, m => m.Instrument == CccDiagnostics.ErrorsCounterName);
        Assert.Equal("NotExists.InstanceId", error.Code);
        Assert.Contains(measurements, m => m.Instrument == CccDiagnostics.RequestsCounterName && m.Code == "OK");

        Assert.Equal(2, activities.Count);
        Assert.Equal("req-ok", activities[0].GetTagItem("ccc.request_id"));
        Assert.Equal(ActivityKind.Client, activities[0].Kind);
        Assert.Equal(ActivityStatusCode.Error, activities[1].Status);
    }
}
