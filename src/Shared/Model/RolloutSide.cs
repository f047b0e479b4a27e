namespace AiGateway.Shared.Model;

/// <summary>Which deployment set of a rollout served a request.</summary>
public enum RolloutSide
{
    /// <summary>The alias's current targets.</summary>
    Blue = 0,

    /// <summary>The deployment the rollout moves the alias to.</summary>
    Green = 1,
}
