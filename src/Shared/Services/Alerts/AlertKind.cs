namespace AiGateway.Shared.Services.Alerts;

/// <summary>What an alert is about; alert channels subscribe to kinds.</summary>
public enum AlertKind
{
    /// <summary>A team's or key's spend passed one of its budget's notice thresholds.</summary>
    BudgetThreshold,

    /// <summary>A rollout's guard saw a breach of its thresholds.</summary>
    RolloutBreach,

    /// <summary>A rollout was rolled back, by its guard or by a person.</summary>
    RolloutRolledBack,

    /// <summary>A backend's circuit opened: the gateway stopped sending it traffic for a while.</summary>
    CircuitOpened,

    /// <summary>Usage records were dropped before reaching the database: some requests will not be billed.</summary>
    UsageDropped,

    /// <summary>A sample sent from the portal to check a channel.</summary>
    Test,
}
