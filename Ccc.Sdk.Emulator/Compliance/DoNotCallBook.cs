using System.Runtime.CompilerServices;
using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Compliance;

/// <summary>
/// What the do-not-call and blacklist-tagging actions remember beyond the rule R6 number sets of
/// <see cref="Calls.CallSettings"/>: who added a do-not-call number, when, and with which remark; and the call a
/// blacklist tagging came from. The sets stay the one truth routing reads (<c>OutboundBlacklist</c>,
/// <c>InboundBlacklist</c>); a number put there by the control API simply has no entry here.
/// Guarded by the instance lock (<see cref="CccInstance.Gate"/>).
/// </summary>
internal sealed class DoNotCallBook
{
    private static readonly ConditionalWeakTable<CccInstance, DoNotCallBook> Books = [];

    /// <summary>Normalised number → how it joined the do-not-call list.</summary>
    public Dictionary<string, DoNotCallEntry> Entries { get; } = new(StringComparer.Ordinal);

    /// <summary>Normalised number → the JobId it was tagged from ("" when the tagging named no call).</summary>
    public Dictionary<string, string> Taggings { get; } = new(StringComparer.Ordinal);

    /// <summary>The book of <paramref name="instance"/> (created on first use).</summary>
    public static DoNotCallBook Of(CccInstance instance) => Books.GetValue(instance, _ => new DoNotCallBook());
}

/// <summary>One number added through ImportDoNotCallNumbers.</summary>
internal sealed record DoNotCallEntry(long CreateTime, string? Creator, string? Remark);
