using Ccc.Sdk.Emulator.Gateway;
using Ccc.Sdk.Emulator.Instances;
using Ccc.Sdk.Emulator.Numbers;

namespace Ccc.Sdk.Emulator.Compliance;

/// <summary>
/// The do-not-call list and the blacklist call taggings (rule R6, docs/decisions/0017-do-not-call.md): the
/// do-not-call list is the instance's outbound blacklist, which MakeCall, StartBack2BackCall and the transfers to
/// an outside number already obey (400 <c>CallRestricted.Blacklist</c>); a blacklist tagging puts a caller on the
/// inbound blacklist, so the IVR ends that caller's next call (<c>AbandonedInIVR</c>). Changes apply at once.
/// </summary>
internal static class DoNotCallActions
{
    /// <summary>The do-not-call scopes: the instance's own list, and the platform-wide one (empty in the emulator).</summary>
    public static readonly IReadOnlyList<string> Scopes = [InstanceScope, GlobalScope];

    /// <summary>The most numbers one NumberList may carry (an emulator limit: the cloud publishes none; a longer list would not fit a query string).</summary>
    public const int MaxNumbers = 100;

    private const string InstanceScope = "INSTANCE";
    private const string GlobalScope = "GLOBAL";

    public static void Register(ActionRegistry registry)
    {
        registry.Add("ListDoNotCallNumbers", ListDoNotCallNumbers);
        registry.Add("ImportDoNotCallNumbers", ImportDoNotCallNumbers);
        registry.Add("RemoveDoNotCallNumbers", RemoveDoNotCallNumbers);
        registry.Add("AddBlacklistCallTagging", AddBlacklistCallTagging);
        registry.Add("RemoveBlacklistCallTagging", RemoveBlacklistCallTagging);
        registry.Add("ListBlacklistCallTaggings", ListBlacklistCallTaggings);
    }

    /// <summary>The instance's do-not-call numbers (ordered by number), filtered by <c>Scope</c> and <c>SearchPattern</c> (a substring).</summary>
    private static object ListDoNotCallNumbers(ActionContext context)
    {
        var paging = context.GetPaging();
        var scope = context.GetEnum("Scope", Scopes);
        var pattern = context.Get("SearchPattern");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            if (scope == GlobalScope)
            {
                return paging.Apply(Array.Empty<DoNotCallNumberDto>());
            }

            var book = DoNotCallBook.Of(instance);
            var list = instance.Calls.Settings.OutboundBlacklist;
            foreach (var gone in book.Entries.Keys.Where(n => !list.Contains(n)).ToList())
            {
                book.Entries.Remove(gone); // taken off through the control API: a later re-listing starts afresh
            }

            var numbers = list
                .Where(n => pattern is null || n.Contains(pattern, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(n =>
                {
                    var entry = book.Entries.GetValueOrDefault(n);
                    return new DoNotCallNumberDto
                    {
                        Number = n,
                        Scope = InstanceScope,
                        CreateTime = entry?.CreateTime,
                        CreatedTime = entry?.CreateTime,
                        Creator = entry?.Creator,
                        Remark = entry?.Remark,
                    };
                })
                .ToList();
            return paging.Apply(numbers);
        }
    }

    /// <summary>
    /// Adds <c>NumberList</c> (a JSON array or comma-separated numbers) to the do-not-call list; a number already
    /// there keeps its creation time and takes the new <c>Remark</c> when one is given. <c>FilePath</c> (a file
    /// uploaded to the cloud's storage) is refused: the emulator keeps no uploaded files.
    /// </summary>
    private static object ImportDoNotCallNumbers(ActionContext context)
    {
        if (context.Get("FilePath") is not null && context.Get("NumberList") is null)
        {
            throw ApiErrors.ParameterInvalid("FilePath", "The emulator keeps no uploaded files; send the numbers in NumberList");
        }

        var numbers = NumberList(context, "NumberList");
        var remark = context.Get("Remark");
        var creator = context.Caller.UserId;
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var book = DoNotCallBook.Of(instance);
            var list = instance.Calls.Settings.OutboundBlacklist;
            foreach (var number in numbers)
            {
                if (list.Add(number) || !book.Entries.TryGetValue(number, out var entry))
                {
                    book.Entries[number] = new DoNotCallEntry(context.NowMilliseconds, creator, remark);
                }
                else if (remark is not null)
                {
                    book.Entries[number] = entry with { Remark = remark };
                }
            }
        }

