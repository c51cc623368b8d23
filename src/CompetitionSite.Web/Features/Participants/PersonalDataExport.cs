using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Participants;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Participants;

/// <summary>
/// Everything the site holds about a person, as one JSON document: the account, the participant profiles (their
/// own and, for a guardian, their pupils'), consents, entries with their files, consents they gave as a guardian,
/// and the audit events about them. Other people's data is left out (teammates, the organizers' names).
/// </summary>
public sealed class PersonalDataExport(AppDbContext db, UserManager<ApplicationUser> users, TimeProvider clock, IOptions<SiteOptions> site)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter() },
    };

    public async Task<byte[]> ExportAsync(ApplicationUser user, CancellationToken cancellationToken = default)
    {
        var profiles = await db.Participants.AsNoTracking()
            .Include(p => p.Consents)
            .Where(p => p.UserId == user.Id || p.GuardianUserId == user.Id)
            .OrderBy(p => p.Id)
            .ToListAsync(cancellationToken);
        var profileIds = profiles.Select(p => p.Id).ToList();

        var memberships = await db.EntryMembers.AsNoTracking()
            .Where(m => m.ParticipantId != null && profileIds.Contains(m.ParticipantId.Value))
            .Select(m => new { m.EntryId, ParticipantId = m.ParticipantId!.Value, m.IsLead })
            .ToListAsync(cancellationToken);
        var entryIds = memberships.Select(m => m.EntryId).Distinct().ToList();
        var entries = await db.Entries.AsNoTracking()
            .Include(e => e.Files)
            .Include(e => e.Category).ThenInclude(c => c.Competition)
            .Where(e => entryIds.Contains(e.Id))
            .OrderBy(e => e.Id)
            .ToListAsync(cancellationToken);

        var email = (user.Email ?? "").ToLower();
        var givenAsGuardian = await db.GuardianConsents.AsNoTracking()
            .Where(c => !profileIds.Contains(c.ParticipantId)
                        && (c.GuardianUserId == user.Id || (email != "" && c.GuardianEmail.ToLower() == email)))
            .OrderBy(c => c.Id)
            .ToListAsync(cancellationToken);

        var profileKeys = profileIds.Select(id => id.ToString()).ToList();
        var entryKeys = entryIds.Select(id => id.ToString()).ToList();
        var events = await db.AuditEvents.AsNoTracking()
            .Where(e => e.ActorUserId == user.Id
                        || (e.ObjectType == "user" && e.ObjectId == user.Id)
                        || (e.ObjectType == "participant" && profileKeys.Contains(e.ObjectId))
                        || (e.ObjectType == "entry" && entryKeys.Contains(e.ObjectId)))
            .OrderBy(e => e.Id)
            .ToListAsync(cancellationToken);

        var document = new
        {
            ExportedAt = clock.GetUtcNow().UtcDateTime,
            Site = site.Value.Name,
            Account = new
            {
                user.Id,
                user.Email,
                user.EmailConfirmed,
                user.FullName,
                user.PreferredCulture,
                user.CreatedAt,
                Roles = await users.GetRolesAsync(user),
            },
            Participants = profiles.Select(p => new
            {
                p.Id,
                Relation = p.UserId == user.Id ? "own profile" : "pupil managed by this account",
                p.FullName,
                p.DateOfBirth,
                p.SchoolName,
                p.SchoolNpsn,
                p.Level,
                p.Grade,
                p.Province,
                p.Regency,
                p.Phone,
                p.PublicName,
                p.AllowPublicPreview,
                p.PublicationConsentAt,
                p.PublicationConsentWording,
                p.CreatedAt,
                p.UpdatedAt,
                Consents = p.Consents.OrderBy(c => c.Id).Select(Consent),
                Entries = entries
                    .Where(e => memberships.Any(m => m.EntryId == e.Id && m.ParticipantId == p.Id))
                    .Select(e => new
                    {
                        e.Id,
                        e.PublicCode,
                        Competition = e.Category.Competition.Title,
                        Category = e.Category.Name,
                        e.Title,
                        e.Description,
                        e.LinkUrl,
                        e.Status,
                        IsLead = memberships.Any(m => m.EntryId == e.Id && m.ParticipantId == p.Id && m.IsLead),
                        e.OriginalityPledgedAt,
                        e.SubmittedAt,
                        e.WithdrawnAt,
                        e.DisqualifiedAt,
                        e.DisqualificationReason,
                        e.CreatedAt,
                        e.UpdatedAt,
                        Files = e.Files.OrderBy(f => f.Slot).ThenBy(f => f.UploadedAt).Select(f => new
                        {
                            FileName = f.OriginalFileName,
                            f.ContentType,
                            f.SizeBytes,
                            f.Sha256,
                            f.UploadedAt,
                            f.IsCurrent,
                        }),
                    }),
            }),
            ConsentsGivenAsGuardian = givenAsGuardian.Select(Consent),
            AuditEvents = events.Select(e => new
            {
                e.At,
                e.Action,
                e.ObjectType,
                e.ObjectId,
                e.Details,
                By = e.ActorUserId == user.Id ? "you" : e.ActorUserId is null ? "system or not signed in" : "an organizer or another user",
            }),
        };

        return JsonSerializer.SerializeToUtf8Bytes(document, Json);
    }

    private static object Consent(GuardianConsent c) => new
    {
        c.Id,
        c.GuardianName,
        c.GuardianEmail,
        c.Status,
        c.Method,
        c.RequestedAt,
        c.DecidedAt,
        c.DecidedFromIp,
        c.DecidedUserAgent,
        c.WordingVersion,
        c.WithdrawnAt,
        c.AllowsPublication,
    };
}
