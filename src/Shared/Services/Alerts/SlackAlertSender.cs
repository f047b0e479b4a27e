using System.Globalization;
using System.Text.Json.Nodes;
using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Alerts;

/// <summary>Slack incoming webhooks: <c>text</c> (notifications and fallbacks) and Block Kit blocks for the message.</summary>
public sealed class SlackAlertSender(AlertWebhookClient client) : IAlertSender
{
    // Slack refuses a header over 150 characters and a section with more than 10 fields.
    private const int MaxHeader = 150;
    private const int MaxFields = 10;

    public AlertChannelKind Kind => AlertChannelKind.Slack;

    public Task<AlertSendResult> SendAsync(AlertMessage message, AlertDestination destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return client.PostAsync(destination.Url, Payload(message), null, ct);
    }

    public static string Payload(AlertMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = PlainText(AlertOutbox.Truncate(message.Title, MaxHeader)) },
            new JsonObject { ["type"] = "section", ["text"] = Markdown(Escape(message.Message)) },
        };
        var fields = new JsonArray();
        foreach (var (name, value) in message.FactsWithTeam().Take(MaxFields))
        {
            fields.Add(Markdown($"*{Escape(name)}*\n{Escape(value)}"));
        }

        if (fields.Count > 0)
        {
            blocks.Add(new JsonObject { ["type"] = "section", ["fields"] = fields });
        }

        blocks.Add(new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray { Markdown(string.Create(CultureInfo.InvariantCulture, $"{message.Kind} · {message.At:u}")) },
        });
        return new JsonObject { ["text"] = $"{message.Title}: {message.Message}", ["blocks"] = blocks }.ToJsonString();
    }

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text };

    private static JsonObject Markdown(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    // Slack's own escaping: these three characters are control characters in mrkdwn.
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
