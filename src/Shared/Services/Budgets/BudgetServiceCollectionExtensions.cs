using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AiGateway.Shared.Services.Budgets;

public static class BudgetServiceCollectionExtensions
{
    /// <summary>Budget threshold notices: the <c>Budgets</c> settings, the checker, and the service that runs it.</summary>
    public static IHostApplicationBuilder AddBudgetNotices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<BudgetOptions>()
            .BindConfiguration(BudgetOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<BudgetThresholdChecker>();
        services.AddHostedService<BudgetNoticeService>();
        return builder;
    }
}
