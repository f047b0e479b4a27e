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
        // Every dimension the writers group by is in the unique key, or two groups could claim the same row and the
        // upsert's insert would fail forever.
        builder.HasIndex(r => new { r.HourStart, r.TeamId, r.ApiKeyId, r.AliasName, r.DeploymentId, r.BackendId }).IsUnique();
        builder.HasIndex(r => new { r.TeamId, r.HourStart });
    }
}
