using System.Text;

namespace Ccc.Sdk.Tests.Fuzz;

/// <summary>
/// Hostile values drawn from a seeded <see cref="Random"/>: malformed UTF-8 and lone surrogates, wrong types, oversized and
/// deeply nested values, control characters, reserved protocol names and case variants, foreign Origins and Hosts.
/// Every value comes with a short label, used to name the input in a violation.
/// </summary>
internal sealed class HostileInputs(Random random)
{
    /// <summary>Percent-encoded bytes that are not UTF-8 text, or not valid percent-encoding at all.</summary>
    private static readonly (string Label, string Encoded)[] BadEncodings =
    [
        ("lone high surrogate %ED%A0%80", "%ED%A0%80"),
        ("lone low surrogate %ED%B0%80", "%ED%B0%80"),
        ("surrogate pair as CESU-8", "%ED%A0%BD%ED%B8%80"),
        ("overlong slash %C0%AF", "%C0%AF"),
        ("overlong NUL %C0%80", "%C0%80"),
        ("invalid byte %FF", "%FF%FE"),
        ("beyond U+10FFFF", "%F4%90%80%80"),
        ("truncated sequence %E2%82", "a%E2%82"),
        ("bare continuation byte", "%80%80"),
        ("percent-encoded NUL", "a%00b"),
        ("percent-encoded CR LF", "a%0D%0AX-Injected:%201"),
        ("broken percent-encoding %zz", "%zz"),
        ("lone percent", "%"),
        ("%u escape", "%u0041"),
        ("double percent", "%%41"),
    ];

    /// <summary>Valid text that is hostile as a value.</summary>
    private static readonly (string Label, string Text)[] Texts =
    [
        ("empty", ""),
        ("spaces", "   "),
        ("accented", "é"),
        ("CJK", "中文客户"),
        ("emoji", "👍🏽"),
        ("right-to-left override", "\u202Eabc"),
        ("NUL char", "a\0b"),
        ("control chars", "\u0001\u0007\u001b\u007f"),
        ("CR LF", "a\r\nb"),
        ("script tag", "<script>alert(1)</script>"),
        ("SQL quote", "' OR 1=1 --"),
        ("path traversal", "../../../etc/passwd"),
        ("format string", "%s%n%x{0}"),
        ("JNDI", "${jndi:ldap://127.0.0.1/x}"),
        ("negative number", "-1"),
        ("int overflow", "2147483648"),
        ("huge number", "99999999999999999999999999"),
        ("float", "1.5e309"),
        ("NaN", "NaN"),
        ("boolean text", "true"),
        ("null text", "null"),
        ("fullwidth digits", "１２３"),
        ("Arabic-Indic digits", "١٢٣"),
        ("JSON escape of a lone surrogate", "\\ud800"),
        ("JSON array text", "[]"),
        ("JSON object text", "{}"),
    ];

    /// <summary>JSON values for a field: lone surrogate and NUL escapes, wrong types, odd dates, huge and deep values.</summary>
    private static readonly string[] JsonValues =
    [
        "\"\\ud800\"", "\"x\\udc00\"", "\"a\\u0000b\"", "\"\\u0000\"", "1", "-1", "1e400", "true", "null", "[]", "{}", "[\"a\",{}]",
        "\"\\u202e\"", "\"9999-12-31T23:59:59.9999999Z\"", "\"0001-01-01T00:00:00Z\"", "\"2026-13-45T99:99:99Z\"", "\"\"", "\"   \"",
        "\"" + new string('x', 100_000) + "\"", "\"é中👍\"", "\"'; DROP TABLE inbox; --\"", new string('[', 5_000) + new string(']', 5_000),
    ];

    /// <summary>How many requests <see cref="HttpLevel"/> makes.</summary>
    public const int HttpLevelCases = 19;

    public Random Random { get; } = random;

    /// <summary>One of <paramref name="items"/>, uniformly.</summary>
    public T Pick<T>(params T[] items) => items[Random.Next(items.Length)];

    public bool Chance(int percent) => Random.Next(100) < percent;

    /// <summary>RFC 3986 percent-encoding of the UTF-8 of <paramref name="text"/> (lone surrogates become U+FFFD first).</summary>
    public static string Encode(string text)
    {
        var output = new StringBuilder();
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                output.Append((char)b);
            }
            else
            {
                output.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return output.ToString();
    }

    /// <summary>A hostile text value.</summary>
    public (string Label, string Text) Text()
    {
        return Random.Next(10) switch
        {
            0 => ("100 KB string", new string('A', 100_000)),
            1 => ("10 KB of multibyte text", string.Concat(Enumerable.Repeat("é中", 3_400))),
            _ => Pick(Texts),
        };
    }

    /// <summary>A hostile value already percent-encoded for a query string or a form body.</summary>
    public (string Label, string Encoded) EncodedValue()
    {
        if (Chance(45))
        {
            var bad = Pick(BadEncodings);
            return Chance(50) ? bad : (bad.Label + " inside text", "agent" + bad.Encoded + "x");
        }

        var (label, text) = Text();
        return (label, Encode(text));
    }

