using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Participants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CompetitionSite.Web.Data.Configurations;

public sealed class EntryConfiguration : IEntityTypeConfiguration<Entry>
{
    public void Configure(EntityTypeBuilder<Entry> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.PublicCode).HasMaxLength(16).IsRequired();
        builder.HasIndex(e => e.PublicCode).IsUnique();
        builder.HasOne(e => e.Category).WithMany().HasForeignKey(e => e.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(e => e.Title).HasMaxLength(200).IsRequired();
        builder.Property(e => e.Description).HasMaxLength(4000);
        builder.Property(e => e.LinkUrl).HasMaxLength(500);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.DisqualificationReason).HasMaxLength(1000);
        builder.Property(e => e.GalleryHiddenReason).HasMaxLength(500);
        builder.Property(e => e.CreatedByUserId).HasMaxLength(64);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.HasIndex(e => new { e.CategoryId, e.Status });
        builder.HasMany(e => e.Members).WithOne().HasForeignKey(m => m.EntryId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(e => e.Files).WithOne().HasForeignKey(f => f.EntryId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class EntryMemberConfiguration : IEntityTypeConfiguration<EntryMember>
{
    public void Configure(EntityTypeBuilder<EntryMember> builder)
    {
        builder.HasKey(m => m.Id);
        builder.HasOne<ParticipantProfile>().WithMany().HasForeignKey(m => m.ParticipantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => new { m.EntryId, m.ParticipantId });
        builder.Property(m => m.InvitedEmail).HasMaxLength(320);
        builder.Property(m => m.InvitationTokenHash).HasMaxLength(128);
        builder.Property(m => m.InvitationStatus).HasConversion<string>().HasMaxLength(20);
    }
}

public sealed class EntryFileConfiguration : IEntityTypeConfiguration<EntryFile>
{
    public void Configure(EntityTypeBuilder<EntryFile> builder)
    {
        builder.HasKey(f => f.Id);
        builder.Property(f => f.StoredName).HasMaxLength(200).IsRequired();
        builder.Property(f => f.OriginalFileName).HasMaxLength(255);
        builder.Property(f => f.ContentType).HasMaxLength(100);
        builder.Property(f => f.Sha256).HasMaxLength(64);
        builder.HasIndex(f => f.Sha256);
        // One row per stored file: a repeated "complete" of one upload can never record it twice.
        builder.HasIndex(f => f.StoredName).IsUnique();
        builder.HasIndex(f => new { f.EntryId, f.Slot, f.IsCurrent });
    }
}

public sealed class UploadSessionConfiguration : IEntityTypeConfiguration<UploadSession>
{
    public void Configure(EntityTypeBuilder<UploadSession> builder)
    {
        builder.HasKey(u => u.Id);
        builder.HasOne<Entry>().WithMany().HasForeignKey(u => u.EntryId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(u => u.FileName).HasMaxLength(255);
        builder.Property(u => u.StoredName).HasMaxLength(200);
        builder.Property(u => u.StartedByUserId).HasMaxLength(64);
        builder.Property(u => u.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(u => u.RejectionReason).HasMaxLength(500);
        builder.Property(u => u.Fingerprint).HasMaxLength(64);
        builder.Property(u => u.StagingName).HasMaxLength(200);
        builder.Property(u => u.CompletionClaim).IsConcurrencyToken();
    }
}
