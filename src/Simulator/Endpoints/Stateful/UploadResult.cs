namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>What an upload carried, or why it was refused (<see cref="Status"/> non-zero).</summary>
internal sealed record UploadResult(IReadOnlyDictionary<string, string> Fields, string? FileName, byte[]? Content, int Status, string? Message, string? Param)
{
    public static UploadResult Problem(int status, string message, string? param) => new(new Dictionary<string, string>(), null, null, status, message, param);
}
