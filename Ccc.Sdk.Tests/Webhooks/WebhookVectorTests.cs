using System.Text;
using System.Text.Json;
using Ccc.Sdk.Tests.Infrastructure;
using Ccc.Sdk.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace Ccc.Sdk.Tests.Webhooks;

/// <summary>Every published Standard Webhooks vector (webhooks.json), reproduced and accepted.</summary>
public class WebhookVectorTests
{
    public static TheoryData<int> Vectors()
    {
        var data = new TheoryData<int>();
        using var doc = SharedFiles.ReadJson("vectors", "webhooks.json");
        int count = doc.RootElement.GetProperty("vectors").GetArrayLength();
        for (int i = 0; i < count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Fact]
    public void The_vector_file_has_vectors() => Assert.NotEmpty(Vectors());

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Signer_reproduces_the_vector(int index)
    {
        var v = Vector(index);
        var (id, timestamp, body, expected) = Parts(v);

        string signature = CccWebhookSigner.Sign(
            v.GetProperty("secret").GetString()!, id, DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp)), body);

        Assert.Equal(expected, signature);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verifier_accepts_the_vector_at_its_own_time(int index)
    {
        var v = Vector(index);
        var (id, timestamp, body, expected) = Parts(v);
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp)));
        var verifier = new CccWebhookVerifier([v.GetProperty("secret").GetString()!], timeProvider: clock);

        verifier.Verify(id, timestamp, expected, body);

        // One changed byte of the body must break it.
        byte[] tampered = [.. body];
        tampered[^1] ^= 1;
        var e = Assert.Throws<CccWebhookVerificationException>(() => verifier.Verify(id, timestamp, expected, tampered));
        Assert.Equal(CccWebhookFailure.InvalidSignature, e.Reason);
    }

    private static (string Id, string Timestamp, byte[] Body, string Signature) Parts(JsonElement v)
    {
        var headers = v.GetProperty("headers");
        return (
            headers.GetProperty("webhook-id").GetString()!,
            headers.GetProperty("webhook-timestamp").GetString()!,
            Encoding.UTF8.GetBytes(v.GetProperty("body").GetString()!),
            v.GetProperty("expected").GetProperty("webhook-signature").GetString()!);
    }

    private static JsonElement Vector(int index)
    {
        using var doc = SharedFiles.ReadJson("vectors", "webhooks.json");
        return doc.RootElement.GetProperty("vectors")[index].Clone();
    }
}
