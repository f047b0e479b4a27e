using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data.EntityConfigurations;

internal sealed class AlertChannelConfiguration : IEntityTypeConfiguration<AlertChannel>
{
    public const int RecipientsLength = 1024;

    public void Configure(EntityTypeBuilder<AlertChannel> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(FieldLimits.Name);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.ProtectedUrl).HasMaxLength(4096).IsSecret();
        builder.Property(c => c.UrlDisplay).HasMaxLength(FieldLimits.Url);
        builder.Property(c => c.EmailRecipients).HasMaxLength(RecipientsLength);
        builder.Property(c => c.Kinds).HasMaxLength(512);
        builder.HasIndex(c => c.TeamId);
        // A deleted team's channels go with it (and their deliveries with them).
        builder.HasOne(c => c.Team).WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}
