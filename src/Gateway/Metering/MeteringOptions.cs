using System.ComponentModel.DataAnnotations;

namespace AiGateway.Gateway.Metering;

/// <summary>Settings under <c>Metering</c>.</summary>
public sealed class MeteringOptions
{
    public const string SectionName = "Metering";

    /// <summary>
    /// <c>Metering:BufferCapacity</c>: usage records held in memory while the writer catches up (or the database is
    /// down); beyond it new records are dropped and counted.
    /// </summary>
    [Range(1, 10_000_000)]
    public int BufferCapacity { get; set; } = 10_000;

    /// <summary><c>Metering:BatchSize</c>: the most records written in one transaction.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 500;
}
