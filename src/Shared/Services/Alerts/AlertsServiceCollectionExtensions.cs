using AiGateway.Shared.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using MimeKit;

namespace AiGateway.Shared.Services.Alerts;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>
    /// Alerts: the queued publisher (replacing any fallback registered with TryAdd), the writer that stores notices in
    /// the outbox, the dispatcher that delivers them, the four senders, and the channel service.
    /// </summary>
    /// <param name="builder">The host.</param>
    /// <param name="deliver">
    /// Whether this replica delivers the outbox (a portal replica does). A gateway-only replica raises alerts into the
    /// outbox and leaves sending them to the replicas that deliver: the outbox is shared, and a notice is claimed
    /// before it is sent, so any number of deliverers send each once.
    /// </param>
    public static IHostApplicationBuilder AddAlerts(this IHostApplicationBuilder builder, bool deliver = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AlertsOptions>()
            .Bind(builder.Configuration.GetSection(AlertsOptions.SectionName))
            .Validate(o => o.MaxAttempts >= 1, "Alerts:MaxAttempts must be at least 1.")
            .Validate(o => o.RetryBaseDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.RetryBaseDelay, "Alerts:RetryBaseDelay must be positive and at most Alerts:MaxRetryDelay.")
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Alerts:PollInterval must be positive.")
            .Validate(o => o.SendTimeout > TimeSpan.Zero, "Alerts:SendTimeout must be positive.")
            .Validate(o => o.QueueCapacity >= 1, "Alerts:QueueCapacity must be at least 1.")
            .Validate(o => !o.Smtp.IsConfigured || o.Smtp.Port is > 0 and <= 65535, "Alerts:Smtp:Port must be between 1 and 65535.")
            .Validate(o => !o.Smtp.IsConfigured || Enum.IsDefined(o.Smtp.Security), "Alerts:Smtp:Security must be None, StartTls, SslOnConnect or Auto.")
            .Validate(o => !o.Smtp.IsConfigured || MailboxAddress.TryParse(o.Smtp.From, out _), "Alerts:Smtp:From must be an e-mail address when Alerts:Smtp:Host is set.")
            .Validate(o => !o.Smtp.IsConfigured || string.IsNullOrEmpty(o.Smtp.UserName) || o.Smtp.Password is not null, "Alerts:Smtp:Password is required when Alerts:Smtp:UserName is set.")
            .ValidateOnStart();

        services.AddHttpClient(AlertWebhookClient.HttpClientName, (provider, client) =>
                client.Timeout = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AlertsOptions>>().Value.SendTimeout)
            // A redirect would take the request, and its body, to an address nobody validated.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

        services.TryAddSingleton<AlertChannelSecretProtector>();
        services.TryAddSingleton<AlertWebhookClient>();
        services.AddSingleton<IAlertSender, WebhookAlertSender>();
        services.AddSingleton<IAlertSender, MicrosoftTeamsAlertSender>();
        services.AddSingleton<IAlertSender, SlackAlertSender>();
        services.AddSingleton<IAlertSender, EmailAlertSender>();
        services.TryAddSingleton<AlertOutbox>();
        services.TryAddSingleton<AlertDispatchSignal>();
        services.TryAddSingleton<AlertDispatcher>();
        services.TryAddSingleton<AlertChannelService>();

        services.TryAddSingleton<QueuedAlertPublisher>();
        // Not TryAdd: this publisher must win over a fallback registered before it.
        services.AddSingleton<IAlertPublisher>(provider => provider.GetRequiredService<QueuedAlertPublisher>());
        services.AddHostedService<AlertEventWriter>();
        if (deliver)
        {
            services.AddHostedService<AlertDispatcherService>();
        }

        return builder;
    }
}
