using Microsoft.AspNetCore.DataProtection;

namespace AiGateway.Shared.Security;

/// <summary>
/// Encrypts alert webhook URLs at rest, as backend keys are: a Slack or Teams webhook URL is itself the credential that
/// lets anyone post to the channel. An unreadable one fails its delivery with a clear reason.
/// </summary>
public sealed class AlertChannelSecretProtector(IDataProtectionProvider provider) : SecretProtector(provider, "AiGateway.AlertChannelUrl.v1");
