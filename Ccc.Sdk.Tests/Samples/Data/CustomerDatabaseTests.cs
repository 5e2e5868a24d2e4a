using Ccc.Sdk.Samples.Crm.Customers;
using Ccc.Sdk.Samples.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace Ccc.Sdk.Tests.Samples.Data;

/// <summary>
/// The sample CRM's customer database (EF Core on a real SQLite file): migrations and first-run seed, lookups by any
/// notation of a number, the card joined with the webhook-fed call history and the notes written during a call, and
/// the refusals of <see cref="ICustomerBook.CreateAsync"/> and <see cref="ICustomerBook.AddNoteAsync"/>.
/// </summary>
public sealed class CustomerDatabaseTests
{
    [Fact]
    public async Task A_fresh_database_is_migrated_and_seeded_with_the_demo_customers()
    {
        await using var database = await CrmTestDatabase.StartAsync();

        Assert.True(database.Seeded);
        Assert.True(File.Exists(database.Path));
        await using (var db = database.NewContext())
        {
            var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
            Assert.Equal(db.Database.GetMigrations(), applied);
            Assert.EndsWith("_InitialCreate", applied[0]);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal("wal", await db.Database.SqlQuery<string>($"SELECT journal_mode AS \"Value\" FROM pragma_journal_mode").SingleAsync());
        }

        var all = await database.Customers.ListAsync();
        Assert.Equal(CrmSeed.Customers.Count, all.Count);
        Assert.True(all.Count >= 16);
        var expected = new (string Id, string Name, string Company, string City, string Number, bool Vip)[]
        {
            ("c-1001", "Liu Yang", "Huangpu Trading Co.", "Shanghai", "02161234567", true),
            ("c-1002", "Zhou Min", "Pudong Logistics", "Shanghai", "13912345678", false),
            ("c-1003", "Sun Hao", "Haidian Software Ltd.", "Beijing", "01062345678", false),
            ("c-1004", "Wu Jing", "Chaoyang Retail", "Beijing", "13811112222", false),
            ("c-1005", "Zheng Lei", "Pearl River Foods", "Guangzhou", "18622223333", false),
            ("c-1006", "Ma Lin", "Xihu Tea House", "Hangzhou", "057187654321", true),
        };
        foreach (var (id, name, company, city, number, vip) in expected)
        {
            var customer = Assert.Single(all, c => c.Id == id);
            Assert.Equal((name, company, city, vip, number), (customer.ContactName, customer.Company, customer.City, customer.IsVip, customer.PrimaryPhone));
            Assert.StartsWith("agent", customer.OwnerAgentId);
            Assert.EndsWith("@ccc-local", customer.OwnerAgentId);
        }

        // VIPs first, then by company: the list opens with the two VIPs.
        Assert.Equal(["c-1001", "c-1006"], all.Take(2).Select(c => c.Id));
        Assert.Equal(2, all.Count(c => c.IsVip));
        // Several have a mobile and a landline, each kind right.
        var liu = all.Single(c => c.Id == "c-1001");
        Assert.Equal([new CustomerPhone("02161234567", "landline"), new CustomerPhone("13661234567", "mobile")], liu.Phones);
        Assert.True(all.Count(c => c.Phones.Select(p => p.Kind).Distinct().Count() == 2) >= 4);
        // Every number is unique and normalised, and none is the emulator's (instance numbers, agents' mobiles).
        var numbers = all.SelectMany(c => c.Phones).Select(p => p.Number).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.All(numbers, n => Assert.Equal(n, PhoneNumbers.Normalize(n)));
        Assert.Empty(numbers.Intersect(["02150000001", "01050000002", "17150000003", "4001234567", "13900000001", "13900000002", "18600000003", "13900000009"]));
        // A few notes.
        var card = await database.Customers.GetCardAsync("c-1001");
        Assert.Equal(2, card!.Notes.Count);
        Assert.True(card.Notes[0].CreatedAt > card.Notes[1].CreatedAt);
    }

