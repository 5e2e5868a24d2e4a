namespace Ccc.Sdk.Tests.Client;

public sealed class EndpointTests
{
    [Theory]
    [InlineData("cn-shanghai", "https://ccc.cn-shanghai.aliyuncs.com/")]
    [InlineData("cn-hangzhou", "https://ccc.cn-hangzhou.aliyuncs.com/")]
    [InlineData("cn-beijing", "https://ccc.aliyuncs.com/")]
    [InlineData("ap-southeast-1", "https://ccc.aliyuncs.com/")]
    [InlineData("cn-shanghai-finance-1", "https://ccc.aliyuncs.com/")]
    [InlineData("cn-north-2-gov-1", "https://ccc.aliyuncs.com/")]
    public void The_endpoint_follows_the_official_region_rule(string region, string expected) =>
        Assert.Equal(expected, CccClientOptions.ResolveEndpoint(region).ToString());

    [Fact]
    public void An_explicit_endpoint_overrides_the_region() =>
        Assert.Equal(new Uri("http://127.0.0.1:5080"), CccClientOptions.ResolveEndpoint("cn-beijing", new Uri("http://127.0.0.1:5080")));

    [Fact]
    public void The_default_region_is_cn_shanghai() =>
        Assert.Equal(new Uri("https://ccc.cn-shanghai.aliyuncs.com"), new CccClientOptions().GetEndpoint());

    [Fact]
    public void The_client_rejects_invalid_options()
    {
        var options = new CccClientOptions { Endpoint = new Uri("ftp://example.com") };

        Assert.Throws<ArgumentException>(() => new CccClient(new Ccc.Sdk.Auth.AccessKeyCredential("LTAI5tX", "s"), options));
    }
}
