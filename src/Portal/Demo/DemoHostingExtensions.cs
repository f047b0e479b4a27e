using AiGateway.Shared.Security;
using AiGateway.Simulator.Options;
using Microsoft.Extensions.Options;

namespace AiGateway.Portal.Demo;

public static class DemoHostingExtensions
{
    public const string SimulatorSectionName = "Demo:Simulator";

    public static bool IsDemoEnabled(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(DemoOptions.SectionName).Get<DemoOptions>();
        return options?.Enabled ?? builder.Environment.IsDevelopment();
    }

    /// <summary>The demo: its options, its seeder, and the simulator its backends call.</summary>
    public static IHostApplicationBuilder AddDemo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.IsDemoEnabled())
        {
            return builder;
        }

        builder.Services.AddOptions<DemoOptions>()
            .Bind(builder.Configuration.GetSection(DemoOptions.SectionName))
            .Validate(o => o.ApiKey is null || ApiKeyFormat.IsWellFormed(o.ApiKey),
                $"Demo:ApiKey must look like {ApiKeyFormat.Marker}<{ApiKeyFormat.IdLength} letters or digits>_<{ApiKeyFormat.SecretLength} letters or digits>.")
            .Validate(o => o.SimulatorPath.StartsWith('/'), "Demo:SimulatorPath must start with '/'.")
            .ValidateOnStart();
        builder.Services.AddSingleton<DemoSeeder>();

        // The simulator stands in for the model backends, in this process. Its deployments come from
        // Demo:Simulator; it accepts only the key the demo backends were seeded with, and its run-time control
        // endpoints stay off unless Demo:Simulator:ControlEnabled is true.
        var simulator = builder.Configuration.GetSection(SimulatorSectionName);
        var demo = builder.Configuration.GetSection(DemoOptions.SectionName).Get<DemoOptions>() ?? new DemoOptions();
        builder.Services.AddSimulator(simulator);
        builder.Services.PostConfigure<SimulatorOptions>(o =>
        {
            o.ApiKeys = [demo.SimulatorApiKey];
            o.ControlEnabled = simulator.GetValue<bool?>(nameof(SimulatorOptions.ControlEnabled)) ?? false;
        });
        return builder;
    }

    /// <summary>Maps the in-process simulator under <c>Demo:SimulatorPath</c>.</summary>
    public static WebApplication MapDemo(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<DemoSeeder>() is not null)
        {
            app.MapSimulator(app.Services.GetRequiredService<IOptions<DemoOptions>>().Value.SimulatorPath);
        }

        return app;
    }

    /// <summary>Seeds an empty database and prints a generated key once, to the console only (never to the log).</summary>
    public static async Task SeedDemoAsync(this WebApplication app, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var seeder = app.Services.GetService<DemoSeeder>();
        if (seeder is null)
        {
            return;
        }

        var secret = await seeder.SeedIfEmptyAsync(ct);
        var configured = app.Services.GetRequiredService<IOptions<DemoOptions>>().Value.ApiKey;
        if (secret is not null && configured is null)
        {
            Console.WriteLine();
            Console.WriteLine("  Demo API key (shown once; it is stored only as a hash):");
            Console.WriteLine($"    {secret}");
            Console.WriteLine("  Set Demo:ApiKey to choose the key yourself.");
            Console.WriteLine();
        }
    }
}
