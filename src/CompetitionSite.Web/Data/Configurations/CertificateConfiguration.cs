using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Participants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CompetitionSite.Web.Data.Configurations;

public sealed class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Number).HasMaxLength(CertificateNumbers.Length).IsRequired();
        builder.HasIndex(c => c.Number).IsUnique();
        builder.HasOne<Competition>().WithMany().HasForeignKey(c => c.CompetitionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Category>().WithMany().HasForeignKey(c => c.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Entry>().WithMany().HasForeignKey(c => c.EntryId).OnDelete(DeleteBehavior.Restrict);
        // A deleted profile leaves its certificates (their snapshot of the name) verifiable.
        builder.HasOne<ParticipantProfile>().WithMany().HasForeignKey(c => c.ParticipantId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(c => c.RecipientName).HasMaxLength(200).IsRequired();
        builder.Property(c => c.SchoolName).HasMaxLength(200);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.AwardName).HasMaxLength(100);
        builder.Property(c => c.Culture).HasMaxLength(10);
        builder.Property(c => c.RevokedReason).HasMaxLength(500);
        builder.Ignore(c => c.IsRevoked);

        // Issuing is idempotent: one valid certificate per participant, entry and kind. A revoked one does not
        // count, so a correction can issue a new certificate after revoking the old. The filter is plain SQL
        // that SQLite and PostgreSQL both understand.
        builder.HasIndex(c => new { c.EntryId, c.ParticipantId, c.Kind })
            .IsUnique()
            .HasFilter("\"RevokedAt\" IS NULL")
            .HasDatabaseName("IX_Certificates_OneValidPerParticipantEntryKind");
        builder.HasIndex(c => new { c.CompetitionId, c.IssuedAt });
        builder.HasIndex(c => c.ParticipantId);
    }
}

public sealed class CertificateDesignConfiguration : IEntityTypeConfiguration<CertificateDesign>
{
    public void Configure(EntityTypeBuilder<CertificateDesign> builder)
    {
        builder.HasKey(d => d.Id);
        builder.HasOne<Competition>().WithMany().HasForeignKey(d => d.CompetitionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => d.CompetitionId).IsUnique();
        builder.Property(d => d.LogoFileName).HasMaxLength(200);
        builder.Property(d => d.LogoContentType).HasMaxLength(100);
        builder.Property(d => d.SignerName).HasMaxLength(150);
        builder.Property(d => d.SignerTitle).HasMaxLength(150);
        builder.Property(d => d.SignatureFileName).HasMaxLength(200);
        builder.Property(d => d.SignatureContentType).HasMaxLength(100);
        builder.Property(d => d.Signer2Name).HasMaxLength(150);
        builder.Property(d => d.Signer2Title).HasMaxLength(150);
        builder.Property(d => d.Signature2FileName).HasMaxLength(200);
        builder.Property(d => d.Signature2ContentType).HasMaxLength(100);
    }
}
