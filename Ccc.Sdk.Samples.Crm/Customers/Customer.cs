namespace Ccc.Sdk.Samples.Crm.Customers;

/// <summary>A customer of the sample CRM.</summary>
/// <param name="Id">The CRM's own id, e.g. <c>c-1001</c>.</param>
/// <param name="Name">The person's name.</param>
/// <param name="Company">The company the person works for.</param>
/// <param name="City">Where the customer is.</param>
/// <param name="Phone">The number the call center dials: a landline with area code or an 11-digit mobile, no <c>+86</c>.</param>
public sealed record Customer(string Id, string Name, string Company, string City, string Phone);
