using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data.EntityConfigurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.Property(k => k.Name).HasMaxLength(FieldLimits.Name);
        builder.Property(k => k.Prefix).HasMaxLength(32);
        builder.HasIndex(k => k.Prefix).IsUnique();
        builder.Property(k => k.SecretHash).HasMaxLength(32).IsSecret();
        builder.Property(k => k.CreatedBy).HasMaxLength(FieldLimits.UserId);
        builder.Property(k => k.IssuedByUserId).HasMaxLength(FieldLimits.UserId);
        builder.Property(k => k.Priority).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(k => k.TeamId);
        // A key's own policy goes with it; the database cannot cascade it as well as the team's cascade on SQL
        // Server (two cascade paths from Team), so EF deletes it when the key is deleted through the context.
        builder.HasMany<QuotaPolicy>().WithOne(p => p.ApiKey).HasForeignKey(p => p.ApiKeyId).OnDelete(DeleteBehavior.ClientCascade);
    }
}
