namespace AiGateway.Gateway.Requests;

/// <summary>What the gateway needs to know about a request body, read once by <see cref="RequestInspector"/>.</summary>
public sealed record InspectedRequest
{
    public required GatewayOperation Operation { get; init; }

    /// <summary>The top-level <c>model</c>: the alias in the v1 shape; null when absent or null.</summary>
    public string? Model { get; init; }

    public bool Stream { get; init; }

    /// <summary>Whether the client itself asked for the usage chunk (<c>stream_options.include_usage: true</c>).</summary>
    public bool IncludeUsageRequested { get; init; }

    public int? MaxTokens { get; init; }

    public int? MaxCompletionTokens { get; init; }

    /// <summary><c>max_output_tokens</c>, the Responses API's limit.</summary>
    public int? MaxOutputTokens { get; init; }

    public int N { get; init; } = 1;

    public int? BestOf { get; init; }

    /// <summary>The names of the top-level properties, in body order.</summary>
    public IReadOnlyList<string> TopLevelProperties { get; init; } = [];

    /// <summary>
    /// The largest output limit the body names, or null when it names none. The largest, not the first: a body with
    /// both <c>max_tokens</c> and <c>max_completion_tokens</c> must not slip past a cap on whichever field the backend
    /// happens to honour.
    /// </summary>
    public int? RequestedOutputTokens => Max(Max(MaxCompletionTokens, MaxTokens), MaxOutputTokens);

    /// <summary>
    /// The request continues state a backend stored (the Responses API's <c>previous_response_id</c> or
    /// <c>conversation</c>), which only the deployment that created it knows.
    /// </summary>
    public bool NamesStoredObject =>
        Operation == GatewayOperation.Responses && (HasProperty("previous_response_id") || HasProperty("conversation"));

    /// <summary>Whether the body has a top-level property of that exact name.</summary>
    public bool HasProperty(string name)
    {
        var properties = TopLevelProperties;
        for (var i = 0; i < properties.Count; i++)
        {
            if (string.Equals(properties[i], name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static int? Max(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
