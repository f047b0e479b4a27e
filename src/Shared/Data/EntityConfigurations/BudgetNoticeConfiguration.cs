using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data.EntityConfigurations;

internal sealed class BudgetNoticeConfiguration : IEntityTypeConfiguration<BudgetNotice>
{
    public void Configure(EntityTypeBuilder<BudgetNotice> builder)
    {
        builder.Property(n => n.Measure).HasConversion<string>().HasMaxLength(16);
        builder.Property(n => n.Period).HasConversion<string>().HasMaxLength(16);
        builder.Property(n => n.Spent).HasPrecision(20, 4);
        builder.Property(n => n.Budget).HasPrecision(20, 4);
        builder.HasOne<QuotaPolicy>().WithMany().HasForeignKey(n => n.PolicyId).OnDelete(DeleteBehavior.Cascade);

        // The claim that makes one replica, and one only, send each notice.
        builder.HasIndex(n => new { n.PolicyId, n.Measure, n.Period, n.PeriodStart, n.Percent }).IsUnique();
    }
}
