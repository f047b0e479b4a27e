namespace AiGateway.Gateway.StatefulApis;

/// <summary>The kinds of object a backend stores for a client, which only the deployment that created them knows.</summary>
public enum StoredObjectKind
{
    Response,
    Conversation,
    File,
    VectorStore,
    Batch,
    Assistant,
    Thread,
    ImageJob,
}
