using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ccc.Sdk.Benchmarks.SampleCrmDriver;

/// <summary>The embedded emulator's control API as the latency runs use it (docs/emulator.md).</summary>
/// <param name="http">A client (not disposed here).</param>
/// <param name="emulator">The emulator's address.</param>
internal sealed class EmulatorControl(HttpClient http, Uri emulator)
{
    /// <summary>The instance number the inbound calls are placed to (inbound-capable in the seed).</summary>
    public const string InboundNumber = "02150000001";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Makes a simulated phone answer at once and hang up a while after the call reaches the IVR.</summary>
    /// <param name="number">The phone, as it will be written in <c>from</c>.</param>
    /// <param name="hangUpAfterMs">How long after answering the caller hangs up.</param>
    /// <returns>A task.</returns>
    public async Task SetCallerAsync(string number, int hangUpAfterMs)
    {
        using var response = await http.PutAsJsonAsync(new Uri(emulator, "/_emulator/phones/" + number), new { behavior = "answer", answerAfterMs = 0, hangUpAfterMs }).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Places an inbound call from <paramref name="from"/> to <see cref="InboundNumber"/>, offered to one agent.</summary>
    /// <param name="from">The caller's number.</param>
    /// <param name="userName">The agent (<c>agent1</c> or a full user id).</param>
    /// <returns>The call's contact id (its JobId).</returns>
    public async Task<string> DialAsync(string from, string userName)
    {
        using var response = await http.PostAsJsonAsync(new Uri(emulator, "/_emulator/calls/inbound"), new { from, to = InboundNumber, userName }).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The emulator refused an inbound call from '{from}': {(int)response.StatusCode} {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        return body.RootElement.GetProperty("contactId").GetString()!;
    }

    /// <summary>Waits until the call has ended (<c>GET /_emulator/calls/{contactId}</c> answers 404).</summary>
    /// <param name="contactId">The call.</param>
    /// <returns>A task.</returns>
    /// <exception cref="TimeoutException">Still in progress after 30 s.</exception>
    public async Task WaitForCallEndedAsync(string contactId)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await http.GetAsync(new Uri(emulator, "/_emulator/calls/" + Uri.EscapeDataString(contactId))).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }

            response.EnsureSuccessStatusCode();
            await Task.Delay(20).ConfigureAwait(false);
        }

        throw new TimeoutException($"Call {contactId} was still in progress after {Patience.TotalSeconds} s.");
    }
}