    [Fact]
    public async Task A_second_start_seeds_nothing_and_keeps_an_edited_customer()
    {
        await using var database = await CrmTestDatabase.StartAsync();
        var created = await database.Customers.CreateAsync(new NewCustomer("Qian Li", "Songjiang Textiles", "Shanghai", ["+86 137 0000 9999"]));
        await database.Customers.AddNoteAsync("c-1002", null, "agent2@ccc-local", "Moved to a new warehouse.");
        await using (var db = database.NewContext())
        {
            var zhou = await db.Customers.SingleAsync(c => c.Id == "c-1002");
            zhou.Company = "Pudong Logistics Group";
            zhou.IsVip = true;
            await db.SaveChangesAsync();
        }

        await database.RestartAsync();

        Assert.False(database.Seeded);
        var all = await database.Customers.ListAsync();
        Assert.Equal(CrmSeed.Customers.Count + 1, all.Count);
        var edited = all.Single(c => c.Id == "c-1002");
        Assert.Equal(("Pudong Logistics Group", true), (edited.Company, edited.IsVip));
        AssertSameCustomer(created, all.Single(c => c.Id == created.Id));
        var card = await database.Customers.GetCardAsync("c-1002");
        Assert.Equal(2, card!.Notes.Count); // the seed's one and the one added: none twice
        Assert.Single(card.Notes, n => n.Text == "Moved to a new warehouse.");
    }

    [Fact]
    public async Task The_migrations_match_the_model()
    {
        await using var database = await CrmTestDatabase.StartAsync();
        await using var db = database.NewContext();
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: run dotnet ef migrations add <Name> --project Ccc.Sdk.Samples.Crm.");
    }

