using System.Net;
using System.Text;
using Ccc.Sdk.Signing;
using Ccc.Sdk.TestSupport.Live;
using Moq;
using Moq.Protected;

namespace Ccc.Sdk.Tests.Live;

/// <summary>
/// The read-only guard on its own: a mocked inner handler stands for the network, so "refused before anything leaves
/// the machine" is checked as "the inner handler was never called".
/// </summary>
public sealed class LiveReadOnlyGuardTests
{
    private const string EmptyPage = """{"RequestId":"req-1","Code":"OK","HttpStatusCode":200,"Data":{"List":[],"PageNumber":1,"PageSize":100,"TotalCount":0}}""";

    [Fact]
    public async Task A_state_changing_action_is_refused_before_the_inner_handler_sees_it()
    {
        var inner = Inner();
        using var invoker = new HttpMessageInvoker(new LiveReadOnlyGuard(inner.Object, allowWrites: false));

        var refused = await Assert.ThrowsAsync<LiveWriteRefusedException>(() => invoker.SendAsync(V3("MakeCall"), CancellationToken.None));

        Assert.Equal("MakeCall", refused.Action);
        Assert.Contains("MakeCall", refused.Message, StringComparison.Ordinal);
        Assert.Contains("CCC_LIVE_ALLOW_WRITES=1", refused.Message, StringComparison.Ordinal);
        VerifyInner(inner, Times.Never());
    }

