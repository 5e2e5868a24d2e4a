using System.Text.Json;
using System.Text.Json.Nodes;
using Ccc.Sdk.Emulator.Description;

namespace Ccc.Sdk.Emulator.Gateway;

/// <summary>
/// Cuts a superset model down to one action's response model. The cloud answers the call-control and agent-state
/// actions with the same objects (CallContext, ChannelContext, UserContext) but each action's model lists a different
/// subset of their fields; the emulator builds each object once with every field it knows and keeps, per action, only
/// the fields that action's model has (docs/decisions/0008-response-conformance.md). Only these registrations use it:
/// every other handler's Data is written as is, so a field the cloud lacks still fails the response check.
/// </summary>
internal static class ResponseShape
{
    /// <summary>Wraps <paramref name="handler"/> so that its Data is cut to the action's Data model.</summary>
    public static Func<ActionContext, object> CutToModel(Func<ActionContext, object> handler) =>
        context => Cut(handler(context), context.Model.Data);

    /// <summary>The JSON of <paramref name="data"/> without the object properties <paramref name="schema"/> does not list (at any depth).</summary>
    public static JsonNode Cut(object data, ApiSchema? schema)
    {
        var node = JsonSerializer.SerializeToNode(data, data.GetType(), EmulatorJsonContext.Default)
            ?? throw new InvalidOperationException("Data serialised to null.");
        return Cut(node, schema);
    }

    /// <summary><paramref name="node"/> (changed in place) without the object properties <paramref name="schema"/> does not list.</summary>
    public static JsonNode Cut(JsonNode node, ApiSchema? schema)
    {
        if (schema is not null)
        {
            Prune(node, schema);
        }

        return node;
    }

    private static void Prune(JsonNode? node, ApiSchema schema)
    {
        switch (node)
        {
            case JsonObject obj when schema.Type == SchemaType.Object && schema.Properties is { } properties:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (properties.TryGetValue(name, out var child))
                    {
                        Prune(obj[name], child);
                    }
                    else
                    {
                        obj.Remove(name);
                    }
                }

                break;
            case JsonArray array when schema.Items is { } items:
                foreach (var item in array)
                {
                    Prune(item, items);
                }

                break;
        }
    }
}
