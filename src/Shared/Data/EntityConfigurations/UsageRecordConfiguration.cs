using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data.EntityConfigurations;

internal sealed class UsageRecordConfiguration : IEntityTypeConfiguration<UsageRecord>
{
    public void Configure(EntityTypeBuilder<UsageRecord> builder)
    {
        builder.Property(u => u.RequestId).HasMaxLength(64);
        builder.Property(u => u.AliasName).HasMaxLength(FieldLimits.Name);
        builder.Property(u => u.Operation).HasMaxLength(32);
        builder.Property(u => u.ServiceTier).HasMaxLength(32);
        builder.Property(u => u.Cost).HasPrecision(18, 8);
        builder.HasIndex(u => u.At);
        // Replaying a spool file looks its request ids up, to skip those already stored. Not unique: an id is the
        // gateway's own per request, but rows written before this index, and tests' seeded data, may repeat one.
        builder.HasIndex(u => u.RequestId);
        builder.HasIndex(u => new { u.TeamId, u.At });
    }
}
