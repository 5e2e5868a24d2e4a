using Ccc.Sdk.Emulator.Calls;

namespace Ccc.Sdk.Emulator.Events;

/// <summary>
/// The event log and the webhook push as one subscriber of the engine's stream: each event is logged first (which
/// gives it its id), then pushed under that id, so the control API can list a pushed event with its push and resend it
/// (<c>POST /_emulator/events/{id}/resend</c>). Same contract as every <see cref="ICallObserver"/>.
/// </summary>
internal sealed class LoggedEventPush(InMemoryCallEventLog log, EventPushHub push) : ICallObserver
{
    public void Observe(CallEvent callEvent, Call? call) => push.Observe(callEvent, call, log.Append(callEvent));
}
