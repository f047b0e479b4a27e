using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data.EntityConfigurations;

internal sealed class AlertEventConfiguration : IEntityTypeConfiguration<AlertEvent>
{
    public void Configure(EntityTypeBuilder<AlertEvent> builder)
    {
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Title).HasMaxLength(256);
        builder.Property(e => e.Message).HasMaxLength(4000);
        builder.Property(e => e.DedupeKey).HasMaxLength(256);
        // The one guard against two replicas raising the same notice: the second insert fails and is skipped.
        builder.HasIndex(e => e.DedupeKey).IsUnique();
        builder.HasIndex(e => e.At);
        builder.HasMany(e => e.Deliveries).WithOne(d => d.Event).HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Cascade);
    }
}
