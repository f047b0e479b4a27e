namespace AiGateway.Gateway.Streaming;

/// <summary>What one JSON payload (a whole body or one SSE chunk) says, as read by <see cref="ResponseJson"/>.</summary>
internal struct ResponseFacts
{
    /// <summary>Elements of the top-level <c>choices</c> array, or -1 when there is none.</summary>
    public int ChoiceCount;

    /// <summary>A non-null <c>usage</c> object (top level, or inside <c>response</c> for Responses API events).</summary>
    public TokenUsage? Usage;

    /// <summary>The <c>service_tier</c> the answer names (top level, or inside <c>response</c>).</summary>
    public string? ServiceTier;

    /// <summary>The non-null <c>finish_reason</c> of the first choice.</summary>
    public string? FinishReason;

    public bool ContentFiltered;

    /// <summary>Characters of generated text this payload carries.</summary>
    public int ContentChars;

    /// <summary>
    /// The id of the object the payload describes: a whole body's top-level <c>id</c> (not a chat completion's), or
    /// the <c>response.id</c> of a Responses API event; the gateway records its owner.
    /// </summary>
    public string? ObjectId;

    /// <summary>A Responses API event type that ends the stream normally.</summary>
    public bool TerminalEvent;
}
