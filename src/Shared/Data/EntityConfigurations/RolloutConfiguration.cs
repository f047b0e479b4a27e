using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data.EntityConfigurations;

internal sealed class RolloutConfiguration : IEntityTypeConfiguration<Rollout>
{
    public void Configure(EntityTypeBuilder<Rollout> builder)
    {
        builder.Property(r => r.Strategy).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.OnBreach).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Assignment).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.CreatedBy).HasMaxLength(FieldLimits.UserId);
        builder.Property(r => r.LeaseOwner).HasMaxLength(128);
        builder.HasOne(r => r.Alias).WithMany().HasForeignKey(r => r.AliasId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.FromDeployment).WithMany().HasForeignKey(r => r.FromDeploymentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.ToDeployment).WithMany().HasForeignKey(r => r.ToDeploymentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.History).WithOne().HasForeignKey(e => e.RolloutId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.Revision).IsConcurrencyToken();
        builder.HasIndex(r => new { r.AliasId, r.State });
    }
}
