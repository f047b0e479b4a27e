using System.Text.Json;
using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Alerts;

/// <summary>An alert as a sender formats it: the stored event with its team's name.</summary>
public sealed record AlertMessage(
    Guid EventId,
    AlertKind Kind,
    string Title,
    string Message,
    DateTimeOffset At,
    Guid? TeamId,
    string? TeamName,
    IReadOnlyDictionary<string, string> Facts)
{
    public static AlertMessage From(AlertEvent stored, string? teamName)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var facts = JsonSerializer.Deserialize<Dictionary<string, string>>(stored.FactsJson) ?? [];
        return new(stored.Id, stored.Kind, stored.Title, stored.Message, stored.At, stored.TeamId, teamName, facts);
    }

    /// <summary>The facts with the team first, as the chat and e-mail formats show them.</summary>
    public IEnumerable<KeyValuePair<string, string>> FactsWithTeam() =>
        TeamName is null || Facts.ContainsKey("Team") ? Facts : Facts.Prepend(new("Team", TeamName));
}