    [Fact]
    public async Task Every_notation_of_a_number_finds_the_same_customer()
    {
        await using var database = await CrmTestDatabase.StartAsync();
        var created = await database.Customers.CreateAsync(new NewCustomer("Fan Bing", "Minhang Tools", "Shanghai", ["+86 138-0000-0001", "+86 21 5432 1098"]));
        Assert.Equal([new CustomerPhone("13800000001", "mobile"), new CustomerPhone("02154321098", "landline")], created.Phones);

        foreach (string notation in new[] { "+86 138-0000-0001", "8613800000001", "13800000001", "0086 138 0000 0001", "(138) 0000 0001", "+86 (0)21 5432 1098", "021-5432-1098" })
        {
            AssertSameCustomer(created, await database.Customers.FindByPhoneAsync(notation));
        }

        Assert.Equal("c-1006", (await database.Customers.FindByPhoneAsync("+86 571 8765 4321"))?.Id);
        Assert.Equal("c-1001", (await database.Customers.FindByPhoneAsync("+86 136 6123 4567"))?.Id); // Liu Yang's second number
        Assert.Null(await database.Customers.FindByPhoneAsync("13800000002"));
        Assert.Null(await database.Customers.FindByPhoneAsync("not a number"));
        Assert.Null(await database.Customers.FindByPhoneAsync(null));

        // The lookup is one query on the unique index of customer_phones.number.
        await using var db = database.NewContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN SELECT customer_id FROM customer_phones WHERE number = '13800000001'";
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Contains(plan, d => d.Contains("USING INDEX IX_customer_phones_number", StringComparison.Ordinal) || d.Contains("USING COVERING INDEX IX_customer_phones_number", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_card_shows_a_call_from_its_CDR_with_the_note_written_during_it()
    {
        await using var database = await CrmTestDatabase.StartAsync();
        var start = database.Time.GetUtcNow();
        // Liu Yang calls from her mobile, written by the call center with the country code.
        await database.History.SaveCallAsync(Cdr("job-card-1", "Inbound", calling: "8613661234567", called: "02150000001", start, talk: 95), "push");
        // Another customer's call and an unknown caller's: not on her card.
        await database.History.SaveCallAsync(Cdr("job-card-2", "Inbound", calling: "13912345678", called: "02150000001", start.AddMinutes(1), talk: 10), "push");
        await database.History.SaveCallAsync(Cdr("job-card-3", "Inbound", calling: "13700001111", called: "02150000001", start.AddMinutes(2), talk: 10), "push");
        database.Time.Advance(TimeSpan.FromMinutes(5));
        var note = await database.Customers.AddNoteAsync("c-1001", "job-card-1", "agent1@ccc-local", "  Wants a quote for 200 boxes.  ");
        database.Time.Advance(TimeSpan.FromMinutes(1));
        var later = await database.Customers.AddNoteAsync("c-1001", null, "agent1@ccc-local", "Quote sent.");

        var card = await database.Customers.GetCardAsync("c-1001");

        Assert.NotNull(card);
        Assert.Equal("Liu Yang", card.Customer.ContactName);
        var call = Assert.Single(card.RecentCalls);
        Assert.Equal("job-card-1", call.Call.ContactId);
        Assert.Equal(("c-1001", "Liu Yang", "13661234567", 95L), (call.Call.CustomerId, call.Call.CustomerName, call.Call.CustomerNumber, call.Call.DurationSeconds));
        Assert.Equal("Success", call.Call.Disposition);
        Assert.Equal([note], call.Notes);
        Assert.Equal("Wants a quote for 200 boxes.", note.Text);
        Assert.Equal(("c-1001", "job-card-1", "agent1@ccc-local"), (note.CustomerId, note.ContactId, note.AgentId));
        // All notes, newest first: the two added, then the seed's two.
        Assert.Equal([later, note], card.Notes.Take(2));
        Assert.Equal(4, card.Notes.Count);

        // The history resolves the same customer for the whole call list.
        var rows = await database.History.ListCallsAsync(null);
        Assert.Equal(["job-card-3", "job-card-2", "job-card-1"], rows.Select(r => r.ContactId));
        Assert.Equal([null, "c-1002", "c-1001"], rows.Select(r => r.CustomerId));
    }

    [Fact]
    public async Task The_card_shows_the_latest_ten_calls_newest_first()
    {
        await using var database = await CrmTestDatabase.StartAsync();
        var start = database.Time.GetUtcNow();
        for (int i = 0; i < 12; i++)
        {
            // Outbound to her landline and inbound from her mobile, alternately.
            var cdr = i % 2 == 0
                ? Cdr($"job-many-{i:D2}", "Outbound", calling: "02150000001", called: "+86 21 6123 4567", start.AddMinutes(i), talk: i)
                : Cdr($"job-many-{i:D2}", "Inbound", calling: "13661234567", called: "4001234567", start.AddMinutes(i), talk: i);
            await database.History.SaveCallAsync(cdr, "push");
        }

        var card = await database.Customers.GetCardAsync("c-1001");

        Assert.Equal(Enumerable.Range(2, 10).Reverse().Select(i => $"job-many-{i:D2}"), card!.RecentCalls.Select(c => c.Call.ContactId));
    }

    [Fact]
    public async Task A_watcher_of_a_call_hears_when_its_record_is_written_or_its_recording_is_ready_and_nothing_after_it_stops()
    {
        await using var database = await CrmTestDatabase.StartAsync();
        var heard = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var watch = database.History.WhenWritten("job-watched", () => heard.Enqueue("job-watched"));

        await database.History.SaveCallAsync(Cdr("job-other", "Inbound", calling: "13912345678", called: "02150000001", database.Time.GetUtcNow(), talk: 5), "push");
        Assert.Empty(heard);

        await database.History.SaveCallAsync(Cdr("job-watched", "Inbound", calling: "13912345678", called: "02150000001", database.Time.GetUtcNow(), talk: 5), "push");
        Assert.Single(heard);
        Assert.Equal("job-watched", Assert.Single(await database.History.ListCallsAsync(null), c => c.ContactId == "job-watched").ContactId);

        await database.History.MarkRecordingReadyAsync("job-watched");
        Assert.Equal(2, heard.Count);

        watch.Dispose();
        await database.History.SaveCallAsync(Cdr("job-watched", "Inbound", calling: "13912345678", called: "02150000001", database.Time.GetUtcNow(), talk: 6), "sweep");
        Assert.Equal(2, heard.Count);
    }

    [Fact]
    public async Task A_customer_created_after_a_call_sees_it_on_the_card()
    {
        await using var database = await CrmTestDatabase.StartAsync();
        await database.History.SaveCallAsync(Cdr("job-before", "Inbound", calling: "+86 135 5555 0101", called: "02150000001", database.Time.GetUtcNow(), talk: 42), "push");
        var before = Assert.Single(await database.History.ListCallsAsync(null));
        Assert.Null(before.CustomerId);
        Assert.Equal("13555550101", before.CustomerNumber);

        var created = await database.Customers.CreateAsync(new NewCustomer("Deng Hui", "Jing'an Florists", "Shanghai", ["135-5555-0101"]));

        var card = await database.Customers.GetCardAsync(created.Id);
        var call = Assert.Single(card!.RecentCalls);
        Assert.Equal(("job-before", created.Id, "Deng Hui", 42L), (call.Call.ContactId, call.Call.CustomerId, call.Call.CustomerName, call.Call.DurationSeconds));
        var row = Assert.Single(await database.History.ListCallsAsync(null));
        Assert.Equal((created.Id, "Deng Hui"), (row.CustomerId, row.CustomerName));
    }

    [Fact]
    public async Task New_customers_continue_the_id_sequence()
    {
        await using var database = await CrmTestDatabase.StartAsync();
        var announced = new List<CustomerSummary>();
        ((CustomerDirectory)database.Customers).AfterCreate = (customer, _) =>
        {
            announced.Add(customer);
            return Task.CompletedTask;
        };
        var first = await database.Customers.CreateAsync(new NewCustomer("  Yu Qing ", " Baoshan Steel ", " Shanghai ", ["13700002222"], IsVip: true, OwnerAgentId: "agent3@ccc-local"));
        var second = await database.Customers.CreateAsync(new NewCustomer("Yao Ming", "", "", ["13700003333", "+86 13700003333"]));

        Assert.Equal($"c-{1000 + CrmSeed.Customers.Count + 1}", first.Id);
        Assert.Equal($"c-{1000 + CrmSeed.Customers.Count + 2}", second.Id);
        Assert.Equal(("Yu Qing", "Baoshan Steel", "Shanghai", true, "agent3@ccc-local"), (first.ContactName, first.Company, first.City, first.IsVip, first.OwnerAgentId));
        Assert.Equal([new CustomerPhone("13700003333", "mobile")], second.Phones); // the same number twice is kept once
        AssertSameCustomer(first, await database.Customers.FindAsync(first.Id));
        Assert.Equal([first.Id, second.Id], announced.Select(c => c.Id)); // e.g. the emulator's simulated phones
    }

    [Fact]
    public async Task A_number_of_another_customer_is_refused_with_the_field_named()
    {
        await using var database = await CrmTestDatabase.StartAsync();

        var refused = await Assert.ThrowsAsync<CustomerValidationException>(() =>
            database.Customers.CreateAsync(new NewCustomer("Someone Else", "Other Co.", "Shanghai", ["13700004444", "+86 139 1234 5678"])));

        Assert.Equal("Phones", refused.Field);
        Assert.Contains("13912345678", refused.Message);
        Assert.Null(await database.Customers.FindByPhoneAsync("13700004444")); // nothing of it was written
        Assert.Equal(CrmSeed.Customers.Count, (await database.Customers.ListAsync()).Count);
    }

    [Theory]
    [InlineData("", "Co.", "City", "13700005555", "ContactName")]
    [InlineData("   ", "Co.", "City", "13700005555", "ContactName")]
    [InlineData("Name", "Co.", "City", "", "Phones")]
    [InlineData("Name", "Co.", "City", "call me", "Phones")]
    [InlineData("Name", "Co.", "City", "1370000555512345678901", "Phones")]
    public async Task An_invalid_new_customer_is_refused_with_the_field_named(string name, string company, string city, string phone, string field)
    {
        await using var database = await CrmTestDatabase.StartAsync();
        var refused = await Assert.ThrowsAsync<CustomerValidationException>(() =>
            database.Customers.CreateAsync(new NewCustomer(name, company, city, phone.Length == 0 ? [] : [phone])));
        Assert.Equal(field, refused.Field);
    }

    [Fact]
    public async Task Fields_longer_than_200_characters_are_refused()
    {
        await using var database = await CrmTestDatabase.StartAsync();
        string longText = new('x', 201);
        Assert.Equal("ContactName", (await Assert.ThrowsAsync<CustomerValidationException>(() => database.Customers.CreateAsync(new NewCustomer(longText, "", "", ["13700006666"])))).Field);
        Assert.Equal("Company", (await Assert.ThrowsAsync<CustomerValidationException>(() => database.Customers.CreateAsync(new NewCustomer("A", longText, "", ["13700006666"])))).Field);
        Assert.Equal("City", (await Assert.ThrowsAsync<CustomerValidationException>(() => database.Customers.CreateAsync(new NewCustomer("A", "", longText, ["13700006666"])))).Field);
        Assert.Equal("OwnerAgentId", (await Assert.ThrowsAsync<CustomerValidationException>(() => database.Customers.CreateAsync(new NewCustomer("A", "", "", ["13700006666"], OwnerAgentId: longText)))).Field);
        var exactly200 = await database.Customers.CreateAsync(new NewCustomer(new string('y', 200), "", "", ["13700006666"]));
        Assert.Equal(200, exactly200.ContactName.Length);
    }

    [Fact]
    public async Task Concurrent_creates_with_the_same_number_one_wins_the_other_is_refused()
    {
        await using var database = await CrmTestDatabase.StartAsync();
        using var go = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            go.Wait();
            return await database.Customers.CreateAsync(new NewCustomer($"Racer {i}", "Race Co.", "Shanghai", [i % 2 == 0 ? "+86 137 0000 7777" : "13700007777"]));
        })).ToList();
        go.Set();

        var outcomes = await Task.WhenAll(attempts.Select(async t =>
        {
            try
            {
                return (Created: await t, Refused: (CustomerValidationException?)null);
            }
            catch (CustomerValidationException ex)
            {
                return (Created: (CustomerSummary?)null, Refused: ex);
            }
        }));

        var winner = Assert.Single(outcomes, o => o.Created is not null).Created!;
        Assert.All(outcomes.Where(o => o.Created is null), o => Assert.Equal("Phones", o.Refused!.Field));
        AssertSameCustomer(winner, await database.Customers.FindByPhoneAsync("13700007777"));
        Assert.Equal(CrmSeed.Customers.Count + 1, (await database.Customers.ListAsync()).Count);
    }

