using Microsoft.Extensions.Hosting;

namespace AiGateway.Gateway.Requests;

/// <summary>
/// Loads the tokenizer's vocabulary in the background as the host starts, so the first requests after a start (a new
/// replica joining under load) are not held up by it.
/// </summary>
public sealed class TokenizerPreloader : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Run(TokenEstimator.Preload, stoppingToken);
}
