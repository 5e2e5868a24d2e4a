using System.Text.Json;
using Microsoft.Playwright;

namespace Ccc.Sdk.Benchmarks.ScreenPopLatency;

/// <summary>When one name was first seen in a call's pop: the text and the page's wall-clock stamp (Unix ms).</summary>
/// <param name="Text">The trimmed text of <c>.customer-name</c>.</param>
/// <param name="AtUnixMs"><c>performance.timeOrigin + performance.now()</c> when it was first in the DOM and visible.</param>
public sealed record NameStamp(string Text, double AtUnixMs);

/// <summary>
/// A <c>MutationObserver</c> installed in the agent's page before the run. On every DOM change (nodes, text, attributes)
/// it looks for <c>#screen-pop[data-job] .customer-name</c> elements with non-empty text that are visible
/// (<c>checkVisibility()</c>: rendered, not <c>display:none</c>, <c>content-visibility</c> or <c>visibility:hidden</c>)
/// and notes, per job, the first time each distinct text was seen. It depends on nothing else in the pop, so the
/// pop can grow (card, history, notes) around the name. The callback runs as a microtask right after the DOM change
/// (Blazor applying its render batch), before the next paint.
/// </summary>
internal static class NameVisibleObserver
{
    private const string Global = "__cccScreenPopLatency";

    private const string InstallScript = """
        () => {
          if (window.__cccScreenPopLatency) return true;
          const state = { seen: {} };
          const check = () => {
            const at = performance.timeOrigin + performance.now();
            for (const el of document.querySelectorAll('#screen-pop[data-job] .customer-name')) {
              const job = el.closest('#screen-pop').getAttribute('data-job');
              const text = (el.textContent || '').trim();
              if (!job || !text) continue;
              const visible = typeof el.checkVisibility === 'function'
                ? el.checkVisibility({ visibilityProperty: true })
                : el.getClientRects().length > 0;
              if (!visible) continue;
              const list = state.seen[job] || (state.seen[job] = []);
              if (!list.some(s => s.text === text)) list.push({ text, at });
            }
          };
          new MutationObserver(check).observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
          window.__cccScreenPopLatency = state;
          check();
          return true;
        }
        """;

    /// <summary>Installs the observer (once per page load).</summary>
    /// <param name="page">The agent's page.</param>
    /// <returns>A task.</returns>
    public static Task InstallAsync(IPage page) => page.EvaluateAsync<bool>(InstallScript);

    /// <summary>The names seen in the pop of one call, oldest first.</summary>
    /// <param name="page">The agent's page.</param>
    /// <param name="jobId">The call.</param>
    /// <returns>The stamps.</returns>
    /// <exception cref="ScreenPopLatencyException">The observer is gone: the page was reloaded or left during the run.</exception>
    public static async Task<IReadOnlyList<NameStamp>> ReadAsync(IPage page, string jobId)
    {
        var seen = await page.EvaluateAsync<JsonElement>($"job => window.{Global} ? (window.{Global}.seen[job] || []) : null", jobId).ConfigureAwait(false);
        if (seen.ValueKind != JsonValueKind.Array)
        {
            throw new ScreenPopLatencyException($"The page's observer is gone before call {jobId} was read: the page was reloaded or left during the run ({page.Url}).");
        }

        return [.. seen.EnumerateArray().Select(s => new NameStamp(s.GetProperty("text").GetString() ?? "", s.GetProperty("at").GetDouble()))];
    }

    /// <summary>The page's <c>Date.now()</c> minus its <c>performance.timeOrigin + performance.now()</c>, in ms.</summary>
    /// <param name="page">The agent's page.</param>
    /// <returns>The offset (±1 ms: <c>Date.now()</c> counts whole milliseconds).</returns>
    public static Task<double> ClockOffsetAsync(IPage page) =>
        page.EvaluateAsync<double>("() => Date.now() - (performance.timeOrigin + performance.now())");
}
