using Microsoft.AspNetCore.DataProtection;

namespace AiGateway.Shared.Security;

/// <summary>Encrypts backend keys at rest with ASP.NET Core Data Protection (its key ring is kept in the database).</summary>
public sealed class BackendSecretProtector(IDataProtectionProvider provider) : SecretProtector(provider, "AiGateway.BackendCredential.v1");
