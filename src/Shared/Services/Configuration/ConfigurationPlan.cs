namespace AiGateway.Shared.Services.Configuration;

/// <summary>
/// What applying a document does (or did) to the configuration: every created, updated and deleted thing, with the
/// fields an update changes. Secrets show as changed, never their values.
/// </summary>
/// <param name="BasedOnVersion">The configuration version the plan was made against.</param>
/// <param name="Applied">Whether the changes were written (false for a dry run or when nothing changes).</param>
/// <param name="Version">The configuration version after the apply; the same as <paramref name="BasedOnVersion"/> when nothing was written.</param>
public sealed record ConfigurationPlan(long BasedOnVersion, bool Applied, long Version, IReadOnlyList<ConfigurationChange> Changes)
{
    public bool HasChanges => Changes.Count > 0;
}

/// <param name="Action">Create, Update or Delete.</param>
/// <param name="Kind">Backend, Deployment, ModelAlias, AliasTarget, Team, TeamMember, QuotaPolicy or ApiKey (a deleted team's keys).</param>
/// <param name="Name">The thing's name in the document, e.g. <c>eastus/gpt-4o-mini</c> for a deployment.</param>
public sealed record ConfigurationChange(string Action, string Kind, string Name, IReadOnlyList<FieldChange> Fields);

public sealed record FieldChange(string Field, string? From, string? To);
