using CompetitionSite.Web.Domain.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CompetitionSite.Web.Data.Configurations;

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.HasKey(m => m.Id);

        // The bodies live in a table of their own (entity splitting: one entity, two tables, read and written together by
        // EF). The dispatcher changes a row's status, lease and attempts several times and SQLite rewrites a whole row
        // on every UPDATE: the rows it changes stay small.
        builder.SplitToTable("OutboxMessageBodies", body =>
        {
            body.Property(m => m.Id);
            body.Property(m => m.HtmlBody);
            body.Property(m => m.TextBody);
        });
        builder.Property(m => m.MessageId).HasMaxLength(200).IsRequired();
        builder.HasIndex(m => m.MessageId).IsUnique();
        builder.Property(m => m.ToAddress).HasMaxLength(320).IsRequired();
        builder.Property(m => m.ToName).HasMaxLength(200);
        builder.Property(m => m.Subject).HasMaxLength(300);
        builder.Property(m => m.Culture).HasMaxLength(8);
        builder.Property(m => m.Kind).HasMaxLength(64);
        builder.Property(m => m.Template).HasMaxLength(64);
        builder.Property(m => m.TemplateData).HasMaxLength(2000);
        builder.Property(m => m.LockedBy).HasMaxLength(100);
        builder.Property(m => m.LastError).HasMaxLength(2000);
        // Claiming: due rows in order, with whether someone holds them, from the index alone. The lease is the last
        // column of a row, after the bodies, so checking it in the table meant following each row's overflow pages.
        builder.HasIndex(m => new { m.Status, m.NextAttemptAt, m.LockedUntil });

        // Reading back what a sender just claimed, and releasing it, without scanning every pending row.
        builder.HasIndex(m => m.LockedBy).HasFilter("\"LockedBy\" IS NOT NULL");
    }
}
