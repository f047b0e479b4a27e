using AiGateway.Shared.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// The request path's usage sink: a bounded in-memory buffer that <see cref="UsageWriter"/> empties into the database.
/// Accepting a record never blocks or waits; when the buffer is full (the database is slow or down) the record is
/// dropped, counted on <c>aigw.usage.dropped</c> and reported in a rate-limited warning, never lost silently.
/// </summary>
public sealed partial class UsageRecorder(IOptions<MeteringOptions> options, System.Diagnostics.Metrics.IMeterFactory meterFactory, TimeProvider clock, ILogger<UsageRecorder> logger)
    : RecordBuffer<UsageRecord>(
        options?.Value.BufferCapacity ?? throw new ArgumentNullException(nameof(options)),
        meterFactory,
        new RecordBufferInstruments(RecordedCounter, DroppedCounter, WrittenCounter, BufferedGauge, "{record}", "Usage records"),
        clock),
      IUsageSink
{
    public const string MeterName = "AiGateway.Gateway";
    public const string RecordedCounter = "aigw.usage.recorded";
    public const string DroppedCounter = "aigw.usage.dropped";
    public const string WrittenCounter = "aigw.usage.written";
    public const string BufferedGauge = "aigw.usage.buffered";

    protected override void LogDropped(long count, bool stopped)
    {
        if (stopped)
        {
            Log.DroppedAfterStop(logger, count);
        }
        else
        {
            Log.DroppedBufferFull(logger, count, Capacity);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Dropped {Count} usage records: the usage buffer ({Capacity} records) is full because the database is not keeping up (see aigw.usage.dropped)")]
        public static partial void DroppedBufferFull(ILogger logger, long count, int capacity);

        [LoggerMessage(2, LogLevel.Warning, "Dropped {Count} usage records offered after the usage writer stopped (see aigw.usage.dropped)")]
        public static partial void DroppedAfterStop(ILogger logger, long count);
    }
}
