using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Alerts;
using AiGateway.Shared.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Shared.Tests.Services.Alerts;

/// <summary>
/// One replica's alert services as <c>AddAlerts</c> registers them, on a shared test database and a fake clock; the
/// background services are not started: tests drive the outbox and the dispatcher themselves.
/// </summary>
public sealed class AlertHost : IAsyncDisposable
{
    private readonly IHost _host;

    public AlertHost(TestDatabase database, FakeTimeProvider clock, IDataProtectionProvider dataProtection, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddLogging();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<IDbContextFactory<PortalDbContext>>(database);
        builder.Services.AddSingleton(dataProtection);
        builder.AddAlerts();
        _host = builder.Build();
    }

    public AlertOutbox Outbox => Get<AlertOutbox>();
    public AlertDispatcher Dispatcher => Get<AlertDispatcher>();
    public AlertChannelService Channels => Get<AlertChannelService>();

    public T Get<T>()
        where T : notnull => _host.Services.GetRequiredService<T>();

    public static async Task<Team> AddTeamAsync(TestDatabase database, string name)
    {
        await using var db = database.CreateDbContext();
        var team = SampleData.Team(name);
        db.Teams.Add(team);
        await db.SaveConfigurationChangesAsync("test");
        return team;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}
