namespace AiGateway.Simulator.State;

/// <summary>Settings that apply to every deployment and can change at run time.</summary>
internal sealed record GlobalSettings(int? Seed, int DefaultCompletionTokens);
