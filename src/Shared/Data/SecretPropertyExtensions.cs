using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data;

/// <summary>Marks columns that hold secrets (hashes, ciphertext), so the audit log records that they changed but never their value.</summary>
public static class SecretPropertyExtensions
{
    private const string Annotation = "AiGateway:Secret";

    public static PropertyBuilder<T> IsSecret<T>(this PropertyBuilder<T> builder) => builder.HasAnnotation(Annotation, true);

    public static bool IsSecret(this IReadOnlyProperty property) => property.FindAnnotation(Annotation)?.Value is true;
}
