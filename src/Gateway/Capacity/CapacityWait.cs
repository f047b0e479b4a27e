namespace AiGateway.Gateway.Capacity;

/// <summary>How a request's turn in the capacity queue ended.</summary>
public enum CapacityWaitOutcome
{
    /// <summary>Capacity freed and the request was admitted.</summary>
    Admitted,

    /// <summary>The queue was full: refused at once.</summary>
    QueueFull,

    /// <summary>Its class may not wait on this alias (wait of zero): refused at once.</summary>
    NotQueued,

    /// <summary>Its deadline passed before capacity freed: shed.</summary>
    TimedOut,

    /// <summary>The client left while waiting; nothing is owed to anyone.</summary>
    ClientLeft,
}

/// <summary>The end of a wait: the charge when admitted, and how long the request waited.</summary>
public readonly record struct CapacityWait(CapacityWaitOutcome Outcome, CapacityCharge? Charge, TimeSpan Waited);
