namespace AiGateway.Shared.Model;

public enum BackendKind
{
    /// <summary>Azure OpenAI: deployment in the path, <c>api-version</c> query, <c>api-key</c> or Entra token.</summary>
    AzureOpenAI = 0,

    /// <summary>OpenAI's own API: model in the body, bearer key.</summary>
    OpenAI = 1,

    /// <summary>Any server that speaks the OpenAI v1 API (vLLM, Ollama, LiteLLM...).</summary>
    OpenAICompatible = 2,
}
