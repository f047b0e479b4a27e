using AiGateway.Shared.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// The request path's throttle event sink: a bounded in-memory buffer that <see cref="ThrottleEventWriter"/> empties
/// into the database, as <see cref="UsageRecorder"/> is for usage. Accepting an event never blocks or waits; when the
/// buffer is full the event is dropped, counted on <c>aigw.throttle_events.dropped</c> and reported in a rate-limited
/// warning.
/// </summary>
public sealed partial class ThrottleEventRecorder(IOptions<MeteringOptions> options, System.Diagnostics.Metrics.IMeterFactory meterFactory, TimeProvider clock, ILogger<ThrottleEventRecorder> logger)
    : RecordBuffer<ThrottleEvent>(
        options?.Value.ThrottleEventBufferCapacity ?? throw new ArgumentNullException(nameof(options)),
        meterFactory,
        new RecordBufferInstruments(RecordedCounter, DroppedCounter, WrittenCounter, BufferedGauge, "{event}", "Throttle events"),
        clock),
      IThrottleEventSink
{
    public const string RecordedCounter = "aigw.throttle_events.recorded";
    public const string DroppedCounter = "aigw.throttle_events.dropped";
    public const string WrittenCounter = "aigw.throttle_events.written";
    public const string BufferedGauge = "aigw.throttle_events.buffered";

    protected override void LogDropped(long count, bool stopped) => Log.Dropped(logger, count, Capacity, stopped);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Dropped {Count} throttle events (buffer of {Capacity}; writer stopped: {Stopped}) (see aigw.throttle_events.dropped)")]
        public static partial void Dropped(ILogger logger, long count, int capacity, bool stopped);
    }
}
