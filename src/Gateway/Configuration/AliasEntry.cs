using System.Collections.Immutable;

namespace AiGateway.Gateway.Configuration;

/// <summary>An enabled alias and its targets on enabled deployments and backends, lowest tier first.</summary>
public sealed record AliasEntry(Guid Id, string Name, ImmutableArray<AliasTargetEntry> Targets);
