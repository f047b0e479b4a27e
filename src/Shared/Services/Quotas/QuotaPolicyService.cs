using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Budgets;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Quotas;

/// <summary>Quota policies per team, per key, and per team and alias; at most one per subject.</summary>
public sealed class QuotaPolicyService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The largest budget in currency: its micro-units (what the quota stores count) stay exact in Redis' Lua numbers.</summary>
    public const decimal MaxCostBudget = 1_000_000_000m;

    private const int CostBudgetDecimals = 4;

    public async Task<IReadOnlyList<QuotaPolicyView>> ListAsync(Guid? teamId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.QuotaPolicies.AsNoTracking();
        if (teamId is { } id)
        {
            query = query.Where(p => p.TeamId == id);
        }

        var policies = await query.OrderBy(p => p.TeamId).ThenBy(p => p.Scope).ThenBy(p => p.CreatedAt).ToListAsync(ct);
        return policies.ConvertAll(QuotaPolicyView.From);
    }

    public async Task<QuotaPolicyView> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return QuotaPolicyView.From(await FindAsync(db, id, ct));
    }

    public async Task<QuotaPolicyView> CreateAsync(QuotaPolicyInput input, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var policy = new QuotaPolicy { CreatedAt = clock.GetUtcNow() };
        await ApplyAsync(db, policy, input, ct);
        db.QuotaPolicies.Add(policy);
        await db.SaveConfigurationChangesAsync(actor, ct);
        return QuotaPolicyView.From(policy);
    }

    public async Task<QuotaPolicyView> UpdateAsync(Guid id, QuotaPolicyInput input, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var policy = await FindAsync(db, id, ct);
        await ApplyAsync(db, policy, input, ct);
        await db.SaveConfigurationChangesAsync(actor, ct);
        return QuotaPolicyView.From(policy);
    }

    public async Task DeleteAsync(Guid id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.QuotaPolicies.Remove(await FindAsync(db, id, ct));
        await db.SaveConfigurationChangesAsync(actor, ct);
    }

    /// <summary>The limits' own rules, whatever the policy's subject.</summary>
    internal static void ValidateLimits(ValidationErrors errors, QuotaPolicyInput input)
    {
        errors.Positive("requestsPerMinute", input.RequestsPerMinute);
        errors.Positive("tokensPerMinute", input.TokensPerMinute);
        errors.Positive("dailyTokenBudget", input.DailyTokenBudget);
        errors.Positive("monthlyTokenBudget", input.MonthlyTokenBudget);
        errors.Positive("maxTokensPerRequest", input.MaxTokensPerRequest);
        CostBudget(errors, "dailyCostBudget", input.DailyCostBudget);
        CostBudget(errors, "monthlyCostBudget", input.MonthlyCostBudget);
        if (input.BudgetAlertPercents is { } percents && !BudgetAlertPercents.TryParse(percents, out _, out var error))
        {
            errors.Add("budgetAlertPercents", $"'budgetAlertPercents' must be comma-separated whole percents from 1 to 100, ascending, at most {BudgetAlertPercents.MaxCount} (empty for no notices): {error}");
        }

        if (input is { RequestsPerMinute: null, TokensPerMinute: null, DailyTokenBudget: null, MonthlyTokenBudget: null, MaxTokensPerRequest: null, DailyCostBudget: null, MonthlyCostBudget: null })
        {
            errors.Add("limits", "Set at least one limit.");
        }
    }

    /// <summary>
    /// A budget in currency: not negative (zero refuses all paid traffic), at most <see cref="MaxCostBudget"/>, and
    /// with no more decimals than the database keeps (so what is saved is what was asked for).
    /// </summary>
    private static void CostBudget(ValidationErrors errors, string field, decimal? value)
    {
        if (value is not { } budget)
        {
            return;
        }

        if (budget < 0 || budget > MaxCostBudget)
        {
            errors.Add(field, $"'{field}' must be from 0 to {MaxCostBudget:N0}.");
        }
        else if (decimal.Round(budget, CostBudgetDecimals) != budget)
        {
            errors.Add(field, $"'{field}' may have at most {CostBudgetDecimals} decimals.");
        }
    }

    private static async Task<QuotaPolicy> FindAsync(PortalDbContext db, Guid id, CancellationToken ct) =>
        await db.QuotaPolicies.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new EntityNotFoundException("Quota policy", id);

    private static async Task ApplyAsync(PortalDbContext db, QuotaPolicy policy, QuotaPolicyInput input, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        errors.Defined("scope", input.Scope);
        ValidateLimits(errors, input);

        var teamId = input.TeamId;
        Guid? keyId = null;
        Guid? aliasId = null;
        switch (input.Scope)
        {
            case QuotaScope.Key:
                if (input.ApiKeyId is not { } requestedKey)
                {
                    errors.Add("apiKeyId", "'apiKeyId' is required for a Key policy.");
                    break;
                }

                var keyTeam = await db.ApiKeys.Where(k => k.Id == requestedKey).Select(k => (Guid?)k.TeamId).FirstOrDefaultAsync(ct);
                if (keyTeam is null)
                {
                    errors.Add("apiKeyId", $"There is no API key with id '{requestedKey}'.");
                }
                else if (teamId is not null && teamId != keyTeam)
                {
                    errors.Add("teamId", "The key belongs to another team.");
                }

                teamId = keyTeam;
                keyId = requestedKey;
                break;
            case QuotaScope.TeamAlias:
                if (input.AliasId is not { } requestedAlias)
                {
                    errors.Add("aliasId", "'aliasId' is required for a TeamAlias policy.");
                }
                else if (!await db.Aliases.AnyAsync(a => a.Id == requestedAlias, ct))
                {
                    errors.Add("aliasId", $"There is no alias with id '{requestedAlias}'.");
                }

                aliasId = input.AliasId;
                break;
        }

        if (input.Scope != QuotaScope.Key)
        {
            if (teamId is null)
            {
                errors.Add("teamId", "'teamId' is required.");
            }
            else if (!await db.Teams.AnyAsync(t => t.Id == teamId, ct))
            {
                errors.Add("teamId", $"There is no team with id '{teamId}'.");
            }
        }

        errors.ThrowIfAny();

        var scopeKey = QuotaPolicy.KeyFor(input.Scope, teamId!.Value, keyId, aliasId);
        if (await db.QuotaPolicies.AnyAsync(p => p.ScopeKey == scopeKey && p.Id != policy.Id, ct))
        {
            throw new EntityConflictException("A policy for this subject already exists; update it instead.");
        }

        policy.Scope = input.Scope;
        policy.TeamId = teamId.Value;
        policy.ApiKeyId = keyId;
        policy.AliasId = aliasId;
        policy.ScopeKey = scopeKey;
        input.ApplyLimitsTo(policy);
    }
}
