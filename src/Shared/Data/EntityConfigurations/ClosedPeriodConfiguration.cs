using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data.EntityConfigurations;

internal sealed class ClosedPeriodConfiguration : IEntityTypeConfiguration<ClosedPeriod>
{
    public const int ReasonLength = 500;

    public void Configure(EntityTypeBuilder<ClosedPeriod> builder)
    {
        builder.Property(p => p.ClosedBy).HasMaxLength(FieldLimits.UserId);
        builder.Property(p => p.ReopenedBy).HasMaxLength(FieldLimits.UserId);
        builder.Property(p => p.ReopenReason).HasMaxLength(ReasonLength);
        // The closers' lock: a second replica closing the same day fails here and leaves the first one's lines.
        builder.HasIndex(p => p.DayStart).IsUnique();
        builder.HasMany(p => p.Lines).WithOne(l => l.ClosedPeriod).HasForeignKey(l => l.ClosedPeriodId).OnDelete(DeleteBehavior.Cascade);
    }
}
