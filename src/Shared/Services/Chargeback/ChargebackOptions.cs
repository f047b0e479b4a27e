using System.ComponentModel.DataAnnotations;

namespace AiGateway.Shared.Services.Chargeback;

/// <summary>Settings under <c>Chargeback</c>: when days close.</summary>
public sealed class ChargebackOptions
{
    public const string SectionName = "Chargeback";

    /// <summary>
    /// <c>Chargeback:CloseAfter</c>: how long after a UTC day ends its fixed costs are allocated and stored, so usage
    /// records still buffered on a replica at midnight are counted in it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan CloseAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary><c>Chargeback:CheckInterval</c>: how often each replica looks for days to close.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary><c>Chargeback:CloseDays</c>: <c>false</c> keeps this replica from closing days (reports then show them provisional).</summary>
    public bool CloseDays { get; set; } = true;
}
