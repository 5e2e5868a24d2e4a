using System.Reflection;
using Microsoft.JSInterop;

namespace Ccc.Sdk.Tests.Softphone;

/// <summary>Calls the softphone's <c>[JSInvokable]</c> callbacks the way <c>softphone.js</c> does: by their JS name, on the
/// object behind the <see cref="DotNetObjectReference{TValue}"/> given to <c>create</c> (whatever type receives them).</summary>
internal static class JsCallbacks
{
    public static Task Invoke(object? dotNetReference, string name, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(dotNetReference);
        var target = dotNetReference.GetType().GetProperty("Value")?.GetValue(dotNetReference)
            ?? throw new InvalidOperationException("Not a DotNetObjectReference.");
        var method = target.GetType()
            .GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .SingleOrDefault(m => m.GetCustomAttribute<JSInvokableAttribute>() is { } a && (a.Identifier ?? m.Name) == name)
            ?? throw new InvalidOperationException($"No [JSInvokable] '{name}' on {target.GetType().Name}.");
        return method.Invoke(target, args) switch
        {
            Task task => task,
            var other => Task.FromResult(other),
        };
    }
}
