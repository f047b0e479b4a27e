using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data.EntityConfigurations;

internal sealed class FixedCostAllocationLineConfiguration : IEntityTypeConfiguration<FixedCostAllocationLine>
{
    public void Configure(EntityTypeBuilder<FixedCostAllocationLine> builder)
    {
        builder.Property(l => l.AliasName).HasMaxLength(FieldLimits.Name);
        builder.Property(l => l.Amount).HasPrecision(18, 8);
        builder.Property(l => l.DailyFixedCost).HasPrecision(18, 8);
        builder.HasIndex(l => new { l.DayStart, l.DeploymentId, l.TeamId, l.AliasName }).IsUnique();
        builder.HasIndex(l => new { l.TeamId, l.DayStart });
    }
}