    /// <summary>A hostile JSON text (ASCII only, so it survives any transport) for a parameter or a field that holds JSON.</summary>
    public (string Label, string Json) JsonText() => JsonTextAt(Random.Next(JsonTextCount));

    /// <summary>Every body of <see cref="JsonBody"/>, once each (for targets where each one must be tried).</summary>
    public static IEnumerable<(string Label, byte[] Bytes)> EveryJsonBody() =>
        Enumerable.Range(0, RawJsonBodyCount).Select(JsonBodyAt)
            .Concat(Enumerable.Range(0, JsonTextCount).Select(JsonTextAt).Select(t => (t.Label, Encoding.UTF8.GetBytes(t.Json))));

    /// <summary>Every text of <see cref="JsonText"/>, once each.</summary>
    public static IEnumerable<(string Label, string Json)> EveryJsonText() => Enumerable.Range(0, JsonTextCount).Select(JsonTextAt);

    private const int JsonTextCount = 16;
    private const int RawJsonBodyCount = 8;

    private static (string Label, string Json) JsonTextAt(int index)
    {
        return index switch
        {
            0 => ("10,000 nested arrays", new string('[', 10_000) + new string(']', 10_000)),
            1 => ("5,000 nested objects", string.Concat(Enumerable.Repeat("{\"a\":", 5_000)) + "1" + new string('}', 5_000)),
            2 => ("lone high surrogate escape", "[\"\\ud800\"]"),
            3 => ("lone low surrogate escape", "{\"a\":\"\\udc00x\"}"),
            4 => ("reversed surrogate pair escape", "[\"\\udc00\\ud800\"]"),
            5 => ("truncated JSON", "[{\"SkillGroupId\":\"sales@ccc-local\",\"SkillLevel\""),
            6 => ("number where a string is expected", "[{\"SkillGroupId\":123,\"SkillLevel\":\"x\"}]"),
            7 => ("object where an array is expected", "{\"SkillGroupId\":\"sales@ccc-local\"}"),
            8 => ("huge number", "[1e400,-1e400,123456789012345678901234567890]"),
            9 => ("nulls", "[null,{\"a\":null}]"),
            10 => ("10,000-element array", "[" + string.Join(',', Enumerable.Repeat("\"agent1@ccc-local\"", 10_000)) + "]"),
            11 => ("NUL escape", "[\"a\\u0000b\"]"),
            12 => ("duplicate keys", "{\"a\":1,\"a\":\"x\",\"A\":[]}"),
            13 => ("JSON with comments and trailing comma", "[/* x */ \"a\",]"),
            14 => ("bare word", "undefined"),
            _ => ("empty string", ""),
        };
    }

    /// <summary>A hostile JSON value (ASCII JSON text) for one field of an object.</summary>
    public string JsonValue() => Pick(JsonValues);

    /// <summary>Every value of <see cref="JsonValue"/>, once each.</summary>
    public static IEnumerable<string> EveryJsonValue() => JsonValues;

    /// <summary>A hostile JSON body as bytes: the texts above plus raw bytes that are not UTF-8.</summary>
    public (string Label, byte[] Bytes) JsonBody()
    {
        int index = Random.Next(12);
        if (index < RawJsonBodyCount)
        {
            return JsonBodyAt(index);
        }

        var (label, json) = JsonText();
        return (label, Encoding.UTF8.GetBytes(json));
    }

    private static (string Label, byte[] Bytes) JsonBodyAt(int index)
    {
        static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
        return index switch
        {
            0 => ("raw lone surrogate bytes in a string", [.. Utf8("{\"a\":\""), 0xED, 0xA0, 0x80, .. Utf8("\"}")]),
            1 => ("raw invalid UTF-8 byte in a string", [.. Utf8("{\"a\":\""), 0xFF, 0xC0, .. Utf8("\"}")]),
            2 => ("overlong UTF-8 in a string", [.. Utf8("{\"a\":\""), 0xC0, 0xAF, .. Utf8("\"}")]),
            3 => ("UTF-8 BOM then JSON", [0xEF, 0xBB, 0xBF, .. Utf8("{}")]),
            4 => ("UTF-16 JSON", Encoding.Unicode.GetBytes("{\"a\":\"b\"}")),
            5 => ("raw NUL bytes", [.. Utf8("{\"a\":\"x"), 0, 0, .. Utf8("\"}")]),
            6 => ("300 KB body", Utf8("{\"a\":\"" + new string('x', 300_000) + "\"}")),
            _ => ("whitespace only", Utf8(" \r\n\t ")),
        };
    }

