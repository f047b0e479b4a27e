namespace AiGateway.Simulator.Endpoints;

/// <summary>A client mistake, answered with 400 and an OpenAI error body naming the parameter.</summary>
internal sealed record RequestProblem(string Message, string? Param, string? Code);
