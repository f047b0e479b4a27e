namespace AiGateway.Shared.Data;

public enum DatabaseProvider
{
    Sqlite = 0,
    SqlServer = 1,
    Postgres = 2,
}
