using AiGateway.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AiGateway.Migrations.Sqlite;

/// <summary>Lets dotnet-ef build the model for this provider without a running host; no connection is opened to add a migration or script one.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PortalDbContext>();
        builder.UseProvider(DatabaseProvider.Sqlite, "Data Source=design-time.db");
        return new PortalDbContext(builder.Options);
    }
}
