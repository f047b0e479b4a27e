namespace AiGateway.Integration.Infrastructure;

/// <summary>One request as a <see cref="RecordingBackend"/> received it.</summary>
public sealed record RecordedRequest(string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body);
