using CompetitionSite.Web.Domain.Competitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CompetitionSite.Web.Data.Configurations;

public sealed class CompetitionConfiguration : IEntityTypeConfiguration<Competition>
{
    public void Configure(EntityTypeBuilder<Competition> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Slug).HasMaxLength(100).IsRequired();
        builder.HasIndex(c => c.Slug).IsUnique();
        builder.Property(c => c.Title).HasMaxLength(200).IsRequired();
        builder.Property(c => c.Summary).HasMaxLength(500);
        builder.Property(c => c.OrganizingBody).HasMaxLength(200);
        builder.Property(c => c.ContactEmail).HasMaxLength(320);
        builder.Property(c => c.BannerFileName).HasMaxLength(200);
        builder.Property(c => c.BannerContentType).HasMaxLength(100);
        builder.Property(c => c.TimeZoneId).HasMaxLength(64);
        builder.Property(c => c.Stage).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.RankingMode).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Gallery).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.PublishedByUserId).HasMaxLength(64);
        builder.HasIndex(c => new { c.Stage, c.SubmissionClosesAt });
        builder.HasMany(c => c.Categories).WithOne(x => x.Competition).HasForeignKey(x => x.CompetitionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Rubrics).WithOne().HasForeignKey(r => r.CompetitionId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(150).IsRequired();
        builder.Property(c => c.Description).HasMaxLength(2000);
        builder.Property(c => c.AllowedExtensions).HasMaxLength(300);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(c => new { c.CompetitionId, c.Name }).IsUnique();
        builder.HasOne(c => c.Rubric).WithMany().HasForeignKey(c => c.RubricId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.AwardTiers).WithOne().HasForeignKey(t => t.CategoryId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(c => c.AllowedExtensionList);
    }
}

public sealed class AwardTierConfiguration : IEntityTypeConfiguration<AwardTier>
{
    public void Configure(EntityTypeBuilder<AwardTier> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(100).IsRequired();
    }
}

public sealed class RubricConfiguration : IEntityTypeConfiguration<Rubric>
{
    public void Configure(EntityTypeBuilder<Rubric> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Name).HasMaxLength(150).IsRequired();
        builder.HasMany(r => r.Criteria).WithOne().HasForeignKey(c => c.RubricId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class CriterionConfiguration : IEntityTypeConfiguration<Criterion>
{
    public void Configure(EntityTypeBuilder<Criterion> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(150).IsRequired();
        builder.Property(c => c.Description).HasMaxLength(2000);
        builder.HasIndex(c => new { c.RubricId, c.Order });
    }
}

public sealed class AnnouncementConfiguration : IEntityTypeConfiguration<Announcement>
{
    public void Configure(EntityTypeBuilder<Announcement> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Title).HasMaxLength(Announcement.TitleMaxLength).IsRequired();
        builder.Property(a => a.Body).HasMaxLength(Announcement.BodyMaxLength).IsRequired();
        builder.Property(a => a.Audience).HasConversion<string>().HasMaxLength(40);
        builder.Property(a => a.PostedByUserId).HasMaxLength(64);
        builder.Ignore(a => a.IsOnPublicPage);
        builder.HasOne<Competition>().WithMany().HasForeignKey(a => a.CompetitionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Category>().WithMany().HasForeignKey(a => a.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.CompetitionId, a.PostedAt });
    }
}

public sealed class QuestionConfiguration : IEntityTypeConfiguration<Question>
{
    public void Configure(EntityTypeBuilder<Question> builder)
    {
        builder.HasKey(q => q.Id);
        builder.Property(q => q.AskedByUserId).HasMaxLength(64).IsRequired();
        builder.Property(q => q.Text).HasMaxLength(Question.TextMaxLength).IsRequired();
        builder.Property(q => q.Answer).HasMaxLength(Question.AnswerMaxLength);
        builder.Property(q => q.AnsweredByUserId).HasMaxLength(64);
        builder.Property(q => q.PublicWording).HasMaxLength(Question.TextMaxLength);
        builder.Ignore(q => q.IsAnswered);
        builder.HasOne<Competition>().WithMany().HasForeignKey(q => q.CompetitionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(q => new { q.CompetitionId, q.AskedAt });
        builder.HasIndex(q => new { q.AskedByUserId, q.CompetitionId });
    }
}
