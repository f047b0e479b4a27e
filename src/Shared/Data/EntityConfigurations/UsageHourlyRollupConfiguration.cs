using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data.EntityConfigurations;

internal sealed class UsageHourlyRollupConfiguration : IEntityTypeConfiguration<UsageHourlyRollup>
{
    public void Configure(EntityTypeBuilder<UsageHourlyRollup> builder)
    {
        builder.Property(r => r.AliasName).HasMaxLength(FieldLimits.Name);
        builder.Property(r => r.Cost).HasPrecision(18, 8);
        builder.HasIndex(r => new { r.HourStart, r.TeamId, r.ApiKeyId, r.AliasName, r.DeploymentId }).IsUnique();
        builder.HasIndex(r => new { r.TeamId, r.HourStart });
    }
}
