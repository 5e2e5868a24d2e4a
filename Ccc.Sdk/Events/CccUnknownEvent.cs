using System.Text.Json;

namespace Ccc.Sdk.Events;

/// <summary>
/// An event whose <see cref="CccEvent.EventType"/> this SDK does not model (e.g. <c>CampaignSubmitted</c>,
/// <c>VoicemailReady</c>, or a type added to the cloud later). It is kept, never dropped: read its fields from
/// <see cref="CccEvent.Raw"/>.
/// </summary>
public sealed class CccUnknownEvent : CccEvent
{
    internal CccUnknownEvent(JsonElement raw)
        : base(raw)
    {
    }
}