        return null!;
    }

    /// <summary>Removes <c>NumberList</c> from the do-not-call list; numbers not on it are ignored.</summary>
    private static object RemoveDoNotCallNumbers(ActionContext context)
    {
        var numbers = NumberList(context, "NumberList");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var book = DoNotCallBook.Of(instance);
            foreach (var number in numbers)
            {
                instance.Calls.Settings.OutboundBlacklist.Remove(number);
                book.Entries.Remove(number);
            }
        }

        return null!;
    }

    /// <summary>
    /// Tags <c>Number</c> as a blacklisted caller: it joins the inbound blacklist. <c>JobId</c>, when given, must be a
    /// call of the instance (in progress or recorded), else 404 <c>NotExists.JobId</c>.
    /// </summary>
    private static object AddBlacklistCallTagging(ActionContext context)
    {
        var number = OneNumber(context.Require("Number"), "Number");
        var jobId = context.Get("JobId");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            if (jobId is not null)
            {
                RequireCall(instance, jobId);
            }

            instance.Calls.Settings.InboundBlacklist.Add(number);
            DoNotCallBook.Of(instance).Taggings[number] = jobId ?? "";
        }

        return null!;
    }

    /// <summary>Takes <c>Number</c> off the inbound blacklist (whether a tagging or the control API put it there); idempotent.</summary>
    private static object RemoveBlacklistCallTagging(ActionContext context)
    {
        var number = OneNumber(context.Require("Number"), "Number");
        var jobId = context.Get("JobId");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            if (jobId is not null)
            {
                RequireCall(instance, jobId);
            }

            instance.Calls.Settings.InboundBlacklist.Remove(number);
            DoNotCallBook.Of(instance).Taggings.Remove(number);
        }

        return null!;
    }

    /// <summary>For each number of <c>NumberList</c>, in the order given: whether it is on the inbound blacklist, and the call it was tagged from.</summary>
    private static object ListBlacklistCallTaggings(ActionContext context)
    {
        var numbers = NumberList(context, "NumberList");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var book = DoNotCallBook.Of(instance);
            return numbers
                .Select(n =>
                {
                    var blacklisted = instance.Calls.Settings.InboundBlacklist.Contains(n);
                    return new BlacklistCallTaggingDto
                    {
                        Number = n,
                        Blacklisted = blacklisted,
                        JobId = blacklisted && book.Taggings.TryGetValue(n, out var job) && job.Length > 0 ? job : null,
                    };
                })
                .ToList();
        }
    }

    private static void RequireCall(CccInstance instance, string jobId)
    {
        if (!instance.Calls.Active.ContainsKey(jobId) && instance.Calls.Records.Get(jobId) is null)
        {
            throw ApiErrors.JobNotFound(jobId);
        }
    }

    /// <summary>
    /// A required number list: a JSON array of strings or comma-separated numbers, each normalised (rule R6 compares
    /// normalised numbers), duplicates dropped, at most <see cref="MaxNumbers"/>.
    /// </summary>
    private static List<string> NumberList(ActionContext context, string name)
    {
        var text = context.Require(name);
        IReadOnlyList<string> raw = text.TrimStart().StartsWith('[')
            ? context.GetJsonStringArray(name)!
            : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (raw.Count == 0)
        {
            throw ApiErrors.ParameterBlank(name);
        }

        if (raw.Count > MaxNumbers)
        {
            throw ApiErrors.ParameterMaximum(name, MaxNumbers);
        }

        return raw.Select(n => OneNumber(n, name)).Distinct(StringComparer.Ordinal).ToList();
    }

    private static string OneNumber(string number, string name)
    {
        var normalized = NumberLocationTable.Normalize(number);
        if (normalized.Length is < 3 or > 20 || !normalized.All(char.IsAsciiDigit))
        {
            throw ApiErrors.ParameterFormat(name, "Use digits only, optionally after '+'.");
        }

        return normalized;
    }
}
