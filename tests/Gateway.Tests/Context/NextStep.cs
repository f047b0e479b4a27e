using Microsoft.AspNetCore.Http;

namespace AiGateway.Gateway.Tests.Context;

/// <summary>
/// The rest of the pipeline, as a middleware under test sees it: records whether it was called, and does what the
/// test says the later steps (or the backend's answer) would do.
/// </summary>
internal sealed class NextStep(Func<HttpContext, Task>? then = null)
{
    public NextStep(Action<HttpContext> then)
        : this(http =>
        {
            then(http);
            return Task.CompletedTask;
        })
    {
    }

    public int Calls { get; private set; }

    public bool Called => Calls > 0;

    public Task InvokeAsync(HttpContext context)
    {
        Calls++;
        return then?.Invoke(context) ?? Task.CompletedTask;
    }
}
