using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Auditing;
using CompetitionSite.Web.Infrastructure.Localization;
using CompetitionSite.Web.Infrastructure.Storage;
using CompetitionSite.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Entries;

/// <summary>The details a participant writes about an entry.</summary>
public sealed record EntryDetails(string Title, string? Description, string? LinkUrl);

/// <summary>
/// Every change of an entry's state goes through here: it checks the phase on the server's clock, writes the
/// audit event and queues the email, all saved together.
/// </summary>
public sealed class EntryChanges(
    AppDbContext db,
    TimeProvider clock,
    IAuditLog audit,
    EntryReceipts receipts,
    EntryEmails emails,
    Eligibility eligibility,
    IFileStore store,
    LinkBuilder links,
    IStringLocalizer<EntriesText> t)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Loads an entry with what the changes need, tracked.</summary>
    public Task<Entry?> LoadAsync(int id, CancellationToken cancellationToken = default) =>
        db.Entries.Include(e => e.Category).ThenInclude(c => c.Competition).Include(e => e.Files).Include(e => e.Members)
            .SingleOrDefaultAsync(e => e.Id == id, cancellationToken);

    public async Task<Outcome<Entry>> CreateAsync(Category category, ParticipantProfile participant, string userId,
        EntryDetails details, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        var reasons = await eligibility.CheckAsync(participant, category, cancellationToken: cancellationToken);
        problems.AddRange(reasons.Select(r => Explain(r, category)));
        problems.AddRange(DetailProblems(category, details));
        if (problems.Count > 0)
        {
            return Outcome.Refused(problems);
        }

        var now = Now;
        var entry = new Entry
        {
            PublicCode = await NewPublicCodeAsync(cancellationToken),
            CategoryId = category.Id,
            Category = category,
            Title = details.Title.Trim(),
            Description = details.Description?.Trim() ?? "",
            LinkUrl = NormalizeLink(details.LinkUrl),
            Status = EntryStatus.Draft,
            CreatedByUserId = userId,
            CreatedAt = now,
            UpdatedAt = now,
            Members = [new EntryMember { ParticipantId = participant.Id, IsLead = true, InvitationStatus = MemberInvitationStatus.Accepted }],
        };
        db.Entries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        audit.Record("entry.created", "entry", Id(entry), $"{entry.PublicCode} in category {category.Id} for participant {participant.Id}", category.CompetitionId);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok(entry);
    }

    public async Task<Outcome> SaveDetailsAsync(Entry entry, EntryDetails details, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        if (ClosedForChanges(entry) is { } closed)
        {
            return Outcome.Refused(closed);
        }

        problems.AddRange(DetailProblems(entry.Category, details));
        if (problems.Count > 0)
        {
            return Outcome.Refused(problems);
        }

        var title = details.Title.Trim();
        var description = details.Description?.Trim() ?? "";
        var link = NormalizeLink(details.LinkUrl);
        if (title == entry.Title && description == entry.Description && link == entry.LinkUrl)
        {
            return Outcome.Ok();
        }

        var changes = new List<string>();
        if (title != entry.Title)
        {
            changes.Add($"title: {entry.Title} → {title}");
        }

        if (link != entry.LinkUrl)
        {
            changes.Add($"link: {entry.LinkUrl} → {link}");
        }

        if (description != entry.Description)
        {
            changes.Add("description changed");
        }

        entry.Title = title;
        entry.Description = description;
        entry.LinkUrl = link;
        Touch(entry);
        audit.Record("entry.details-changed", "entry", Id(entry), string.Join("\n", changes), entry.Category.CompetitionId);
        if (entry.Status == EntryStatus.Submitted)
        {
            await receipts.QueueAsync(entry, isChange: true, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok();
    }

    public async Task<Outcome> SubmitAsync(Entry entry, bool pledged, CancellationToken cancellationToken = default)
    {
        var now = Now;
        if (entry.Status == EntryStatus.Submitted)
        {
            return Outcome.Refused(t["This entry is already submitted."]);
        }

        if (entry.Status != EntryStatus.Draft)
        {
            return Outcome.Refused(t["This entry was withdrawn or disqualified and cannot be submitted."]);
        }

        if (!CompetitionPhases.AcceptsUpload(entry.Category.Competition, now, await UploadInFlightAtDeadlineAsync(entry.Id, entry.Category.Competition, cancellationToken)))
        {
            return Outcome.Refused(ClosedMessage(entry.Category.Competition, now));
        }

        var problems = new List<string>();
        if (!pledged)
        {
            problems.Add(t["Tick the originality pledge to submit: the work must be your own."]);
        }

        var category = entry.Category;
        if (category.Kind == EntryKind.Link)
        {
            if (string.IsNullOrEmpty(entry.LinkUrl))
            {
                problems.Add(t["Add the link to your work before submitting."]);
            }
        }
        else if (!entry.Files.Any(f => f.IsCurrent))
        {
            problems.Add(t["Upload your file before submitting."]);
        }

        if (category.IsTeam)
        {
            var accepted = entry.Members.Count(m => m.InvitationStatus == MemberInvitationStatus.Accepted && m.ParticipantId != null);
            if (accepted < category.MinTeamSize)
            {
                problems.Add(t["A team in this category has at least {0} members; yours has {1} who accepted. Invite teammates and wait until they accept.", category.MinTeamSize, accepted]);
            }
            else if (accepted > category.MaxTeamSize)
            {
                problems.Add(t["A team in this category has at most {0} members; yours has {1}.", category.MaxTeamSize, accepted]);
            }
        }

        if (problems.Count > 0)
        {
            return Outcome.Refused(problems);
        }

        entry.Status = EntryStatus.Submitted;
        entry.SubmittedAt = now;
        entry.OriginalityPledgedAt = now;
        Touch(entry);
        audit.Record("entry.submitted", "entry", Id(entry), entry.PublicCode, category.CompetitionId);
        await receipts.QueueAsync(entry, isChange: false, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok();
    }

    public async Task<Outcome> WithdrawAsync(Entry entry, CancellationToken cancellationToken = default)
    {
        if (entry.Status is EntryStatus.Withdrawn or EntryStatus.Disqualified)
        {
            return Outcome.Refused(t["This entry was already withdrawn or disqualified."]);
        }

        var now = Now;
        var competition = entry.Category.Competition;
        if (!CompetitionPhases.AcceptsUpload(competition, now, null))
        {
            return Outcome.Refused(ClosedMessage(competition, now));
        }

        var active = await db.UploadSessions.Where(s => s.EntryId == entry.Id && s.Status == UploadStatus.Active).ToListAsync(cancellationToken);
        foreach (var session in active)
        {
            await store.DiscardChunksAsync(session.StoredName, cancellationToken);
            session.Status = UploadStatus.Abandoned;
            session.CompletedAt = now;
        }

        entry.Status = EntryStatus.Withdrawn;
        entry.WithdrawnAt = now;
        Touch(entry);
        audit.Record("entry.withdrawn", "entry", Id(entry), entry.PublicCode, competition.Id);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok();
    }

    public async Task<Outcome> InviteAsync(Entry entry, string inviterName, string? email, CancellationToken cancellationToken = default)
    {
        var category = entry.Category;
        if (!category.IsTeam)
        {
            return Outcome.Refused(t["This category is for individual entries."]);
        }

        if (ClosedForChanges(entry) is { } closed)
        {
            return Outcome.Refused(closed);
        }

        var address = (email ?? "").Trim();
        if (!System.Net.Mail.MailAddress.TryCreate(address, out var parsed) || parsed.Address != address || address.Length > 320)
        {
            return Outcome.Refused(t["Enter your teammate's email address."]);
        }

        var open = entry.Members.Where(m => m.InvitationStatus != MemberInvitationStatus.Declined).ToList();
        if (open.Any(m => m.InvitationStatus == MemberInvitationStatus.Pending && string.Equals(m.InvitedEmail, address, StringComparison.OrdinalIgnoreCase)))
        {
            return Outcome.Refused(t["{0} is already invited.", address]);
        }

        if (open.Count >= category.MaxTeamSize)
        {
            return Outcome.Refused(t["A team in this category has at most {0} members.", category.MaxTeamSize]);
        }

        var token = WebEncodedToken();
        entry.Members.Add(new EntryMember
        {
            IsLead = false,
            InvitedEmail = address,
            InvitationTokenHash = Hash(token),
            InvitationStatus = MemberInvitationStatus.Pending,
            InvitedAt = Now,
        });
        Touch(entry);
        audit.Record("entry.teammate-invited", "entry", Id(entry), address, category.CompetitionId);
        var culture = await db.Users.Where(u => u.NormalizedEmail == address.ToUpperInvariant()).Select(u => u.PreferredCulture).FirstOrDefaultAsync(cancellationToken);
        emails.Invitation(address, culture, inviterName, entry.Title, category.Name, category.Competition.Title,
            links.Absolute("/entries/invitation", new Dictionary<string, string?> { ["token"] = token }));
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok();
    }

    /// <summary>The pending invitation a link's token stands for, or null.</summary>
    public async Task<(Entry Entry, EntryMember Member)?> FindInvitationAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        var hash = Hash(token);
        var member = await db.EntryMembers.SingleOrDefaultAsync(m => m.InvitationTokenHash == hash && m.InvitationStatus == MemberInvitationStatus.Pending, cancellationToken);
        if (member is null)
        {
            return null;
        }

        var entry = await LoadAsync(member.EntryId, cancellationToken);
        return entry is null ? null : (entry, member);
    }

    public async Task<Outcome> RespondAsync(Entry entry, EntryMember member, ParticipantProfile? participant, bool accept,
        CancellationToken cancellationToken = default)
    {
        if (!accept)
        {
            member.InvitationStatus = MemberInvitationStatus.Declined;
            member.InvitationTokenHash = null;
            Touch(entry);
            audit.Record("entry.invitation-declined", "entry", Id(entry), member.InvitedEmail ?? "", entry.Category.CompetitionId);
            await db.SaveChangesAsync(cancellationToken);
            return Outcome.Ok();
        }

        if (participant is null)
        {
            return Outcome.Refused(t["Complete your participant profile first, then open the invitation again."]);
        }

        if (entry.Status is EntryStatus.Withdrawn or EntryStatus.Disqualified)
        {
            return Outcome.Refused(t["This entry was withdrawn or disqualified."]);
        }

        var reasons = await eligibility.CheckAsync(participant, entry.Category, entry.Id, cancellationToken);
        if (reasons.Count > 0)
        {
            return Outcome.Refused(reasons.Select(r => Explain(r, entry.Category)));
        }

        var accepted = entry.Members.Count(m => m.InvitationStatus == MemberInvitationStatus.Accepted);
        if (accepted >= entry.Category.MaxTeamSize)
        {
            return Outcome.Refused(t["A team in this category has at most {0} members.", entry.Category.MaxTeamSize]);
        }

        member.ParticipantId = participant.Id;
        member.InvitationStatus = MemberInvitationStatus.Accepted;
        member.InvitationTokenHash = null;
        Touch(entry);
        audit.Record("entry.invitation-accepted", "entry", Id(entry), $"participant {participant.Id}", entry.Category.CompetitionId);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok();
    }

    public async Task<Outcome> DisqualifyAsync(Entry entry, string? reason, CancellationToken cancellationToken = default)
    {
        var text = (reason ?? "").Trim();
        if (text.Length == 0)
        {
            return Outcome.Refused(t["Give the reason for the disqualification: the participant will read it."]);
        }

        if (text.Length > 1000)
        {
            return Outcome.Refused(t["The reason is too long (at most 1000 characters)."]);
        }

        if (entry.Status != EntryStatus.Submitted)
        {
            return Outcome.Refused(t["Only a submitted entry can be disqualified."]);
        }

        entry.Status = EntryStatus.Disqualified;
        entry.DisqualifiedAt = Now;
        entry.DisqualificationReason = text;
        Touch(entry);
        audit.Record("entry.disqualified", "entry", Id(entry), $"{entry.PublicCode}: {text}", entry.Category.CompetitionId);
        if (await db.Users.SingleOrDefaultAsync(u => u.Id == entry.CreatedByUserId, cancellationToken) is { Email: not null } to)
        {
            emails.Disqualified(to, entry.Title, entry.PublicCode, entry.Category.Competition.Title, entry.Category.Name, text);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok();
    }

    /// <summary>
    /// When the entry's latest upload that was still under way at the deadline began (null if none): the grace
    /// period lets that upload finish and its entry be submitted.
    /// </summary>
    public Task<DateTime?> UploadInFlightAtDeadlineAsync(int entryId, Competition competition, CancellationToken cancellationToken = default)
    {
        var deadline = competition.SubmissionClosesAt;
        return db.UploadSessions
            .Where(s => s.EntryId == entryId && s.StartedAt < deadline && (s.CompletedAt == null || s.CompletedAt >= deadline))
            .MaxAsync(s => (DateTime?)s.StartedAt, cancellationToken);
    }

    /// <summary>Why the details (title, link) can't be changed now, or null.</summary>
    public string? ClosedForChanges(Entry entry)
    {
        if (entry.Status is EntryStatus.Withdrawn or EntryStatus.Disqualified)
        {
            return t["This entry was withdrawn or disqualified and can no longer be changed."];
        }

        var now = Now;
        var competition = entry.Category.Competition;
        return CompetitionPhases.AcceptsUpload(competition, now, null) ? null : ClosedMessage(competition, now);
    }

    public string ClosedMessage(Competition competition, DateTime now) => now >= competition.SubmissionClosesAt
        ? t["The deadline has passed ({0}). Entries can no longer be changed, submitted or withdrawn.",
            Infrastructure.Localization.TimeDisplay.Format(competition.SubmissionClosesAt, competition.TimeZoneId)]
        : t["This competition is not accepting entries now."];

    public string Explain(IneligibleReason reason, Category category) => reason switch
    {
        IneligibleReason.NotOpen => t["This competition is not accepting entries now."],
        IneligibleReason.ProfileIncomplete => t["The participant profile is not complete: name, date of birth, school, level, grade, province and regency/city are needed."],
        IneligibleReason.Level => t["This category is for {0} students only.", LevelNames(category.Levels)],
        IneligibleReason.Grade => t["This category is for grades {0} to {1}.", category.MinGrade, category.MaxGrade],
        IneligibleReason.LimitReached => t.Plural(category.MaxEntriesPerParticipant, "The limit of {0} entry per participant in this category is reached.", "The limit of {0} entries per participant in this category is reached."),
        IneligibleReason.AlreadyInEntry => t["You are already in this entry."],
        _ => reason.ToString(),
    };

    public static string LevelNames(SchoolLevels levels) =>
        string.Join(", ", new[] { SchoolLevels.SD, SchoolLevels.SMP, SchoolLevels.SMA }.Where(l => (levels & l) == l)
            .Select(l => l == SchoolLevels.SMA ? "SMA/SMK" : l.ToString()));

    public IEnumerable<string> DetailProblems(Category category, EntryDetails details)
    {
        var title = details.Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            yield return t["Give your entry a title."];
        }
        else if (title.Length > 200)
        {
            yield return t["The title is too long (at most 200 characters)."];
        }

        if ((details.Description?.Trim().Length ?? 0) > 4000)
        {
            yield return t["The description is too long (at most 4000 characters)."];
        }

        var link = details.LinkUrl?.Trim();
        if (!string.IsNullOrEmpty(link) && !IsAcceptableLink(link))
        {
            yield return t["The link must be a full web address starting with https:// (for example a YouTube or Google Drive link)."];
        }
    }

    /// <summary>A web address people can open: http(s) with a host (YouTube, Google Drive or any other site), at most 500 characters.</summary>
    public static bool IsAcceptableLink(string link) =>
        link.Length <= 500
        && Uri.TryCreate(link, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Host.Contains('.', StringComparison.Ordinal)
        && string.IsNullOrEmpty(uri.UserInfo);

    private static string? NormalizeLink(string? link) => string.IsNullOrWhiteSpace(link) ? null : link.Trim();

    private void Touch(Entry entry)
    {
        entry.UpdatedAt = Now;
        entry.Version = Guid.NewGuid();
    }

    private static string Id(Entry entry) => entry.Id.ToString(CultureInfo.InvariantCulture);

    private async Task<string> NewPublicCodeAsync(CancellationToken cancellationToken)
    {
        const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; // no 0/O, 1/I: read out over the phone
        while (true)
        {
            var code = "K-" + RandomNumberGenerator.GetString(Alphabet, 6);
            if (!await db.Entries.AnyAsync(e => e.PublicCode == code, cancellationToken))
            {
                return code;
            }
        }
    }

    private static string WebEncodedToken() => Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
