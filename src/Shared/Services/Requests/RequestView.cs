namespace AiGateway.Shared.Services.Requests;

/// <summary>
/// One request as the explorer shows it: who sent it, where it went and how it went. Names are today's names of the
/// team, key, deployment and backend; null when the thing has since been deleted. Never a prompt or a completion:
/// the gateway does not store them.
/// </summary>
public sealed record RequestView(
    long Id,
    DateTimeOffset At,
    string RequestId,
    Guid TeamId,
    string? TeamName,
    Guid? ApiKeyId,
    string? KeyName,
    string? KeyPrefix,
    string AliasName,
    string Operation,
    Guid? DeploymentId,
    string? DeploymentName,
    Guid? BackendId,
    string? BackendName,
    int StatusCode,
    int PromptTokens,
    int CompletionTokens,
    bool Estimated,
    bool Streamed,
    int LatencyMs,
    int? TimeToFirstTokenMs,
    decimal Cost)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}
