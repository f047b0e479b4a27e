namespace AiGateway.Gateway.Requests;

/// <summary>What every backend gets, worked out once by the compliance step.</summary>
/// <param name="Body">The body as every deployment gets it, before its own model name is written in (v1 shape).</param>
/// <param name="HidesUsageChunk">The gateway asked the backend for the stream's usage chunk and must hide it from the client.</param>
/// <param name="ClampedMaxTokens">The output cap written into the body, when the caller's quota lowered it.</param>
public sealed record ForwardPlan(ReadOnlyMemory<byte> Body, bool HidesUsageChunk, int? ClampedMaxTokens);
