namespace AiGateway.Shared.Model;

/// <summary>How an alert channel delivers: which payload it sends, and where.</summary>
public enum AlertChannelKind
{
    /// <summary>A generic JSON POST to any https endpoint.</summary>
    Webhook,

    /// <summary>A Microsoft Teams Workflows (or incoming) webhook: a message with an Adaptive Card.</summary>
    MicrosoftTeams,

    /// <summary>A Slack incoming webhook: text and blocks.</summary>
    Slack,

    /// <summary>E-mail through the configured SMTP server.</summary>
    Email,
}
