using System.Globalization;
using System.Text.Json.Nodes;
using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Alerts;

/// <summary>
/// Microsoft Teams: the message shape that Teams Workflows ("Post to a channel when a webhook request is received")
/// and the older incoming webhooks both accept, a message with one Adaptive Card attachment.
/// </summary>
public sealed class MicrosoftTeamsAlertSender(AlertWebhookClient client) : IAlertSender
{
    public AlertChannelKind Kind => AlertChannelKind.MicrosoftTeams;

    public Task<AlertSendResult> SendAsync(AlertMessage message, AlertDestination destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return client.PostAsync(destination.Url, Payload(message), null, ct);
    }

    public static string Payload(AlertMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var facts = new JsonArray();
        foreach (var (name, value) in message.FactsWithTeam())
        {
            facts.Add(new JsonObject { ["title"] = name, ["value"] = value });
        }

        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = new JsonArray
            {
                new JsonObject { ["type"] = "TextBlock", ["text"] = message.Title, ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
                new JsonObject { ["type"] = "TextBlock", ["text"] = message.Message, ["wrap"] = true },
                new JsonObject { ["type"] = "FactSet", ["facts"] = facts },
                new JsonObject
                {
                    ["type"] = "TextBlock",
                    ["text"] = string.Create(CultureInfo.InvariantCulture, $"{message.Kind} · {message.At:u}"),
                    ["isSubtle"] = true,
                    ["size"] = "Small",
                    ["wrap"] = true,
                },
            },
        };
        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray
            {
                new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["contentUrl"] = null, ["content"] = card },
            },
        }.ToJsonString();
    }
}
