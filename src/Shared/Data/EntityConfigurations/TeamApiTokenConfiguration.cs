using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data.EntityConfigurations;

internal sealed class TeamApiTokenConfiguration : IEntityTypeConfiguration<TeamApiToken>
{
    public void Configure(EntityTypeBuilder<TeamApiToken> builder)
    {
        builder.ToTable("TeamApiTokens");
        builder.Property(t => t.Name).HasMaxLength(FieldLimits.Name);
        builder.Property(t => t.Prefix).HasMaxLength(32);
        builder.HasIndex(t => t.Prefix).IsUnique();
        builder.Property(t => t.SecretHash).HasMaxLength(32).IsSecret();
        builder.Property(t => t.CreatedBy).HasMaxLength(FieldLimits.UserId);
        builder.HasIndex(t => t.TeamId);
        // A deleted team's tokens go with it: a token for no team must never authenticate.
        builder.HasOne(t => t.Team).WithMany().HasForeignKey(t => t.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}
