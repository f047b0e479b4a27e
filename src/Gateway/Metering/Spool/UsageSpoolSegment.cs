using AiGateway.Shared.Model;
using Microsoft.Win32.SafeHandles;

namespace AiGateway.Gateway.Metering.Spool;

/// <summary>
/// One spool file, held open and exclusively locked by this process from creation (or adoption) until its records are
/// committed and it is deleted: while it is open no other replica can adopt it. Only <see cref="UsageSpool"/> changes it.
/// </summary>
public sealed class UsageSpoolSegment
{
    internal UsageSpoolSegment(string path, FileStream file, bool adopted, long length, int count, List<UsageRecord>? records)
    {
        Path = path;
        File = file;
        Adopted = adopted;
        Length = length;
        Count = count;
        Records = records;
    }

    public string Path { get; }

    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>Left by another process (a replica that died or stopped): its records may be stored already.</summary>
    public bool Adopted { get; }

    /// <summary>Bytes written.</summary>
    public long Length { get; internal set; }

    /// <summary>Records written (lines; for an adopted file, complete lines found).</summary>
    public int Count { get; internal set; }

    /// <summary>The records as written, while the spool keeps them in memory; null once they live only on disk.</summary>
    internal List<UsageRecord>? Records { get; set; }

    /// <summary>Written since it was last forced to disk.</summary>
    internal bool Dirty { get; set; }

    /// <summary>Unbuffered and opened with <see cref="FileShare.None"/>: on Linux .NET takes an exclusive <c>flock</c> on it.</summary>
    internal FileStream File { get; }

    internal SafeFileHandle Handle => File.SafeFileHandle;
}
