using System.Text.RegularExpressions;
using Ccc.Sdk.Samples.Crm.Data;

namespace Ccc.Sdk.Tests.Samples.Data;

/// <summary>The sample's own process creates, migrates and seeds its database where the configuration says, once.</summary>
public sealed class SampleDatabaseTests
{
    [Fact]
    public async Task The_sample_migrates_and_seeds_its_database_at_start_and_keeps_it_across_restarts()
    {
        string data = Directory.CreateTempSubdirectory("ccc-sample-crm-").FullName;
        string database = Path.Combine(data, "elsewhere", "customers.db");
        var environment = new Dictionary<string, string> { ["Crm__Database"] = database };
        try
        {
            await using (var sample = await SampleProcess.StartAsync(data, environment))
            {
                Assert.True(File.Exists(database));
                Assert.False(File.Exists(Path.Combine(data, CrmDatabase.DefaultFileName))); // Crm:Database moved it
                using var agent = await sample.SignInAsync("agent1@ccc-local");
                string html = await agent.GetStringAsync("/customers");
                Assert.Equal(CrmSeed.Customers.Count, Regex.Matches(html, "class=\"call\"").Count);
                Assert.Contains("Tang Rui", html); // the last of the seed
            }

            // The sample's second run on the same file: migrated already, nothing seeded twice.
            await using (var again = await SampleProcess.StartAsync(data, environment))
            {
                using var agent = await again.SignInAsync("agent2@ccc-local");
                string html = await agent.GetStringAsync("/customers");
                Assert.Equal(CrmSeed.Customers.Count, Regex.Matches(html, "class=\"call\"").Count);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // Left for the system's temp cleanup.
            }
        }
    }
}
