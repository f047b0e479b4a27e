using System.Security.Cryptography;
using AiGateway.Simulator.Options;
using Microsoft.Extensions.Options;

namespace AiGateway.Simulator.State.Stateful;

/// <summary>
/// Everything the stateful APIs keep, in memory. One lock guards all tables: the operations are tiny, and one
/// lock means a batch that writes its output file or a run that adds its message can never deadlock.
/// </summary>
internal sealed class StatefulStore
{
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string Hex = "0123456789abcdef";

    private readonly TimeProvider _time;

    public StatefulStore(IOptions<SimulatorOptions> options, TimeProvider time)
    {
        _time = time;
        Settings = options.Value.Stateful ?? new SimulatorStatefulOptions();
        InstanceTag = string.IsNullOrEmpty(Settings.InstanceTag)
            ? RandomNumberGenerator.GetString("0123456789abcdef", 8)
            : Settings.InstanceTag;
        var capacity = Settings.MaxObjectsPerKind;
        Responses = new(capacity);
        Conversations = new(capacity);
        Files = new(capacity);
        VectorStores = new(capacity);
        Batches = new(capacity);
        Assistants = new(capacity);
        Threads = new(capacity);
        Runs = new(capacity);
        ImageJobs = new(capacity);
    }

    public Lock Gate { get; } = new();

    public SimulatorStatefulOptions Settings { get; }

    /// <summary>Starts the random part of every id, so ids of two simulators never collide.</summary>
    public string InstanceTag { get; }

    public DateTimeOffset Now => _time.GetUtcNow();

    public TimeSpan JobDuration => TimeSpan.FromSeconds(Settings.JobSeconds);

    public ObjectTable<StoredResponse> Responses { get; }

    public ObjectTable<StoredConversation> Conversations { get; }

    public ObjectTable<StoredFile> Files { get; }

    public ObjectTable<StoredVectorStore> VectorStores { get; }

    public ObjectTable<StoredBatch> Batches { get; }

    public ObjectTable<StoredAssistant> Assistants { get; }

    public ObjectTable<StoredThread> Threads { get; }

    public ObjectTable<StoredRun> Runs { get; }

    public ObjectTable<StoredImageJob> ImageJobs { get; }

    /// <summary>Bytes held by all stored files.</summary>
    public long FileBytes { get; private set; }

    /// <summary><paramref name="prefix"/>, the instance tag, then random letters and digits (OpenAI's <c>asst_</c>, <c>file-</c>... ids).</summary>
    public string NewId(string prefix, int length = 24) => prefix + InstanceTag + Random(Alphanumeric, Math.Max(4, length - InstanceTag.Length));

    /// <summary>As <see cref="NewId"/> with hex digits (OpenAI's <c>resp_</c>, <c>msg_</c>, <c>conv_</c> ids).</summary>
    public string NewHexId(string prefix, int length = 48) => prefix + InstanceTag + Random(Hex, Math.Max(4, length - InstanceTag.Length));

    /// <summary>A GUID-shaped id (Azure's operation ids) whose first group carries the tag.</summary>
    public string NewGuidId()
    {
        var guid = Guid.NewGuid().ToString();
        var tag = InstanceTag.Length >= 8 ? InstanceTag[..8] : InstanceTag + guid[InstanceTag.Length..8];
        return tag + guid[8..];
    }

    /// <summary>Stores a file, evicting the oldest files until all of them fit <c>MaxStoredFileBytes</c>.</summary>
    public void AddFile(StoredFile file)
    {
        while (FileBytes + file.Content.Length > Settings.MaxStoredFileBytes && Files.Oldest is { } oldest)
        {
            RemoveFile(oldest.Id);
        }

        if (Files.Add(file) is { } evicted)
        {
            FileBytes -= evicted.Content.Length;
        }

        FileBytes += file.Content.Length;
    }

    public StoredFile? RemoveFile(string id)
    {
        var removed = Files.Remove(id);
        if (removed is not null)
        {
            FileBytes -= removed.Content.Length;
        }

        return removed;
    }

    private static string Random(string alphabet, int length) => string.Create(length, alphabet, static (span, a) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = a[System.Random.Shared.Next(a.Length)];
        }
    });
}
