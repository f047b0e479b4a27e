using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Security;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Backends;

/// <summary>Registers model backends. Backend keys are encrypted before they reach the database and are never read back out.</summary>
public sealed class BackendService(IDbContextFactory<PortalDbContext> dbFactory, BackendSecretProtector protector, TimeProvider clock)
{
    /// <summary>The prefix of a base URL that means "this process itself" (the demo's built-in simulator).</summary>
    public const string SelfUrlPrefix = "{self}";

    public async Task<IReadOnlyList<BackendView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var backends = await db.Backends.AsNoTracking().OrderBy(b => b.Name).ToListAsync(ct);
        return backends.ConvertAll(BackendView.From);
    }

    public async Task<BackendView> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return BackendView.From(await FindAsync(db, id, ct));
    }

    public async Task<BackendView> CreateAsync(BackendInput input, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(input, existingHasKey: false);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await EnsureNameFreeAsync(db, input.Name!, null, ct);
        var backend = new Backend { Name = input.Name!.Trim(), BaseUrl = input.BaseUrl!.Trim(), CreatedAt = clock.GetUtcNow() };
        Apply(backend, input, protector);
        db.Backends.Add(backend);
        await db.SaveConfigurationChangesAsync(actor, ct);
        return BackendView.From(backend);
    }

    public async Task<BackendView> UpdateAsync(Guid id, BackendInput input, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var backend = await FindAsync(db, id, ct);
        Validate(input, existingHasKey: !string.IsNullOrEmpty(backend.ProtectedApiKey));
        await EnsureNameFreeAsync(db, input.Name!, id, ct);
        backend.Name = input.Name!.Trim();
        backend.BaseUrl = input.BaseUrl!.Trim();
        Apply(backend, input, protector);
        await db.SaveConfigurationChangesAsync(actor, ct);
        return BackendView.From(backend);
    }

    public async Task DeleteAsync(Guid id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var backend = await FindAsync(db, id, ct);
        if (await db.Deployments.AnyAsync(d => d.BackendId == id, ct))
        {
            throw new EntityConflictException($"Backend '{backend.Name}' still has deployments; remove them first.");
        }

        db.Backends.Remove(backend);
        await db.SaveConfigurationChangesAsync(actor, ct);
    }

    internal static async Task<Backend> FindAsync(PortalDbContext db, Guid id, CancellationToken ct) =>
        await db.Backends.FirstOrDefaultAsync(b => b.Id == id, ct) ?? throw new EntityNotFoundException("Backend", id);

    private static async Task EnsureNameFreeAsync(PortalDbContext db, string name, Guid? self, CancellationToken ct)
    {
        var trimmed = name.Trim();
        if (await db.Backends.AnyAsync(b => b.Name == trimmed && b.Id != self, ct))
        {
            throw new EntityConflictException($"A backend named '{trimmed}' already exists.");
        }
    }

    internal static void Apply(Backend backend, BackendInput input, BackendSecretProtector protector)
    {
        backend.Kind = input.Kind;
        backend.Region = string.IsNullOrWhiteSpace(input.Region) ? null : input.Region.Trim();
        backend.Tier = input.Tier;
        backend.CredentialKind = input.CredentialKind;
        backend.ManagedIdentityClientId = string.IsNullOrWhiteSpace(input.ManagedIdentityClientId) ? null : input.ManagedIdentityClientId.Trim();
        backend.ApiVersion = string.IsNullOrWhiteSpace(input.ApiVersion) ? null : input.ApiVersion.Trim();
        backend.Enabled = input.Enabled;
        if (input.CredentialKind != BackendCredentialKind.ApiKey)
        {
            backend.ProtectedApiKey = null;
        }
        else if (!string.IsNullOrEmpty(input.ApiKey))
        {
            backend.ProtectedApiKey = protector.Protect(input.ApiKey);
        }
    }

    internal static void Validate(BackendInput input, bool existingHasKey)
    {
        var errors = new ValidationErrors();
        errors.RequireName("name", input.Name);
        errors.Defined("kind", input.Kind);
        errors.Defined("tier", input.Tier);
        errors.Defined("credentialKind", input.CredentialKind);
        errors.MaxLength("region", input.Region, 64);
        errors.MaxLength("apiVersion", input.ApiVersion, 32);
        errors.MaxLength("managedIdentityClientId", input.ManagedIdentityClientId, 64);
        errors.MaxLength("apiKey", input.ApiKey, 512);
        if (string.IsNullOrWhiteSpace(input.BaseUrl))
        {
            errors.Add("baseUrl", "'baseUrl' is required.");
        }
        else if (!IsValidBaseUrl(input.BaseUrl.Trim()))
        {
            errors.Add("baseUrl", $"'baseUrl' must be an absolute http or https URL (or start with {SelfUrlPrefix}/ for this process itself).");
        }

        if (input.CredentialKind == BackendCredentialKind.ApiKey && string.IsNullOrEmpty(input.ApiKey) && !existingHasKey)
        {
            errors.Add("apiKey", "'apiKey' is required when 'credentialKind' is ApiKey.");
        }

        errors.ThrowIfAny();
    }

    private static bool IsValidBaseUrl(string url)
    {
        if (url.Length > FieldLimits.Url)
        {
            return false;
        }

        if (url.StartsWith(SelfUrlPrefix, StringComparison.Ordinal))
        {
            url = "http://localhost" + url[SelfUrlPrefix.Length..];
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && string.IsNullOrEmpty(uri.UserInfo);
    }
}
