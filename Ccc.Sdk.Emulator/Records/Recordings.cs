using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ccc.Sdk.Emulator.Calls;

namespace Ccc.Sdk.Emulator.Records;

/// <summary>
/// Recording URLs (signed, expiring) and the WAV files behind them: 8 kHz, 16-bit PCM, as long as the talk time.
/// The mono recording (GetMonoRecording) is a quiet 400 Hz tone. The two-channel recording (GetMultiChannelRecording)
/// has channel 1 (left) the customer, a 400 Hz tone, and channel 2 (right) the agent, a 500 Hz tone, interleaved per
/// sample. Generated while streaming, so a long call costs no memory.
/// </summary>
internal static class Recordings
{
    public const int SampleRate = 8000;
    private const int CustomerToneHz = 400;
    private const int AgentToneHz = 500;
    private const short Amplitude = 1000;

    /// <summary>The file-name suffix of a two-channel recording (<c>{contactId}.2ch.wav</c>).</summary>
    private const string TwoChannelSuffix = ".2ch";

    /// <summary>One second of the mono tone (400 Hz divides 8 000, so the second repeats seamlessly).</summary>
    private static readonly byte[] OneSecondMono = CreateTone(1);

    /// <summary>One second of the two-channel tones (400 and 500 Hz both divide 8 000).</summary>
    private static readonly byte[] OneSecondStereo = CreateTone(2);

    /// <summary>The file name of a contact's recording with <paramref name="channels"/> channels (1 or 2).</summary>
    public static string FileName(string contactId, int channels = 1) =>
        channels == 2 ? contactId + TwoChannelSuffix + ".wav" : contactId + ".wav";

    /// <summary>The URL of a contact's recording; <paramref name="expires"/> is in epoch seconds; <paramref name="channels"/> is 1 or 2.</summary>
    public static string Url(CallEngine engine, string host, string instanceId, string contactId, long expires, int channels = 1)
    {
        var e = expires.ToString(CultureInfo.InvariantCulture);
        var name = Uri.EscapeDataString(contactId) + (channels == 2 ? TwoChannelSuffix : "");
        return $"http://{host}/_emulator/recordings/{name}.wav?instanceId={Uri.EscapeDataString(instanceId)}&Expires={e}&Signature={Sign(engine, instanceId, SignedName(contactId, channels), e)}";
    }

    /// <summary>
    /// The contact id and channel count of a recording's file name without <c>.wav</c> (<c>job-1</c> is mono,
    /// <c>job-1.2ch</c> two-channel). The channel count is part of what the URL's signature covers.
    /// </summary>
    public static (string ContactId, int Channels) ParseFile(string fileWithoutExtension) =>
        fileWithoutExtension.EndsWith(TwoChannelSuffix, StringComparison.Ordinal)
            ? (fileWithoutExtension[..^TwoChannelSuffix.Length], 2)
            : (fileWithoutExtension, 1);

    public static string Sign(CallEngine engine, string instanceId, string signedName, string expires) =>
        Convert.ToHexString(HMACSHA256.HashData(engine.RecordingKey, Encoding.UTF8.GetBytes(instanceId + "\n" + signedName + "\n" + expires))).ToLowerInvariant();

    /// <summary>Checks a URL's signature; <paramref name="channels"/> must be the channel count the URL was made for.</summary>
    public static bool Verify(CallEngine engine, string instanceId, string contactId, string expires, string signature, int channels = 1) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(engine, instanceId, SignedName(contactId, channels), expires)), Encoding.ASCII.GetBytes(signature));

    /// <summary>Data bytes of a recording of <paramref name="talkMilliseconds"/> (8 samples per ms, 2 bytes per sample and channel).</summary>
    public static long DataLength(long talkMilliseconds, int channels = 1) => talkMilliseconds * (SampleRate / 1000) * 2 * channels;

    /// <summary>Streams the WAV: a 44-byte header, then the tone(s).</summary>
    public static async Task WriteAsync(Stream output, long talkMilliseconds, CancellationToken cancellationToken, int channels = 1)
    {
        var dataLength = DataLength(talkMilliseconds, channels);
        var header = new byte[44];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(header, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)(36 + dataLength));
        Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(header, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(20), 1); // PCM
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(22), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(28), (uint)(SampleRate * 2 * channels)); // byte rate
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(32), (ushort)(2 * channels)); // block align
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(34), 16);
        Encoding.ASCII.GetBytes("data").CopyTo(header, 36);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(40), (uint)dataLength);
        await output.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        var second = channels == 2 ? OneSecondStereo : OneSecondMono;
        for (var left = dataLength; left > 0; left -= second.Length)
        {
            await output.WriteAsync(second.AsMemory(0, (int)Math.Min(left, second.Length)), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string SignedName(string contactId, int channels) => channels == 2 ? contactId + TwoChannelSuffix : contactId;

    private static byte[] CreateTone(int channels)
    {
        var bytes = new byte[SampleRate * 2 * channels];
        for (var i = 0; i < SampleRate; i++)
        {
            var customer = (short)(Amplitude * Math.Sin(2 * Math.PI * CustomerToneHz * i / SampleRate));
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2 * channels), customer);
            if (channels == 2)
            {
                var agent = (short)(Amplitude * Math.Sin(2 * Math.PI * AgentToneHz * i / SampleRate));
                BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan((i * 4) + 2), agent);
            }
        }

        return bytes;
    }
}