    [Fact]
    public async Task An_action_on_the_read_only_list_goes_through()
    {
        var inner = Inner();
        var guard = new LiveReadOnlyGuard(inner.Object, allowWrites: false);
        using var invoker = new HttpMessageInvoker(guard);

        using var response = await invoker.SendAsync(V3("ListUsers"), CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        VerifyInner(inner, Times.Once());
        Assert.Equal(0, guard.RefusedCount);
    }

    [Theory]
    [InlineData("?Action=CreateUser&InstanceId=x", "CreateUser")]
    [InlineData("?InstanceId=x&action=ReadyForService", "ReadyForService")]
    public async Task The_RPC_style_Action_in_the_query_is_guarded_too(string query, string action)
    {
        var inner = Inner();
        using var invoker = new HttpMessageInvoker(new LiveReadOnlyGuard(inner.Object, allowWrites: false));

        var refused = await Assert.ThrowsAsync<LiveWriteRefusedException>(() =>
            invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://ccc.cn-shanghai.aliyuncs.com/" + query), CancellationToken.None));

        Assert.Equal(action, refused.Action);
        VerifyInner(inner, Times.Never());
    }

    [Fact]
    public async Task An_Action_in_a_form_body_is_guarded_too()
    {
        var inner = Inner();
        using var invoker = new HttpMessageInvoker(new LiveReadOnlyGuard(inner.Object, allowWrites: false));
        var request = new HttpRequestMessage(HttpMethod.Post, "https://ccc.cn-shanghai.aliyuncs.com/")
        {
            Content = new StringContent("InstanceId=x&Action=TakeBreak&Code=lunch", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };

        var refused = await Assert.ThrowsAsync<LiveWriteRefusedException>(() => invoker.SendAsync(request, CancellationToken.None));

        Assert.Equal("TakeBreak", refused.Action);
        VerifyInner(inner, Times.Never());
    }

    [Fact]
    public async Task A_request_naming_no_action_or_two_actions_is_refused()
    {
        var inner = Inner();
        var guard = new LiveReadOnlyGuard(inner.Object, allowWrites: false);
        using var invoker = new HttpMessageInvoker(guard);

        var none = await Assert.ThrowsAsync<LiveWriteRefusedException>(() =>
            invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://ccc.cn-shanghai.aliyuncs.com/"), CancellationToken.None));
        Assert.Null(none.Action);
        Assert.Contains("CCC_LIVE_ALLOW_WRITES=1", none.Message, StringComparison.Ordinal);

        // A read in the header and a write in the query: the guard does not guess which one the service would take.
        var smuggled = V3("ListUsers");
        smuggled.RequestUri = new Uri("https://ccc.cn-shanghai.aliyuncs.com/?Action=RemoveUsers");
        var two = await Assert.ThrowsAsync<LiveWriteRefusedException>(() => invoker.SendAsync(smuggled, CancellationToken.None));
        Assert.Equal("ListUsers + RemoveUsers", two.Action);

        VerifyInner(inner, Times.Never());
        Assert.Equal(2, guard.RefusedCount);
    }

    [Theory]
    [InlineData("listusers")] // names are compared exactly: a read in another case is not on the list
    [InlineData("GetLoginDetails")] // a Get that hands out SIP credentials
    [InlineData("GetAudioFileUploadParameters")] // a Get that grants an upload
    [InlineData("PollUserStatus")] // the Workbench heartbeat
    [InlineData("ExportDoNotCallNumbers")]
    public async Task Read_looking_actions_off_the_reviewed_list_are_refused(string action)
    {
        var inner = Inner();
        using var invoker = new HttpMessageInvoker(new LiveReadOnlyGuard(inner.Object, allowWrites: false));

        var refused = await Assert.ThrowsAsync<LiveWriteRefusedException>(() => invoker.SendAsync(V3(action), CancellationToken.None));

        Assert.Equal(action, refused.Action);
        VerifyInner(inner, Times.Never());
    }

    [Fact]
    public async Task With_writes_allowed_a_state_changing_action_goes_through()
    {
        var inner = Inner();
        var guard = new LiveReadOnlyGuard(inner.Object, allowWrites: true);
        using var invoker = new HttpMessageInvoker(guard);

        using var response = await invoker.SendAsync(V3("MakeCall"), CancellationToken.None);

        Assert.True(guard.AllowsWrites);
        VerifyInner(inner, Times.Once());
    }

    [Theory]
    [InlineData(SignatureAlgorithm.Acs3HmacSha256)]
    [InlineData(SignatureAlgorithm.RpcHmacSha1)]
    public async Task Through_CccClient_reads_pass_and_writes_are_refused_with_a_clear_exception(SignatureAlgorithm algorithm)
    {
        var inner = Inner();
        var target = LiveTarget.FromEnvironment(name => name switch
        {
            LiveTarget.EndpointVariable => "http://127.0.0.1:9",
            LiveTarget.InstanceIdVariable => "ccc-guard-test",
            LiveTarget.AccessKeyIdVariable => "LTAI5tGuardTestKey",
            LiveTarget.AccessKeySecretVariable => "guard-test-secret",
            _ => null,
        })!;
        Assert.False(target.AllowWrites);
        var (styled, guard, http) = LiveFixture.CreateClient(target, inner.Object, o => o.SignatureAlgorithm = algorithm);
        using (styled)
        using (http)
        {
            var users = await LiveHelpers.Collect(styled.ListUsersAsync());
            Assert.Empty(users);
            VerifyInner(inner, Times.Once());

            var refused = await LiveHelpers.RefusedAsync(() => styled.MakeCallAsync(new MakeCallRequest { Caller = "02150000001", Callee = "13900000001", UserId = "agent@x" }));
            Assert.Equal("MakeCall", refused.Action);
            Assert.Contains("CCC_LIVE_ALLOW_WRITES=1", refused.Message, StringComparison.Ordinal);
            var created = await LiveHelpers.RefusedAsync(() => styled.CreateUserAsync(new CreateUserRequest
            {
                LoginName = "x", DisplayName = "x", Email = "x@example.com", RoleId = "Agent@x", WorkMode = "ON_SITE",
            }));
            Assert.Equal("CreateUser", created.Action);
            var generic = await LiveHelpers.RefusedAsync(() => styled.SendAsync(new ApiRequest("RemoveUsers").With("UserIdList", "[\"a\"]")));
            Assert.Equal("RemoveUsers", generic.Action);

            VerifyInner(inner, Times.Once()); // the refused calls never reached the transport
            Assert.Equal(3, guard.RefusedCount);
            Assert.False(guard.AllowsWrites);
        }
    }

    private static Mock<HttpMessageHandler> Inner()
    {
        var inner = new Mock<HttpMessageHandler>(MockBehavior.Strict);
        inner.Protected()
            .Setup<Task<HttpResponseMessage>>("SendAsync", ItExpr.IsAny<HttpRequestMessage>(), ItExpr.IsAny<CancellationToken>())
            .ReturnsAsync(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(EmptyPage, Encoding.UTF8, "application/json") });
        inner.Protected().Setup("Dispose", ItExpr.IsAny<bool>());
        return inner;
    }

    private static void VerifyInner(Mock<HttpMessageHandler> inner, Times times) =>
        inner.Protected().Verify("SendAsync", times, ItExpr.IsAny<HttpRequestMessage>(), ItExpr.IsAny<CancellationToken>());

    private static HttpRequestMessage V3(string action)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "https://ccc.cn-shanghai.aliyuncs.com/?InstanceId=x");
        request.Headers.TryAddWithoutValidation("x-acs-action", action);
        request.Headers.TryAddWithoutValidation("x-acs-version", "2020-07-01");
        return request;
    }
}
