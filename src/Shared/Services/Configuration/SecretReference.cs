namespace AiGateway.Shared.Services.Configuration;

/// <summary>
/// How a document names a secret without holding it: <c>env:NAME</c> (an environment variable of whoever applies the
/// document) or <c>keyvault:https://vault.vault.azure.net/secrets/name</c> (an Azure Key Vault secret).
/// </summary>
public static class SecretReference
{
    public const string EnvironmentPrefix = "env:";
    public const string KeyVaultPrefix = "keyvault:";

    /// <summary>The reference an export writes for a backend's key: the gateway cannot know where its operator keeps the key, so it names a variable by convention.</summary>
    public static string ForBackendKey(string backendName)
    {
        ArgumentNullException.ThrowIfNull(backendName);
        var name = new string(backendName.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return $"{EnvironmentPrefix}AIGW_BACKEND_{name}_API_KEY";
    }
}
