using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data.EntityConfigurations;

internal sealed class DeploymentConfiguration : IEntityTypeConfiguration<Deployment>
{
    public void Configure(EntityTypeBuilder<Deployment> builder)
    {
        builder.Property(d => d.Name).HasMaxLength(FieldLimits.Name);
        builder.Property(d => d.Model).HasMaxLength(FieldLimits.Name);
        builder.Property(d => d.ModelVersion).HasMaxLength(64);
        builder.HasIndex(d => new { d.BackendId, d.Name }).IsUnique();
    }
}
