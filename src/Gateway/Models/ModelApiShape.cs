namespace AiGateway.Gateway.Models;

/// <summary>Which API's model list a request asks for.</summary>
public enum ModelApiShape
{
    /// <summary><c>GET /v1/models</c>, <c>/openai/v1/models</c>: OpenAI's <c>id</c>, <c>created</c>, <c>owned_by</c>.</summary>
    OpenAI,

    /// <summary><c>GET /openai/models?api-version=...</c>: Azure OpenAI's <c>id</c>, <c>created_at</c>, <c>status</c>.</summary>
    Azure,
}
