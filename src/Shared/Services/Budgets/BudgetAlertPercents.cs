using System.Globalization;
using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Budgets;

/// <summary>
/// The notice thresholds of a budget, as <see cref="QuotaPolicy.BudgetAlertPercents"/> stores them: whole percents,
/// comma-separated, ascending and unique, each 1 to 100, at most <see cref="MaxCount"/>; empty for no notices, null for
/// <see cref="QuotaPolicy.DefaultBudgetAlertPercents"/>.
/// </summary>
public static class BudgetAlertPercents
{
    public const int MaxCount = 10;

    /// <summary>The thresholds a stored value means; a value that does not parse (never saved by the portal) means none.</summary>
    public static IReadOnlyList<int> Of(string? stored) =>
        TryParse(stored ?? QuotaPolicy.DefaultBudgetAlertPercents, out var percents, out _) ? percents : [];

    /// <summary>Reads a value as entered; on failure <paramref name="error"/> says what is wrong with it.</summary>
    public static bool TryParse(string value, out IReadOnlyList<int> percents, out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        percents = [];
        error = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length > MaxCount)
        {
            error = $"At most {MaxCount} thresholds.";
            return false;
        }

        var read = new List<int>(parts.Length);
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var percent) || percent is < 1 or > 100)
            {
                error = $"'{part}' is not a whole percent from 1 to 100.";
                return false;
            }

            if (read.Count > 0 && percent <= read[^1])
            {
                error = "Thresholds must be in ascending order, each once.";
                return false;
            }

            read.Add(percent);
        }

        percents = read;
        return true;
    }

    /// <summary>The stored form of a valid value: no spaces, e.g. <c>50,80,100</c>; null stays null (the default).</summary>
    public static string? Normalize(string? value) =>
        value is null ? null : TryParse(value, out var percents, out _) ? string.Join(',', percents) : value;
}
