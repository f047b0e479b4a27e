namespace AiGateway.Gateway.StatefulApis;

/// <summary>What a stateful call does with its collection.</summary>
public enum StatefulAction
{
    /// <summary>Creates an object (<c>POST /files</c>): a deployment is chosen, and the new id recorded as its.</summary>
    Create,

    /// <summary>Lists a collection (<c>GET /files</c>): answered with only what the caller owns.</summary>
    List,

    /// <summary>Reads, changes or deletes an owned object, or its children: sent to its owner only.</summary>
    Use,
}
