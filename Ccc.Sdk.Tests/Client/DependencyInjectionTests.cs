using Ccc.Sdk.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Ccc.Sdk.Tests.Client;

public sealed class DependencyInjectionTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Options_are_bound_from_the_Ccc_section()
    {
        var config = Config(
            ("Ccc:RegionId", "cn-beijing"),
            ("Ccc:InstanceId", "ccc-test"),
            ("Ccc:AccessKeyId", "LTAI5tBound"),
            ("Ccc:AccessKeySecret", "bound-secret"),
            ("Ccc:Timeout", "00:00:10"),
            ("Ccc:Retry:MaxRetries", "5"),
            ("Ccc:SignatureAlgorithm", "RpcHmacSha1"));
        var services = new ServiceCollection().AddCcc(config.GetSection("Ccc"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<CccClientOptions>>().Value;
        var client = provider.GetRequiredService<CccClient>();

        Assert.Equal("cn-beijing", options.RegionId);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
        Assert.Equal(5, options.Retry.MaxRetries);
        Assert.Equal(Ccc.Sdk.Signing.SignatureAlgorithm.RpcHmacSha1, options.SignatureAlgorithm);
        Assert.Equal(new Uri("https://ccc.aliyuncs.com"), client.Endpoint);
    }

    [Fact]
    public void Binding_from_configuration_is_source_generated_into_the_sdk()
    {
        // EnableConfigurationBindingGenerator: AddCcc(name, configuration) binds with generated code (no reflection, no
        // suppressed trim or AOT warning); the generator's type is compiled into Ccc.Sdk.
        var generated = typeof(CccClient).Assembly.GetTypes()
            .Where(t => t.Namespace == "Microsoft.Extensions.Configuration.Binder.SourceGeneration")
            .Select(t => t.Name)
            .ToList();
        Assert.Contains(generated, name => name.Contains("BindingExtensions", StringComparison.Ordinal));
        var addCcc = typeof(CccServiceCollectionExtensions).GetMethod(nameof(CccServiceCollectionExtensions.AddCcc), [typeof(IServiceCollection), typeof(string), typeof(IConfiguration)])!;
        Assert.Empty(addCcc.GetCustomAttributes(typeof(System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessageAttribute), inherit: false));
    }

    [Fact]
    public void A_value_the_binding_cannot_convert_is_refused_naming_its_key()
    {
        var services = new ServiceCollection().AddCcc(Config(("Ccc:InstanceId", "ccc-test"), ("Ccc:Timeout", "ten seconds")).GetSection("Ccc"));
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptions<CccClientOptions>>().Value);

        Assert.Contains("Ccc:Timeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_on_start_fails_for_bad_options()
    {
        var services = new ServiceCollection().AddCcc(o =>
        {
            o.RegionId = "Not A Region";
            o.Retry.MaxRetries = -1;
            o.Timeout = TimeSpan.Zero;
            o.AccessKeyId = "LTAI5t";
            o.AccessKeySecret = "pasted\nsecret-value";
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(ex.Failures, f => f.Contains("RegionId", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Retry.MaxRetries", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Timeout", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("AccessKeySecret contains white space", StringComparison.Ordinal));
        Assert.DoesNotContain(ex.Failures, f => f.Contains("secret-value", StringComparison.Ordinal));
    }

    [Fact]
    public void Valid_options_pass_validation_on_start()
    {
        var services = new ServiceCollection().AddCcc(o => o.InstanceId = "ccc-test");
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void Named_clients_serve_several_instances_and_regions()
    {
        var services = new ServiceCollection()
            .AddSingleton<CccCredential>(new AccessKeyCredential("LTAI5tShared", "shared-secret"))
            .AddCcc(o => o.InstanceId = "ccc-shanghai")
            .AddCcc("beijing", Config(("RegionId", "cn-beijing"), ("InstanceId", "ccc-beijing")))
            .AddCcc("hangzhou", o => { o.RegionId = "cn-hangzhou"; o.InstanceId = "ccc-hz"; });
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ICccClientFactory>();

        Assert.Equal(new Uri("https://ccc.cn-shanghai.aliyuncs.com"), provider.GetRequiredService<CccClient>().Endpoint);
        Assert.Equal(new Uri("https://ccc.aliyuncs.com"), factory.CreateClient("beijing").Endpoint);
        Assert.Equal(new Uri("https://ccc.cn-hangzhou.aliyuncs.com"), factory.CreateClient("hangzhou").Endpoint);
        Assert.Same(factory.CreateClient("beijing"), factory.CreateClient("beijing"));
        Assert.Same(provider.GetRequiredService<CccClient>(), factory.CreateClient(Options.DefaultName));
        Assert.Throws<InvalidOperationException>(() => factory.CreateClient("nowhere"));
    }

    [Fact]
    public void Registering_twice_is_harmless()
    {
        var services = new ServiceCollection()
            .AddSingleton<CccCredential>(new AccessKeyCredential("LTAI5tShared", "shared-secret"))
            .AddCcc(o => o.InstanceId = "ccc-test")
            .AddCcc(o => o.InstanceId = "ccc-test");
        using var provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(ICccClientFactory));
        Assert.Single(services, d => d.ServiceType == typeof(CccClient));
        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotNull(provider.GetRequiredService<CccClient>());
    }

    [Fact]
    public async Task The_client_uses_the_named_HttpClient_and_the_registered_TimeProvider()
    {
        var fake = new FakeCcc { Fallback = _ => FakeCcc.Ok("{}") };
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2030-05-06T07:08:09Z", System.Globalization.CultureInfo.InvariantCulture));
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(time)
            .AddCcc(o => { o.InstanceId = "ccc-test"; o.AccessKeyId = "LTAI5tOptions"; o.AccessKeySecret = "options-secret"; });
        services.AddHttpClient(CccServiceCollectionExtensions.HttpClientNamePrefix).ConfigurePrimaryHttpMessageHandler(() => fake);
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<CccClient>().ResetAgentStateAsync();

        var seen = Assert.Single(fake.Requests);
        Assert.Equal("2030-05-06T07:08:09Z", seen.Headers["x-acs-date"]);
        Assert.Contains("Credential=LTAI5tOptions,", seen.Headers["authorization"], StringComparison.Ordinal);
    }
}
