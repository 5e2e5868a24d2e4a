using System.Net.Http.Headers;
using System.Web;

namespace Ccc.Sdk.TestSupport.Live;

/// <summary>
/// The read-only guard of live mode: a <see cref="DelegatingHandler"/> under the <see cref="HttpClient"/> a test's
/// <c>CccClient</c> sends through. It reads the action of each request (the <c>x-acs-action</c> header of the V3
/// signature, or the <c>Action</c> parameter of the RPC style, in the query or a form body) and, unless writes are
/// allowed, refuses — with a <see cref="LiveWriteRefusedException"/>, before anything leaves the machine — every
/// request whose action is not on <see cref="LiveReadOnlyActions.Allowed"/>, including a request whose action cannot
/// be told or that names two different actions.
/// </summary>
public sealed class LiveReadOnlyGuard : DelegatingHandler
{
    private readonly bool _allowWrites;
    private int _refused;

    /// <summary>Creates the guard in front of <paramref name="inner"/>.</summary>
    /// <param name="inner">What sends the requests that pass (e.g. a <see cref="SocketsHttpHandler"/>).</param>
    /// <param name="allowWrites">Whether state-changing actions pass too (the second switch, or the embedded emulator).</param>
    public LiveReadOnlyGuard(HttpMessageHandler inner, bool allowWrites)
        : base(inner)
    {
        _allowWrites = allowWrites;
    }

    /// <summary>Whether state-changing actions pass.</summary>
    public bool AllowsWrites => _allowWrites;

    /// <summary>How many requests this guard refused.</summary>
    public int RefusedCount => Volatile.Read(ref _refused);

    /// <summary>
    /// The action a request calls: the <c>x-acs-action</c> header and any <c>Action</c> parameter of the query string
    /// or of an <c>application/x-www-form-urlencoded</c> body, when they all name the same one.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    /// <returns>The distinct action names found (none, one, or several).</returns>
    public static async Task<IReadOnlyList<string>> ReadActionsAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var names = new List<string>();
        if (request.Headers.TryGetValues("x-acs-action", out var headerValues))
        {
            names.AddRange(headerValues);
        }

        if (request.RequestUri is { } uri)
        {
            string query = uri.IsAbsoluteUri ? uri.Query : uri.OriginalString.Contains('?', StringComparison.Ordinal) ? uri.OriginalString[uri.OriginalString.IndexOf('?', StringComparison.Ordinal)..] : "";
            AddActionParameters(query, names);
        }

        if (request.Content is { } content && IsForm(content.Headers.ContentType))
        {
            // The SDK's bodies are in memory: reading them here does not consume anything the transport needs.
            await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            AddActionParameters(await content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), names);
        }

        return names.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc/>
    /// <exception cref="LiveWriteRefusedException">Writes are not allowed and the action is not on the read-only list.</exception>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_allowWrites)
        {
            var actions = await ReadActionsAsync(request, cancellationToken).ConfigureAwait(false);
            if (actions.Count != 1 || !LiveReadOnlyActions.IsReadOnly(actions[0]))
            {
                Interlocked.Increment(ref _refused);
                throw new LiveWriteRefusedException(actions.Count switch
                {
                    0 => null,
                    1 => actions[0],
                    _ => string.Join(" + ", actions),
                });
            }
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsForm(MediaTypeHeaderValue? type) =>
        string.Equals(type?.MediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    private static void AddActionParameters(string encoded, List<string> names)
    {
        if (string.IsNullOrEmpty(encoded))
        {
            return;
        }

        var parameters = HttpUtility.ParseQueryString(encoded.TrimStart('?'));
        foreach (string? key in parameters.AllKeys)
        {
            if (key is not null && string.Equals(key, "Action", StringComparison.OrdinalIgnoreCase) && parameters.GetValues(key) is { } values)
            {
                names.AddRange(values);
            }
        }
    }
}

/// <summary>
/// The live read-only guard refused a state-changing action before it was sent. The message names the action and
/// the switch that allows it (<see cref="LiveTarget.AllowWritesVariable"/>).
/// </summary>
public sealed class LiveWriteRefusedException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="action"/>.</summary>
    /// <param name="action">The refused action; <see langword="null"/> when the request named none.</param>
    public LiveWriteRefusedException(string? action)
        : base(action is null
            ? $"Live mode is read-only: a request naming no OpenAPI action was refused before it was sent. Set {LiveTarget.AllowWritesVariable}=1 to allow state-changing actions."
            : $"Live mode is read-only: {action} is not on the reviewed read-only list (LiveReadOnlyActions) and was refused before it was sent. Set {LiveTarget.AllowWritesVariable}=1 to allow state-changing actions.")
    {
        Action = action;
    }

    /// <summary>Creates the exception.</summary>
    public LiveWriteRefusedException()
        : this((string?)null)
    {
    }

    /// <summary>Creates the exception with a message of its own.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public LiveWriteRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The refused action (several joined by <c> + </c> when the request named more than one), or <see langword="null"/>.</summary>
    public string? Action { get; }
}
