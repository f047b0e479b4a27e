namespace AiGateway.Shared.Services.Alerts;

/// <summary>How one attempt went; <see cref="Error"/> is short and holds no URL or secret.</summary>
public sealed record AlertSendResult(bool Delivered, string? Error, int? StatusCode = null)
{
    public static readonly AlertSendResult Ok = new(true, null);

    public static AlertSendResult Fail(string error, int? statusCode = null) => new(false, error, statusCode);
}
