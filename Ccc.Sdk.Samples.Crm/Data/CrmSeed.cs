using Ccc.Sdk.Samples.Crm.Customers;
using Microsoft.EntityFrameworkCore;

namespace Ccc.Sdk.Samples.Crm.Data;

/// <summary>
/// The demo customers written on the first run (a database without customers): the six the tests and the docs use
/// (ids, names, companies, cities and first numbers are fixed), several with a second number, two VIPs, owners and a
/// few notes, and ten more so the list looks real. A later start writes nothing, so an edit is never overwritten.
/// No number is one of the emulator's instance numbers or an agent's mobile.
/// </summary>
public static class CrmSeed
{
    /// <summary>A seeded customer: fields, then numbers (the first is the one the CRM dials), then notes.</summary>
    /// <param name="Id">The id.</param>
    /// <param name="ContactName">The person.</param>
    /// <param name="Company">The company.</param>
    /// <param name="City">The city.</param>
    /// <param name="IsVip">VIP.</param>
    /// <param name="OwnerAgentId">The owner.</param>
    /// <param name="Phones">The numbers, normalised.</param>
    /// <param name="Notes">Notes (agent, text, days ago).</param>
    public sealed record SeedCustomer(string Id, string ContactName, string Company, string City, bool IsVip, string? OwnerAgentId,
        IReadOnlyList<string> Phones, IReadOnlyList<(string AgentId, string Text, int DaysAgo)> Notes);

    /// <summary>The seed.</summary>
    public static IReadOnlyList<SeedCustomer> Customers { get; } =
    [
        new("c-1001", "Liu Yang", "Huangpu Trading Co.", "Shanghai", true, "agent1@ccc-local", ["02161234567", "13661234567"],
            [("agent1@ccc-local", "Renewal due in March; prefers calls after 10:00.", 12), ("agent1@ccc-local", "Asked for the new price list by e-mail.", 3)]),
        new("c-1002", "Zhou Min", "Pudong Logistics", "Shanghai", false, "agent2@ccc-local", ["13912345678", "02158881234"],
            [("agent2@ccc-local", "Two trucks delayed last week; follow up on the claim.", 5)]),
        new("c-1003", "Sun Hao", "Haidian Software Ltd.", "Beijing", false, "agent3@ccc-local", ["01062345678", "13501234567"], []),
        new("c-1004", "Wu Jing", "Chaoyang Retail", "Beijing", false, "agent2@ccc-local", ["13811112222"],
            [("agent2@ccc-local", "Interested in the loyalty programme.", 8)]),
        new("c-1005", "Zheng Lei", "Pearl River Foods", "Guangzhou", false, "agent3@ccc-local", ["18622223333", "02087651234"],
            [("agent3@ccc-local", "Line always busy; try the landline or e-mail.", 2)]),
        new("c-1006", "Ma Lin", "Xihu Tea House", "Hangzhou", true, "agent1@ccc-local", ["057187654321", "13757112345"],
            [("agent1@ccc-local", "Long-standing customer: spring tea order every April.", 20)]),
        new("c-1007", "Guo Fang", "Jinjiang Hotels", "Chengdu", false, "agent1@ccc-local", ["02887654321", "13518001234"], []),
        new("c-1008", "He Jun", "Nanshan Electronics", "Shenzhen", false, "agent2@ccc-local", ["075526781234", "13725556666"], []),
        new("c-1009", "Lin Xiao", "Binjiang Media", "Hangzhou", false, "agent3@ccc-local", ["15867891234"], []),
        new("c-1010", "Luo Qiang", "Jiangbei Motors", "Chongqing", false, "agent1@ccc-local", ["02366889900"],
            [("agent1@ccc-local", "Fleet of 40 cars; decision maker is the CFO.", 30)]),
        new("c-1011", "Gao Yan", "Tianhe Fashion", "Guangzhou", false, "agent2@ccc-local", ["02038765432", "13926667777"], []),
        new("c-1012", "Xu Tao", "Xuhui Clinic", "Shanghai", false, "agent3@ccc-local", ["02164321098"], []),
        new("c-1013", "Hu Lan", "Wuchang Books", "Wuhan", false, "agent1@ccc-local", ["02787651234", "15972223344"], []),
        new("c-1014", "Zhu Wei", "Gulou Hardware", "Nanjing", false, "agent2@ccc-local", ["02583456789"], []),
        new("c-1015", "Song Jia", "Lixia Printing", "Jinan", false, null, ["053186543210"], []),
        new("c-1016", "Tang Rui", "Heping Pharmacy", "Tianjin", false, "agent3@ccc-local", ["02223456789", "18722334455"], []),
    ];

    /// <summary>Writes the seed if the database has no customer yet (one transaction).</summary>
    /// <param name="db">The context.</param>
    /// <param name="time">The clock (creation and note times).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it wrote the seed.</returns>
    public static async Task<bool> SeedAsync(CrmDbContext db, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Customers.AnyAsync(cancellationToken))
        {
            return false;
        }

        var now = time.GetUtcNow();
        foreach (var seed in Customers)
        {
            var customer = new CustomerRecord
            {
                Id = seed.Id, ContactName = seed.ContactName, Company = seed.Company, City = seed.City, IsVip = seed.IsVip,
                OwnerAgentId = seed.OwnerAgentId, CreatedAt = now.AddDays(-60),
            };
            for (int i = 0; i < seed.Phones.Count; i++)
            {
                string number = PhoneNumbers.Normalize(seed.Phones[i]) ?? throw new InvalidOperationException($"Seed number {seed.Phones[i]} does not normalise.");
                customer.Phones.Add(new CustomerPhoneRecord { CustomerId = seed.Id, Number = number, Kind = CustomerDirectory.KindOf(number), Position = i });
            }

            foreach (var (agentId, text, daysAgo) in seed.Notes)
            {
                customer.Notes.Add(new CustomerNoteRecord { CustomerId = seed.Id, AgentId = agentId, Text = text, CreatedAt = now.AddDays(-daysAgo) });
            }

            db.Customers.Add(customer);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
