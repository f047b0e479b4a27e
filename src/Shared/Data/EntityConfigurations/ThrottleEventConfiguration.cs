using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data.EntityConfigurations;

internal sealed class ThrottleEventConfiguration : IEntityTypeConfiguration<ThrottleEvent>
{
    public void Configure(EntityTypeBuilder<ThrottleEvent> builder)
    {
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.RequestId).HasMaxLength(64);
        builder.Property(e => e.TeamName).HasMaxLength(FieldLimits.Name);
        builder.Property(e => e.KeyName).HasMaxLength(FieldLimits.Name);
        builder.Property(e => e.KeyPrefix).HasMaxLength(32);
        builder.Property(e => e.EntraAppId).HasMaxLength(64);
        builder.Property(e => e.AliasName).HasMaxLength(FieldLimits.Name);
        builder.Property(e => e.QuotaLimit).HasMaxLength(32);
        builder.Property(e => e.DeploymentName).HasMaxLength(FieldLimits.Name);
        builder.Property(e => e.BackendName).HasMaxLength(FieldLimits.Name);

        // The explorer and the dashboard read a recent time range, for everyone or for some teams.
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.TeamId, e.At });
    }
}
