using AiGateway.Shared.Security;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Audit;
using AiGateway.Shared.Services.Backends;
using AiGateway.Shared.Services.Chargeback;
using AiGateway.Shared.Services.Configuration;
using AiGateway.Shared.Services.Keys;
using AiGateway.Shared.Services.Pricing;
using AiGateway.Shared.Services.Quotas;
using AiGateway.Shared.Services.Rollouts;
using AiGateway.Shared.Services.Requests;
using AiGateway.Shared.Services.Teams;
using AiGateway.Shared.Services.Throttling;
using AiGateway.Shared.Services.Usage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AiGateway.Shared.Data;

public static class DataServiceCollectionExtensions
{
    public const string DefaultSqliteFileName = "portal.db";

    /// <summary>
    /// The database on the configured provider, Data Protection with its key ring in that database (so every replica
    /// can read the backend keys any replica wrote), key hashing, and the application services.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);

        var databaseSection = builder.Configuration.GetSection(DatabaseOptions.SectionName);
        var database = databaseSection.Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddOptions<DatabaseOptions>().Bind(databaseSection);
        var connectionString = ResolveConnectionString(builder.Configuration, builder.Environment, database, out var defaultSqliteFile);
        services.AddDbContextFactory<PortalDbContext>(o =>
        {
            // Created owner-only when first needed (after the start-up checks), never by SQLite with the umask's mode.
            if (defaultSqliteFile is not null)
            {
                OwnerOnlyFiles.EnsureFile(defaultSqliteFile);
            }

            o.UseProvider(database.Provider, connectionString);
        });

        services.AddDataProtection()
            .SetApplicationName("ai-gateway")
            .PersistKeysToDbContext<PortalDbContext>()
            .ProtectKeyRingWithConfiguredCertificate(builder.Configuration);

        services.AddOptions<ApiKeyHashOptions>()
            .Bind(builder.Configuration.GetSection(ApiKeyHashOptions.SectionName))
            .PostConfigure(o => o.ApiKeyHashSecret ??= builder.Environment.IsDevelopment() ? DevelopmentSecrets.ApiKeyHashSecret(DataPath(builder.Environment, database)) : null)
            .ValidateDataAnnotations()
            .Validate(o => ApiKeyHashOptions.TryDecode(o.ApiKeyHashSecret, out _), "Security:ApiKeyHashSecret must be base64 of at least 32 random bytes.")
            .ValidateOnStart();
        services.TryAddSingleton<ApiKeyHasher>();
        services.TryAddSingleton<BackendSecretProtector>();
        services.TryAddSingleton<FailedCredentialLog>();

        services.TryAddSingleton<TeamService>();
        services.TryAddSingleton<ApiKeyService>();
        services.TryAddSingleton<AiGateway.Shared.Services.TeamTokens.TeamTokenService>();
        services.TryAddSingleton<BackendService>();
        services.TryAddSingleton<DeploymentService>();
        services.TryAddSingleton<DeploymentPriceService>();
        services.TryAddSingleton<AliasService>();
        services.TryAddSingleton<QuotaPolicyService>();
        services.TryAddSingleton<RolloutService>();
        services.TryAddSingleton<AuditLogService>();
        services.TryAddSingleton<UsageReportService>();
        services.TryAddSingleton<ChargebackService>();
        services.TryAddSingleton<ChargebackPeriodService>();
        services.TryAddSingleton<AiGateway.Shared.Services.Spend.TeamSpendService>();
        services.TryAddSingleton<RequestExplorerService>();
        services.TryAddSingleton<ThrottleExplorerService>();
        services.TryAddSingleton<GatewayConfigurationService>();
        return builder;
    }

    public static string DataPath(IHostEnvironment environment, DatabaseOptions database)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(database);
        return Path.GetFullPath(database.DataPath ?? Path.Combine(environment.ContentRootPath, "data"), environment.ContentRootPath);
    }

    private static string ResolveConnectionString(IConfiguration configuration, IHostEnvironment environment, DatabaseOptions database, out string? defaultSqliteFile)
    {
        defaultSqliteFile = null;
        var configured = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        if (database.Provider != DatabaseProvider.Sqlite)
        {
            throw new InvalidOperationException($"ConnectionStrings:{DatabaseOptions.ConnectionStringName} is required when Database:Provider is {database.Provider}.");
        }

        var folder = DataPath(environment, database);
        OwnerOnlyFiles.CreateFolder(folder);
        defaultSqliteFile = Path.Combine(folder, DefaultSqliteFileName);
        return $"Data Source={defaultSqliteFile}";
    }
}
