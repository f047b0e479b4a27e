using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data.EntityConfigurations;

internal sealed class DeploymentPriceConfiguration : IEntityTypeConfiguration<DeploymentPrice>
{
    public void Configure(EntityTypeBuilder<DeploymentPrice> builder)
    {
        builder.Property(p => p.ServiceTier).HasMaxLength(32);
        builder.Property(p => p.InputPer1K).HasPrecision(18, 8);
        builder.Property(p => p.CachedInputPer1K).HasPrecision(18, 8);
        builder.Property(p => p.OutputPer1K).HasPrecision(18, 8);
        builder.Property(p => p.ReasoningPer1K).HasPrecision(18, 8);
        builder.Property(p => p.AudioInputPer1K).HasPrecision(18, 8);
        builder.Property(p => p.AudioOutputPer1K).HasPrecision(18, 8);
        builder.Property(p => p.MonthlyFixedCost).HasPrecision(18, 4);
        builder.HasOne(p => p.Deployment).WithMany(d => d.Prices).HasForeignKey(p => p.DeploymentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.DeploymentId, p.ServiceTier, p.EffectiveFrom }).IsUnique();
    }
}
