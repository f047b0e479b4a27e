using AiGateway.Gateway.StatefulApis;

namespace AiGateway.Gateway.Tests.StatefulApis;

public sealed class StatefulRouteTableTests
{
    [Theory]
    [InlineData("GET", "responses/resp_1", StatefulAction.Use, "resp_1", "responses.get")]
    [InlineData("DELETE", "responses/resp_1", StatefulAction.Use, "resp_1", "responses.delete")]
    [InlineData("POST", "responses/resp_1/cancel", StatefulAction.Use, "resp_1", "responses.cancel.post")]
    [InlineData("GET", "responses/resp_1/input_items", StatefulAction.Use, "resp_1", "responses.input_items.get")]
    [InlineData("POST", "files", StatefulAction.Create, null, "files.create")]
    [InlineData("GET", "files", StatefulAction.List, null, "files.list")]
    [InlineData("GET", "files/file-1/content", StatefulAction.Use, "file-1", "files.content.get")]
    [InlineData("POST", "vector_stores/vs_1/files", StatefulAction.Use, "vs_1", "vector_stores.files.post")]
    [InlineData("POST", "batches/batch_1/cancel", StatefulAction.Use, "batch_1", "batches.cancel.post")]
    [InlineData("POST", "threads/runs", StatefulAction.Create, null, "threads.runs.create")]
    [InlineData("POST", "images/generations:submit", StatefulAction.Create, null, "images.submit")]
    [InlineData("GET", "operations/images/job-1", StatefulAction.Use, "job-1", "operations.images.get")]
    public void TryMatch_StatefulPath_NamesTheActionAndTheOwnedId(string method, string path, StatefulAction action, string? id, string name)
    {
        Assert.True(StatefulRouteTable.TryMatch(method, path, out var operation));
        Assert.Equal(action, operation!.Action);
        Assert.Equal(id, operation.ObjectId);
        Assert.Equal(name, operation.Name);
    }

    [Theory]
    [InlineData("POST", "responses")]
    [InlineData("GET", "responses")]
    [InlineData("POST", "images/generations")]
    [InlineData("PUT", "files")]
    [InlineData("GET", "files//content")]
    [InlineData("GET", "widgets")]
    public void TryMatch_ModelCallOrUnknownPath_IsNotStateful(string method, string path) =>
        Assert.False(StatefulRouteTable.TryMatch(method, path, out _));
}
