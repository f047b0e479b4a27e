namespace AiGateway.Simulator.Endpoints;

/// <summary>
/// How many tokens a choice gets. With a maximum named in the request the simulated model always runs into
/// it (finish reason <c>length</c>); without one it writes the configured default and stops (<c>stop</c>).
/// </summary>
internal readonly record struct CompletionLength(int Tokens, bool LimitedByMaximum)
{
    public static CompletionLength From(int? requestedMaximum, int defaultTokens) =>
        requestedMaximum is { } maximum ? new(maximum, true) : new(defaultTokens, false);

    public string FinishReason => LimitedByMaximum ? "length" : "stop";
}
