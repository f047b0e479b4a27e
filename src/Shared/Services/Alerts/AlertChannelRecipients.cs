using MimeKit;

namespace AiGateway.Shared.Services.Alerts;

/// <summary>An e-mail channel's recipients: a comma-separated list of plain addresses.</summary>
public static class AlertChannelRecipients
{
    public const int MaxRecipients = 20;

    public static IReadOnlyList<string> Parse(string? recipients) =>
        (recipients ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static bool IsAddress(string address) =>
        MailboxAddress.TryParse(address, out var mailbox) && mailbox.Address == address && address.Contains('@', StringComparison.Ordinal);
}
