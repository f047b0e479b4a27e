using AiGateway.Shared.Services.Chargeback;

namespace AiGateway.Portal.Components.Pages.Usage;

/// <summary>
/// Cuts a chargeback report down to the teams a person may see. The page and the CSV download both apply it on the
/// server, so a member never receives another team's lines, in the page or in a file.
/// </summary>
public static class ChargebackScope
{
    /// <summary>
    /// The report with only the lines of <paramref name="teams"/> and totals over those; unchanged when
    /// <paramref name="teams"/> is null (an admin). The fixed-cost summary is dropped for members: it is per deployment
    /// over every team, so it would show how much other teams used.
    /// </summary>
    public static ChargebackReport Restrict(ChargebackReport report, IReadOnlySet<Guid>? teams)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (teams is null)
        {
            return report;
        }

        var visible = report.Teams.Where(t => teams.Contains(t.TeamId)).ToList();
        return report with { Teams = visible, FixedCosts = [], Totals = ChargebackTotals.Of(visible) };
    }
}
