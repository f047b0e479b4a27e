using System.Text.Json.Nodes;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>Everything a Responses answer is made of, decided before the first byte is written.</summary>
internal sealed record ResponseDraft(
    string Id,
    string MessageId,
    long Created,
    string Model,
    CompletionLength Length,
    int? MaxOutputTokens,
    string? Instructions,
    int InputTokens,
    string? PreviousResponseId,
    string? ConversationId,
    bool Background,
    bool Store,
    JsonObject? Metadata);
