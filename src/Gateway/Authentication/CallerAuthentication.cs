using AiGateway.Gateway.Errors;

namespace AiGateway.Gateway.Authentication;

/// <summary>What <see cref="GatewayCallerAuthenticator"/> made of a request's credential: a caller, or the 401 to answer.</summary>
public readonly record struct CallerAuthentication(GatewayCaller? Caller, GatewayError? Refusal);
