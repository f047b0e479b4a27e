using System.Globalization;
using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AiGateway.Shared.Services.Budgets;

/// <summary>
/// One round of budget notices: for every policy with a budget (tokens or currency, daily or monthly) and notice
/// thresholds, works out the spend of its subject in the current UTC day and month from the hourly rollups, and for
/// each threshold reached and not yet notified in that period, claims it (a <see cref="BudgetNotice"/> row) and
/// publishes an <see cref="AlertKind.BudgetThreshold"/> alert. Off the request path; never refuses anything.
/// </summary>
/// <remarks>
/// Every replica runs this. The unique claim row decides which one sends each notice: an insert that clashes means
/// another replica sent it, which is not an error. A claim is inserted before its alert is published, so a crash
/// between the two loses that notice rather than sending it twice.
/// </remarks>
public sealed partial class BudgetThresholdChecker(
    IDbContextFactory<PortalDbContext> dbFactory,
    IAlertPublisher alerts,
    TimeProvider clock,
    ILogger<BudgetThresholdChecker> logger)
{
    /// <summary>Checks every budget once; returns how many notices this call sent.</summary>
    public async Task<int> CheckAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var day = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var month = new DateTimeOffset(day.Year, day.Month, 1, 0, 0, 0, TimeSpan.Zero);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var policies = (await db.QuotaPolicies.AsNoTracking()
                .Where(p => p.DailyCostBudget != null || p.MonthlyCostBudget != null || p.DailyTokenBudget != null || p.MonthlyTokenBudget != null)
                .ToListAsync(ct))
            .Where(p => BudgetAlertPercents.Of(p.BudgetAlertPercents).Count > 0)
            .ToList();
        if (policies.Count == 0)
        {
            return 0;
        }

        var teamIds = policies.Select(p => p.TeamId).Distinct().ToList();
        var names = await BudgetSubjectNames.ReadAsync(db, policies, ct);
        var claimed = (await db.BudgetNotices.AsNoTracking()
                .Where(n => n.PeriodStart >= month)
                .Select(n => new { n.PolicyId, n.Measure, n.Period, n.PeriodStart, n.Percent })
                .ToListAsync(ct))
            .Select(n => new Claim(n.PolicyId, n.Measure, n.Period, n.PeriodStart, n.Percent))
            .ToHashSet();
        var refused = await RefusedBudgetsAsync(db, day, month, ct);
        var periods = new[]
        {
            (Period: BudgetPeriod.Daily, Start: day, Spend: await BudgetSpend.ReadAsync(db, day, teamIds, ct)),
            (Period: BudgetPeriod.Monthly, Start: month, Spend: await BudgetSpend.ReadAsync(db, month, teamIds, ct)),
        };

        var sent = 0;
        foreach (var policy in policies)
        {
            var percents = BudgetAlertPercents.Of(policy.BudgetAlertPercents);
            foreach (var (period, start, spend) in periods)
            {
                var (cost, tokens) = spend.Of(policy, names.AliasOf(policy));
                var daily = period == BudgetPeriod.Daily;
                var budgets = new (BudgetMeasure Measure, decimal? Budget, decimal Spent)[]
                {
                    (BudgetMeasure.Cost, daily ? policy.DailyCostBudget : policy.MonthlyCostBudget, cost),
                    (BudgetMeasure.Tokens, daily ? policy.DailyTokenBudget : policy.MonthlyTokenBudget, tokens),
                };
                foreach (var (measure, budget, spent) in budgets)
                {
                    var usedUp = refused.Contains((policy.Id, measure, period));
                    // A budget of zero refuses all paid traffic; it has no share to be notified of.
                    if (budget is not { } limit || limit <= 0)
                    {
                        continue;
                    }

                    foreach (var percent in percents)
                    {
                        var claim = new Claim(policy.Id, measure, period, start, percent);
                        if ((spent * 100 < limit * percent && !usedUp) || claimed.Contains(claim))
                        {
                            continue;
                        }

                        if (await TryClaimAsync(db, claim, spent, limit, now, ct))
                        {
                            alerts.Publish(Notice(claim, policy, names, spent, limit, now, usedUp));
                            sent++;
                        }

                        claimed.Add(claim);
                    }
                }
            }
        }

        return sent;
    }

    /// <summary>
    /// The budgets that refused a request in the current period. The gateway refuses the request whose estimated cost
    /// could pass a budget, so spend can stop short of 100 % while callers are already refused: for the people told,
    /// such a budget is used up, and every threshold is reached.
    /// </summary>
    private static async Task<HashSet<(Guid PolicyId, BudgetMeasure Measure, BudgetPeriod Period)>> RefusedBudgetsAsync(PortalDbContext db, DateTimeOffset day, DateTimeOffset month, CancellationToken ct)
    {
        // The limit names the gateway records on a quota refusal (its QuotaLimitKind).
        string[] daily = ["DailyCostBudget", "DailyTokenBudget"];
        string[] monthly = ["MonthlyCostBudget", "MonthlyTokenBudget"];
        var refusals = await db.ThrottleEvents.AsNoTracking()
            .Where(e => e.Kind == ThrottleEventKind.QuotaRefusal && e.PolicyId != null
                && ((e.At >= day && daily.Contains(e.QuotaLimit!)) || (e.At >= month && monthly.Contains(e.QuotaLimit!))))
            .Select(e => new { PolicyId = e.PolicyId!.Value, Limit = e.QuotaLimit! })
            .Distinct()
            .ToListAsync(ct);
        return refusals
            .Select(r => (r.PolicyId,
                r.Limit.EndsWith("CostBudget", StringComparison.Ordinal) ? BudgetMeasure.Cost : BudgetMeasure.Tokens,
                daily.Contains(r.Limit) ? BudgetPeriod.Daily : BudgetPeriod.Monthly))
            .ToHashSet();
    }

    private async Task<bool> TryClaimAsync(PortalDbContext db, Claim claim, decimal spent, decimal budget, DateTimeOffset now, CancellationToken ct)
    {
        var notice = new BudgetNotice
        {
            PolicyId = claim.PolicyId,
            Measure = claim.Measure,
            Period = claim.Period,
            PeriodStart = claim.PeriodStart,
            Percent = claim.Percent,
            Spent = decimal.Round(spent, 4),
            Budget = budget,
            NotifiedAt = now,
        };
        db.BudgetNotices.Add(notice);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (DatabaseConstraintViolation.IsConstraintViolation(e))
        {
            // Another replica claimed it first (or the policy was deleted meanwhile): it is theirs to send.
            db.Entry(notice).State = EntityState.Detached;
            Log.ClaimedElsewhere(logger, claim.PolicyId, claim.Measure, claim.Period, claim.Percent);
            return false;
        }
    }

    private static AlertNotice Notice(Claim claim, QuotaPolicy policy, BudgetSubjectNames names, decimal spent, decimal budget, DateTimeOffset now, bool usedUp)
    {
        var team = names.TeamOf(policy);
        var subject = names.SubjectOf(policy);
        var period = claim.Period == BudgetPeriod.Daily ? "daily" : "monthly";
        var periodText = claim.Period == BudgetPeriod.Daily
            ? claim.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : claim.PeriodStart.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var what = claim.Measure == BudgetMeasure.Cost ? "cost" : "token";
        var spentText = Amount(claim.Measure, spent);
        var budgetText = Amount(claim.Measure, budget);
        return new AlertNotice(
            AlertKind.BudgetThreshold,
            $"{team}: {claim.Percent} % of the {period} {what} budget used",
            usedUp && spent * 100 < budget * claim.Percent
                ? $"{subject} has used {spentText} of its {period} {what} budget of {budgetText} ({periodText} UTC), and requests that could pass it are being refused: it counts as used up until it renews."
                : $"{subject} has used {spentText} of its {period} {what} budget of {budgetText} ({periodText} UTC), {claim.Percent} % or more. "
                    + (claim.Percent >= 100 || usedUp ? "Requests that would pass the budget are refused until it renews." : "Nothing is refused until the budget is spent."),
            now,
            policy.TeamId,
            DedupeKey(claim))
        {
            Facts = new Dictionary<string, string>
            {
                ["team"] = team,
                ["scope"] = subject,
                ["budget"] = budgetText,
                ["spent"] = spentText,
                ["percent"] = claim.Percent.ToString(CultureInfo.InvariantCulture),
                ["period"] = $"{period} ({periodText})",
            },
        };
    }

    /// <summary>The same key on every replica for the same notice, so the alert channels deliver it once.</summary>
    internal static string DedupeKey(Claim claim) => string.Create(
        CultureInfo.InvariantCulture,
        $"budget:{claim.PolicyId:D}:{(claim.Measure == BudgetMeasure.Cost ? "cost" : "tokens")}:{(claim.Period == BudgetPeriod.Daily ? "daily" : "monthly")}:{claim.PeriodStart:yyyyMMdd}:{claim.Percent}");

    private static string Amount(BudgetMeasure measure, decimal value) => measure == BudgetMeasure.Cost
        ? value.ToString("#,##0.00##", CultureInfo.InvariantCulture)
        : value.ToString("N0", CultureInfo.InvariantCulture) + " tokens";

    internal readonly record struct Claim(Guid PolicyId, BudgetMeasure Measure, BudgetPeriod Period, DateTimeOffset PeriodStart, int Percent);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Budget notice for policy {PolicyId} ({Measure}, {Period}, {Percent} %) was sent by another replica")]
        public static partial void ClaimedElsewhere(ILogger logger, Guid policyId, BudgetMeasure measure, BudgetPeriod period, int percent);
    }
}
