using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Streaming;
using AiGateway.Gateway.Tests.Backends;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Forwarding;

public sealed class AttemptClassifierTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly AttemptClassifier _classifier;

    public AttemptClassifierTests() => _classifier = new AttemptClassifier(_clock);

    [Theory]
    [InlineData(200, AttemptResult.Succeeded)]
    [InlineData(201, AttemptResult.Succeeded)]
    [InlineData(400, AttemptResult.ClientError)]
    [InlineData(422, AttemptResult.ClientError)]
    [InlineData(429, AttemptResult.Throttled)]
    [InlineData(401, AttemptResult.BackendFailed)]
    [InlineData(403, AttemptResult.BackendFailed)]
    [InlineData(404, AttemptResult.BackendFailed)]
    [InlineData(408, AttemptResult.BackendFailed)]
    [InlineData(500, AttemptResult.BackendFailed)]
    [InlineData(503, AttemptResult.BackendFailed)]
    public void Classify_BackendStatus_GivesItsResult(int status, AttemptResult expected)
    {
        var outcome = Classify(status);

        Assert.Equal(expected, outcome.Result);
        Assert.Equal(status, outcome.BackendStatus);
        Assert.Equal(expected is AttemptResult.Throttled or AttemptResult.BackendFailed, AttemptClassifier.MayTryAnother(status));
        Assert.Equal(expected is AttemptResult.Throttled or AttemptResult.BackendFailed, outcome.MayTryAnother);
    }

    [Fact]
    public void Classify_NoAnswer_IsUnreachableAndABackendFault()
    {
        var outcome = Classify(null);

        Assert.Equal(AttemptResult.Unreachable, outcome.Result);
        Assert.True(outcome.IsBackendFault);
        Assert.True(outcome.MayTryAnother);
        Assert.Equal(502, outcome.FigureStatus);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    public void Classify_RefusedCredentialOrDeployment_CountsAsAnErrorInTheFigures(int status)
    {
        var outcome = Classify(status);

        Assert.True(outcome.IsBackendFault);
        Assert.Equal(502, outcome.FigureStatus);
    }

    [Fact]
    public void Classify_ThrottleWithRetryAfter_KeepsTheRestAsked()
    {
        var outcome = Classify(429, TimeSpan.FromMilliseconds(1500));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), outcome.RetryAfter);
        Assert.False(outcome.IsBackendFault);
        Assert.Equal(429, outcome.FigureStatus);
    }

    [Fact]
    public void Classify_RetryAfterOnANonThrottle_IsDropped()
    {
        Assert.Null(Classify(503, TimeSpan.FromSeconds(5)).RetryAfter);
    }

    [Fact]
    public void Classify_SuccessCutMidStream_IsCutAndDeliveredAndAFault()
    {
        var observer = new ResponseObserver(_clock) { Cut = true };

        var outcome = Classify(200, observer: observer);

        Assert.Equal(AttemptResult.Cut, outcome.Result);
        Assert.True(outcome.Delivered);
        Assert.False(outcome.MayTryAnother);
        Assert.True(outcome.IsBackendFault);
        Assert.Equal(502, outcome.FigureStatus);
        Assert.Null(outcome.LatencyMs);
    }

    [Fact]
    public void Classify_PromptFilter400_IsContentFilteredClientError()
    {
        var outcome = Classify(400);

        Assert.True(outcome.ContentFiltered);
        Assert.True(outcome.Delivered);
        Assert.False(outcome.IsBackendFault);
    }

    [Fact]
    public void Classify_CompletionFilterFinishReason_IsContentFilteredSuccess()
    {
        var observer = new ResponseObserver(_clock) { ContentFiltered = true };

        var outcome = Classify(200, observer: observer);

        Assert.Equal(AttemptResult.Succeeded, outcome.Result);
        Assert.True(outcome.ContentFiltered);
    }

    [Fact]
    public void Classify_SuccessfulStream_TimesTheWholeAnswerAndTheFirstByte()
    {
        var started = _clock.GetTimestamp();
        var observer = new ResponseObserver(_clock);
        _clock.Advance(TimeSpan.FromMilliseconds(40));
        observer.OnDelivered(10);
        _clock.Advance(TimeSpan.FromMilliseconds(60));

        var outcome = _classifier.Classify(Target, 1, 200, null, observer, stream: true, started);

        Assert.Equal(100, outcome.LatencyMs);
        Assert.Equal(40, outcome.FirstTokenMs);
    }

    [Fact]
    public void Classify_Failure_KeepsNoTimings()
    {
        var started = _clock.GetTimestamp();
        _clock.Advance(TimeSpan.FromMilliseconds(40));

        var outcome = _classifier.Classify(Target, 1, 500, null, new ResponseObserver(_clock), stream: true, started);

        Assert.Null(outcome.LatencyMs);
        Assert.Null(outcome.FirstTokenMs);
    }

    [Fact]
    public void Classify_AnswerThatIsNotAStream_HasNoFirstTokenTime()
    {
        var observer = new ResponseObserver(_clock);
        observer.OnDelivered(10);

        Assert.Null(_classifier.Classify(Target, 1, 200, null, observer, stream: false, _clock.GetTimestamp()).FirstTokenMs);
    }

    private static readonly AliasTargetEntry Target = TestTargets.Target(TestTargets.Backend());

    private AttemptOutcome Classify(int? status, TimeSpan? retryAfter = null, ResponseObserver? observer = null) =>
        _classifier.Classify(Target, 1, status, retryAfter, observer ?? new ResponseObserver(_clock), stream: false, _clock.GetTimestamp());
}
