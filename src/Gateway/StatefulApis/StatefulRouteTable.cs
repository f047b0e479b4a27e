using Microsoft.AspNetCore.Http;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>
/// The stateful operations the gateway serves, by collection (the path's first segment after <c>/v1</c>,
/// <c>/openai/v1</c> or <c>/openai</c>). A path with an id after the collection names an owned object; a bare
/// collection is created with POST and listed with GET where the API has a list.
/// </summary>
public static class StatefulRouteTable
{
    /// <summary>The collections, and what each holds; each is a route of the gateway's YARP configuration.</summary>
    public static readonly IReadOnlyDictionary<string, StoredObjectKind> Collections = new Dictionary<string, StoredObjectKind>(StringComparer.Ordinal)
    {
        ["responses"] = StoredObjectKind.Response,
        ["conversations"] = StoredObjectKind.Conversation,
        ["files"] = StoredObjectKind.File,
        ["vector_stores"] = StoredObjectKind.VectorStore,
        ["batches"] = StoredObjectKind.Batch,
        ["assistants"] = StoredObjectKind.Assistant,
        ["threads"] = StoredObjectKind.Thread,
        ["images"] = StoredObjectKind.ImageJob,
        ["operations"] = StoredObjectKind.ImageJob,
    };

    /// <summary>Collections GET lists (the others have no list in the API).</summary>
    private static readonly HashSet<StoredObjectKind> Listable =
        [StoredObjectKind.File, StoredObjectKind.VectorStore, StoredObjectKind.Batch, StoredObjectKind.Assistant];

    /// <summary>
    /// Reads <paramref name="path"/> (after the API prefix, no leading slash). False when it is not a stateful
    /// operation, or is <c>POST responses</c>, the model call the ordinary pipeline serves.
    /// </summary>
    public static bool TryMatch(string method, string path, out StatefulOperation? operation)
    {
        operation = null;
        var trimmed = path.TrimEnd('/');
        var segments = trimmed.Split('/');
        if (segments.Length == 0 || !Collections.TryGetValue(segments[0], out var kind) || segments.Any(string.IsNullOrEmpty))
        {
            return false;
        }

        var collection = segments[0];
        var verb = HttpMethods.IsGet(method) ? "get" : HttpMethods.IsPost(method) ? "post" : HttpMethods.IsDelete(method) ? "delete" : null;
        if (verb is null)
        {
            return false;
        }

        operation = collection switch
        {
            "images" => segments is [_, "generations:submit"] && verb == "post"
                ? new StatefulOperation(kind, StatefulAction.Create, null, trimmed, "images.submit")
                : null,
            "operations" => segments is [_, "images", var job] && verb is "get" or "delete"
                ? new StatefulOperation(kind, StatefulAction.Use, job, trimmed, "operations.images." + verb)
                : null,
            "threads" when segments is [_, "runs"] && verb == "post" =>
                new StatefulOperation(kind, StatefulAction.Create, null, trimmed, "threads.runs.create"),
            _ when segments.Length == 1 => Bare(kind, collection, verb, trimmed),
            _ => new StatefulOperation(kind, StatefulAction.Use, segments[1], trimmed, NameOf(collection, segments, verb)),
        };
        return operation is not null;
    }

    private static StatefulOperation? Bare(StoredObjectKind kind, string collection, string verb, string path) => verb switch
    {
        // POST responses is the model call; the ordinary pipeline serves it and routes follow-ups by ownership.
        "post" when kind != StoredObjectKind.Response => new StatefulOperation(kind, StatefulAction.Create, null, path, collection + ".create"),
        "get" when Listable.Contains(kind) => new StatefulOperation(kind, StatefulAction.List, null, path, collection + ".list"),
        _ => null,
    };

    /// <summary><c>files.get</c>, <c>files.content.get</c>, <c>threads.runs.post</c>: the path's words without its ids.</summary>
    private static string NameOf(string collection, string[] segments, string verb)
    {
        var name = collection;
        for (var i = 2; i < segments.Length; i += 2)
        {
            name += "." + segments[i];
        }

        return name + "." + verb;
    }
}
