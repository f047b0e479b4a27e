using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data.EntityConfigurations;

internal sealed class TeamMemberConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> builder)
    {
        builder.Property(m => m.UserId).HasMaxLength(FieldLimits.UserId);
        builder.Property(m => m.DisplayName).HasMaxLength(FieldLimits.Name);
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(m => new { m.TeamId, m.UserId }).IsUnique();
        // The portal asks "which teams is this person in?" on every page.
        builder.HasIndex(m => m.UserId);
    }
}
