namespace AiGateway.Gateway.Requests;

/// <summary>Maps URL suffixes to <see cref="GatewayOperation"/> and knows each operation's wire fields.</summary>
public static class GatewayOperations
{
    /// <summary>
    /// Parses the operation part of a gateway URL: <c>chat/completions</c>, <c>completions</c>, <c>embeddings</c> or
    /// <c>responses</c>, exactly and case-sensitively, with one trailing slash tolerated.
    /// </summary>
    public static bool TryParse(string? pathOperation, out GatewayOperation op) => TryParse(pathOperation.AsSpan(), out op);

    /// <inheritdoc cref="TryParse(string?, out GatewayOperation)"/>
    public static bool TryParse(ReadOnlySpan<char> pathOperation, out GatewayOperation op)
    {
        if (pathOperation.EndsWith('/'))
        {
            pathOperation = pathOperation[..^1];
        }

        switch (pathOperation)
        {
            case "chat/completions":
                op = GatewayOperation.ChatCompletions;
                return true;
            case "completions":
                op = GatewayOperation.Completions;
                return true;
            case "embeddings":
                op = GatewayOperation.Embeddings;
                return true;
            case "responses":
                op = GatewayOperation.Responses;
                return true;
            default:
                op = default;
                return false;
        }
    }

    /// <summary>The body field the operation cannot do without.</summary>
    public static string RequiredField(this GatewayOperation operation) => operation switch
    {
        GatewayOperation.ChatCompletions => "messages",
        GatewayOperation.Completions => "prompt",
        GatewayOperation.Embeddings or GatewayOperation.Responses => "input",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    /// <summary>Whether the operation produces output tokens, so that an output cap means anything.</summary>
    public static bool HasOutputTokens(this GatewayOperation operation) => operation != GatewayOperation.Embeddings;

    /// <summary>Whether the operation streams usage only when asked through <c>stream_options.include_usage</c>.</summary>
    public static bool SupportsStreamOptions(this GatewayOperation operation) =>
        operation is GatewayOperation.ChatCompletions or GatewayOperation.Completions;
}
