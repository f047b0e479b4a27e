namespace AiGateway.Gateway.Requests;

/// <summary>The top-level body properties the gateway reads or rewrites; flags so duplicates are cheap to find.</summary>
[Flags]
internal enum RequestField
{
    None = 0,
    Model = 1 << 0,
    Stream = 1 << 1,
    StreamOptions = 1 << 2,
    MaxTokens = 1 << 3,
    MaxCompletionTokens = 1 << 4,
    MaxOutputTokens = 1 << 5,
    N = 1 << 6,
    BestOf = 1 << 7,
    Messages = 1 << 8,
    Prompt = 1 << 9,
    Input = 1 << 10,
}
