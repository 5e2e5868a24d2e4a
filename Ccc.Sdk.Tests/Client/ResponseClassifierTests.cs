using System.Net.Sockets;
using System.Text;

namespace Ccc.Sdk.Tests.Client;

/// <summary>
/// Error classification is a pure function (status, headers, body or no response in; success or typed error with its
/// retry rule out): tested directly, without HTTP, clock or client.
/// </summary>
public sealed class ResponseClassifierTests
{
    private static CccClassification Classify(int status, string body, bool readOnly = false, string? contentType = "application/json", string? requestId = null, string? retryAfter = null) =>
        CccResponseClassifier.Classify("SomeAction", readOnly, status, Encoding.UTF8.GetBytes(body), contentType, requestId, retryAfter);

    private static string Envelope(string code, int status) =>
        $$"""{"RequestId":"req-9","Code":"{{code}}","HttpStatusCode":{{status}},"Message":"m","Params":["p"]}""";

    [Fact]
    public void An_OK_envelope_on_2xx_is_a_success_carrying_the_envelope()
    {
        var c = Classify(200, """{"RequestId":"req-1","Code":"OK","HttpStatusCode":200,"Data":{"A":1}}""");

        Assert.True(c.IsSuccess);
        Assert.Equal("OK", c.Code);
        Assert.Null(c.Error);
        Assert.Equal("req-1", c.Envelope!.RequestId);
        Assert.False(c.IsRetryable);
    }

    [Fact]
    public void An_error_code_on_a_2xx_status_is_an_error_not_a_success()
    {
        var c = Classify(200, Envelope("Parameter.Invalid", 400));

        Assert.Equal(CccOutcomeKind.ServiceError, c.Kind);
        Assert.IsType<CccInvalidParameterException>(c.Error);
        Assert.Equal("Parameter.Invalid", c.Code);
        Assert.Equal("req-9", c.Envelope!.RequestId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Throttling_is_retryable_for_every_action_and_carries_the_Retry_After(bool readOnly)
    {
        var c = Classify(400, Envelope("Throttling.User", 400), readOnly, retryAfter: "3");

        var error = Assert.IsType<CccThrottlingException>(c.Error);
        Assert.True(c.IsRetryable);
        Assert.False(c.IsOutcomeUnknown);
        Assert.Equal(TimeSpan.FromSeconds(3), c.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void A_5xx_is_retryable_only_for_a_read_only_action(bool readOnly, bool retryable)
    {
        var c = Classify(503, Envelope("ServiceUnavailable", 503), readOnly);

        Assert.IsType<CccServiceException>(c.Error);
        Assert.Equal(retryable, c.IsRetryable);
        Assert.Equal(503, c.Error!.HttpStatusCode);
    }

    [Fact]
    public void A_501_not_implemented_is_never_retried_even_for_a_read()
    {
        var c = Classify(501, Envelope("Emulator.NotSimulated", 501), readOnly: true);

        Assert.IsType<CccServiceException>(c.Error);
        Assert.False(c.IsRetryable);
    }

    [Theory]
    [InlineData("InvalidAccessKeyId.NotFound", 404, typeof(CccAuthenticationException))]
    [InlineData("InvalidTimeStamp.Expired", 400, typeof(CccAuthenticationException))]
    [InlineData("Forbidden.NoPermission", 403, typeof(CccPermissionException))]
    [InlineData("NotExists.UserId", 404, typeof(CccNotFoundException))]
    [InlineData("AlreadyExists.User", 409, typeof(CccConflictException))]
    public void Client_errors_map_to_their_family_and_are_never_retried(string code, int status, Type type)
    {
        var c = Classify(status, Envelope(code, status), readOnly: true);

        Assert.IsType(type, c.Error);
        Assert.Equal(code, c.Code);
        Assert.False(c.IsRetryable);
    }

    [Fact]
    public void A_non_JSON_gateway_error_takes_its_request_id_from_the_header()
    {
        var c = Classify(502, "<html><body>Bad gateway</body></html>", readOnly: true, contentType: "text/html", requestId: "hdr-req");

        Assert.Equal("Http502", c.Code);
        Assert.Null(c.Envelope);
        Assert.Equal("hdr-req", c.Error!.RequestId);
        Assert.True(c.IsRetryable);
        Assert.DoesNotContain("<html>", c.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_2xx_body_that_is_not_an_envelope_is_an_invalid_response()
    {
        var c = Classify(200, "not json", contentType: "text/plain");

        Assert.IsType<CccServiceException>(c.Error);
        Assert.Equal("InvalidResponse", c.Code);
        Assert.False(c.IsRetryable);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0")]
    [InlineData("-4")]
    [InlineData("soon")]
    public void A_missing_or_meaningless_Retry_After_is_ignored(string? header) =>
        Assert.Null(CccResponseClassifier.ParseRetryAfter(header));

    [Fact]
    public void A_lost_response_of_a_state_changing_action_is_an_unknown_outcome_never_retried()
    {
        var dropped = new HttpRequestException(HttpRequestError.ResponseEnded, "dropped");

        var c = CccResponseClassifier.ClassifyNoResponse(isReadOnly: false, dropped, timedOut: false);

        Assert.Equal(CccOutcomeKind.NoResponse, c.Kind);
        Assert.Equal("NetworkError", c.Code);
        Assert.True(c.IsOutcomeUnknown);
        Assert.False(c.IsRetryable);
    }

    [Fact]
    public void A_timed_out_state_changing_action_is_an_unknown_outcome_a_timed_out_read_is_retried()
    {
        var timeout = new TaskCanceledException("timeout");

        var write = CccResponseClassifier.ClassifyNoResponse(isReadOnly: false, timeout, timedOut: true);
        var read = CccResponseClassifier.ClassifyNoResponse(isReadOnly: true, timeout, timedOut: true);

        Assert.Equal("Timeout", write.Code);
        Assert.True(write.IsOutcomeUnknown);
        Assert.Equal("Timeout", read.Code);
        Assert.False(read.IsOutcomeUnknown);
        Assert.True(read.IsRetryable);
    }

    [Fact]
    public void A_connection_that_was_never_made_is_retried_even_for_a_state_changing_action()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused));

        var c = CccResponseClassifier.ClassifyNoResponse(isReadOnly: false, refused, timedOut: false);

        Assert.False(c.IsOutcomeUnknown);
        Assert.True(c.IsRetryable);
        Assert.False(CccResponseClassifier.MayHaveReachedService(refused));
        Assert.True(CccResponseClassifier.MayHaveReachedService(new IOException("reset after send")));
    }

    [Fact]
    public void The_same_input_always_gives_the_same_classification()
    {
        var first = Classify(429, Envelope("Throttling", 429), retryAfter: "2");
        var second = Classify(429, Envelope("Throttling", 429), retryAfter: "2");

        Assert.Equal(first.Kind, second.Kind);
        Assert.Equal(first.Code, second.Code);
        Assert.Equal(first.IsRetryable, second.IsRetryable);
        Assert.Equal(first.RetryAfter, second.RetryAfter);
        Assert.Equal(first.Error!.Message, second.Error!.Message);
        Assert.NotSame(first.Error, second.Error);
    }
}
