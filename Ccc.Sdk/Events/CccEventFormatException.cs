namespace Ccc.Sdk.Events;

/// <summary>
/// An event body could not be read: not JSON, not a JSON object, a required field (<c>eventType</c>,
/// <c>eventTime</c>, <c>instanceId</c>) missing, or a field of the wrong shape. Answer such a delivery with 400.
/// </summary>
public sealed class CccEventFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the body.</param>
    /// <param name="innerException">The JSON reader's error, if any.</param>
    public CccEventFormatException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
