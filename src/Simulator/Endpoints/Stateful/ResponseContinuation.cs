using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>What a new response continues: a stored response (<c>previous_response_id</c>) or a conversation.</summary>
internal sealed record ResponseContinuation(string? PreviousResponseId, string? ConversationId)
{
    public static bool TryRead(JsonElement root, out ResponseContinuation continuation, out RequestProblem? problem)
    {
        continuation = new(null, null);
        problem = null;
        string? previous = null, conversation = null;
        if (root.TryGetProperty("previous_response_id", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            if (p.ValueKind != JsonValueKind.String)
            {
                problem = new RequestProblem("Invalid type for 'previous_response_id': expected a string.", "previous_response_id", "invalid_type");
                return false;
            }

            previous = p.GetString();
        }

        if (root.TryGetProperty("conversation", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            // The conversation is given by id or as an object with one.
            conversation = c.ValueKind == JsonValueKind.String ? c.GetString()
                : c.ValueKind == JsonValueKind.Object && c.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()
                : null;
            if (conversation is null)
            {
                problem = new RequestProblem("Invalid 'conversation': expected a conversation id or an object with an 'id'.", "conversation", "invalid_type");
                return false;
            }
        }

        if (previous is not null && conversation is not null)
        {
            problem = new RequestProblem(
                "Mutually exclusive parameters: Ensure you are only providing one of: 'previous_response_id' or 'conversation'.",
                null, "mutually_exclusive_parameters");
            return false;
        }

        continuation = new(previous, conversation);
        return true;
    }

    /// <summary>The services' answers: 400 <c>previous_response_not_found</c>, 404 for an unknown conversation.</summary>
    public static Task WriteNotFoundAsync(HttpContext context, ResponseContinuation continuation) =>
        continuation.PreviousResponseId is { } previous
            ? OpenAIErrors.WriteAsync(context, StatusCodes.Status400BadRequest, $"Previous response with id '{previous}' not found.",
                "invalid_request_error", "previous_response_id", "previous_response_not_found")
            : OpenAIErrors.WriteAsync(context, StatusCodes.Status404NotFound, $"Conversation with id '{continuation.ConversationId}' not found.",
                "invalid_request_error", "conversation", null);
}
