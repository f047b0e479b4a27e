using AiGateway.Gateway;
using AiGateway.Portal.Api;
using AiGateway.Portal.Auth;
using AiGateway.Portal.Cli;
using AiGateway.Portal.Demo;
using AiGateway.Portal.Hosting;
using AiGateway.Portal.Telemetry;
using AiGateway.Shared.Data;
using AiGateway.Shared.Services.Alerts;
using AiGateway.Shared.Services.Budgets;
using AiGateway.Shared.Services.Chargeback;

if (args is ["config", .. var configArgs])
{
    return await ConfigurationCommand.RunAsync(configArgs);
}

if (MigrateCommand.IsRequested(args))
{
    return await MigrateCommand.RunAsync(args[1..]);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddGatewayData();
builder.AddAlerts();
builder.AddChargebackPeriods();
builder.AddPortalAuthentication();
builder.AddPortalAuthorization();
builder.AddManagementApi();
builder.AddPortalHealthChecks();
builder.AddTelemetry();
builder.AddGateway();
builder.AddBudgetNotices();
builder.AddPortalUi();
builder.AddSecurityHeaders();
builder.AddDemo();

var app = builder.Build();
if (!app.PassesStartupChecks())
{
    return 1;
}

await app.MigrateDatabaseAsync();
await app.SeedDemoAsync();

app.UseSecurityHeaders();
app.UseManagementApi();
app.UseGateway();
app.UsePortalAuthentication();

app.MapHealthEndpoints();
app.MapTelemetry();
app.MapOpenApi();
app.MapAdminApi();
app.MapDevelopmentSignIn();
app.MapDemo();
app.MapGateway();
app.MapPortalUi();

await app.RunAsync();
return 0;
