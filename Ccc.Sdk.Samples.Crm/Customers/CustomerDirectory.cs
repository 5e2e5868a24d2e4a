namespace Ccc.Sdk.Samples.Crm.Customers;

/// <summary>
/// The sample's customers, in memory. A real CRM reads its own database here; the call center only ever sees the
/// phone numbers.
/// </summary>
public sealed class CustomerDirectory
{
    private readonly IReadOnlyList<Customer> _customers =
    [
        new("c-1001", "Liu Yang", "Huangpu Trading Co.", "Shanghai", "02161234567"),
        new("c-1002", "Zhou Min", "Pudong Logistics", "Shanghai", "13912345678"),
        new("c-1003", "Sun Hao", "Haidian Software Ltd.", "Beijing", "01062345678"),
        new("c-1004", "Wu Jing", "Chaoyang Retail", "Beijing", "13811112222"),
        new("c-1005", "Zheng Lei", "Pearl River Foods", "Guangzhou", "18622223333"),
        new("c-1006", "Ma Lin", "Xihu Tea House", "Hangzhou", "057187654321"),
    ];

    /// <summary>All customers, in the order the CRM lists them.</summary>
    public IReadOnlyList<Customer> All => _customers;

    /// <summary>Finds a customer by id.</summary>
    /// <param name="id">The CRM id, e.g. <c>c-1001</c>.</param>
    /// <returns>The customer, or <see langword="null"/> when there is none with that id.</returns>
    public Customer? Find(string? id) => _customers.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));

    /// <summary>Finds the customer who owns a phone number (for the call history).</summary>
    /// <param name="phone">A number as the call center reports it.</param>
    /// <returns>The customer, or <see langword="null"/>.</returns>
    public Customer? FindByPhone(string? phone) => _customers.FirstOrDefault(c => string.Equals(c.Phone, phone, StringComparison.Ordinal));
}
