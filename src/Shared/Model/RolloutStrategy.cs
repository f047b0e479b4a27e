namespace AiGateway.Shared.Model;

public enum RolloutStrategy
{
    /// <summary>Green's share rises through a schedule of weight steps.</summary>
    Canary = 0,

    /// <summary>Green is warmed up with a small share or opted-in testers, then the alias switches at once.</summary>
    BlueGreen = 1,
}
