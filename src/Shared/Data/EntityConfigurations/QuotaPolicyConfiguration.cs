using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data.EntityConfigurations;

internal sealed class QuotaPolicyConfiguration : IEntityTypeConfiguration<QuotaPolicy>
{
    public void Configure(EntityTypeBuilder<QuotaPolicy> builder)
    {
        builder.Property(p => p.Scope).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.ScopeKey).HasMaxLength(96);
        builder.HasIndex(p => p.ScopeKey).IsUnique();
    }
}
