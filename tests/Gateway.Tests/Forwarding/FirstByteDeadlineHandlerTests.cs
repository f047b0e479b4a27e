using System.Net;
using AiGateway.Gateway.Forwarding;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Forwarding;

public sealed class FirstByteDeadlineHandlerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _clock = new();
    private readonly SilentBackend _backend = new();

    [Fact]
    public async Task NoHeadersByTheDeadline_FailsTheSendWithATimeout_AndReleasesTheBackendCall()
    {
        using var invoker = new HttpMessageInvoker(new FirstByteDeadlineHandler(_backend, _clock));
        using var request = Request(TimeSpan.FromSeconds(5));

        var sending = invoker.SendAsync(request, Ct);
        await _backend.Called.Task.WaitAsync(Ct);
        _clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(sending.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(0.1));

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => sending);
        Assert.Contains("5 s", ex.Message, StringComparison.Ordinal);
        Assert.True(_backend.Token.IsCancellationRequested, "The backend call must be cancelled, not left running.");
    }

    [Fact]
    public async Task CallerCancels_IsACancellation_NotATimeout()
    {
        using var invoker = new HttpMessageInvoker(new FirstByteDeadlineHandler(_backend, _clock));
        using var request = Request(TimeSpan.FromSeconds(5));
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var sending = invoker.SendAsync(request, caller.Token);
        await _backend.Called.Task.WaitAsync(Ct);
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
    }

    [Fact]
    public async Task HeadersInTime_TheResponseIsTheCallers_AndTheDeadlineNoLongerApplies()
    {
        using var invoker = new HttpMessageInvoker(new FirstByteDeadlineHandler(new AnsweringBackend(), _clock));
        using var request = Request(TimeSpan.FromSeconds(5));

        using var response = await invoker.SendAsync(request, Ct);
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("streamed later", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task NoDeadlineOption_WaitsAsLongAsTheCaller()
    {
        using var invoker = new HttpMessageInvoker(new FirstByteDeadlineHandler(_backend, _clock));
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://backend.test/v1/chat/completions");

        var sending = invoker.SendAsync(request, Ct);
        await _backend.Called.Task.WaitAsync(Ct);
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.False(sending.IsCompleted);
        Assert.False(_backend.Token.IsCancellationRequested);
    }

    private static HttpRequestMessage Request(TimeSpan deadline)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "http://backend.test/v1/chat/completions");
        request.Options.Set(FirstByteDeadlineHandler.Deadline, deadline);
        return request;
    }

    /// <summary>Accepts the request and never answers, until its token is cancelled.</summary>
    private sealed class SilentBackend : HttpMessageHandler
    {
        public TaskCompletionSource Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken Token { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Token = cancellationToken;
            Called.SetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    private sealed class AnsweringBackend : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("streamed later") });
    }
}
