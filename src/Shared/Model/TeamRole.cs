namespace AiGateway.Shared.Model;

public enum TeamRole
{
    Member = 0,
    Owner = 1,
}
