using System.Globalization;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Alerts;
using AiGateway.Shared.Services.Rollouts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Rollouts;

/// <summary>
/// Runs every replica's side of the rollouts: each tick it publishes this replica's figures, then, for each running
/// or paused rollout, takes or renews the rollout's lease in the database (one conditional update: held by nobody,
/// by this replica, or expired). Only the holder judges the rollout: a guard breach pauses or rolls it back at
/// once; a step held long enough, with its minimum requests, that the guards judged clean advances, and the last
/// step promotes. A step the guards cannot judge (green short of <c>minSamples</c>) does not end on time alone unless
/// the rollout says so (<c>advanceUnjudged</c>); after <c>maxStepSeconds</c> it is paused for an admin. Everything the driver knows is in the database, so a replica that restarts, or one that takes over an
/// expired lease, carries on from the state, step and step start recorded there.
/// </summary>
public sealed partial class RolloutDriver(
    RolloutService rollouts,
    RolloutFiguresStore figures,
    IOptions<RolloutOptions> options,
    TimeProvider clock,
    ILogger<RolloutDriver> logger,
    IAlertPublisher? alerts = null) : BackgroundService
{
    private readonly SemaphoreSlim _ticking = new(1, 1);
    private readonly HashSet<Guid> _held = [];

    public string Replica => options.Value.ReplicaId;

    private string Actor => $"rollout-driver@{Replica}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.TickSeconds), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await TickAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Log.TickFailed(logger, Replica, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_held.Count == 0)
        {
            return;
        }

        // A replica that stops on purpose hands its leases back, so another takes over at its next tick rather than
        // after the lease runs out.
        try
        {
            await rollouts.ReleaseLeasesAsync(Replica, cancellationToken);
        }
        catch (Exception e)
        {
            // Shutdown goes on regardless: an unreleased lease simply lapses.
            Log.ReleaseFailed(logger, Replica, e);
        }
    }

    /// <summary>One round: publish this replica's figures, then drive the rollouts whose lease this replica holds.</summary>
    public async Task TickAsync(CancellationToken ct)
    {
        await _ticking.WaitAsync(ct);
        try
        {
            var current = await rollouts.ActiveRevisionsAsync(ct);
            await figures.PublishAsync(current, ct);
            if (!options.Value.DriverEnabled)
            {
                return;
            }

            foreach (var id in current.Keys)
            {
                if (await TryHoldLeaseAsync(id, ct))
                {
                    await DriveAsync(id, ct);
                }
            }

            _held.IntersectWith(current.Keys);
        }
        finally
        {
            _ticking.Release();
        }
    }

    private async Task<bool> TryHoldLeaseAsync(Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = now.AddSeconds(options.Value.LeaseSeconds);
        var replica = Replica;
        var taken = await rollouts.TryHoldLeaseAsync(id, replica, now, until, ct);
        if (!taken)
        {
            if (_held.Remove(id))
            {
                Log.LeaseLost(logger, id, replica);
            }

            return false;
        }

        if (_held.Add(id))
        {
            Log.LeaseTaken(logger, id, replica, until);
        }

        return true;
    }

    private async Task DriveAsync(Guid id, CancellationToken ct)
    {
        var rollout = await rollouts.GetAsync(id, ct);
        if (rollout.State != RolloutState.Running)
        {
            return;
        }

        var comparison = await figures.CompareAsync(rollout, ct);
        var metrics = comparison.ToJson();
        try
        {
            if (!rollout.GreenAvailable)
            {
                // Every replica already routes everyone to blue; advancing or promoting now would be blind.
                var reason = $"Paused: deployment '{rollout.ToDeploymentName}' or its backend was disabled, so the alias stays on blue.";
                await rollouts.PauseAsync(id, Actor, new RolloutNote(reason, metrics, rollout.Revision), ct);
                Log.GreenUnavailable(logger, id, rollout.AliasName, rollout.ToDeploymentName);
                return;
            }

            if (comparison.Judgement.Breached)
            {
                var reason = "Guard breached: " + string.Join("; ", comparison.Judgement.Breaches) + ".";
                var note = new RolloutNote(reason, metrics, rollout.Revision);
                if (rollout.OnBreach == RolloutBreachAction.RollBack)
                {
                    await rollouts.RollBackAsync(id, Actor, note, ct);
                }
                else
                {
                    await rollouts.PauseAsync(id, Actor, note, ct);
                }

                alerts?.Publish(RolloutAlerts.Breached(rollout, reason, rollout.OnBreach == RolloutBreachAction.RollBack ? "rolled back" : "paused", clock.GetUtcNow()));

                Log.Breached(logger, id, rollout.AliasName, rollout.OnBreach, reason);
                return;
            }

            var held = (clock.GetUtcNow() - (rollout.StepStartedAt ?? rollout.CreatedAt)).TotalSeconds;
            var judged = comparison.Judgement.Judged;
            var enoughRequests = rollout.StepMinRequests is not { } minRequests || comparison.Green.Requests >= minRequests;
            if (held >= rollout.StepHoldSeconds && enoughRequests && (judged || rollout.AdvanceUnjudged))
            {
                var guards = judged
                    ? "guards clean"
                    : string.Create(CultureInfo.InvariantCulture,
                        $"guards not judged (green had {comparison.Green.Requests} of the {rollout.MinSamples} samples they need): advanced unjudged, as this rollout allows (advanceUnjudged)");
                var reason = string.Create(CultureInfo.InvariantCulture,
                    $"{(rollout.IsLastStep ? "Promoted" : "Advanced")}: {Step(rollout)} held {rollout.StepHoldSeconds} s with {guards}.");
                var after = await rollouts.AdvanceAsync(id, Actor, new RolloutNote(reason, metrics, rollout.Revision), ct);
                Log.Advanced(logger, id, rollout.AliasName, after.State, after.CurrentWeight);
                return;
            }

            if (held >= MaxStepSeconds(rollout))
            {
                // The step would otherwise wait for samples that may never come (few clients, little traffic), or
                // end blind; neither is a decision to take without an admin.
                var reason = Unjudged(rollout, comparison);
                await rollouts.PauseAsync(id, Actor, new RolloutNote(reason, metrics, rollout.Revision), ct);
                Log.StepUnjudged(logger, id, rollout.AliasName, MaxStepSeconds(rollout));
            }
        }
        catch (EntityConflictException)
        {
            // An admin acted on the rollout meanwhile; the next tick judges its new state.
            Log.ChangedMeanwhile(logger, id);
        }
    }

    // A rollout from before the setting existed got the default, which may be shorter than its hold.
    private static int MaxStepSeconds(RolloutView rollout) => Math.Max(rollout.MaxStepSeconds, rollout.StepHoldSeconds);

    private static string Step(RolloutView rollout) =>
        string.Create(CultureInfo.InvariantCulture, $"step {rollout.CurrentStep + 1} of {rollout.StepWeights.Count} at {rollout.CurrentWeight} %");

    /// <summary>Why a step that ran out of time is paused, and what the admin can do about it.</summary>
    private static string Unjudged(RolloutView rollout, RolloutComparison comparison)
    {
        var green = comparison.Green.Requests;
        var missing = new List<string>(2);
        if (!comparison.Judgement.Judged && !rollout.AdvanceUnjudged)
        {
            missing.Add(string.Create(CultureInfo.InvariantCulture, $"green had {green} of the {rollout.MinSamples} samples the guards need to judge it"));
        }

        if (rollout.StepMinRequests is { } minRequests && green < minRequests)
        {
            missing.Add(string.Create(CultureInfo.InvariantCulture, $"green served {green} of the {minRequests} requests the step needs"));
        }

        var hint = green == 0 && rollout.Assignment == RolloutAssignmentMode.PerClient && rollout.CurrentWeight is > 0 and < 100
            ? string.Create(CultureInfo.InvariantCulture, $" With assignment per client at {rollout.CurrentWeight} %, no calling client was on green; per-request assignment would give green that share of the requests.")
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"Paused, waiting for an admin: {Step(rollout)} was not judged within {MaxStepSeconds(rollout)} s (maxStepSeconds): {string.Join("; ", missing)}.{hint} Resume to give the step another {MaxStepSeconds(rollout)} s, advance by hand to accept it unjudged, or roll back.");
    }

    public override void Dispose()
    {
        _ticking.Dispose();
        base.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(700, LogLevel.Information, "Rollout {RolloutId}: replica {Replica} holds the lease until {Until}")]
        public static partial void LeaseTaken(ILogger logger, Guid rolloutId, string replica, DateTimeOffset until);

        [LoggerMessage(701, LogLevel.Information, "Rollout {RolloutId}: replica {Replica} no longer holds the lease")]
        public static partial void LeaseLost(ILogger logger, Guid rolloutId, string replica);

        [LoggerMessage(702, LogLevel.Warning, "Rollout {RolloutId} of {Alias}: {Action} on a guard breach: {Reason}")]
        public static partial void Breached(ILogger logger, Guid rolloutId, string alias, RolloutBreachAction action, string reason);

        [LoggerMessage(703, LogLevel.Information, "Rollout {RolloutId} of {Alias}: now {State} at {Weight} %")]
        public static partial void Advanced(ILogger logger, Guid rolloutId, string alias, RolloutState state, int weight);

        [LoggerMessage(704, LogLevel.Debug, "Rollout {RolloutId} changed while it was judged; judging again next tick")]
        public static partial void ChangedMeanwhile(ILogger logger, Guid rolloutId);

        [LoggerMessage(705, LogLevel.Warning, "Rollout driver on {Replica}: a tick failed; trying again next tick")]
        public static partial void TickFailed(ILogger logger, string replica, Exception exception);

        [LoggerMessage(707, LogLevel.Warning, "Rollout {RolloutId} of {Alias}: paused because green deployment {Deployment} is disabled")]
        public static partial void GreenUnavailable(ILogger logger, Guid rolloutId, string alias, string deployment);

        [LoggerMessage(708, LogLevel.Warning, "Rollout {RolloutId} of {Alias}: paused because the step could not be judged within {MaxStepSeconds} s")]
        public static partial void StepUnjudged(ILogger logger, Guid rolloutId, string alias, int maxStepSeconds);

        [LoggerMessage(706, LogLevel.Warning, "Rollout driver on {Replica}: could not hand back its leases on shutdown; they lapse by themselves")]
        public static partial void ReleaseFailed(ILogger logger, string replica, Exception exception);
    }
}
