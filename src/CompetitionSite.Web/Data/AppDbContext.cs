using CompetitionSite.Web.Domain.Auditing;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Domain.Results;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Data;

/// <summary>
/// The site's database. It is abstract: each provider has a context type of its own (<see cref="SqliteAppDbContext"/>,
/// <see cref="PostgreSqlAppDbContext"/>) so that each has its own migrations; the site asks for this type and gets the
/// one <c>Database:Provider</c> names (<see cref="DataSetup.AddData"/>).
/// </summary>
public abstract class AppDbContext(DbContextOptions options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<SetupToken> SetupTokens => Set<SetupToken>();
    public DbSet<ScheduledRun> ScheduledRuns => Set<ScheduledRun>();
    public DbSet<RateLimitWindow> RateLimitWindows => Set<RateLimitWindow>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<Competition> Competitions => Set<Competition>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Announcement> Announcements => Set<Announcement>();
    public DbSet<Question> Questions => Set<Question>();
    public DbSet<AwardTier> AwardTiers => Set<AwardTier>();
    public DbSet<Rubric> Rubrics => Set<Rubric>();
    public DbSet<Criterion> Criteria => Set<Criterion>();
    public DbSet<ParticipantProfile> Participants => Set<ParticipantProfile>();
    public DbSet<GuardianConsent> GuardianConsents => Set<GuardianConsent>();
    public DbSet<Entry> Entries => Set<Entry>();
    public DbSet<EntryMember> EntryMembers => Set<EntryMember>();
    public DbSet<EntryFile> EntryFiles => Set<EntryFile>();
    public DbSet<UploadSession> UploadSessions => Set<UploadSession>();
    public DbSet<JudgeInvitation> JudgeInvitations => Set<JudgeInvitation>();
    public DbSet<CompetitionJudge> CompetitionJudges => Set<CompetitionJudge>();
    public DbSet<JudgeConflict> JudgeConflicts => Set<JudgeConflict>();
    public DbSet<JudgeAssignment> JudgeAssignments => Set<JudgeAssignment>();
    public DbSet<Scorecard> Scorecards => Set<Scorecard>();
    public DbSet<CriterionScore> CriterionScores => Set<CriterionScore>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<CertificateDesign> CertificateDesigns => Set<CertificateDesign>();
    public DbSet<EntryAward> EntryAwards => Set<EntryAward>();
    public DbSet<CategoryAwardDecision> CategoryAwardDecisions => Set<CategoryAwardDecision>();
    public DbSet<ExcusedEntry> ExcusedEntries => Set<ExcusedEntry>();
    public DbSet<ResultNotice> ResultNotices => Set<ResultNotice>();
    public DbSet<PublishedResult> PublishedResults => Set<PublishedResult>();
    public DbSet<Domain.Reminders.SentReminder> SentReminders => Set<Domain.Reminders.SentReminder>();
    public DbSet<Domain.Reminders.ReminderStop> ReminderStops => Set<Domain.Reminders.ReminderStop>();

    /// <summary>Data Protection keys live in the database so every instance of the site shares them.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>How this database takes turns at writing (SQLite's one writer, PostgreSQL's many).</summary>
    public abstract IDatabaseWrites Writes { get; }

    /// <summary>Saves take their turn at writing (<see cref="IDatabaseWrites.WriteAsync"/>): on SQLite they queue for its one writer instead of polling it.</summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        ChangeTracker.HasChanges()
            ? Writes.WriteAsync(token => base.SaveChangesAsync(acceptAllChangesOnSuccess, token), cancellationToken)
            : base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime is UTC: stored as UTC and read back with Kind = Utc.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}
