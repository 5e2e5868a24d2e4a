using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ccc.Sdk.Tests.AspNetCore.Events;

/// <summary>The receiver's store and settings chosen by configuration (<c>AddCccWebhooks(configuration.GetSection(…))</c>).</summary>
[Collection(PostgresCollection.Name)]
public sealed class WebhookConfigurationTests(PostgresFixture postgres)
{
    private static IConfigurationSection Section(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("CccWebhooks:" + v.Key, v.Value)))
            .Build()
            .GetSection("CccWebhooks");

    private static ICccEventInbox Inbox(IConfigurationSection section)
    {
        var services = new ServiceCollection();
        services.AddCccWebhooks(section);
        return services.BuildServiceProvider().GetRequiredService<ICccEventInbox>();
    }

    [Fact]
    public async Task Postgres_is_chosen_by_configuration_with_its_connection_string_and_table()
    {
        string table = PostgresFixture.NewTableName();
        var inbox = Inbox(Section(("Secrets:0", CccWebhookSigner.NewSecret()), ("Store", "Postgres"), ("Postgres:ConnectionString", postgres.ConnectionString), ("Postgres:Table", table)));

        var postgresInbox = Assert.IsType<PostgresCccEventInbox>(inbox);
        await postgresInbox.InitializeAsync();
        Assert.True(await postgresInbox.AddAsync(new InboxEvent
        {
            DedupeKey = "msg_config", WebhookId = "msg_config", EventType = "AgentReady", EventTime = DateTimeOffset.UtcNow,
            ReceivedAt = DateTimeOffset.UtcNow, Payload = "{}"u8.ToArray(),
        }));
        Assert.True(await postgresInbox.ContainsAsync("msg_config"));
    }

    [Fact]
    public void Sqlite_is_the_default_and_InMemory_can_be_chosen()
    {
        string secret = CccWebhookSigner.NewSecret();
        Assert.IsType<SqliteCccEventInbox>(Inbox(Section(("Secrets", secret), ("Sqlite:Path", Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".db")))));
        Assert.IsType<InMemoryCccEventInbox>(Inbox(Section(("Secrets", secret), ("Store", "InMemory"))));
    }

    [Fact]
    public void Secrets_durations_and_limits_are_read_and_a_list_may_be_one_semicolon_separated_string()
    {
        string a = CccWebhookSigner.NewSecret(), b = CccWebhookSigner.NewSecret();
        var options = new CccWebhookOptions();
        CccWebhookConfiguration.Apply(Section(("Secrets", a + "; " + b), ("Tolerance", "00:01:30"), ("MaxBodyBytes", "1024"), ("DoneRetention", "2.00:00:00")), options);

        Assert.Equal([a, b], options.Secrets);
        Assert.Equal((TimeSpan.FromSeconds(90), 1024L, TimeSpan.FromDays(2)), (options.Tolerance, options.MaxBodyBytes, options.DoneRetention));
    }

    [Theory]
    [InlineData("Store", "Oracle", "CccWebhooks:Store")]
    [InlineData("Tolerance", "soon", "CccWebhooks:Tolerance")]
    [InlineData("MaxBodyBytes", "-1", "CccWebhooks:MaxBodyBytes")]
    public void A_bad_value_is_refused_naming_its_key(string key, string value, string named)
    {
        var error = Assert.Throws<InvalidOperationException>(() => CccWebhookConfiguration.Apply(Section((key, value)), new CccWebhookOptions()));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_without_a_connection_string_is_refused_without_echoing_anything_secret()
    {
        string secret = CccWebhookSigner.NewSecret();
        var error = Assert.Throws<InvalidOperationException>(() => CccWebhookConfiguration.Apply(Section(("Secrets", secret), ("Store", "Postgres")), new CccWebhookOptions()));
        Assert.Contains("Postgres:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
    }
}
