using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Teams;

namespace AiGateway.Portal.Components.Pages.Teams;

/// <summary>The onboarding and edit form's state: lists are typed as text (comma or line separated) and become <see cref="TeamInput"/> lists.</summary>
public sealed class TeamForm
{
    private static readonly char[] Separators = [',', ';', '\n', '\r'];

    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Owners { get; set; }
    /// <summary>
    /// Not offered in the form (nothing enforces a priority class yet), only carried through an edit so that a value
    /// set through the management API survives it.
    /// </summary>
    public PriorityClass Priority { get; set; } = PriorityClass.Normal;
    public string? AllowedRegions { get; set; }
    public IReadOnlyCollection<string> AllowedAliases { get; set; } = [];
    public string? EntraAppIds { get; set; }
    public int? MaxKeys { get; set; }
    public int? MaxKeyLifetimeDays { get; set; }
    public int? MaxRequestsInFlight { get; set; }
    public bool Enabled { get; set; } = true;

    public static TeamForm From(TeamView team)
    {
        ArgumentNullException.ThrowIfNull(team);
        return new TeamForm
        {
            Name = team.Name,
            Description = team.Description,
            Priority = team.Priority,
            AllowedRegions = string.Join(", ", team.AllowedRegions),
            AllowedAliases = [.. team.AllowedAliases],
            EntraAppIds = string.Join(", ", team.EntraAppIds),
            MaxKeys = team.MaxKeys,
            MaxKeyLifetimeDays = team.MaxKeyLifetimeDays,
            MaxRequestsInFlight = team.MaxRequestsInFlight,
            Enabled = team.Enabled,
        };
    }

    public TeamInput ToInput() => new()
    {
        Name = Name,
        Description = string.IsNullOrWhiteSpace(Description) ? null : Description,
        Owners = SplitList(Owners),
        Priority = Priority,
        AllowedRegions = SplitList(AllowedRegions),
        AllowedAliases = [.. AllowedAliases],
        EntraAppIds = SplitList(EntraAppIds),
        MaxKeys = MaxKeys,
        MaxKeyLifetimeDays = MaxKeyLifetimeDays,
        MaxRequestsInFlight = MaxRequestsInFlight,
        Enabled = Enabled,
    };

    public static IReadOnlyList<string> SplitList(string? text) =>
        (text ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