    [Fact]
    public async Task Concurrent_creates_with_different_numbers_all_get_their_own_id()
    {
        await using var database = await CrmTestDatabase.StartAsync();
        var created = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            database.Customers.CreateAsync(new NewCustomer($"Parallel {i}", "Par Co.", "Beijing", [$"1370001{i:D4}"])))));

        Assert.Equal(8, created.Select(c => c.Id).Distinct().Count());
        Assert.Equal(Enumerable.Range(CrmSeed.Customers.Count + 1001, 8).Select(n => $"c-{n}"), created.Select(c => c.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_note_needs_a_customer_and_one_to_MaxLength_characters()
    {
        await using var database = await CrmTestDatabase.StartAsync();

        Assert.Equal("CustomerId", (await Assert.ThrowsAsync<CustomerValidationException>(() => database.Customers.AddNoteAsync("c-9999", null, "agent1@ccc-local", "Hello"))).Field);
        Assert.Equal("Text", (await Assert.ThrowsAsync<CustomerValidationException>(() => database.Customers.AddNoteAsync("c-1001", null, "agent1@ccc-local", "   "))).Field);
        Assert.Equal("Text", (await Assert.ThrowsAsync<CustomerValidationException>(() => database.Customers.AddNoteAsync("c-1001", null, "agent1@ccc-local", new string('n', CustomerNote.MaxLength + 1)))).Field);
        Assert.Equal("AgentId", (await Assert.ThrowsAsync<CustomerValidationException>(() => database.Customers.AddNoteAsync("c-1001", null, "", "Hello"))).Field);

        var longest = await database.Customers.AddNoteAsync("c-1001", "job-x", "agent1@ccc-local", " " + new string('n', CustomerNote.MaxLength) + " ");
        Assert.Equal(CustomerNote.MaxLength, longest.Text.Length);
        var card = await database.Customers.GetCardAsync("c-1001");
        Assert.Equal(longest, card!.Notes[0]);
        Assert.Null(await database.Customers.GetCardAsync("c-9999"));
    }

    // The records hold their numbers in a list: compare the fields and the numbers, in order.
    private static void AssertSameCustomer(CustomerSummary expected, CustomerSummary? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Phones = Array.Empty<CustomerPhone>() }, actual with { Phones = Array.Empty<CustomerPhone>() });
        Assert.Equal(expected.Phones, actual.Phones);
    }

    private static CallDetailRecordDetails Cdr(string contactId, string type, string calling, string called, DateTimeOffset start, int talk) => new()
    {
        ContactId = contactId,
        InstanceId = "ccc-local",
        ContactType = type,
        ContactDisposition = "Success",
        CallingNumber = calling,
        CalledNumber = called,
        AgentIds = "agent1@ccc-local",
        AgentNames = "Alice Wang",
        StartTime = start,
        EstablishedTime = start.AddSeconds(3),
        ReleaseTime = start.AddSeconds(3 + talk),
        CallDuration = TimeSpan.FromSeconds(talk),
        RecordingReady = true,
    };
}
