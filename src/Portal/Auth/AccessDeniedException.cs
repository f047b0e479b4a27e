namespace AiGateway.Portal.Auth;

/// <summary>A refusal by the authorisation rules: a page shows its message, the management API answers 403 with it.</summary>
public sealed class AccessDeniedException(string message) : UnauthorizedAccessException(message);
