using AiGateway.Shared.Security;

namespace AiGateway.Portal.Demo;

public static class DemoHostingExtensions
{
    public static bool IsDemoEnabled(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(DemoOptions.SectionName).Get<DemoOptions>();
        return options?.Enabled ?? builder.Environment.IsDevelopment();
    }

    /// <summary>The demo: its options and seeder. The simulator it calls is hosted by <see cref="MapDemo"/>.</summary>
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
        return builder;
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
        var configured = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value.ApiKey;
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
