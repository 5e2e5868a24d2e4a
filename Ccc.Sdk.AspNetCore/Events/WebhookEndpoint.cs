using System.Security.Cryptography;
using System.Text.Json;
using Ccc.Sdk.Events;
using Ccc.Sdk.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>
/// The mapped receiver: size limit → authentication (<see cref="ICccWebhookAuthenticator"/>) → parse → store in the inbox → 204. Nothing is stored unless
/// every check passed, and 204 is sent only after the store committed (duplicates too). Refusals are
/// <c>{"code": …, "message": …}</c> with 400, 401, 413 or 503; never a 500.
/// </summary>
internal sealed class WebhookEndpoint(CccWebhookReceiver receiver)
{
    private static readonly JsonReaderOptions ScanOptions = new() { MaxDepth = 64 };

    private readonly WebhookRefusalLog _refusals = new(receiver.Logger, receiver.Time);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string? webhookId = request.Headers["webhook-id"];
        long max = receiver.Options.MaxBodyBytes;

        // 1. Size: the declared length first, then what actually arrives (chunked bodies declare none).
        byte[]? body = null;
        if (request.ContentLength is not > 0 || request.ContentLength <= max)
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            {
                bodySize.MaxRequestBodySize = max;
            }

            try
            {
                body = await ReadBodyAsync(request.Body, max, context.RequestAborted).ConfigureAwait(false);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                body = null;
            }
            catch (Exception ex) when (ex is BadHttpRequestException or IOException && !context.RequestAborted.IsCancellationRequested)
            {
                // A body that breaks its own framing (a bad chunk size, a chunk longer than declared): the sender's
                // mistake, answered 400 like any malformed delivery (Kestrel closes the connection after it).
                await RefuseAsync(context, webhookId, StatusCodes.Status400BadRequest, "MalformedRequest", "The request body is not valid HTTP framing.", "broken body").ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is BadHttpRequestException or IOException or OperationCanceledException)
            {
                // The client went away: nobody is left to answer.
                context.Abort();
                return;
            }
        }

        if (body is null)
        {
            await RefuseAsync(context, webhookId, StatusCodes.Status413PayloadTooLarge, "PayloadTooLarge", $"The body exceeds {max} bytes.", "body too large").ConfigureAwait(false);
            return;
        }

        // 2. Authenticity (and, for Standard Webhooks, freshness), before the body is even parsed.
        CccWebhookAuthenticationResult authentication;
        try
        {
            authentication = await receiver.Authenticator.AuthenticateAsync(ToWebhookRequest(context, body), context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            context.Abort();
            return;
        }
        catch (Exception ex)
        {
            // An authenticator that cannot decide now (its own store is down): the sender retries. Only the exception's
            // type is logged: its message is the authenticator's, and might hold what it compared.
            WebhookLog.AuthenticatorFailed(receiver.Logger, ex.GetType().Name);
            await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "AuthenticationUnavailable", "The delivery could not be authenticated now; retry later.").ConfigureAwait(false);
            return;
        }

        if (authentication is not { Succeeded: true })
        {
            string message = receiver.Authenticator is CccStandardWebhooksAuthenticator
                ? "The webhook signature or timestamp could not be verified."
                : "The delivery could not be authenticated.";
            await RefuseAsync(context, webhookId, StatusCodes.Status401Unauthorized, "Unauthorized", message, (authentication?.Failure ?? CccWebhookFailure.Refused).ToString()).ConfigureAwait(false);
            return;
        }

        // The deduplication key: the scheme's delivery id (webhook-id), else a digest of the exact bytes, so a retry
        // of the same body is stored once even when the sender sends no id.
        string deliveryId = authentication.DeliveryId ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));

        // 3. Shape: a signed body is still refused when no store could keep it or no handler could read it.
        CccEvent? parsed = null;
        try
        {
            if (IsReadableText(body))
            {
                parsed = CccEventParser.Parse(body);
            }
        }
        catch (CccEventFormatException)
        {
        }

        if (parsed is null || !IsStorable(parsed.EventType) || !IsStorable(parsed.InstanceId) || !IsStorable(parsed.ContactId) || !IsStorable(deliveryId))
        {
            await RefuseAsync(context, webhookId, StatusCodes.Status400BadRequest, "MalformedEvent", "The body is not a call-center event (a UTF-8 JSON object with eventType, eventTime and instanceId).", "malformed event").ConfigureAwait(false);
            return;
        }

        // 4. Store (committed, deduplicated), then answer.
        string contactId = parsed.ContactId ?? string.Empty;
        var inboxEvent = new InboxEvent
        {
            DedupeKey = parsed.EventType == "CDRReady" && contactId.Length > 0 ? InboxEvent.CdrKey(parsed.InstanceId, contactId) : deliveryId,
            WebhookId = deliveryId,
            EventType = parsed.EventType,
            ContactId = contactId.Length > 0 ? contactId : null,
            EventTime = parsed.EventTime,
            ReceivedAt = receiver.Time.GetUtcNow(),
            Payload = body,
        };
        bool added;
        try
        {
            await receiver.EnsureInitializedAsync().ConfigureAwait(false);
            added = await receiver.Inbox.AddAsync(inboxEvent, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            context.Abort();
            return;
        }
        catch (Exception ex)
        {
            WebhookLog.StoreFailed(receiver.Logger, ex, inboxEvent.EventType, inboxEvent.WebhookId);
            await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "InboxUnavailable", "The event could not be stored; retry later.").ConfigureAwait(false);
            return;
        }

        if (added)
        {
            WebhookLog.Stored(receiver.Logger, inboxEvent.EventType, inboxEvent.WebhookId, inboxEvent.DedupeKey);
            context.RequestServices.GetKeyedService<ICccEventInboxSignal>(receiver.Name)?.Signal(); // wake the dispatcher
        }
        else
        {
            WebhookLog.Duplicate(receiver.Logger, inboxEvent.EventType, inboxEvent.WebhookId, inboxEvent.DedupeKey);
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>The request as the authenticator sees it: headers, query, the sender's address, the exact body.</summary>
    private static CccWebhookRequest ToWebhookRequest(HttpContext context, byte[] body)
    {
        var request = context.Request;
        return new CccWebhookRequest(
            request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString())),
            body,
            request.Query.Select(q => new KeyValuePair<string, string>(q.Key, q.Value.ToString())),
            context.Connection.RemoteIpAddress);
    }

    /// <summary>
    /// Whether <paramref name="body"/> is valid UTF-8 and none of its JSON strings or names escapes a lone surrogate
    /// (<c>"\ud800"</c>): either would fail whoever reads the field later. Broken JSON passes, for the parser to refuse.
    /// </summary>
    internal static bool IsReadableText(ReadOnlySpan<byte> body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            return false;
        }

        if (body.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        var reader = new Utf8JsonReader(body, ScanOptions);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString(); // throws on an escaped lone surrogate
                }
            }
        }
        catch (JsonException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        return true;
    }

    /// <summary>Whether a field that becomes a column (and a key) is free of control characters: PostgreSQL refuses NUL in text, on every retry.</summary>
    internal static bool IsStorable(string? value) => value is null || !value.Any(char.IsControl);

    /// <summary>Reads the whole body, or returns <see langword="null"/> as soon as it exceeds <paramref name="max"/> bytes.</summary>
    private static async Task<byte[]?> ReadBodyAsync(Stream stream, long max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private async Task RefuseAsync(HttpContext context, string? webhookId, int statusCode, string code, string message, string reason)
    {
        // The id of an unverified request is whatever the caller sent: cleaned, cut and rate-limited.
        _refusals.Refused(webhookId, reason, statusCode);
        await WriteErrorAsync(context, statusCode, code, message).ConfigureAwait(false);
    }

    private static async Task WriteErrorAsync(HttpContext context, int statusCode, string code, string message)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        using var json = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteString("code", code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }

        await response.Body.WriteAsync(json.ToArray(), context.RequestAborted).ConfigureAwait(false);
    }
}
