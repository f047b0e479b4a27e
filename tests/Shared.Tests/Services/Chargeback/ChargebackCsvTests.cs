using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Chargeback;

namespace AiGateway.Shared.Tests.Services.Chargeback;

public sealed class ChargebackCsvTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Write_Report_HasAHeaderAndOneInvariantRowPerLine()
    {
        var team = Guid.Parse("0193a000-0000-7000-8000-000000000001");
        var deployment = Guid.Parse("0193a000-0000-7000-8000-000000000003");
        var report = Report(
            new ChargebackLineView(team, "Contoso", "gpt-4o", deployment, "ptu-gpt-4o", "aoai-ptu", BackendTier.Provisioned, 1234567, 1000, 500, 400, 120, 30, 40, 0.00012345m, 2250m, 2250.00012345m),
            new ChargebackLineView(team, "Contoso", "gpt-4o", null, null, null, null, 1, 2, 3, 0, 0, 0, 0, 0.5m, 0m, 0.5m));

        var lines = ChargebackCsv.Write(report).Split("\r\n");

        Assert.Equal("from,to,teamId,team,alias,deploymentId,deployment,backend,tier,requests,promptTokens,completionTokens,cachedPromptTokens,reasoningTokens,audioPromptTokens,audioCompletionTokens,tokenCost,fixedCost,totalCost", lines[0]);
        Assert.Equal($"2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,{team},Contoso,gpt-4o,{deployment},ptu-gpt-4o,aoai-ptu,Provisioned,1234567,1000,500,400,120,30,40,0.00012345,2250,2250.00012345", lines[1]);
        Assert.Equal($"2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,{team},Contoso,gpt-4o,,,,,1,2,3,0,0,0,0,0.5,0,0.5", lines[2]);
        Assert.Equal("", lines[3]);
        Assert.Equal(4, lines.Length);
    }

    [Theory]
    [InlineData("Contoso, Retail", "\"Contoso, Retail\"")]
    [InlineData("The \"A\" team", "\"The \"\"A\"\" team\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("-1+2", "'-1+2")]
    public void Write_NamesWithSeparatorsQuotesOrFormulas_AreQuotedAndDefused(string name, string expected)
    {
        var report = Report(new ChargebackLineView(Guid.Empty, name, "a", null, null, null, null, 0, 0, 0, 0, 0, 0, 0, 0m, 0m, 0m));

        var row = ChargebackCsv.Write(report).Split("\r\n")[1];

        Assert.Contains("," + expected + ",", row, StringComparison.Ordinal);
    }

    [Fact]
    public void FileName_WholeDays_NamesThePeriod()
    {
        Assert.Equal("chargeback-2026-11-01-2026-12-01.csv", ChargebackCsv.FileName(Report()));
    }

    private static ChargebackReport Report(params ChargebackLineView[] lines)
    {
        var teams = lines.GroupBy(l => l.TeamId)
            .Select(g => new ChargebackTeamView(g.Key, g.First().TeamName, 0, 0, 0, 0, 0, 0, 0, 0m, 0m, 0m, [.. g]))
            .ToList();
        return new ChargebackReport(From, From.AddMonths(1), null, teams, [], new ChargebackTotals(0, 0, 0, 0, 0, 0, 0, 0m, 0m, 0m), Provisional: false, OpenDays: []);
    }
}
