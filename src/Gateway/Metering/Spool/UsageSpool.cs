using System.Buffers;
using System.Diagnostics.Metrics;
using System.Globalization;
using AiGateway.Shared.Model;
using Microsoft.Extensions.Logging;

namespace AiGateway.Gateway.Metering.Spool;

/// <summary>
/// A replica's append-only usage spool: the folder of files where every usage record is written before it goes to the
/// database, and stays until the transaction that stored it committed. Bills then survive a killed process (the
/// operating system keeps what was written), a stop while the database is down (the next start writes them) and, up
/// to the fsync interval, a crash of the machine.
/// </summary>
/// <remarks>
/// <para>
/// One writer (<see cref="Append"/>, the spool writer's loop) appends to the current file; one reader (the database
/// writer's loop) asks for the next sealed file (<see cref="NextSegmentAsync"/>), stores its records and then
/// <see cref="Remove"/>s it. The current file is sealed when the database writer is ready for it (after the flush
/// interval, or once a batch waits) or when it reaches <see cref="SegmentMaxBytes"/>; so while the database is down
/// the files grow to that size rather than one per interval, and few stay open.
/// </para>
/// <para>
/// Records are also kept in memory, up to <c>Metering:BufferCapacity</c> across the files, so the database writer
/// need not read back what it was just given; past that, files hold them alone and are read back when their turn
/// comes. The disk used is bounded by <c>Metering:SpoolMaxMegabytes</c>: beyond it <see cref="Append"/> refuses.
/// </para>
/// <para>
/// Ownership: a file's name is unique to the process that made it, and the process holds each of its files open with
/// an exclusive lock (<see cref="FileShare.None"/>; an advisory <c>flock</c> on Linux, a sharing lock on Windows)
/// until it deletes it. <see cref="Adopt"/> takes every file in the folder it can lock, left by a replica that died
/// or stopped, and queues it first; a live replica's files cannot be locked, so two replicas never drain one file.
/// Written by hand: no library offers a file queue with this locking and delete-after-commit contract.
/// </para>
/// </remarks>
public sealed partial class UsageSpool : IDisposable
{
    public const string SpooledGauge = "aigw.usage.spooled";
    public const string SpoolBytesGauge = "aigw.usage.spool.size";

    /// <summary>A file is sealed at this size even if the database writer is not ready for it (it is down, say).</summary>
    public const long SegmentMaxBytes = 4 * 1024 * 1024;

    private const string FilePrefix = "usage-";
    private const string FileSuffix = ".jsonl";

    private readonly Lock _gate = new();
    private readonly Queue<UsageSpoolSegment> _sealed = new();
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly long _maxBytes;
    private readonly int _memoryCapacity;
    private readonly bool _syncEveryWrite;
    private readonly string _owner = Guid.CreateVersion7().ToString("N")[^12..];
    private UsageSpoolSegment? _current;
    private int _sequence;
    private long _bytes;
    private long _records;
    private int _inMemory;
    private bool _completed;
    private bool _closed;
    private int _waitThreshold = int.MaxValue;
    private TaskCompletionSource? _waiter;

