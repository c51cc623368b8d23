using CompetitionSite.Web.Domain.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CompetitionSite.Web.Data.Configurations;

public sealed class SentReminderConfiguration : IEntityTypeConfiguration<SentReminder>
{
    public void Configure(EntityTypeBuilder<SentReminder> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Kind).HasMaxLength(40).IsRequired();
        builder.Property(r => r.Recipient).HasMaxLength(320).IsRequired();
        builder.Property(r => r.Occasion).HasMaxLength(64).IsRequired();

        // The whole guarantee of "once per person, kind and occasion": the first insert wins, on any number of instances.
        builder.HasIndex(r => new { r.Kind, r.Recipient, r.Occasion }).IsUnique();
        builder.HasIndex(r => r.CompetitionId);
    }
}

public sealed class ReminderStopConfiguration : IEntityTypeConfiguration<ReminderStop>
{
    public void Configure(EntityTypeBuilder<ReminderStop> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Email).HasMaxLength(320).IsRequired();
        builder.Property(s => s.Topic).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(s => new { s.Email, s.Topic }).IsUnique();
    }
}
