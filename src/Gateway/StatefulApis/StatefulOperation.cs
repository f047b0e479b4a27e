namespace AiGateway.Gateway.StatefulApis;

/// <summary>One stateful call as the route table read it.</summary>
/// <param name="Kind">The kind of the collection's objects.</param>
/// <param name="Action">Create, list or use.</param>
/// <param name="ObjectId">The owned object the path names (for <see cref="StatefulAction.Use"/>).</param>
/// <param name="Path">The path after the API prefix (<c>files/file-1/content</c>), as the backend gets it.</param>
/// <param name="Name">The operation's name in usage records (<c>files.create</c>, <c>responses.get</c>).</param>
public sealed record StatefulOperation(StoredObjectKind Kind, StatefulAction Action, string? ObjectId, string Path, string Name)
{
    /// <summary>The metered name of the model call <c>POST /responses</c>.</summary>
    public const string ResponsesCreate = "responses.create";

    /// <summary>
    /// Whether the answer is small JSON the gateway reads (to learn ids, bill completed work, or filter a list);
    /// everything else (file content, streams) passes through unread.
    /// </summary>
    public bool ReadsAnswer => Action is StatefulAction.Create or StatefulAction.List
        || (Kind is StoredObjectKind.Batch or StoredObjectKind.Response && Path.Count(c => c == '/') == 1)
        || IsRun;

    /// <summary><c>threads/{id}/runs/{run_id}</c>: a run, whose usage is billed once it is seen finished.</summary>
    public bool IsRun => Kind == StoredObjectKind.Thread && Path.Split('/') is [_, _, "runs", _];
}
