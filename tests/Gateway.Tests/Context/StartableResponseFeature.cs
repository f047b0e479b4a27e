using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AiGateway.Gateway.Tests.Context;

/// <summary>
/// A response feature that keeps its OnStarting callbacks and runs them, last registered first as servers do, when
/// the test says the response starts; <see cref="HttpResponseFeature"/> drops them.
/// </summary>
internal sealed class StartableResponseFeature : IHttpResponseFeature
{
    private readonly List<(Func<object, Task> Callback, object State)> _starting = [];

    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string? ReasonPhrase { get; set; }

    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

    public Stream Body { get; set; } = Stream.Null;

    public bool HasStarted { get; private set; }

    public void OnStarting(Func<object, Task> callback, object state) => _starting.Add((callback, state));

    public void OnCompleted(Func<object, Task> callback, object state)
    {
    }

    public async Task StartAsync()
    {
        HasStarted = true;
        for (var i = _starting.Count - 1; i >= 0; i--)
        {
            await _starting[i].Callback(_starting[i].State);
        }
    }
}
