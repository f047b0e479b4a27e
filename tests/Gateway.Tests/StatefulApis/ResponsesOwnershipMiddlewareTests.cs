using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Requests;
using AiGateway.Gateway.StatefulApis;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Gateway.Tests.Context;
using AiGateway.Gateway.Tests.Metering;
using AiGateway.Shared.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.StatefulApis;

public sealed class ResponsesOwnershipMiddlewareTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(GatewayRequests.Now);
    private readonly TeamEntry _team = GatewayRequests.Team();
    private readonly AliasEntry _alias = TestTargets.Alias(TestTargets.Target(TestTargets.Backend()), TestTargets.Target(TestTargets.Backend()));
    private readonly List<UsageRecord> _usage = [];
    private MeteringDatabase _database = null!;
    private OwnershipDirectory _owners = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await MeteringDatabase.CreateAsync();
        _owners = new OwnershipDirectory(
            new InProcessOwnershipStore(1000, _clock),
            null,
            new DatabaseOwnershipStore(_database, _clock),
            new TestOptionsMonitor<StatefulOptions>(new StatefulOptions()),
            _clock,
            NullLogger<OwnershipDirectory>.Instance);
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task FollowUp_OwnedByTheCallersTeam_IsPinnedToTheOwner()
    {
        var owner = _alias.Targets[1];
        await _owners.RecordAsync("resp_1", StoredObjectKind.Response, owner.DeploymentId, owner.Backend.Id, new GatewayCaller(_team, null, null), default);
        var http = FollowUp(_team, """{"model":"gpt-4o","input":"and?","previous_response_id":"resp_1"}""");
        var called = false;

        await new ResponsesOwnershipMiddleware(_ => { called = true; return Task.CompletedTask; }, _owners).InvokeAsync(http);

        Assert.True(called);
        Assert.Equal(owner.DeploymentId, http.Gateway().Owner!.DeploymentId);
    }

    [Theory]
    [InlineData("""{"model":"gpt-4o","input":"and?","previous_response_id":"resp_other"}""")]
    [InlineData("""{"model":"gpt-4o","input":"and?","conversation":{"id":"conv_unknown"}}""")]
    public async Task FollowUp_UnknownOrAnotherTeams_Is404BeforeAnyBackend(string body)
    {
        var other = GatewayRequests.Team("beta");
        await _owners.RecordAsync("resp_other", StoredObjectKind.Response, Guid.NewGuid(), Guid.NewGuid(), new GatewayCaller(other, null, null), default);
        var http = FollowUp(_team, body);
        var called = false;

        await new ResponsesOwnershipMiddleware(_ => { called = true; return Task.CompletedTask; }, _owners).InvokeAsync(http);

        Assert.False(called);
        Assert.Equal(StatusCodes.Status404NotFound, http.Response.StatusCode);
        Assert.Equal("not_found", http.Response.ErrorCode());
    }

    [Fact]
    public async Task CreatedResponse_ItsIdIsRecordedAsTheAnsweringDeployments()
    {
        var gateway = GatewayRequests.Resolved(_alias, _team, body: """{"model":"gpt-4o","input":"hi"}""", operation: GatewayOperation.Responses);
        var attempt = gateway.Answered(usage: new AiGateway.Gateway.Streaming.TokenUsage(3, 4, 7));
        attempt.Observer.ObjectId = "resp_new";
        var recorder = new CreatedResponseRecorder(_owners, new StatefulMetering(new ListSink(_usage), new BillingClaims(null, _clock), _clock));

        recorder.OnAttemptEnded(gateway, gateway.Outcome!);

        var owner = await _owners.FindForAsync("resp_new", gateway.Caller, default);
        Assert.Equal(_alias.Targets[0].DeploymentId, owner!.DeploymentId);
    }

    [Fact]
    public async Task BackgroundResponseSeenFinished_IsBilledOnceToItsOwner()
    {
        var metering = new StatefulMetering(new ListSink(_usage), new BillingClaims(null, _clock), _clock);
        var owner = await _owners.RecordAsync("resp_bg", StoredObjectKind.Response, _alias.Targets[0].DeploymentId, _alias.Targets[0].Backend.Id, new GatewayCaller(_team, null, null), default);
        var reader = GatewayRequests.Resolved(_alias, _team, body: """{"model":"gpt-4o","input":"hi"}""", operation: GatewayOperation.Responses);
        Assert.True(StatefulRouteTable.TryMatch("GET", "responses/resp_bg", out var operation));
        var facts = AnswerFacts.Read("""{"id":"resp_bg","status":"completed","usage":{"input_tokens":5,"output_tokens":9}}"""u8);

        await metering.BillFinishedAsync(reader, operation!, owner, facts, _alias, _alias.Targets[0]);
        await metering.BillFinishedAsync(reader, operation!, owner, facts, _alias, _alias.Targets[0]);

        var billed = Assert.Single(_usage);
        Assert.Equal((_team.Id, 5, 9, "responses.completed"), (billed.TeamId, billed.PromptTokens, billed.CompletionTokens, billed.Operation));
    }

    private static DefaultHttpContext FollowUp(TeamEntry team, string body)
    {
        var alias = TestTargets.Alias(TestTargets.Target(TestTargets.Backend()));
        return GatewayRequests.Http(GatewayRequests.Resolved(alias, team, body: body, operation: GatewayOperation.Responses));
    }

    private sealed class ListSink(List<UsageRecord> records) : IUsageSink
    {
        public bool TryWrite(UsageRecord record)
        {
            records.Add(record);
            return true;
        }
    }
}
