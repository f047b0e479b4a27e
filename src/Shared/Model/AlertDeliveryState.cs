namespace AiGateway.Shared.Model;

public enum AlertDeliveryState
{
    /// <summary>Waiting for its first attempt or a retry.</summary>
    Pending,

    /// <summary>The channel accepted it.</summary>
    Delivered,

    /// <summary>Every attempt failed (or the channel went away); it will not be tried again.</summary>
    Failed,
}
