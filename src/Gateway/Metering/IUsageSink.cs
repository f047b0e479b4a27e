using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// Where the request path hands finished requests' usage. Never blocks and never touches the database: records are
/// written in batches off the request path. A record that cannot be accepted is counted as dropped, never lost silently.
/// </summary>
public interface IUsageSink
{
    /// <returns>False when the record was dropped (the buffer is full or the writer has stopped).</returns>
    bool TryWrite(UsageRecord record);
}
