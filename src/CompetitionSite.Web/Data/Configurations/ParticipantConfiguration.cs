using CompetitionSite.Web.Domain.Participants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CompetitionSite.Web.Data.Configurations;

public sealed class ParticipantProfileConfiguration : IEntityTypeConfiguration<ParticipantProfile>
{
    public void Configure(EntityTypeBuilder<ParticipantProfile> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.UserId).HasMaxLength(64);
        builder.Property(p => p.GuardianUserId).HasMaxLength(64);
        builder.HasIndex(p => p.UserId).IsUnique();
        builder.HasIndex(p => p.GuardianUserId);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(p => p.GuardianUserId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.FullName).HasMaxLength(200).IsRequired();
        builder.Property(p => p.SchoolName).HasMaxLength(200);
        builder.Property(p => p.SchoolNpsn).HasMaxLength(8);
        builder.Property(p => p.Province).HasMaxLength(100);
        builder.Property(p => p.Regency).HasMaxLength(100);
        builder.Property(p => p.Phone).HasMaxLength(30);
        builder.Property(p => p.Level).HasConversion<string>().HasMaxLength(10);
        builder.Property(p => p.PublicName).HasConversion<string>().HasMaxLength(30);
        builder.HasMany(p => p.Consents).WithOne().HasForeignKey(c => c.ParticipantId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(p => p.PublicDisplayName);
        builder.Property(p => p.PublicationConsentWording).HasMaxLength(40);
    }
}

public sealed class GuardianConsentConfiguration : IEntityTypeConfiguration<GuardianConsent>
{
    public void Configure(EntityTypeBuilder<GuardianConsent> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.GuardianName).HasMaxLength(200);
        builder.Property(c => c.GuardianEmail).HasMaxLength(320);
        builder.Property(c => c.GuardianUserId).HasMaxLength(64);
        builder.Property(c => c.TokenHash).HasMaxLength(128);
        builder.HasIndex(c => c.TokenHash).IsUnique();
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Method).HasConversion<string>().HasMaxLength(40);
        builder.Property(c => c.DecidedFromIp).HasMaxLength(64);
        builder.Property(c => c.DecidedUserAgent).HasMaxLength(500);
        builder.Property(c => c.WordingVersion).HasMaxLength(40);
    }
}
