using Microsoft.Extensions.DependencyInjection;

namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>Finds the <see cref="CccClient"/> the dispatcher and the reconciler call.</summary>
internal static class CccClientResolver
{
    /// <summary>The client named <paramref name="name"/>: for the empty name a registered <see cref="CccClient"/> (what
    /// <c>services.AddCcc(…)</c> registers), else the factory's.</summary>
    /// <exception cref="InvalidOperationException">No such client is registered.</exception>
    public static CccClient Resolve(IServiceProvider services, string name)
    {
        if (name.Length == 0 && services.GetService<CccClient>() is { } client)
        {
            return client;
        }

        var factory = services.GetService<ICccClientFactory>()
            ?? throw new InvalidOperationException("Fetching call detail records needs a CccClient: call services.AddCcc(...).");
        return factory.CreateClient(name);
    }
}
