using System.Globalization;
using System.Text;

namespace AiGateway.Shared.Services.Chargeback;

/// <summary>A chargeback report as CSV (RFC 4180): a header row, then one row per team, alias and deployment.</summary>
public static class ChargebackCsv
{
    public const string ContentType = "text/csv";

    private static readonly string[] Header =
    [
        "from", "to", "teamId", "team", "alias", "deploymentId", "deployment", "backend", "tier",
        "requests", "promptTokens", "completionTokens", "cachedPromptTokens", "reasoningTokens", "audioPromptTokens", "audioCompletionTokens",
        "tokenCost", "fixedCost", "totalCost",
    ];

    public static string Write(ChargebackReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        csv.AppendJoin(',', Header).Append("\r\n");
        var from = Instant(report.From);
        var to = Instant(report.To);
        foreach (var line in report.Teams.SelectMany(t => t.Lines))
        {
            csv.AppendJoin(',',
            [
                from, to, line.TeamId.ToString(), Text(line.TeamName), Text(line.AliasName), line.DeploymentId?.ToString() ?? "",
                Text(line.DeploymentName), Text(line.BackendName), line.Tier?.ToString() ?? "",
                Number(line.Requests), Number(line.PromptTokens), Number(line.CompletionTokens),
                Number(line.CachedPromptTokens), Number(line.ReasoningTokens), Number(line.AudioPromptTokens), Number(line.AudioCompletionTokens),
                Money(line.TokenCost), Money(line.FixedCost), Money(line.TotalCost),
            ]).Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>A file name for the report's period, e.g. <c>chargeback-2026-11-01-2026-12-01.csv</c>.</summary>
    public static string FileName(ChargebackReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return $"chargeback-{Day(report.From)}-{Day(report.To)}.csv";
    }

    private static string Day(DateTimeOffset instant) =>
        instant.TimeOfDay == TimeSpan.Zero
            ? instant.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : instant.ToString("yyyy-MM-dd'T'HHmm", CultureInfo.InvariantCulture);

    private static string Instant(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Money(decimal value) => value.ToString("0.########", CultureInfo.InvariantCulture);

    private static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        // Names are typed by people: a leading = + - @ would run as a formula when the file is opened in a spreadsheet.
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
