using System.Globalization;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Rollouts;

namespace AiGateway.Portal.Components.Pages.Rollouts;

/// <summary>The wizard's fields as a person fills them: steps as text, guards in percentage points.</summary>
public sealed class RolloutForm
{
    public Guid? AliasId { get; set; }
    public Guid? ToDeploymentId { get; set; }

    /// <summary>The alias target green replaces; filled from the plan's default until the person picks one.</summary>
    public Guid? FromDeploymentId { get; set; }
    public RolloutStrategy Strategy { get; set; } = RolloutStrategy.Canary;
    public string Steps { get; set; } = string.Join(", ", RolloutService.DefaultCanarySteps);
    public int StepHoldSeconds { get; set; } = 300;
    public int? StepMinRequests { get; set; }
    public int ShadowPercent { get; set; }
    public RolloutAssignmentMode Assignment { get; set; } = RolloutAssignmentMode.PerClient;

    /// <summary>Blank: the service's default (an hour, or twice the hold when longer).</summary>
    public int? MaxStepSeconds { get; set; }

    public bool AdvanceUnjudged { get; set; }
    public double? MaxErrorRateIncreasePoints { get; set; } = 5;
    public double? MaxThrottleRateIncreasePoints { get; set; } = 10;
    public double? MaxContentFilterRateIncreasePoints { get; set; } = 5;
    public double? MaxLatencyRatio { get; set; } = 2;
    public int MinSamples { get; set; } = 50;
    public RolloutBreachAction OnBreach { get; set; } = RolloutBreachAction.RollBack;
    public bool StartNow { get; set; } = true;

    /// <summary>Switching strategy offers that strategy's default schedule, unless the person typed their own.</summary>
    public void SetStrategy(RolloutStrategy strategy)
    {
        var defaults = new[] { string.Join(", ", RolloutService.DefaultCanarySteps), string.Join(", ", RolloutService.DefaultBlueGreenSteps) };
        if (defaults.Contains(Steps.Trim()) || string.IsNullOrWhiteSpace(Steps))
        {
            Steps = string.Join(", ", strategy == RolloutStrategy.BlueGreen ? RolloutService.DefaultBlueGreenSteps : RolloutService.DefaultCanarySteps);
        }

        Strategy = strategy;
    }

    /// <summary>The steps typed, or null when they are not a list of whole numbers.</summary>
    public IReadOnlyList<int>? ParseSteps()
    {
        var parts = Steps.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var steps = new List<int>(parts.Length);
        foreach (var part in parts)
        {
            if (!int.TryParse(part.TrimEnd('%'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var weight))
            {
                return null;
            }

            steps.Add(weight);
        }

        return steps;
    }

    public RolloutInput ToInput(IReadOnlyList<int> steps) => new()
    {
        AliasId = AliasId ?? Guid.Empty,
        ToDeploymentId = ToDeploymentId ?? Guid.Empty,
        FromDeploymentId = FromDeploymentId,
        Strategy = Strategy,
        StepWeights = steps,
        StepHoldSeconds = StepHoldSeconds,
        StepMinRequests = StepMinRequests,
        ShadowPercent = ShadowPercent,
        Assignment = Assignment,
        MaxStepSeconds = MaxStepSeconds,
        AdvanceUnjudged = AdvanceUnjudged,
        MaxErrorRateIncrease = MaxErrorRateIncreasePoints / 100,
        MaxThrottleRateIncrease = MaxThrottleRateIncreasePoints / 100,
        MaxContentFilterRateIncrease = MaxContentFilterRateIncreasePoints / 100,
        MaxLatencyRatio = MaxLatencyRatio,
        MinSamples = MinSamples,
        OnBreach = OnBreach,
        Start = StartNow,
    };
}
