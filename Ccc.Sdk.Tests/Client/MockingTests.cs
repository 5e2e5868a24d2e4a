using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Ccc.Sdk.Tests.Client;

public sealed class MockingTests
{
    [Fact]
    public async Task CccClient_can_be_mocked_with_Moq()
    {
        var ccc = new Mock<CccClient>();
        ccc.Setup(c => c.GetUserAsync(It.IsAny<GetUserRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CccResponse<CccUser>(new CccUser { UserId = "agent@ccc-test" }, "req-1"));
        ccc.Setup(c => c.ListUsersAsync(It.IsAny<ListUsersRequest?>(), It.IsAny<CancellationToken>()))
            .Returns(CccPageable<CccUser>.FromPages([new CccPage<CccUser>([new CccUser { UserId = "x@ccc-test" }], 1, 100, 1, "req-2")]));

        CccUser user = await ccc.Object.GetUserAsync(new GetUserRequest { UserId = "agent@ccc-test" });
        var listed = new List<CccUser>();
        await foreach (var u in ccc.Object.ListUsersAsync())
        {
            listed.Add(u);
        }

        Assert.Equal("agent@ccc-test", user.UserId);
        Assert.Equal("x@ccc-test", Assert.Single(listed).UserId);
    }

    [Fact]
    public async Task A_state_changing_action_that_times_out_reports_an_unknown_outcome_after_one_attempt()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55));
        var hanging = new HangingHandler();
        var options = new CccClientOptions { Endpoint = new Uri("https://ccc.test.local"), InstanceId = "ccc-test", Timeout = TimeSpan.FromSeconds(5) };
        using var client = new CccClient(new Ccc.Sdk.Auth.AccessKeyCredential(FakeCcc.AccessKeyId, FakeCcc.AccessKeySecret), options, new HttpClient(hanging), time);

        var call = client.TakeBreakAsync(new TakeBreakRequest { Code = "lunch" });
        await Poll.UntilAsync(() => hanging.Count == 1);
        time.Advance(TimeSpan.FromSeconds(5));

        var ex = await Assert.ThrowsAsync<CccRequestOutcomeUnknownException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, hanging.Count);
        Assert.Equal("TakeBreak", ex.Action);
    }

    private sealed class HangingHandler : HttpMessageHandler
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}

public sealed class RpcSigningThroughTheClientTests
{
    [Fact]
    public async Task With_RpcHmacSha1_the_common_parameters_and_a_verifiable_Signature_go_in_the_query()
    {
        var fake = new FakeCcc { Fallback = _ => FakeCcc.Ok("{}") };
        using var client = fake.CreateClient(o => o.SignatureAlgorithm = Ccc.Sdk.Signing.SignatureAlgorithm.RpcHmacSha1);

        await client.SignOutGroupAsync(new SignOutGroupRequest { UserId = "agent@ccc-test" });

        var seen = Assert.Single(fake.Requests);
        var query = seen.PathAndQuery[2..].Split('&').Select(p => p.Split('=', 2))
            .Select(p => new KeyValuePair<string, string>(Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p[1]))).ToList();
        string signature = query.Single(p => p.Key == "Signature").Value;
        var signed = query.Where(p => p.Key != "Signature").ToList();

        Assert.Equal("SignOutGroup", signed.Single(p => p.Key == "Action").Value);
        Assert.Equal(FakeCcc.AccessKeyId, signed.Single(p => p.Key == "AccessKeyId").Value);
        Assert.Equal(Ccc.Sdk.Signing.RpcHmacSha1Signer.ComputeSignature("POST", signed, FakeCcc.AccessKeySecret), signature);
        Assert.False(seen.Headers.ContainsKey("authorization"));
    }
}
