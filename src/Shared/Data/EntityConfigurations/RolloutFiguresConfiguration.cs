using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data.EntityConfigurations;

internal sealed class RolloutFiguresConfiguration : IEntityTypeConfiguration<RolloutFigures>
{
    public void Configure(EntityTypeBuilder<RolloutFigures> builder)
    {
        builder.Property(f => f.Replica).HasMaxLength(128);
        builder.Property(f => f.Side).HasConversion<string>().HasMaxLength(8);
        builder.Property(f => f.LatencyHistogram).HasMaxLength(1024);
        builder.Property(f => f.FirstTokenHistogram).HasMaxLength(1024);
        builder.HasOne<Rollout>().WithMany().HasForeignKey(f => f.RolloutId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => new { f.RolloutId, f.Phase, f.Replica, f.Side }).IsUnique();
    }
}
