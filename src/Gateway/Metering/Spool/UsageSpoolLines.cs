using System.Buffers;
using System.Text.Json;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Metering.Spool;

/// <summary>
/// Writes usage records as spool lines into one reused buffer, and reads them back. A record's JSON never holds a raw
/// line feed (JSON escapes control characters), so a line feed ends exactly one record.
/// </summary>
/// <remarks>
/// Written for the spool writer's single thread: the buffer and the JSON writer are reused for every batch, so
/// encoding a batch allocates nothing once the buffer has grown to the largest batch.
/// </remarks>
internal sealed class UsageSpoolLines : IDisposable
{
    private static readonly byte LineFeed = (byte)'\n';
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _json;
    private readonly List<int> _ends = [];

    public UsageSpoolLines() => _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });

    public void Dispose() => _json.Dispose();

    /// <summary>The lines encoded by the last <see cref="Encode"/>.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    /// <summary>Encodes <paramref name="records"/>, one line each, replacing what the buffer held.</summary>
    public void Encode(List<UsageRecord> records)
    {
        _buffer.ResetWrittenCount();
        _ends.Clear();
        foreach (var record in records)
        {
            _json.Reset(_buffer);
            JsonSerializer.Serialize(_json, record, UsageSpoolJsonContext.Default.UsageRecord);
            _json.Flush();
            _buffer.GetSpan(1)[0] = LineFeed;
            _buffer.Advance(1);
            _ends.Add(_buffer.WrittenCount);
        }
    }

    /// <summary>How many of the encoded records fit in <paramref name="bytes"/>, whole lines only.</summary>
    public int Fitting(long bytes)
    {
        // Ends grow: the first that does not fit is where the cut goes.
        var fit = _ends.BinarySearch(bytes > int.MaxValue ? int.MaxValue : (int)bytes);
        return fit >= 0 ? fit + 1 : ~fit;
    }

    /// <summary>The bytes of the first <paramref name="count"/> encoded records.</summary>
    public ReadOnlyMemory<byte> First(int count) => count == 0 ? ReadOnlyMemory<byte>.Empty : _buffer.WrittenMemory[.._ends[count - 1]];

    /// <summary>
    /// Reads every complete line of a spool file. A line that is not a whole record (the last one, cut short by a crash
    /// of the machine, or one damaged on disk) is skipped and counted in <paramref name="unreadable"/>, never fatal.
    /// </summary>
    public static List<UsageRecord> Read(ReadOnlySpan<byte> bytes, out int unreadable)
    {
        var records = new List<UsageRecord>();
        unreadable = 0;
        while (!bytes.IsEmpty)
        {
            var end = bytes.IndexOf(LineFeed);
            var line = end < 0 ? bytes : bytes[..end];
            bytes = end < 0 ? [] : bytes[(end + 1)..];
            if (end < 0)
            {
                // No line feed: the write that held this record never finished.
                unreadable++;
                break;
            }

            try
            {
                if (JsonSerializer.Deserialize(line, UsageSpoolJsonContext.Default.UsageRecord) is { } record)
                {
                    records.Add(record);
                    continue;
                }
            }
            catch (JsonException)
            {
            }

            unreadable++;
        }

        return records;
    }

    /// <summary>Complete lines in <paramref name="bytes"/>: the record count of an adopted file, before it is read.</summary>
    public static int Count(ReadOnlySpan<byte> bytes) => bytes.Count(LineFeed);
}
