using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Shared.Data.EntityConfigurations;

internal sealed class StoredObjectOwnerConfiguration : IEntityTypeConfiguration<StoredObjectOwner>
{
    public void Configure(EntityTypeBuilder<StoredObjectOwner> builder)
    {
        builder.ToTable("StoredObjectOwners");

        // Looked up by the id a client names: one indexed read on a miss.
        builder.HasKey(e => e.ObjectId);
        builder.Property(e => e.ObjectId).HasMaxLength(256);
        builder.Property(e => e.Kind).HasMaxLength(32);

        // Pruning reads expired rows; lists read a team's objects of one kind.
        builder.HasIndex(e => e.ExpiresAt);
        builder.HasIndex(e => new { e.TeamId, e.Kind });
    }
}
