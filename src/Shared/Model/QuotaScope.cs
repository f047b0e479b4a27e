namespace AiGateway.Shared.Model;

public enum QuotaScope
{
    Team = 0,
    Key = 1,
    TeamAlias = 2,
}
