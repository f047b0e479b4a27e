using System.Collections.Concurrent;
using AiGateway.Shared.Services.Alerts;

namespace AiGateway.Gateway.Tests.Alerts;

/// <summary>Keeps every notice published, for tests of what raises alerts.</summary>
public sealed class RecordingAlertPublisher : IAlertPublisher
{
    public ConcurrentQueue<AlertNotice> Notices { get; } = new();

    public void Publish(AlertNotice notice) => Notices.Enqueue(notice);
}
