namespace AiGateway.Shared.Services.Keys;

/// <summary>The answer to issuing or rotating a key: the only time its secret is ever shown.</summary>
public sealed record IssuedApiKey(ApiKeyView Key, string Secret);
