using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Judging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CompetitionSite.Web.Data.Configurations;

public sealed class JudgeInvitationConfiguration : IEntityTypeConfiguration<JudgeInvitation>
{
    public void Configure(EntityTypeBuilder<JudgeInvitation> builder)
    {
        builder.HasKey(i => i.Id);
        builder.HasOne<Competition>().WithMany().HasForeignKey(i => i.CompetitionId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(i => i.Email).HasMaxLength(320).IsRequired();
        builder.Property(i => i.Name).HasMaxLength(200);
        builder.Property(i => i.TokenHash).HasMaxLength(128).IsRequired();
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => new { i.CompetitionId, i.Email });
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.AcceptedByUserId).HasMaxLength(64);
        builder.Property(i => i.InvitedByUserId).HasMaxLength(64);
    }
}

public sealed class CompetitionJudgeConfiguration : IEntityTypeConfiguration<CompetitionJudge>
{
    public void Configure(EntityTypeBuilder<CompetitionJudge> builder)
    {
        builder.HasKey(j => j.Id);
        builder.HasOne<Competition>().WithMany().HasForeignKey(j => j.CompetitionId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(j => j.UserId).HasMaxLength(64).IsRequired();
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(j => j.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(j => new { j.CompetitionId, j.UserId }).IsUnique();
        builder.HasIndex(j => j.UserId);
        builder.HasMany(j => j.Conflicts).WithOne().HasForeignKey(c => c.CompetitionJudgeId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class JudgeConflictConfiguration : IEntityTypeConfiguration<JudgeConflict>
{
    public void Configure(EntityTypeBuilder<JudgeConflict> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.SchoolNpsn).HasMaxLength(8);
        builder.Property(c => c.SchoolName).HasMaxLength(200);
        builder.Property(c => c.Province).HasMaxLength(100);
        builder.Property(c => c.Regency).HasMaxLength(100);
        builder.Property(c => c.Note).HasMaxLength(500);
        builder.HasOne<Entry>().WithMany().HasForeignKey(c => c.EntryId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class JudgeAssignmentConfiguration : IEntityTypeConfiguration<JudgeAssignment>
{
    public void Configure(EntityTypeBuilder<JudgeAssignment> builder)
    {
        builder.HasKey(a => a.Id);
        builder.HasOne(a => a.Entry).WithMany().HasForeignKey(a => a.EntryId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(a => a.Judge).WithMany().HasForeignKey(a => a.CompetitionJudgeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Category>().WithMany().HasForeignKey(a => a.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Competition>().WithMany().HasForeignKey(a => a.CompetitionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.CompetitionJudgeId, a.EntryId }).IsUnique();
        builder.HasIndex(a => new { a.CompetitionId, a.CategoryId });
        builder.HasIndex(a => a.EntryId);
        builder.Property(a => a.Source).HasConversion<string>().HasMaxLength(20);
        builder.HasOne(a => a.Scorecard).WithOne().HasForeignKey<Scorecard>(s => s.AssignmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ScorecardConfiguration : IEntityTypeConfiguration<Scorecard>
{
    public void Configure(EntityTypeBuilder<Scorecard> builder)
    {
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => s.AssignmentId).IsUnique();
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Feedback).HasMaxLength(4000);
        builder.Property(s => s.PrivateNote).HasMaxLength(4000);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasMany(s => s.Points).WithOne().HasForeignKey(p => p.ScorecardId).OnDelete(DeleteBehavior.Cascade);

        // Scorecard.SetPoints keeps both; the criterion shares are a list of numbers (a JSON array in SQLite).
        builder.Property(s => s.WeightedTotal);
        builder.Property(s => s.CriterionShares).IsRequired();
    }
}

public sealed class CriterionScoreConfiguration : IEntityTypeConfiguration<CriterionScore>
{
    public void Configure(EntityTypeBuilder<CriterionScore> builder)
    {
        builder.HasKey(p => p.Id);
        builder.HasOne<Criterion>().WithMany().HasForeignKey(p => p.CriterionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.ScorecardId, p.CriterionId }).IsUnique();
    }
}
