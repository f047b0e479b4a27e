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
        builder.Property(p => p.DailyCostBudget).HasPrecision(18, 4);
        builder.Property(p => p.MonthlyCostBudget).HasPrecision(18, 4);
        builder.Property(p => p.BudgetAlertPercents).HasMaxLength(64);
        builder.HasIndex(p => p.ScopeKey).IsUnique();
    }
}
