using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Alerts;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Rollouts;

/// <summary>
/// Creates rollouts and moves them through their states: start, advance a step, pause, resume, roll back, promote,
/// cancel. Each transition is one transaction that changes the rollout (and, on promotion, the one alias target green
/// replaces),
/// adds a history entry, audits the change and bumps the configuration version, so every replica routes by the new
/// weight within a poll. Admins and the rollout driver both call it.
/// </summary>
public sealed class RolloutService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, IAlertPublisher? alerts = null)
{
    public const int MaxSteps = 10;
    public const int MaxHoldSeconds = 7 * 24 * 3600;
    public const int MaxBlueGreenWarmUp = 50;
    public const int DefaultMaxStepSeconds = 3600;
    public const int MaxStepSecondsLimit = 2 * MaxHoldSeconds;

    /// <summary>How far back the wizard looks for the clients that call an alias.</summary>
    public static readonly TimeSpan ClientWindow = TimeSpan.FromHours(24);

    public static readonly IReadOnlyList<int> DefaultCanarySteps = [1, 5, 25, 50, 100];
    public static readonly IReadOnlyList<int> DefaultBlueGreenSteps = [10];

    /// <summary>A step's longest wait for its judgement when none is set: an hour, or twice the hold when that is longer.</summary>
    public static int DefaultMaxStep(int stepHoldSeconds) => Math.Max(DefaultMaxStepSeconds, 2 * Math.Clamp(stepHoldSeconds, 0, MaxHoldSeconds));

    public async Task<IReadOnlyList<RolloutView>> ListAsync(Guid? aliasId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Query(db).AsNoTracking();
        if (aliasId is { } alias)
        {
            query = query.Where(r => r.AliasId == alias);
        }

        var rollouts = await query.ToListAsync(ct);
        return [.. rollouts.OrderByDescending(r => r.CreatedAt).Select(RolloutView.From)];
    }

