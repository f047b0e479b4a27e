namespace AiGateway.Gateway.Context;

/// <summary>Which of the client-facing API shapes a request came in on.</summary>
public enum GatewaySurface
{
    /// <summary><c>/openai/deployments/{alias}/{operation}?api-version=...</c>: the alias is in the path.</summary>
    AzureClassic,

    /// <summary><c>/openai/v1/{operation}</c>: Azure's v1 API, the alias in the body's <c>model</c>.</summary>
    AzureV1,

    /// <summary><c>/v1/{operation}</c>: OpenAI's shape, the alias in the body's <c>model</c>.</summary>
    OpenAIV1,
}
