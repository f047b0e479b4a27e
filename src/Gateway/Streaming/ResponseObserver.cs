namespace AiGateway.Gateway.Streaming;

/// <summary>
/// What the gateway learns from a backend response while it passes through <see cref="SseResponseStream"/> or
/// <see cref="JsonResponseStream"/>. Written by the stream as the body is read; read by the gateway once the
/// copy has ended (the stream and its reader run one read at a time, so no synchronisation is needed).
/// </summary>
public sealed class ResponseObserver
{
    private readonly TimeProvider _timeProvider;
    private DeliveredText? _text;

    public ResponseObserver(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <summary>The backend's own token counts, when it reported them.</summary>
    public TokenUsage? Usage { get; internal set; }

    /// <summary>
    /// The <c>service_tier</c> the backend says served the answer (the body's, or the last stream chunk's that names
    /// one); null when it named none.
    /// </summary>
    public string? ServiceTier { get; internal set; }

    /// <summary>
    /// The id of the object the backend created (the first the answer names: a Responses body's <c>id</c>, or the
    /// <c>response.created</c> event's), so that the gateway can record which deployment owns it.
    /// </summary>
    public string? ObjectId { get; internal set; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the first bytes were handed to the reader.</summary>
    public long? FirstByteTimestamp { get; private set; }

    /// <summary>How many bytes were handed to the reader (including an injected error event).</summary>
    public long DeliveredBytes { get; private set; }

    /// <summary>
    /// Characters (UTF-16 code units) of generated text in the SSE frames handed to the reader:
    /// <c>choices[*].delta.content</c>, <c>choices[*].text</c> (completions) and the <c>delta</c> of
    /// <c>response.output_text.delta</c> events.
    /// </summary>
    public int DeliveredContentChars { get; internal set; }

    /// <summary>The generated text itself, kept while it may still need counting; an SSE stream fills it.</summary>
    internal DeliveredText Text => _text ??= new DeliveredText();

    /// <summary>
    /// The backend's body ended normally: <c>data: [DONE]</c> or a terminal Responses API event
    /// (<c>response.completed</c>, <c>response.incomplete</c>, <c>response.failed</c>) for SSE; the end of the
    /// body for JSON.
    /// </summary>
    public bool Completed { get; internal set; }

    /// <summary>The backend failed or ended early after bytes had been handed to the reader.</summary>
    public bool Cut { get; internal set; }

    /// <summary>What the backend's body failed with when it was cut, if it failed rather than ended early.</summary>
    public Exception? CutCause { get; internal set; }

    /// <summary>The last non-null <c>finish_reason</c> of the first choice.</summary>
    public string? FinishReason { get; internal set; }

    /// <summary>Some choice finished with <c>finish_reason: "content_filter"</c>.</summary>
    public bool ContentFiltered { get; internal set; }

    internal void OnDelivered(int count)
    {
        if (count <= 0)
        {
            return;
        }

        FirstByteTimestamp ??= _timeProvider.GetTimestamp();
        DeliveredBytes += count;
    }

    /// <summary>
    /// Completion tokens of the generated text handed to the reader (every choice), counted with the o200k tokenizer,
    /// for a stream whose backend reported no usage. Ask once the body has been read to its end: the first call counts
    /// and gives the text's pooled buffers back.
    /// </summary>
    public int CountDeliveredCompletionTokens() => _text?.CountDelivered() ?? 0;

    internal void Record(in ResponseFacts facts)
    {
        if (facts.Usage is not null)
        {
            Usage = facts.Usage;
            // The backend has counted: the text is not needed, and its buffers go back to the pool now.
            _text?.Release();
        }

        ObjectId ??= facts.ObjectId;
        if (facts.ServiceTier is not null)
        {
            ServiceTier = facts.ServiceTier;
        }

        if (facts.FinishReason is not null)
        {
            FinishReason = facts.FinishReason;
        }

        ContentFiltered |= facts.ContentFiltered;
    }
}