    /// <summary>Parameter names that smuggle protocol fields, vary in case or are not names at all.</summary>
    public (string Label, string EncodedName) ParameterName()
    {
        string name = Pick(
            "Action", "Version", "Signature", "SignatureType", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp",
            "BearerToken", "AccessKeyId", "SecurityToken", "RegionId", "InstanceId", "UserId", "USERID", "userid", "userId",
            "Format", "action", "ACTION", "__proto__", "constructor", "a[]", "a[0]", "a.b", "");
        return Chance(15) ? ("name with " + Pick(BadEncodings).Label, "User" + Pick(BadEncodings).Encoded) : ("name " + (name.Length == 0 ? "(empty)" : name), Encode(name));
    }

    /// <summary>A foreign or malformed Origin header value (reaches the application: no CR LF here).</summary>
    public string ForeignOrigin(string ours) => Pick(
        "https://evil.example", "null", "http://127.0.0.1.evil.example", ours.ToUpperInvariant(), ours + ".evil.example",
        ours + ":443", ours + "/", "file://", "chrome-extension://abc", "https://evil.example, " + ours, " " + ours, "*");

    /// <summary>A Host header value that Kestrel lets through: the application must not trust it.</summary>
    public string ForeignHost() => Pick(
        "evil.example", "ccc.cn-shanghai.aliyuncs.com", "localhost", "127.0.0.1:1", "[::1]:80", "EVIL.EXAMPLE:8080", "a.b.c.d.e.f.g");

    /// <summary>A query string of <paramref name="count"/> parameters.</summary>
    public static string ManyParameters(int count, string prefix = "p") =>
        string.Join('&', Enumerable.Range(0, count).Select(i => $"{prefix}{i}=v{i}"));
    /// <summary>
    /// Requests broken at the HTTP level around one otherwise plausible request: raw bytes in the request line, CR and NUL
    /// in header values, smuggling pairs (Content-Length with Transfer-Encoding, two lengths), a broken chunk, oversized
    /// request line and headers, absolute-form targets for another host, Host tricks.
    /// </summary>
    public IEnumerable<FuzzRequest> HttpLevel(string label, string method, string target, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body)
    {
        KeyValuePair<string, string> H(string name, string value) => new(name, value);
        FuzzRequest R(string what, string? newTarget = null, IEnumerable<KeyValuePair<string, string>>? extra = null, byte[]? newBody = null,
            bool framed = false, bool noHost = false, string? newMethod = null) => new()
        {
            Description = $"{label}, HTTP level: {what}",
            Method = newMethod ?? method,
            Target = newTarget ?? target,
            Headers = [.. headers, .. extra ?? []],
            Body = newBody ?? body,
            BodyIsFramed = framed,
            NoHost = noHost,
            HttpLevel = true,
        };

        string separator = target.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        yield return R("raw lone surrogate bytes in the request line", target + separator + "x=\u00ED\u00A0\u0080");
        yield return R("raw invalid byte in the path", target.Split('?')[0] + "\u00FF" + (target.Contains('?', StringComparison.Ordinal) ? "?" + target.Split('?', 2)[1] : ""));
        yield return R("CR inside a header value", extra: [H("X-Fuzz", "a\rb")]);
        yield return R("NUL inside a header value", extra: [H("X-Fuzz", "a\0b")]);
        yield return R("raw non-ASCII bytes in a header value", extra: [H("X-Fuzz", "\u00ED\u00A0\u0080\u00FF")]);
        yield return R("obsolete line folding", extra: [H("X-Fuzz", "a\r\n folded")]);
        yield return R("header name with a space", extra: [H("X Fuzz", "a")]);
        yield return R("Content-Length and Transfer-Encoding together", extra: [H("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)), H("Transfer-Encoding", "chunked")],
            newBody: [.. Encoding.ASCII.GetBytes(body.Length.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "\r\n"), .. body, .. "\r\n0\r\n\r\n"u8.ToArray()], framed: true);
        yield return R("two different Content-Lengths", extra: [H("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)), H("Content-Length", (body.Length + 5).ToString(System.Globalization.CultureInfo.InvariantCulture))], framed: true);
        yield return R("negative Content-Length", extra: [H("Content-Length", "-1")], newBody: [], framed: true);
        yield return R("broken chunk size", extra: [H("Transfer-Encoding", "chunked")], newBody: "zz\r\nabc\r\n0\r\n\r\n"u8.ToArray(), framed: true);
        yield return R("chunk longer than declared", extra: [H("Transfer-Encoding", "chunked")], newBody: "2\r\nabcdef\r\n0\r\n\r\n"u8.ToArray(), framed: true);
        yield return R("request line of 10,000 parameters", target + separator + ManyParameters(10_000));
        yield return R("64 KB header", extra: [H("X-Fuzz", new string('a', 64 * 1024))]);
        yield return R("absolute-form target for another host", "http://evil.example" + target);
        yield return R("two Host headers", extra: [H("Host", "127.0.0.1"), H("Host", "evil.example")], noHost: true);
        yield return R("Host with a space", extra: [H("Host", "evil example")], noHost: true);
        yield return R("no Host", noHost: true);
        yield return R("lower-case method", newMethod: method.ToLowerInvariant());
    }
}
