using AiGateway.Gateway;
using AiGateway.Gateway.Routing;
using AiGateway.Portal.Auth;
using AiGateway.Portal.Cli;
using AiGateway.Portal.Demo;
using AiGateway.Portal.Hosting;
using AiGateway.Portal.Telemetry;
using AiGateway.Shared.Data;
using AiGateway.Shared.Services.Alerts;

if (args is ["config", .. var configArgs])
{
    return await ConfigurationCommand.RunAsync(configArgs);
}

if (MigrateCommand.IsRequested(args))
{
    return await MigrateCommand.RunAsync(args[1..]);
}

var builder = WebApplication.CreateBuilder(args);
var roles = builder.AddHostRoles();

// Both roles: the database, alerts raised into the outbox (delivered by portal replicas), health, telemetry.
builder.AddGatewayData();
builder.AddAlerts(deliver: roles.Portal);
builder.AddErrorAnswers();
builder.AddPortalHealthChecks();
builder.AddTelemetry();
if (roles.Portal)
{
    builder.AddPortal();
}

if (roles.Gateway)
{
    builder.AddGateway();
}
else
{
    builder.AddGatewayViews();
}

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
app.UseErrorAnswers();
if (roles.Gateway)
{
    app.UseGateway();
}

if (roles.Portal)
{
    app.UsePortal();
}
else
{
    app.MarkAuthenticationWired();
}

app.MapHealthEndpoints();
app.MapTelemetry();
app.MapDemo();
if (roles.Gateway)
{
    app.MapGateway();
}
else
{
    app.MapGatewayNotServed();
}

if (roles.Portal)
{
    app.MapPortal();
}

await app.RunAsync();
return 0;
