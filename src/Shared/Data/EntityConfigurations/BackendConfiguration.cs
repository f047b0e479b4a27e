using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data.EntityConfigurations;

internal sealed class BackendConfiguration : IEntityTypeConfiguration<Backend>
{
    public void Configure(EntityTypeBuilder<Backend> builder)
    {
        builder.Property(b => b.Name).HasMaxLength(FieldLimits.Name);
        builder.HasIndex(b => b.Name).IsUnique();
        builder.Property(b => b.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(b => b.BaseUrl).HasMaxLength(FieldLimits.Url);
        builder.Property(b => b.Region).HasMaxLength(64);
        builder.Property(b => b.Tier).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.CredentialKind).HasConversion<string>().HasMaxLength(32);
        builder.Property(b => b.ProtectedApiKey).HasMaxLength(2048).IsSecret();
        builder.Property(b => b.ManagedIdentityClientId).HasMaxLength(64);
        builder.Property(b => b.ApiVersion).HasMaxLength(32);
        // A backend that still has deployments cannot be removed by accident: remove or move them first.
        builder.HasMany(b => b.Deployments).WithOne(d => d.Backend).HasForeignKey(d => d.BackendId).OnDelete(DeleteBehavior.Restrict);
    }
}
