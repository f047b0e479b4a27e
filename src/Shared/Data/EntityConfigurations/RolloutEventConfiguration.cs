using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data.EntityConfigurations;

internal sealed class RolloutEventConfiguration : IEntityTypeConfiguration<RolloutEvent>
{
    public void Configure(EntityTypeBuilder<RolloutEvent> builder)
    {
        builder.Property(e => e.FromState).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.ToState).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Reason).HasMaxLength(FieldLimits.Description);
        builder.Property(e => e.Actor).HasMaxLength(FieldLimits.UserId);
        builder.HasIndex(e => new { e.RolloutId, e.At });
    }
}
