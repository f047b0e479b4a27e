using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using AiGateway.Shared.Services.Configuration;

namespace AiGateway.Portal.Cli;

/// <summary>
/// Fills each backend's <c>apiKey</c> from its <c>apiKeySecret</c> reference on the machine that applies the document,
/// so keys travel from the operator's secret store to the gateway without ever being written in the file.
/// </summary>
public sealed class BackendSecretResolver(Func<string, string?> environment, TextWriter warnings)
{
    public async Task ResolveAsync(GatewayConfigurationDocument document, CancellationToken ct)
    {
        foreach (var backend in document.Backends ?? [])
        {
            if (backend.ApiKey is not null || string.IsNullOrWhiteSpace(backend.ApiKeySecret))
            {
                continue;
            }

            backend.ApiKey = await ResolveAsync(backend.ApiKeySecret.Trim(), ct);
            if (backend.ApiKey is null)
            {
                await warnings.WriteLineAsync($"warning: {backend.ApiKeySecret} is not set; backend '{backend.Name}' keeps the key it has (a new backend needs it).");
            }
        }
    }

    private async Task<string?> ResolveAsync(string reference, CancellationToken ct)
    {
        if (reference.StartsWith(SecretReference.EnvironmentPrefix, StringComparison.Ordinal))
        {
            var value = environment(reference[SecretReference.EnvironmentPrefix.Length..]);
            return string.IsNullOrEmpty(value) ? null : value;
        }

        if (reference.StartsWith(SecretReference.KeyVaultPrefix, StringComparison.Ordinal)
            && Uri.TryCreate(reference[SecretReference.KeyVaultPrefix.Length..], UriKind.Absolute, out var secretUri)
            && secretUri.Segments is [_, "secrets/", var name, .. var version])
        {
            var client = new SecretClient(new Uri(secretUri.GetLeftPart(UriPartial.Authority)), new DefaultAzureCredential());
            var secret = await client.GetSecretAsync(name.TrimEnd('/'), version.FirstOrDefault()?.TrimEnd('/'), ct);
            return secret.Value.Value;
        }

        throw new CommandException($"'{reference}' is not a secret reference: use env:NAME or keyvault:https://<vault>.vault.azure.net/secrets/<name>.");
    }
}
