using System.Text;
using AiGateway.Gateway.StatefulApis;

namespace AiGateway.Gateway.Tests.StatefulApis;

public sealed class RequestReferencesTests
{
    [Theory]
    [InlineData("""{"model":"chat","previous_response_id":"resp_1"}""", "resp_1")]
    [InlineData("""{"model":"chat","conversation":"conv_1"}""", "conv_1")]
    [InlineData("""{"model":"chat","conversation":{"id":"conv_2"}}""", "conv_2")]
    [InlineData("""{"input_file_id":"file-1","endpoint":"/v1/responses"}""", "file-1")]
    [InlineData("""{"file_ids":["file-1","file-2"]}""", "file-1,file-2")]
    public void Read_BodyNamingStoredObjects_ReturnsTheirIds(string json, string expected) =>
        Assert.Equal(expected, string.Join(',', RequestReferences.Read(Encoding.UTF8.GetBytes(json)).ObjectIds));

    [Theory]
    [InlineData("""{"model":"chat","input":"hi"}""")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public void Read_BodyNamingNothing_ReturnsNone(string json) =>
        Assert.Empty(RequestReferences.Read(Encoding.UTF8.GetBytes(json)).ObjectIds);

    [Fact]
    public void Answer_BatchWithOutputFile_NamesItAsRelated()
    {
        var facts = AnswerFacts.Read("""{"id":"batch_1","status":"completed","output_file_id":"file-9","usage":{"input_tokens":3,"output_tokens":4}}"""u8);

        Assert.Equal("batch_1", facts.Id);
        Assert.True(facts.IsFinished);
        Assert.Equal(7, facts.Usage!.TotalTokens);
        Assert.Equal(("file-9", StoredObjectKind.File), Assert.Single(facts.Related));
    }
}
