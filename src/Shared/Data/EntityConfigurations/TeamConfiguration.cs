using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data.EntityConfigurations;

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(FieldLimits.Name);
        builder.HasIndex(t => t.Name).IsUnique();
        builder.Property(t => t.Description).HasMaxLength(FieldLimits.Description);
        builder.Property(t => t.Priority).HasConversion<string>().HasMaxLength(16);
        builder.HasMany(t => t.Members).WithOne(m => m.Team).HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.ApiKeys).WithOne(k => k.Team).HasForeignKey(k => k.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.QuotaPolicies).WithOne(p => p.Team).HasForeignKey(p => p.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}
