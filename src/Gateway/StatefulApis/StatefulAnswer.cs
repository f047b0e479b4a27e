namespace AiGateway.Gateway.StatefulApis;

/// <summary>What a backend answered a stateful call: its status, its JSON body when the gateway read it, its <c>operation-location</c>.</summary>
public sealed record StatefulAnswer(int Status, byte[]? Body, string? OperationLocation)
{
    public bool Succeeded => Status is >= 200 and < 300;
}
