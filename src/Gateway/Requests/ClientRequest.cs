namespace AiGateway.Gateway.Requests;

/// <summary>The client's body, read once, and the fields the gateway acts on.</summary>
public sealed record ClientRequest(ReadOnlyMemory<byte> Body, InspectedRequest Inspected);
