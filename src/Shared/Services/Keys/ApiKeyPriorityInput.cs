using System.ComponentModel;
using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Keys;

/// <summary>A key's own priority class; null gives it its team's again.</summary>
public sealed record ApiKeyPriorityInput
{
    [Description(PriorityClassDocs.KeyOverride)]
    public PriorityClass? Priority { get; init; }
}
