using AiGateway.Shared.Security;

namespace AiGateway.Portal.Hosting;

/// <summary>
/// Runs right after the host is built and before anything touches the database: a missing hash secret or an
/// unprotected key ring in Production stops the process with one line on stderr and exit code 1, not a stack trace
/// after the migrations ran.
/// </summary>
public static partial class StartupChecks
{
    public const string Prefix = "Refusing to start: ";

    /// <summary>False when the process must not start; the reason is already on stderr.</summary>
    public static bool PassesStartupChecks(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var problem = StartupSettingsCheck.KeyRingProblem(app.Services) ?? StartupSettingsCheck.ApiKeyHashSecretProblem(app.Services);
        if (problem is not null)
        {
            Console.Error.WriteLine(Prefix + problem);
            return false;
        }

        var status = app.Services.GetRequiredService<KeyRingProtectionStatus>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupChecks));
        if (status.Current is { } certificate)
        {
            Log.KeyRingProtected(logger, status.Source, certificate.Thumbprint, status.DecryptionCertificates.Count - 1);
        }
        else if (app.Environment.IsProduction())
        {
            Log.KeyRingUnprotected(logger);
        }

        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "The Data Protection key ring is protected with a {Source} (thumbprint {Thumbprint}); {Additional} earlier certificate(s) still decrypt")]
        public static partial void KeyRingProtected(ILogger logger, string source, string thumbprint, int additional);

        [LoggerMessage(2, LogLevel.Warning, "The Data Protection key ring is stored unprotected (DataProtection:AllowUnprotectedKeyRing=true): anyone with a copy of the database can read backend keys and forge a portal sign-in")]
        public static partial void KeyRingUnprotected(ILogger logger);
    }
}
