namespace AiGateway.Shared.Services.Alerts;

/// <summary>Where one delivery goes: the decrypted webhook URL, or the e-mail recipients. Never logged.</summary>
public sealed record AlertDestination(string? Url, IReadOnlyList<string> Recipients);
