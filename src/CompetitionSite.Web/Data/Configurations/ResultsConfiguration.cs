using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CompetitionSite.Web.Data.Configurations;

public sealed class EntryAwardConfiguration : IEntityTypeConfiguration<EntryAward>
{
    public void Configure(EntityTypeBuilder<EntryAward> builder)
    {
        builder.HasKey(a => a.Id);
        builder.HasOne<Competition>().WithMany().HasForeignKey(a => a.CompetitionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Category>().WithMany().HasForeignKey(a => a.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Entry>().WithMany().HasForeignKey(a => a.EntryId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(a => a.AwardName).HasMaxLength(100).IsRequired();
        builder.Property(a => a.Citation).HasMaxLength(500);
        // An entry holds at most one ranked tier and at most one special award.
        builder.HasIndex(a => new { a.EntryId, a.IsSpecial }).IsUnique();
        builder.HasIndex(a => new { a.CompetitionId, a.CategoryId });
    }
}

public sealed class CategoryAwardDecisionConfiguration : IEntityTypeConfiguration<CategoryAwardDecision>
{
    public void Configure(EntityTypeBuilder<CategoryAwardDecision> builder)
    {
        builder.HasKey(d => d.Id);
        builder.HasOne<Competition>().WithMany().HasForeignKey(d => d.CompetitionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Category>().WithMany().HasForeignKey(d => d.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => d.CategoryId).IsUnique();
        builder.Property(d => d.RankingFingerprint).HasMaxLength(64);
        builder.Property(d => d.SavedByUserId).HasMaxLength(64);
    }
}

public sealed class ExcusedEntryConfiguration : IEntityTypeConfiguration<ExcusedEntry>
{
    public void Configure(EntityTypeBuilder<ExcusedEntry> builder)
    {
        builder.HasKey(x => x.Id);
        builder.HasOne<Competition>().WithMany().HasForeignKey(x => x.CompetitionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Entry>().WithMany().HasForeignKey(x => x.EntryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(x => x.EntryId).IsUnique();
        builder.Property(x => x.Reason).HasMaxLength(500).IsRequired();
        builder.Property(x => x.ExcusedByUserId).HasMaxLength(64);
    }
}

public sealed class ResultNoticeConfiguration : IEntityTypeConfiguration<ResultNotice>
{
    public void Configure(EntityTypeBuilder<ResultNotice> builder)
    {
        builder.HasKey(n => n.Id);
        builder.HasOne<Competition>().WithMany().HasForeignKey(n => n.CompetitionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Entry>().WithMany().HasForeignKey(n => n.EntryId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(n => n.Email).HasMaxLength(320).IsRequired();
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(20);
        // Publishing twice (or two organizers at once) cannot queue a second result email to the same address.
        builder.HasIndex(n => new { n.EntryId, n.Email, n.Kind, n.Round }).IsUnique();
        builder.HasIndex(n => new { n.CompetitionId, n.Kind });
    }
}

public sealed class PublishedResultConfiguration : IEntityTypeConfiguration<PublishedResult>
{
    public void Configure(EntityTypeBuilder<PublishedResult> builder)
    {
        builder.HasKey(r => r.Id);
        builder.HasOne<Competition>().WithMany().HasForeignKey(r => r.CompetitionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Entry>().WithMany().HasForeignKey(r => r.EntryId).OnDelete(DeleteBehavior.Restrict);
        // An entry is published once; the result emails find their entry's row by it.
        builder.HasIndex(r => r.EntryId).IsUnique();
        builder.HasIndex(r => r.CompetitionId);
        builder.Property(r => r.CompetitionTitle).HasMaxLength(200);
        builder.Property(r => r.CompetitionSlug).HasMaxLength(100);
        builder.Property(r => r.LinkBase).HasMaxLength(300);
        builder.Property(r => r.CategoryName).HasMaxLength(200);
        builder.Property(r => r.Code).HasMaxLength(40);
        builder.Property(r => r.Title).HasMaxLength(300);
    }
}
