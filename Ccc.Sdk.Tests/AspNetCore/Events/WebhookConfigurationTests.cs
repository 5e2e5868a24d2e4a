using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ccc.Sdk.Tests.AspNetCore.Events;

/// <summary>The receiver's store and settings chosen by configuration (<c>AddCccWebhooks(configuration.GetSection(…))</c>);
/// the SQLite and PostgreSQL stores read their own sub-sections (<c>UseSqlite(section)</c>, <c>UsePostgres(section)</c>).</summary>
[Collection(PostgresCollection.Name)]
public sealed class WebhookConfigurationTests(PostgresFixture postgres)
{
    private static IConfigurationSection Section(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("CccWebhooks:" + v.Key, v.Value)))
            .Build()
            .GetSection("CccWebhooks");

    private static ICccEventInbox Inbox(IConfigurationSection section, Action<CccWebhookOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddCccWebhooks(section, configure);
        return services.BuildServiceProvider().GetRequiredService<ICccEventInbox>();
    }

    [Fact]
    public async Task Postgres_is_chosen_by_configuration_with_its_connection_string_and_table()
    {
        string table = PostgresFixture.NewTableName();
        var section = Section(("Secrets:0", CccWebhookSigner.NewSecret()), ("Store", "Postgres"), ("Postgres:ConnectionString", postgres.ConnectionString), ("Postgres:Table", table));
        var inbox = Inbox(section, o => o.UsePostgres(section.GetSection("Postgres")));

        var postgresInbox = Assert.IsType<PostgresCccEventInbox>(inbox);
        Assert.Equal(table, postgresInbox.Table);
        await postgresInbox.InitializeAsync();
        Assert.True(await postgresInbox.AddAsync(new InboxEvent
        {
            DedupeKey = "msg_config", WebhookId = "msg_config", EventType = "AgentReady", EventTime = DateTimeOffset.UtcNow,
            ReceivedAt = DateTimeOffset.UtcNow, Payload = "{}"u8.ToArray(),
        }));
        Assert.True(await postgresInbox.ContainsAsync("msg_config"));
    }

    [Fact]
    public void Sqlite_reads_its_path_from_its_section_and_InMemory_is_chosen_by_configuration_alone()
    {
        string secret = CccWebhookSigner.NewSecret();
        string file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".db");
        var section = Section(("Secrets", secret), ("Store", "Sqlite"), ("Sqlite:Path", file));
        Assert.Equal(file, Assert.IsType<SqliteCccEventInbox>(Inbox(section, o => o.UseSqlite(section.GetSection("Sqlite")))).Path);
        Assert.IsType<InMemoryCccEventInbox>(Inbox(Section(("Secrets", secret), ("Store", "InMemory"))));
    }

    [Fact]
    public void A_store_named_by_configuration_but_not_chosen_in_code_is_refused_naming_its_package()
    {
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => Inbox(Section(("Secrets", CccWebhookSigner.NewSecret()), ("Store", "Sqlite"))));

        Assert.Contains(error.Failures, f => f.Contains("Ccc.Sdk.AspNetCore.Sqlite", StringComparison.Ordinal) && f.Contains("UseSqlite", StringComparison.Ordinal));
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
        var section = Section(("Secrets", secret), ("Store", "Postgres"), ("Postgres:Table", "t"));
        var error = Assert.Throws<InvalidOperationException>(() => Inbox(section, o => o.UsePostgres(section.GetSection("Postgres"))));
        Assert.Contains("CccWebhooks:Postgres:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
    }
}
