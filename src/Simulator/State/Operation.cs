namespace AiGateway.Simulator.State;

/// <summary>The model operations the simulator serves.</summary>
internal enum Operation
{
    ChatCompletions,
    Completions,
    Embeddings,
    Responses,
}
