using System.Net.Http.Json;
using Ccc.Sdk.Samples.Crm.Customers;

namespace Ccc.Sdk.Samples.Crm.Emulator;

/// <summary>
/// Embedded-emulator mode only: tells the emulator how the customers' (simulated) phones behave, through its unsigned
/// control API (<c>PUT /_emulator/phones/{number}</c>), so a call placed from the CRM connects, talks for a while and
/// hangs up by itself. Nothing here exists in the cloud: there, real people answer.
/// </summary>
public static class SimulatedPhones
{
    /// <summary>How long a simulated phone rings before it answers, in milliseconds.</summary>
    public const int AnswerAfterMs = 1500;

    /// <summary>How long a simulated customer talks before hanging up, in milliseconds, counted from the answer.</summary>
    public const int HangUpAfterMs = 60_000;

    /// <summary>The customer whose line is always busy, to show a failed call in the history.</summary>
    public const string BusyCustomerId = "c-1005";

    /// <summary>The behaviour set for a customer's phone, as the control API's JSON body.</summary>
    /// <param name="customer">The customer.</param>
    /// <returns>The body of <c>PUT /_emulator/phones/{number}</c>.</returns>
    public static object BehaviourOf(CustomerSummary customer) => customer.Id == BusyCustomerId
        ? new { behavior = "busy", answerAfterMs = AnswerAfterMs }
        : new { behavior = "answer", answerAfterMs = AnswerAfterMs, hangUpAfterMs = HangUpAfterMs };

    /// <summary>Sets every customer's phone and every agent's mobile (the first leg of a double call) on the emulator.</summary>
    /// <param name="emulatorEndpoint">The emulator's base address.</param>
    /// <param name="customers">The CRM's customers.</param>
    /// <param name="agentMobiles">The agents' mobile numbers.</param>
    /// <param name="cancellationToken">Cancels the setup.</param>
    /// <exception cref="HttpRequestException">The emulator refused a setting.</exception>
    public static async Task ConfigureAsync(Uri emulatorEndpoint, IEnumerable<CustomerSummary> customers, IEnumerable<string> agentMobiles, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = emulatorEndpoint };
        foreach (var customer in customers)
        {
            foreach (var phone in customer.Phones)
            {
                await PutAsync(http, phone.Number, BehaviourOf(customer), cancellationToken);
            }
        }

        // The agent answers the first leg of a double call and stays on until the customer hangs up.
        foreach (string mobile in agentMobiles)
        {
            await PutAsync(http, mobile, new { behavior = "answer", answerAfterMs = 1000 }, cancellationToken);
        }
    }

    /// <summary>
    /// Sets a new customer's phones (created in the CRM after the start, e.g. from the new-contact form), so calling
    /// them connects too. A refusal of the emulator is logged, not thrown: the customer is saved either way.
    /// </summary>
    /// <param name="emulatorEndpoint">The emulator's base address.</param>
    /// <param name="customer">The customer.</param>
    /// <param name="logger">Where a refusal is logged.</param>
    /// <param name="cancellationToken">Cancels the setup.</param>
    public static async Task ConfigureCustomerAsync(Uri emulatorEndpoint, CustomerSummary customer, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(logger);
        try
        {
            await ConfigureAsync(emulatorEndpoint, [customer], [], cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("The emulator refused the simulated phones of customer {CustomerId}: {Status}", customer.Id, ex.StatusCode);
        }
    }

    private static async Task PutAsync(HttpClient http, string number, object behaviour, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync($"/_emulator/phones/{Uri.EscapeDataString(number)}", behaviour, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
