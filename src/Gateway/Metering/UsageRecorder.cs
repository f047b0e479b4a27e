using System.Globalization;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Alerts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// The request path's usage sink: a bounded in-memory buffer that <see cref="UsageWriter"/> empties into the usage
/// spool and from there into the database. Accepting a record never blocks, waits or touches the disk; when the buffer
/// is full (the spool writer cannot keep up) or the spool is (<c>Metering:SpoolMaxMegabytes</c>) the record is
/// dropped, counted on <c>aigw.usage.dropped</c> and reported in a rate-limited warning, never lost silently.
/// </summary>
public sealed partial class UsageRecorder(
    IOptions<MeteringOptions> options,
    System.Diagnostics.Metrics.IMeterFactory meterFactory,
    TimeProvider clock,
    ILogger<UsageRecorder> logger,
    IAlertPublisher? alerts = null)
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

    /// <summary>The shortest time between two <see cref="AlertKind.UsageDropped"/> alerts from this replica.</summary>
    public static readonly TimeSpan AlertInterval = TimeSpan.FromMinutes(1);

    private long _nextAlertTicks;
    private long _droppedSinceAlert;
    private long _nextSpoolWarningTicks;
    private long _spoolDroppedSinceWarning;

    /// <summary>
    /// The spool could not take <paramref name="count"/> accepted records (<see cref="RecordBuffering.SpoolFull"/> or
    /// <see cref="RecordBuffering.SpoolFailed"/>): counted, warned about at most once per interval, and alerted.
    /// </summary>
    internal void ReportSpoolDropped(int count, string reason, long spoolMegabytes)
    {
        ReportLost(count, reason);
        Interlocked.Add(ref _spoolDroppedSinceWarning, count);
        var now = Clock.GetUtcNow().UtcTicks;
        var due = Interlocked.Read(ref _nextSpoolWarningTicks);
        if (now >= due && Interlocked.CompareExchange(ref _nextSpoolWarningTicks, now + RecordBuffering.WarningInterval.Ticks, due) == due)
        {
            Log.DroppedSpoolFull(logger, Interlocked.Exchange(ref _spoolDroppedSinceWarning, 0), reason, spoolMegabytes);
        }

        RaiseAlert(count);
    }

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

        RaiseAlert(count);
    }

    /// <summary>
    /// At most one alert a minute, with everything dropped since the last one; its dedupe key (the minute) keeps
    /// replicas that drop at the same time to one alert.
    /// </summary>
    private void RaiseAlert(long count)
    {
        if (alerts is null)
        {
            return;
        }

        Interlocked.Add(ref _droppedSinceAlert, count);
        var now = Clock.GetUtcNow();
        var due = Interlocked.Read(ref _nextAlertTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextAlertTicks, now.UtcTicks + AlertInterval.Ticks, due) != due)
        {
            return;
        }

        count = Interlocked.Exchange(ref _droppedSinceAlert, 0);
        alerts.Publish(new AlertNotice(
            AlertKind.UsageDropped,
            "Usage records dropped",
            string.Create(CultureInfo.InvariantCulture, $"{count} usage records were dropped before reaching the database; those requests will not be billed. The database is not keeping up with the gateway."),
            now,
            DedupeKey: string.Create(CultureInfo.InvariantCulture, $"usage-dropped:{now.UtcDateTime:yyyyMMddHHmm}"))
        {
            Facts = new Dictionary<string, string> { ["Dropped"] = count.ToString(CultureInfo.InvariantCulture) },
        });
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Dropped {Count} usage records: the usage buffer ({Capacity} records) is full because the database is not keeping up (see aigw.usage.dropped)")]
        public static partial void DroppedBufferFull(ILogger logger, long count, int capacity);

        [LoggerMessage(2, LogLevel.Warning, "Dropped {Count} usage records offered after the usage writer stopped (see aigw.usage.dropped)")]
        public static partial void DroppedAfterStop(ILogger logger, long count);

        [LoggerMessage(3, LogLevel.Warning, "Dropped {Count} usage records the usage spool could not take ({Reason}; the spool may use {SpoolMegabytes} MB): the database has been behind or down for long (see aigw.usage.dropped)")]
        public static partial void DroppedSpoolFull(ILogger logger, long count, string reason, long spoolMegabytes);
    }
}
