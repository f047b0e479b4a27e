using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data.EntityConfigurations;

internal sealed class ModelAliasConfiguration : IEntityTypeConfiguration<ModelAlias>
{
    public void Configure(EntityTypeBuilder<ModelAlias> builder)
    {
        builder.Property(a => a.Name).HasMaxLength(FieldLimits.Name);
        builder.HasIndex(a => a.Name).IsUnique();
        builder.Property(a => a.Description).HasMaxLength(FieldLimits.Description);
        // Existing aliases get the defaults a new one has; the sentinels make EF send every value it is given, 0 included.
        builder.Property(a => a.RoutingStrategy).HasConversion<string>().HasMaxLength(16).HasDefaultValue(RoutingStrategy.Weighted);
        builder.Property(a => a.MaxQueueLength).HasDefaultValue(ModelAlias.DefaultMaxQueueLength).HasSentinel(-1);
        builder.Property(a => a.LowQueueSeconds).HasDefaultValue(ModelAlias.DefaultLowQueueSeconds).HasSentinel(-1.0);
        builder.HasMany(a => a.Targets).WithOne(t => t.Alias).HasForeignKey(t => t.AliasId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany<QuotaPolicy>().WithOne(p => p.Alias).HasForeignKey(p => p.AliasId).OnDelete(DeleteBehavior.Cascade);
    }
}
