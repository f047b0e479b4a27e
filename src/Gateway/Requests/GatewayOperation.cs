namespace AiGateway.Gateway.Requests;

/// <summary>The OpenAI operation a request calls, named by the last segments of its URL.</summary>
public enum GatewayOperation
{
    ChatCompletions,
    Completions,
    Embeddings,
    Responses,

    /// <summary>A stateful call other than <c>POST /responses</c> (files, vector stores...), served by StatefulApis.</summary>
    Stateful,
}
