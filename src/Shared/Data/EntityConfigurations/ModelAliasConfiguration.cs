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
        builder.HasMany(a => a.Targets).WithOne(t => t.Alias).HasForeignKey(t => t.AliasId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany<QuotaPolicy>().WithOne(p => p.Alias).HasForeignKey(p => p.AliasId).OnDelete(DeleteBehavior.Cascade);
    }
}
