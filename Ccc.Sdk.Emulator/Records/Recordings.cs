using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ccc.Sdk.Emulator.Calls;

namespace Ccc.Sdk.Emulator.Records;

/// <summary>
/// Recording URLs (signed, expiring) and the WAV files behind them: 8 kHz, 16-bit mono PCM, as long as the talk
/// time, a quiet 400 Hz tone. Generated while streaming, so a long call costs no memory.
/// </summary>
internal static class Recordings
{
    public const int SampleRate = 8000;
    private const int ToneHz = 400;
    private const short Amplitude = 1000;

    /// <summary>One second of tone (400 Hz divides 8 000, so the second repeats seamlessly).</summary>
    private static readonly byte[] OneSecond = CreateTone();

    /// <summary>The URL of a contact's recording; <paramref name="expires"/> is in epoch seconds.</summary>
    public static string Url(CallEngine engine, string host, string instanceId, string contactId, long expires)
    {
        var e = expires.ToString(CultureInfo.InvariantCulture);
        return $"http://{host}/_emulator/recordings/{Uri.EscapeDataString(contactId)}.wav?instanceId={Uri.EscapeDataString(instanceId)}&Expires={e}&Signature={Sign(engine, instanceId, contactId, e)}";
    }

    public static string Sign(CallEngine engine, string instanceId, string contactId, string expires) =>
        Convert.ToHexString(HMACSHA256.HashData(engine.RecordingKey, Encoding.UTF8.GetBytes(instanceId + "\n" + contactId + "\n" + expires))).ToLowerInvariant();

    public static bool Verify(CallEngine engine, string instanceId, string contactId, string expires, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(engine, instanceId, contactId, expires)), Encoding.ASCII.GetBytes(signature));

    /// <summary>Data bytes of a recording of <paramref name="talkMilliseconds"/> (8 samples per ms, 2 bytes each).</summary>
    public static long DataLength(long talkMilliseconds) => talkMilliseconds * (SampleRate / 1000) * 2;

    /// <summary>Streams the WAV: a 44-byte header, then the tone.</summary>
    public static async Task WriteAsync(Stream output, long talkMilliseconds, CancellationToken cancellationToken)
    {
        var dataLength = DataLength(talkMilliseconds);
        var header = new byte[44];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(header, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)(36 + dataLength));
        Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(header, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(20), 1); // PCM
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(22), 1); // mono
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(28), SampleRate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(32), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(34), 16);
        Encoding.ASCII.GetBytes("data").CopyTo(header, 36);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(40), (uint)dataLength);
        await output.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        for (var left = dataLength; left > 0; left -= OneSecond.Length)
        {
            await output.WriteAsync(OneSecond.AsMemory(0, (int)Math.Min(left, OneSecond.Length)), cancellationToken).ConfigureAwait(false);
        }
    }

    private static byte[] CreateTone()
    {
        var bytes = new byte[SampleRate * 2];
        for (var i = 0; i < SampleRate; i++)
        {
            var sample = (short)(Amplitude * Math.Sin(2 * Math.PI * ToneHz * i / SampleRate));
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), sample);
        }

        return bytes;
    }
}
