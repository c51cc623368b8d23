using System.Security.Cryptography;
using System.Text;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Infrastructure.Auditing;
using CompetitionSite.Web.Infrastructure.Localization;
using CompetitionSite.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Participants;

public enum ConsentRequestOutcome
{
    Sent,
    NotNeeded,
    AlreadyGiven,
    TooSoon,
}

/// <summary>What asking for consent did; when it was sent, the consent link the email carries (for the student to send by WhatsApp too).</summary>
public sealed record ConsentRequestResult(ConsentRequestOutcome Outcome, string? ConsentLink = null);

/// <summary>Who decided and from where: stored with every decision as evidence.</summary>
public sealed record DecisionEvidence(string? Ip, string? UserAgent)
{
    public string? TrimmedIp => Ip is null ? null : Ip[..Math.Min(Ip.Length, 64)];
    public string? TrimmedUserAgent => UserAgent is null ? null : UserAgent[..Math.Min(UserAgent.Length, 500)];
}

/// <summary>
/// Guardian consent for minors: asking by email, deciding on the page behind the one-time link, consenting from a
/// guardian account, and withdrawing (which withdraws the participant's open entries). Every change writes its
/// audit events and queues its emails in the same unit of work.
/// </summary>
/// <remarks>
/// A request row holds the SHA-256 of the emailed token. When the guardian agrees, the row's hash is replaced by the
/// hash of a new token, sent in the confirmation email, that only withdraws; the first link no longer works. A refusal
/// clears the hash. Decisions are made with a conditional UPDATE, so a link clicked twice at once decides once.
/// </remarks>
public sealed class GuardianConsents(
    AppDbContext db,
    ParticipantDirectory directory,
    ParticipantEmails emails,
    LinkBuilder links,
    IAuditLog audit,
    TimeProvider clock,
    IOptions<ParticipantOptions> options,
    PublicPageCacheInvalidator pages)
{
    public const string ConsentPath = "/consent";
    public const string WithdrawPath = "/consent/withdraw";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public DateTime ExpiresAt(GuardianConsent request) => request.RequestedAt + options.Value.ConsentLinkLifetime;

    public bool IsExpired(GuardianConsent request) => ExpiresAt(request) <= Now;

    /// <summary>When the student may send the pending request again (null: now).</summary>
    public DateTime? CanAskAgainAt(ParticipantProfile p)
    {
        var last = p.Consents.Where(c => c.Status == ConsentStatus.Pending).MaxBy(c => c.RequestedAt);
        var at = last?.RequestedAt + options.Value.ConsentResendInterval;
        return at > Now ? at : null;
    }

    /// <summary>The student asks a guardian by email. Earlier unanswered links stop working.</summary>
    public async Task<ConsentRequestResult> RequestAsync(ParticipantProfile p, string guardianName, string guardianEmail)
    {
        var state = ParticipantDirectory.ConsentStateOf(p, directory.Today());
        if (state == ConsentState.NotNeeded)
        {
            return new(ConsentRequestOutcome.NotNeeded);
        }

        // Given, but without the publication clause (an older wording, or not ticked): the guardian may be asked for it.
        if (state == ConsentState.Given && PublicationConsentRules.IsGiven(p, directory.Today()))
        {
            return new(ConsentRequestOutcome.AlreadyGiven);
        }

        if (CanAskAgainAt(p) is not null)
        {
            return new(ConsentRequestOutcome.TooSoon);
        }

        foreach (var earlier in p.Consents.Where(c => c.Status == ConsentStatus.Pending))
        {
            earlier.TokenHash = null;
        }

        var token = NewToken();
        var request = new GuardianConsent
        {
            ParticipantId = p.Id,
            GuardianName = guardianName.Trim(),
            GuardianEmail = guardianEmail.Trim(),
            Status = ConsentStatus.Pending,
            Method = ConsentMethod.EmailLink,
            TokenHash = Hash(token),
            RequestedAt = Now,
            WordingVersion = ConsentWording.Version,
        };
        p.Consents.Add(request);
        var link = links.Absolute(ConsentPath, new Dictionary<string, string?> { ["token"] = token });
        emails.ConsentRequest(request.GuardianName, request.GuardianEmail, await CultureOfAsync(request.GuardianEmail), p, link, ExpiresAt(request));
        audit.Record("consent.requested", "participant", p.Id.ToString(), "method: EmailLink");
        await db.SaveChangesAsync();
        return new(ConsentRequestOutcome.Sent, link);
    }

    /// <summary>The unanswered, unexpired request behind a consent link, with its participant; null for any other token.</summary>
    public async Task<(GuardianConsent Request, ParticipantProfile Participant)?> FindOpenRequestAsync(string? token)
    {
        var found = await FindByTokenAsync(token, ConsentStatus.Pending);
        return found is { } f && ExpiresAt(f.Consent) > Now ? (f.Consent, f.Participant) : null;
    }

    /// <summary>Whether the participant's guardian consent to take part stands (a new request then asks for publication only).</summary>
    public async Task<bool> AlreadyConsentedAsync(int participantId)
    {
        var p = await db.Participants.AsNoTracking().Include(x => x.Consents).SingleAsync(x => x.Id == participantId);
        return ParticipantDirectory.ConsentStateOf(p, directory.Today()) == ConsentState.Given;
    }

    /// <summary>
    /// Records the guardian's decision on the consent page, with the publication clause when ticked (only with a
    /// consent). False when the link is not (or no longer) usable.
    /// </summary>
    public async Task<bool> DecideAsync(string? token, bool give, DecisionEvidence evidence, bool publication = false)
    {
        if (await FindOpenRequestAsync(token) is not { } found)
        {
            return false;
        }

        var (request, participant) = found;
        var hash = Hash(token!);
        var withdrawToken = give ? NewToken() : null;
        var withdrawHash = withdrawToken is null ? null : Hash(withdrawToken);
        var now = Now;
        var status = give ? ConsentStatus.Given : ConsentStatus.Refused;
        var allowsPublication = give && publication;

        await using var transaction = await db.Database.BeginTransactionAsync();
        var decided = await db.GuardianConsents
            .Where(c => c.Id == request.Id && c.Status == ConsentStatus.Pending && c.TokenHash == hash)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, status)
                .SetProperty(c => c.DecidedAt, (DateTime?)now)
                .SetProperty(c => c.DecidedFromIp, evidence.TrimmedIp)
                .SetProperty(c => c.DecidedUserAgent, evidence.TrimmedUserAgent)
                .SetProperty(c => c.WordingVersion, ConsentWording.Version)
                .SetProperty(c => c.AllowsPublication, allowsPublication)
                .SetProperty(c => c.TokenHash, withdrawHash));
        if (decided == 0)
        {
            return false;
        }

        request.Status = status;
        request.DecidedAt = now;
        request.WordingVersion = ConsentWording.Version;
        request.AllowsPublication = allowsPublication;
        if (give)
        {
            emails.ConsentConfirmed(request, await CultureOfAsync(request.GuardianEmail), participant,
                links.Absolute(WithdrawPath, new Dictionary<string, string?> { ["token"] = withdrawToken }));
        }

        if (await directory.RecipientForAsync(participant) is { } student)
        {
            emails.ConsentDecided(student, participant, request, links.Absolute(ProfileLink(participant)));
        }

        audit.Record(give ? "consent.given" : "consent.refused", "participant", participant.Id.ToString(),
            $"method: EmailLink, wording: {ConsentWording.Version}, publication: {(allowsPublication ? "yes" : "no")}");
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        await pages.EvictAsync(tag: PublicPageCache.GalleryTag);
        return true;
    }

    /// <summary>The given consent behind a withdrawal link, with its participant; null for any other token.</summary>
    public Task<(GuardianConsent Consent, ParticipantProfile Participant)?> FindWithdrawableAsync(string? token) =>
        FindByTokenAsync(token, ConsentStatus.Given);

    /// <summary>Withdraws consent from the link in the confirmation email. Null when the link is not usable.</summary>
    public async Task<int?> WithdrawByTokenAsync(string? token)
    {
        if (await FindWithdrawableAsync(token) is not { } found)
        {
            return null;
        }

        var (consent, participant) = found;
        var hash = Hash(token!);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var claimed = await db.GuardianConsents
            .Where(c => c.Id == consent.Id && c.Status == ConsentStatus.Given && c.TokenHash == hash)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.TokenHash, (string?)null));
        if (claimed == 0)
        {
            return null;
        }

        var withdrawn = await WithdrawAsync(participant, consent.GuardianName);
        await transaction.CommitAsync();
        await pages.EvictAsync(tag: PublicPageCache.GalleryTag);
        return withdrawn;
    }

    /// <summary>
    /// Withdraws every given consent of the participant and sets each of their draft or submitted entries to
    /// Withdrawn (an audit event each), and emails the student (or the managing guardian). Returns the number of
    /// entries withdrawn. Saves; the caller may wrap it in a transaction.
    /// </summary>
    public async Task<int> WithdrawAsync(ParticipantProfile participant, string guardianName)
    {
        var now = Now;
        var given = await db.GuardianConsents
            .Where(c => c.ParticipantId == participant.Id && c.Status == ConsentStatus.Given)
            .ToListAsync();
        foreach (var consent in given)
        {
            consent.Status = ConsentStatus.Withdrawn;
            consent.WithdrawnAt = now;
            consent.TokenHash = null;
        }

        audit.Record("consent.withdrawn", "participant", participant.Id.ToString(), $"consents: {given.Count}");

        // Entries do not have a withdraw use case of their own yet; when Features/Entries adds one, call it here.
        var entries = await db.Entries
            .Include(e => e.Category)
            .Where(e => (e.Status == EntryStatus.Draft || e.Status == EntryStatus.Submitted)
                        && e.Members.Any(m => m.ParticipantId == participant.Id))
            .ToListAsync();
        foreach (var entry in entries)
        {
            entry.Status = EntryStatus.Withdrawn;
            entry.WithdrawnAt = now;
            entry.UpdatedAt = now;
            entry.Version = Guid.NewGuid();
            audit.Record("entry.withdrawn", "entry", entry.Id.ToString(), "reason: guardian consent withdrawn", entry.Category.CompetitionId);
        }

        if (await directory.RecipientForAsync(participant) is { } student)
        {
            emails.ConsentWithdrawn(student, participant, guardianName, entries.Count, links.Absolute(ProfileLink(participant)));
        }

        await db.SaveChangesAsync();
        return entries.Count;
    }

    /// <summary>
    /// A guardian account consents for several of its pupils in one step, with the publication clause when ticked;
    /// evidence is recorded per pupil.
    /// </summary>
    public async Task GiveFromAccountAsync(ApplicationUser guardian, IReadOnlyList<ParticipantProfile> pupils, ConsentMethod method, DecisionEvidence evidence,
        bool publication = false)
    {
        var now = Now;
        foreach (var pupil in pupils)
        {
            foreach (var pending in pupil.Consents.Where(c => c.Status == ConsentStatus.Pending))
            {
                pending.TokenHash = null;
            }

            pupil.Consents.Add(new GuardianConsent
            {
                ParticipantId = pupil.Id,
                GuardianName = guardian.FullName,
                GuardianEmail = guardian.Email ?? "",
                GuardianUserId = guardian.Id,
                Status = ConsentStatus.Given,
                Method = method,
                RequestedAt = now,
                DecidedAt = now,
                DecidedFromIp = evidence.TrimmedIp,
                DecidedUserAgent = evidence.TrimmedUserAgent,
                WordingVersion = ConsentWording.Version,
                AllowsPublication = publication,
            });
            audit.Record("consent.given", "participant", pupil.Id.ToString(),
                $"method: {method}, wording: {ConsentWording.Version}, publication: {(publication ? "yes" : "no")}");
        }

        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Participants this guardian account consented for by email link or from the account (matched by account or
    /// by the account's email address), whose consent still stands.
    /// </summary>
    public async Task<List<(GuardianConsent Consent, ParticipantProfile Participant)>> GivenByAsync(ApplicationUser guardian)
    {
        var email = (guardian.Email ?? "").ToLower();
        var consents = await db.GuardianConsents
            .Where(c => c.Status == ConsentStatus.Given && (c.GuardianUserId == guardian.Id || (email != "" && c.GuardianEmail.ToLower() == email)))
            .ToListAsync();
        var ids = consents.Select(c => c.ParticipantId).Distinct().ToList();
        var participants = await db.Participants.Include(p => p.Consents).Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id);
        return consents.Select(c => (c, participants[c.ParticipantId])).ToList();
    }

    public static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string ProfileLink(ParticipantProfile p) => p.UserId is null ? "/guardian/pupils" : "/participant/profile";

    private async Task<(GuardianConsent Consent, ParticipantProfile Participant)?> FindByTokenAsync(string? token, ConsentStatus status)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 200)
        {
            return null;
        }

        var hash = Hash(token.Trim());
        var consent = await db.GuardianConsents.AsNoTracking().SingleOrDefaultAsync(c => c.TokenHash == hash && c.Status == status);
        if (consent is null)
        {
            return null;
        }

        var participant = await db.Participants.AsNoTracking().SingleAsync(p => p.Id == consent.ParticipantId);
        return (consent, participant);
    }

    /// <summary>A guardian who has an account gets emails in its language; anyone else in Bahasa Indonesia.</summary>
    private async Task<string> CultureOfAsync(string email)
    {
        var normalized = email.Trim().ToUpperInvariant();
        var culture = await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.PreferredCulture).FirstOrDefaultAsync();
        return LocalizationSetup.Normalize(culture);
    }
}
