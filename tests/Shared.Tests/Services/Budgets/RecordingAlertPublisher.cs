using System.Collections.Concurrent;
using System.Threading.Channels;
using AiGateway.Shared.Services.Alerts;

namespace AiGateway.Shared.Tests.Services.Budgets;

/// <summary>Keeps every notice published, and lets a test wait for the next one.</summary>
internal sealed class RecordingAlertPublisher : IAlertPublisher
{
    private readonly ConcurrentQueue<AlertNotice> _notices = new();
    private readonly Channel<AlertNotice> _arrivals = Channel.CreateUnbounded<AlertNotice>();

    public IReadOnlyList<AlertNotice> Notices => [.. _notices];

    public void Publish(AlertNotice notice)
    {
        _notices.Enqueue(notice);
        _arrivals.Writer.TryWrite(notice);
    }

    public async Task<AlertNotice> NextAsync(CancellationToken ct) => await _arrivals.Reader.ReadAsync(ct);
}
