using System.Collections.Concurrent;
using AiGateway.Gateway.Metering;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Tests.Metering;

/// <summary>A usage sink that keeps what it is given, or refuses it as a full buffer would.</summary>
internal sealed class RecordingUsageSink : IUsageSink
{
    public ConcurrentQueue<UsageRecord> Records { get; } = new();

    public bool Accepts { get; set; } = true;

    public int Offered { get; private set; }

    public bool TryWrite(UsageRecord record)
    {
        Offered++;
        if (Accepts)
        {
            Records.Enqueue(record);
        }

        return Accepts;
    }
}