    public async Task<RolloutView> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return RolloutView.From(await FindAsync(db, id, tracked: false, ct));
    }

    /// <summary>The rollouts the driver must watch (running or paused), each with its current revision.</summary>
    public async Task<Dictionary<Guid, int>> ActiveRevisionsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Rollouts.AsNoTracking()
            .Where(r => r.State == RolloutState.Running || r.State == RolloutState.Paused)
            .ToDictionaryAsync(r => r.Id, r => r.Revision, ct);
    }

    /// <summary>
    /// Takes or renews the lease on a rollout for <paramref name="replica"/> until <paramref name="until"/>: one
    /// conditional update that succeeds only when nobody holds it, the replica itself does, or the holder's lease
    /// ran out before <paramref name="now"/>. It changes only the lease columns, so it is neither audited nor a
    /// configuration change; true when the replica holds the lease.
    /// </summary>
    public async Task<bool> TryHoldLeaseAsync(Guid id, string replica, DateTimeOffset now, DateTimeOffset until, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(replica);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var taken = await db.Rollouts
            .Where(r => r.Id == id && (r.LeaseOwner == null || r.LeaseOwner == replica || r.LeaseExpiresAt == null || r.LeaseExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseOwner, replica).SetProperty(r => r.LeaseExpiresAt, until), ct);
        return taken == 1;
    }

    /// <summary>Hands back every lease the replica holds, so another replica can take over at once.</summary>
    public async Task ReleaseLeasesAsync(string replica, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Rollouts.Where(r => r.LeaseOwner == replica)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseOwner, (string?)null).SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null), ct);
    }

    public async Task<RolloutView> CreateAsync(RolloutInput input, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var steps = Validate(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var alias = await db.Aliases.Include(a => a.Targets).ThenInclude(t => t.Deployment).ThenInclude(d => d!.Backend)
            .FirstOrDefaultAsync(a => a.Id == input.AliasId, ct);
        var green = await db.Deployments.Include(d => d.Backend).FirstOrDefaultAsync(d => d.Id == input.ToDeploymentId, ct);
        var errors = new ValidationErrors();
        if (alias is null)
        {
            errors.Add("aliasId", $"There is no alias with id '{input.AliasId}'.");
        }

        if (green is null)
        {
            errors.Add("toDeploymentId", $"There is no deployment with id '{input.ToDeploymentId}'.");
        }
        else if (!green.Enabled)
        {
            errors.Add("toDeploymentId", $"Deployment '{green.Name}' is disabled; enable it before rolling it out.");
        }

        AliasTarget? blue = null;
        if (alias is not null && green is not null)
        {
            (blue, var problem) = ChooseBlue(alias, green, input.FromDeploymentId);
            if (problem is not null)
            {
                errors.Add(problem.Value.Field, problem.Value.Message);
            }
        }

        errors.ThrowIfAny();
        if (await db.Rollouts.AnyAsync(r => r.AliasId == alias!.Id && (r.State == RolloutState.Pending || r.State == RolloutState.Running || r.State == RolloutState.Paused), ct))
        {
            throw new EntityConflictException($"Alias '{alias!.Name}' already has a rollout in progress; finish, roll back or cancel it first.");
        }

        var now = clock.GetUtcNow();
        var rollout = new Rollout
        {
            AliasId = alias!.Id,
            FromDeploymentId = blue!.DeploymentId,
            ToDeploymentId = green!.Id,
            Strategy = input.Strategy,
            StepWeights = [.. steps],
            StepHoldSeconds = input.StepHoldSeconds,
            StepMinRequests = input.StepMinRequests,
            ShadowPercent = input.ShadowPercent,
            Assignment = input.Assignment,
            MaxStepSeconds = input.MaxStepSeconds ?? DefaultMaxStep(input.StepHoldSeconds),
            AdvanceUnjudged = input.AdvanceUnjudged,
            MaxErrorRateIncrease = input.MaxErrorRateIncrease,
            MaxThrottleRateIncrease = input.MaxThrottleRateIncrease,
            MaxContentFilterRateIncrease = input.MaxContentFilterRateIncrease,
            MaxLatencyRatio = input.MaxLatencyRatio,
            MinSamples = input.MinSamples,
            OnBreach = input.OnBreach,
            CreatedBy = actor,
            CreatedAt = now,
        };
        rollout.History.Add(Event(now, RolloutState.Pending, RolloutState.Pending, 0, "Created.", null, actor));
        if (input.Start)
        {
            Begin(rollout, now, new RolloutNote("Started."), actor);
        }

        db.Rollouts.Add(rollout);
        await db.SaveConfigurationChangesAsync(actor, ct);
        return await GetAsync(rollout.Id, ct);
    }

    /// <summary>
    /// What a rollout of the alias to green would do, for the wizard to show before creating it: the target green
    /// replaces (by the same rule the create request applies), the alias before and after, and the distinct clients
    /// that called the alias in the last <see cref="ClientWindow"/>.
    /// </summary>
    public async Task<RolloutPlan> PlanAsync(Guid aliasId, Guid? toDeploymentId, Guid? fromDeploymentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var alias = await db.Aliases.AsNoTracking().Include(a => a.Targets).ThenInclude(t => t.Deployment).ThenInclude(d => d!.Backend)
            .FirstOrDefaultAsync(a => a.Id == aliasId, ct) ?? throw new EntityNotFoundException("Alias", aliasId);
        var green = toDeploymentId is { } id
            ? await db.Deployments.AsNoTracking().Include(d => d.Backend).FirstOrDefaultAsync(d => d.Id == id, ct)
            : null;
        var since = clock.GetUtcNow() - ClientWindow;
        var clients = await db.UsageHourlyRollups.AsNoTracking()
            .Where(r => r.AliasName == alias.Name && r.HourStart >= since && r.Requests > 0)
            .Select(r => new { r.TeamId, r.ApiKeyId })
            .Distinct()
            .CountAsync(ct);

        var (blue, problem) = green is null ? (null, null) : ChooseBlue(alias, green, fromDeploymentId);
        var before = alias.Targets
            .Select(t => new RolloutPlanTarget(t.DeploymentId, t.Deployment?.Name ?? "", t.Deployment?.Model ?? "", TierOf(t), t.Weight, t == blue, false))
            .OrderBy(t => t.Tier).ThenByDescending(t => t.Weight).ThenBy(t => t.DeploymentName, StringComparer.Ordinal)
            .ToList();
        var after = new List<RolloutPlanTarget>();
        if (blue is not null && green is not null)
        {
            var greenTier = AliasTarget.EffectiveTier(GreenPriorityTier(blue, green), green.Backend?.Tier ?? BackendTier.Standard);
            after.AddRange(alias.Targets
                .Where(t => t.DeploymentId != green.Id)
                .Select(t => t == blue
                    ? new RolloutPlanTarget(green.Id, green.Name, green.Model, greenTier, blue.Weight, false, true)
                    : new RolloutPlanTarget(t.DeploymentId, t.Deployment?.Name ?? "", t.Deployment?.Model ?? "", TierOf(t), t.Weight, false, false))
                .OrderBy(t => t.Tier).ThenByDescending(t => t.Weight).ThenBy(t => t.DeploymentName, StringComparer.Ordinal));
        }

        return new RolloutPlan(blue?.DeploymentId, problem?.Message, before, after, clients, ClientWindow);
    }

    public Task<RolloutView> StartAsync(Guid id, string actor, RolloutNote? note = null, CancellationToken ct = default) =>
        TransitionAsync(id, actor, note ?? new RolloutNote("Started."), (db, rollout, now, n) =>
        {
            Require(rollout, "start", RolloutState.Pending);
            Begin(rollout, now, n, actor);
        }, ct);

    /// <summary>Moves to the next step; from the last step this promotes.</summary>
    public Task<RolloutView> AdvanceAsync(Guid id, string actor, RolloutNote? note = null, CancellationToken ct = default) =>
        TransitionAsync(id, actor, note ?? new RolloutNote("Advanced by hand."), (db, rollout, now, n) =>
        {
            Require(rollout, "advance", RolloutState.Running, RolloutState.Paused);
            if (rollout.CurrentStep >= rollout.StepWeights.Count - 1)
            {
                Promote(db, rollout, now, n, actor);
                return;
            }

            var from = rollout.State;
            rollout.State = RolloutState.Running;
            rollout.CurrentStep++;
            rollout.CurrentWeight = rollout.StepWeights[rollout.CurrentStep];
            rollout.StepStartedAt = now;
            rollout.History.Add(Event(now, from, RolloutState.Running, rollout.CurrentWeight, n.Reason, n.Metrics, actor));
        }, ct);

    /// <summary>Freezes the schedule at the current weight; traffic keeps its split until resumed or ended.</summary>
    public Task<RolloutView> PauseAsync(Guid id, string actor, RolloutNote? note = null, CancellationToken ct = default) =>
        TransitionAsync(id, actor, note ?? new RolloutNote("Paused by hand."), (db, rollout, now, n) =>
        {
            Require(rollout, "pause", RolloutState.Running);
            rollout.State = RolloutState.Paused;
            rollout.History.Add(Event(now, RolloutState.Running, RolloutState.Paused, rollout.CurrentWeight, n.Reason, n.Metrics, actor));
        }, ct);

    /// <summary>Runs the schedule again; the step's hold time and guard figures start afresh.</summary>
    public Task<RolloutView> ResumeAsync(Guid id, string actor, RolloutNote? note = null, CancellationToken ct = default) =>
        TransitionAsync(id, actor, note ?? new RolloutNote("Resumed."), (db, rollout, now, n) =>
        {
            Require(rollout, "resume", RolloutState.Paused);
            rollout.State = RolloutState.Running;
            rollout.StepStartedAt = now;
            rollout.History.Add(Event(now, RolloutState.Paused, RolloutState.Running, rollout.CurrentWeight, n.Reason, n.Metrics, actor));
        }, ct);

    /// <summary>
    /// Sends all traffic back to blue; the alias's targets were never changed, so nothing else moves. Raises a
    /// <see cref="AlertKind.RolloutRolledBack"/> alert, whoever rolled it back.
    /// </summary>
    public async Task<RolloutView> RollBackAsync(Guid id, string actor, RolloutNote? note = null, CancellationToken ct = default)
    {
        note ??= new RolloutNote("Rolled back by hand.");
        var rolledBack = await TransitionAsync(id, actor, note, (db, rollout, now, n) =>
        {
            Require(rollout, "roll back", RolloutState.Running, RolloutState.Paused);
            var from = rollout.State;
            rollout.State = RolloutState.RolledBack;
            rollout.CurrentWeight = 0;
            rollout.CompletedAt = now;
            rollout.History.Add(Event(now, from, RolloutState.RolledBack, 0, n.Reason, n.Metrics, actor));
        }, ct);
        alerts?.Publish(RolloutAlerts.RolledBack(rolledBack, note.Reason, actor, clock.GetUtcNow()));
        return rolledBack;
    }

    /// <summary>Puts green in blue's place among the alias's targets at once, whatever step the rollout is on.</summary>
    public Task<RolloutView> PromoteAsync(Guid id, string actor, RolloutNote? note = null, CancellationToken ct = default) =>
        TransitionAsync(id, actor, note ?? new RolloutNote("Promoted by hand."), (db, rollout, now, n) =>
        {
            Require(rollout, "promote", RolloutState.Running, RolloutState.Paused);
            Promote(db, rollout, now, n, actor);
        }, ct);

    /// <summary>Drops a rollout that never started.</summary>
    public Task<RolloutView> CancelAsync(Guid id, string actor, RolloutNote? note = null, CancellationToken ct = default) =>
        TransitionAsync(id, actor, note ?? new RolloutNote("Cancelled."), (db, rollout, now, n) =>
        {
            Require(rollout, "cancel", RolloutState.Pending);
            rollout.State = RolloutState.Cancelled;
            rollout.CompletedAt = now;
            rollout.History.Add(Event(now, RolloutState.Pending, RolloutState.Cancelled, 0, n.Reason, n.Metrics, actor));
        }, ct);

    private async Task<RolloutView> TransitionAsync(Guid id, string actor, RolloutNote note, Action<PortalDbContext, Rollout, DateTimeOffset, RolloutNote> change, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rollout = await FindAsync(db, id, tracked: true, ct);
        if (note.ExpectedRevision is { } expected && expected != rollout.Revision)
        {
            throw new EntityConflictException("The rollout changed since its figures were judged; judging again.");
        }

        var now = clock.GetUtcNow();
        change(db, rollout, now, note);
        rollout.Revision++;
        try
        {
            await db.SaveConfigurationChangesAsync(actor, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new EntityConflictException("The rollout was changed by someone else at the same time; reload and try again.");
        }

        return await GetAsync(id, ct);
    }

    private static void Begin(Rollout rollout, DateTimeOffset now, RolloutNote note, string actor)
    {
        rollout.State = RolloutState.Running;
        rollout.CurrentStep = 0;
        rollout.CurrentWeight = rollout.StepWeights[0];
        rollout.StartedAt = now;
        rollout.StepStartedAt = now;
        rollout.History.Add(Event(now, RolloutState.Pending, RolloutState.Running, rollout.CurrentWeight, note.Reason, note.Metrics, actor));
    }

    private static void Promote(PortalDbContext db, Rollout rollout, DateTimeOffset now, RolloutNote note, string actor)
    {
        if (rollout.ToDeployment is { } deployment && !deployment.CanTakeTraffic())
        {
            throw new EntityConflictException($"Deployment '{deployment.Name}' or its backend is disabled: promoting would leave the alias nothing to call. Enable it, or roll back.");
        }

        var alias = rollout.Alias!;
        var blue = alias.Targets.FirstOrDefault(t => t.DeploymentId == rollout.FromDeploymentId);
        var green = alias.Targets.FirstOrDefault(t => t.DeploymentId == rollout.ToDeploymentId);
        if (blue is null)
        {
            // Someone took blue out of the alias meanwhile: there is no place to put green in, so it joins the
            // targets that are left rather than replacing any of them.
            if (green is null)
            {
                db.AliasTargets.Add(new AliasTarget { AliasId = alias.Id, DeploymentId = rollout.ToDeploymentId, Weight = 1 });
            }
            else
            {
                green.Weight = Math.Max(green.Weight, 1);
            }
        }
        else
        {
            var tier = GreenPriorityTier(blue, rollout.ToDeployment!);
            alias.Targets.Remove(blue);
            if (green is null)
            {
                // Added through its set: a new target found only through the navigation, with its key already set,
                // would be taken for an existing row.
                db.AliasTargets.Add(new AliasTarget { AliasId = alias.Id, DeploymentId = rollout.ToDeploymentId, Weight = blue.Weight, PriorityTier = tier });
            }
            else
            {
                // Green was already configured on the alias (idle, say): that row takes blue's place, which keeps the
                // alias's one-row-per-deployment index intact within the one save.
                green.Weight = blue.Weight;
                green.PriorityTier = tier;
            }
        }

        var from = rollout.State;
        rollout.State = RolloutState.Promoted;
        rollout.CurrentWeight = 100;
        rollout.CompletedAt = now;
        rollout.History.Add(Event(now, from, RolloutState.Promoted, 100, note.Reason, note.Metrics, actor));
    }

    /// <summary>
    /// The alias target green replaces: the one asked for, else the only serving target, else the only one of green's
    /// model; otherwise the admin has to say, since guessing wrong would move the wrong capacity.
    /// </summary>
    private static (AliasTarget? Blue, (string Field, string Message)? Problem) ChooseBlue(ModelAlias alias, Deployment green, Guid? requested)
    {
        var serving = alias.Targets.Where(t => t.DeploymentId != green.Id && t.Weight > 0).ToList();
        if (serving.Count == 0)
        {
            return (null, ("toDeploymentId", $"Alias '{alias.Name}' already routes only to this deployment: there is nothing to roll out from."));
        }

        if (requested is { } from)
        {
            var chosen = serving.FirstOrDefault(t => t.DeploymentId == from);
            return chosen is not null
                ? (chosen, null)
                : (null, ("fromDeploymentId", $"'fromDeploymentId' must be one of the deployments alias '{alias.Name}' sends traffic to, other than green: {Names(serving)}."));
        }

        if (serving.Count == 1)
        {
            return (serving[0], null);
        }

        var sameModel = serving.Where(t => string.Equals(t.Deployment?.Model, green.Model, StringComparison.OrdinalIgnoreCase)).ToList();
        if (sameModel.Count == 1)
        {
            return (sameModel[0], null);
        }

        var among = sameModel.Count > 1 ? sameModel : serving;
        return (null, ("fromDeploymentId",
            $"Alias '{alias.Name}' has {among.Count} targets{(sameModel.Count > 1 ? $" of model '{green.Model}'" : "")} ({Names(among)}): say which one green replaces in 'fromDeploymentId'."));
    }

    private static string Names(IEnumerable<AliasTarget> targets) =>
        string.Join(", ", targets.Select(t => t.Deployment?.Name ?? t.DeploymentId.ToString()));

    private static int TierOf(AliasTarget target) =>
        AliasTarget.EffectiveTier(target.PriorityTier, target.Deployment?.Backend?.Tier ?? BackendTier.Standard);

    /// <summary>
    /// Green's <see cref="AliasTarget.PriorityTier"/> in blue's place: blue's own setting, else blue's tier written
    /// out when green's backend would otherwise put it elsewhere (a pay-as-you-go green replacing a PTU target keeps
    /// the PTU-first order), else none.
    /// </summary>
    private static int? GreenPriorityTier(AliasTarget blue, Deployment green)
    {
        if (blue.PriorityTier is { } tier)
        {
            return tier;
        }

        var blueTier = TierOf(blue);
        return blueTier == AliasTarget.EffectiveTier(null, green.Backend?.Tier ?? BackendTier.Standard) ? null : blueTier;
    }

    private static void Require(Rollout rollout, string action, params RolloutState[] states)
    {
        if (!states.Contains(rollout.State))
        {
            throw new EntityConflictException($"A {rollout.State.ToString().ToLowerInvariant()} rollout cannot {action}; it must be {string.Join(" or ", states.Select(s => s.ToString().ToLowerInvariant()))}.");
        }
    }

    private static RolloutEvent Event(DateTimeOffset at, RolloutState from, RolloutState to, int weight, string reason, string? metrics, string actor) => new()
    {
        At = at,
        FromState = from,
        ToState = to,
        Weight = weight,
        Reason = reason.Length > FieldLimits.Description ? reason[..FieldLimits.Description] : reason,
        Metrics = metrics,
        Actor = actor.Length > FieldLimits.UserId ? actor[..FieldLimits.UserId] : actor,
    };

    private static IQueryable<Rollout> Query(PortalDbContext db) =>
        db.Rollouts
            .Include(r => r.Alias).ThenInclude(a => a!.Targets).ThenInclude(t => t.Deployment).ThenInclude(d => d!.Backend)
            .Include(r => r.FromDeployment)
            .Include(r => r.ToDeployment).ThenInclude(d => d!.Backend)
            .Include(r => r.History)
            .AsSplitQuery();

    private static async Task<Rollout> FindAsync(PortalDbContext db, Guid id, bool tracked, CancellationToken ct)
    {
        var query = tracked ? Query(db) : Query(db).AsNoTracking();
        return await query.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new EntityNotFoundException("Rollout", id);
    }

    private static IReadOnlyList<int> Validate(RolloutInput input)
    {
        var errors = new ValidationErrors();
        errors.Defined("strategy", input.Strategy);
        errors.Defined("onBreach", input.OnBreach);
        var steps = input.StepWeights ?? (input.Strategy == RolloutStrategy.BlueGreen ? DefaultBlueGreenSteps : DefaultCanarySteps);
        if (input.Strategy == RolloutStrategy.BlueGreen)
        {
            if (steps.Count != 1 || steps[0] is < 0 or > MaxBlueGreenWarmUp)
            {
                errors.Add("stepWeights", $"A blue-green rollout has one warm-up share, from 0 (opted-in testers only) to {MaxBlueGreenWarmUp} percent.");
            }
        }
        else if (steps.Count is 0 or > MaxSteps)
        {
            errors.Add("stepWeights", $"A canary rollout needs from 1 to {MaxSteps} steps.");
        }
        else
        {
            for (var i = 0; i < steps.Count; i++)
            {
                if (steps[i] is < 1 or > 100)
                {
                    errors.Add($"stepWeights[{i}]", "Each step's weight must be from 1 to 100 percent.");
                }
                else if (i > 0 && steps[i] <= steps[i - 1])
                {
                    errors.Add($"stepWeights[{i}]", "Each step's weight must be higher than the one before.");
                }
            }
        }

        if (input.StepHoldSeconds is < 1 or > MaxHoldSeconds)
        {
            errors.Add("stepHoldSeconds", $"'stepHoldSeconds' must be from 1 to {MaxHoldSeconds}.");
        }

        errors.Positive("stepMinRequests", input.StepMinRequests);
        errors.Defined("assignment", input.Assignment);
        if (input.MaxStepSeconds is { } maxStep && (maxStep < input.StepHoldSeconds || maxStep > MaxStepSecondsLimit))
        {
            errors.Add("maxStepSeconds", $"'maxStepSeconds' must be from the step's hold time ({input.StepHoldSeconds}) to {MaxStepSecondsLimit}: a step cannot end before its hold, and one that cannot be judged in that time is paused.");
        }

        if (input.ShadowPercent is < 0 or > 100)
        {
            errors.Add("shadowPercent", "'shadowPercent' must be from 0 to 100.");
        }

        Fraction(errors, "maxErrorRateIncrease", input.MaxErrorRateIncrease);
        Fraction(errors, "maxThrottleRateIncrease", input.MaxThrottleRateIncrease);
        Fraction(errors, "maxContentFilterRateIncrease", input.MaxContentFilterRateIncrease);
        if (input.MaxLatencyRatio is < 1 or > 100 || (input.MaxLatencyRatio is { } ratio && double.IsNaN(ratio)))
        {
            errors.Add("maxLatencyRatio", "'maxLatencyRatio' must be from 1 to 100 (green's p95 as a multiple of blue's) when set.");
        }

        if (input.MinSamples is < 1 or > 1_000_000)
        {
            errors.Add("minSamples", "'minSamples' must be from 1 to 1000000.");
        }

        if (input.AliasId == Guid.Empty)
        {
            errors.Add("aliasId", "'aliasId' is required.");
        }

        if (input.ToDeploymentId == Guid.Empty)
        {
            errors.Add("toDeploymentId", "'toDeploymentId' is required.");
        }
        else if (input.FromDeploymentId == input.ToDeploymentId)
        {
            errors.Add("fromDeploymentId", "'fromDeploymentId' is the target green replaces; it cannot be green itself.");
        }

        errors.ThrowIfAny();
        return steps;
    }

    private static void Fraction(ValidationErrors errors, string field, double? value)
    {
        if (value is { } v && (double.IsNaN(v) || v < 0 || v > 1))
        {
            errors.Add(field, $"'{field}' must be a fraction from 0 to 1 (0.05 = five percentage points) when set.");
        }
    }
}
