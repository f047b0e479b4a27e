using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data.EntityConfigurations;

internal sealed class AliasTargetConfiguration : IEntityTypeConfiguration<AliasTarget>
{
    public void Configure(EntityTypeBuilder<AliasTarget> builder)
    {
        builder.HasIndex(t => new { t.AliasId, t.DeploymentId }).IsUnique();
        // A deployment that an alias routes to cannot be removed until the alias stops routing to it.
        builder.HasOne(t => t.Deployment).WithMany().HasForeignKey(t => t.DeploymentId).OnDelete(DeleteBehavior.Restrict);
    }
}