    public UsageSpool(string folder, MeteringOptions options, IMeterFactory meterFactory, TimeProvider clock, ILogger<UsageSpool> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meterFactory);
        Folder = Path.GetFullPath(folder);
        _clock = clock;
        _logger = logger;
        _maxBytes = options.SpoolMaxMegabytes * 1024L * 1024L;
        _memoryCapacity = options.BufferCapacity;
        _syncEveryWrite = options.SpoolFsyncIntervalMilliseconds == 0;
        var meter = meterFactory.Create(UsageRecorder.MeterName);
        meter.CreateObservableGauge(SpooledGauge, () => Interlocked.Read(ref _records), "{record}", "Usage records in the spool, not yet stored in the database.");
        meter.CreateObservableGauge(SpoolBytesGauge, () => Interlocked.Read(ref _bytes), "By", "Disk used by the usage spool.");
    }

    public string Folder { get; }

    /// <summary>Records in the spool whose transaction has not committed yet.</summary>
    public long Records => Interlocked.Read(ref _records);

    /// <summary>Disk the spool's files use.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>
    /// Takes every file in the folder that no live process holds (left by a replica that died or stopped) and queues
    /// them, oldest first, ahead of anything this replica spools. Call once, before the first <see cref="Append"/>.
    /// </summary>
    /// <returns>The files and records adopted.</returns>
    public (int Files, long Records) Adopt()
    {
        CreateFolder();
        var adopted = new List<UsageSpoolSegment>();
        foreach (var path in Directory.EnumerateFiles(Folder, FilePrefix + "*" + FileSuffix).Order(StringComparer.Ordinal))
        {
            if (TryAdopt(path) is { } segment)
            {
                adopted.Add(segment);
            }
        }

        lock (_gate)
        {
            foreach (var segment in adopted)
            {
                _sealed.Enqueue(segment);
                Interlocked.Add(ref _records, segment.Count);
                Interlocked.Add(ref _bytes, segment.Length);
            }

            Signal();
        }

        return (adopted.Count, adopted.Sum(s => (long)s.Count));
    }

    /// <summary>
    /// Appends the encoded <paramref name="lines"/> of <paramref name="records"/> to the current file in one write
    /// (the operating system keeps it from then on, even if this process is killed). Records beyond
    /// <c>Metering:SpoolMaxMegabytes</c> are not written.
    /// </summary>
    internal UsageSpoolAppend Append(List<UsageRecord> records, UsageSpoolLines lines)
    {
        lock (_gate)
        {
            if (_completed)
            {
                throw new InvalidOperationException("The spool takes no more records once appends are complete.");
            }

            var fitting = lines.Fitting(_maxBytes - Interlocked.Read(ref _bytes));
            if (fitting == 0)
            {
                return new UsageSpoolAppend(0, records.Count, null);
            }

            var segment = _current ??= Create();
            var bytes = lines.First(fitting);
            try
            {
                RandomAccess.Write(segment.Handle, bytes.Span, segment.Length);
                if (_syncEveryWrite)
                {
                    RandomAccess.FlushToDisk(segment.Handle);
                }
            }
            catch (IOException e)
            {
                // Disk full or failing: cut off whatever part of the write landed, so the file stays whole lines, and
                // start a new file for the next batch (the disk may have recovered by then).
                TryCut(segment);
                SealCurrent();
                return new UsageSpoolAppend(0, 0, e);
            }

            segment.Dirty = !_syncEveryWrite;
            segment.Length += bytes.Length;
            segment.Count += fitting;
            Interlocked.Add(ref _bytes, bytes.Length);
            Interlocked.Add(ref _records, fitting);
            Keep(segment, records, fitting);
            if (segment.Length >= SegmentMaxBytes)
            {
                SealCurrent();
            }

            if (_sealed.Count > 0 || segment.Count >= _waitThreshold)
            {
                Signal();
            }

            return new UsageSpoolAppend(fitting, records.Count - fitting, null);
        }
    }

    /// <summary>Forces what was written to the current file since the last call to disk (fsync).</summary>
    public void FlushToDisk()
    {
        lock (_gate)
        {
            if (_current is { Dirty: true } current)
            {
                Flush(current);
            }
        }
    }

    /// <summary>No more records will be appended: the current file is forced to disk and handed to the database writer.</summary>
    public void CompleteAppends()
    {
        lock (_gate)
        {
            _completed = true;
            if (_current is { Count: 0 } empty)
            {
                Delete(empty);
                _current = null;
            }
            else if (_current is { } current)
            {
                Flush(current);
            }

            Signal();
        }
    }

    /// <summary>
    /// The next file for the database writer, oldest first, or null once appends are complete and every file is
    /// removed. A sealed file is returned at once; otherwise the current one is sealed once it holds records and
    /// either <paramref name="batchSize"/> of them wait, <paramref name="gatherFor"/> has passed since the first
    /// was there, or appends are complete. The file stays first until <see cref="Remove"/>d.
    /// </summary>
    public async Task<UsageSpoolSegment?> NextSegmentAsync(int batchSize, TimeSpan gatherFor, CancellationToken ct)
    {
        // Wait for a first record (or a sealed file), then let more gather.
        while (true)
        {
            Task changed;
            bool gathering;
            lock (_gate)
            {
                if (_sealed.TryPeek(out var next))
                {
                    return next;
                }

                if (_current is { Count: > 0 } && (_completed || gatherFor <= TimeSpan.Zero || _current.Count >= batchSize))
                {
                    SealCurrent();
                    return _sealed.Peek();
                }

                if (_completed && _current is null)
                {
                    return null;
                }

                gathering = _current is { Count: > 0 };
                changed = WhenChanged(gathering ? batchSize : 1);
            }

            if (gathering)
            {
                using var interval = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var elapsed = Task.Delay(gatherFor, _clock, interval.Token);
                await Task.WhenAny(changed, elapsed).ConfigureAwait(false);
                await interval.CancelAsync().ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
                lock (_gate)
                {
                    if (_sealed.Count == 0 && _current is { Count: > 0 })
                    {
                        SealCurrent();
                    }
                }
            }
            else
            {
                await changed.WaitAsync(ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The records of <paramref name="segment"/>: from memory while the spool kept them there, else read from its
    /// file. Lines that are not whole records (cut short by a crash) are skipped and counted in <paramref name="unreadable"/>.
    /// </summary>
    public static List<UsageRecord> Read(UsageSpoolSegment segment, out int unreadable)
    {
        ArgumentNullException.ThrowIfNull(segment);
        unreadable = 0;
        if (segment.Records is { } kept)
        {
            return kept;
        }

        // A sealed file is never written again, and only this thread removes it: read it outside the lock.
        var length = checked((int)RandomAccess.GetLength(segment.Handle));
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            var read = 0;
            while (read < length)
            {
                var n = RandomAccess.Read(segment.Handle, buffer.AsSpan(read, length - read), read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            return UsageSpoolLines.Read(buffer.AsSpan(0, read), out unreadable);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The records of <paramref name="segment"/> are committed (or dropped as refused): its file is deleted.</summary>
    public void Remove(UsageSpoolSegment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        lock (_gate)
        {
            if (!_sealed.TryPeek(out var first) || !ReferenceEquals(first, segment))
            {
                throw new InvalidOperationException("Spool files are removed in the order they are handed out.");
            }

            _sealed.Dequeue();
            Delete(segment);
        }
    }

    /// <summary>
    /// Closes every file without deleting it, releasing its lock: what is in them is written by the next replica that
    /// starts on this folder. Returns the records and files kept.
    /// </summary>
    public (long Records, int Files) Close()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return (0, 0);
            }

            _closed = true;
            var kept = (Records: Interlocked.Read(ref _records), Files: 0);
            if (_current is { } current)
            {
                _sealed.Enqueue(current);
                _current = null;
            }

            while (_sealed.TryDequeue(out var segment))
            {
                if (segment.Dirty)
                {
                    TryFlush(segment);
                }

                segment.File.Dispose();
                kept.Files++;
            }

            Signal();
            return kept;
        }
    }

    public void Dispose() => Close();

    private UsageSpoolSegment Create()
    {
        // Named by creation time, so adoption drains the oldest first, and by owner and sequence, unique per process.
        var name = string.Create(CultureInfo.InvariantCulture, $"{FilePrefix}{_clock.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{_owner}-{++_sequence:D6}{FileSuffix}");
        var path = Path.Combine(Folder, name);
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            // Usage names teams, keys and deployments: readable by the gateway's own user only, like the database file.
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var file = new FileStream(path, create);
        return new UsageSpoolSegment(path, file, adopted: false, length: 0, count: 0, records: _inMemory < _memoryCapacity ? [] : null);
    }

    private UsageSpoolSegment? TryAdopt(string path)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.ReadWrite, Share = FileShare.None, BufferSize = 0 });
        }
        catch (IOException)
        {
            // Held by a live replica (or deleted by it since the listing): not ours.
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            Log.AdoptRefused(_logger, path, e);
            return null;
        }

        if (!File.Exists(path))
        {
            // Its owner committed and deleted it between our opening and locking it.
            file.Dispose();
            return null;
        }

        var length = RandomAccess.GetLength(file.SafeFileHandle);
        if (length == 0)
        {
            File.Delete(path);
            file.Dispose();
            return null;
        }

        return new UsageSpoolSegment(path, file, adopted: true, length, CountLines(file, length), records: null);
    }

    private static int CountLines(FileStream file, long length)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var lines = 0;
            for (long offset = 0; offset < length;)
            {
                var n = RandomAccess.Read(file.SafeFileHandle, buffer, offset);
                if (n == 0)
                {
                    break;
                }

                lines += UsageSpoolLines.Count(buffer.AsSpan(0, n));
                offset += n;
            }

            return lines;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Keeps the appended records in memory while the spool holds fewer than its capacity; else the file alone holds this one's.</summary>
    private void Keep(UsageSpoolSegment segment, List<UsageRecord> records, int count)
    {
        if (segment.Records is not { } kept)
        {
            return;
        }

        if (_inMemory + count > _memoryCapacity)
        {
            _inMemory -= kept.Count;
            segment.Records = null;
            return;
        }

        for (var i = 0; i < count; i++)
        {
            kept.Add(records[i]);
        }

        _inMemory += count;
    }

    private void SealCurrent()
    {
        if (_current is not { } current)
        {
            return;
        }

        _current = null;
        if (current.Count == 0)
        {
            Delete(current);
            return;
        }

        if (current.Dirty)
        {
            Flush(current);
        }

        _sealed.Enqueue(current);
    }

    private void Delete(UsageSpoolSegment segment)
    {
        // Deleted while still locked, then closed: no other replica can lock it in between and find it whole.
        try
        {
            File.Delete(segment.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind, it is adopted at the next start and replayed skipping what is stored: never billed twice.
            Log.DeleteFailed(_logger, segment.Path, e);
        }

        segment.File.Dispose();
        Interlocked.Add(ref _records, -segment.Count);
        Interlocked.Add(ref _bytes, -segment.Length);
        if (segment.Records is { } kept)
        {
            _inMemory -= kept.Count;
            segment.Records = null;
        }
    }

    private static void Flush(UsageSpoolSegment segment)
    {
        RandomAccess.FlushToDisk(segment.Handle);
        segment.Dirty = false;
    }

    private void TryFlush(UsageSpoolSegment segment)
    {
        try
        {
            Flush(segment);
        }
        catch (IOException e)
        {
            Log.FlushFailed(_logger, segment.Name, e);
        }
    }

    private void TryCut(UsageSpoolSegment segment)
    {
        try
        {
            RandomAccess.SetLength(segment.Handle, segment.Length);
        }
        catch (IOException e)
        {
            Log.FlushFailed(_logger, segment.Name, e);
        }
    }

    private void CreateFolder()
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(Folder);
            }
            else
            {
                Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The gateway does not serve without somewhere to keep bills: say which setting fixes it.
            throw new InvalidOperationException(
                $"The usage spool folder '{Folder}' cannot be created: set Metering:SpoolPath to a folder the gateway can write (a persistent volume keeps usage across restarts).", e);
        }
    }

    /// <summary>A task that completes once the current file holds <paramref name="threshold"/> records, a file is sealed, or appends complete. Under the lock.</summary>
    private Task WhenChanged(int threshold)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiter = waiter;
        _waitThreshold = threshold;
        return waiter.Task;
    }

    private void Signal()
    {
        _waiter?.TrySetResult();
        _waiter = null;
        _waitThreshold = int.MaxValue;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Could not force the usage spool file {File} to disk")]
        public static partial void FlushFailed(ILogger logger, string file, Exception exception);

        [LoggerMessage(2, LogLevel.Error, "The usage spool file {Path} cannot be opened to adopt it; its records are not written until it can")]
        public static partial void AdoptRefused(ILogger logger, string path, Exception exception);

        [LoggerMessage(3, LogLevel.Warning, "Could not delete the usage spool file {Path} after its records were stored; the next start replays it, skipping them")]
        public static partial void DeleteFailed(ILogger logger, string path, Exception exception);
    }
}

/// <summary>What <see cref="UsageSpool.Append"/> did: records written, records refused for space, or the disk's error (none written).</summary>
internal readonly record struct UsageSpoolAppend(int Spooled, int Full, IOException? Failure);
