using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Localization;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Entries;

/// <summary>
/// A participant's entries: enter a category, the entry page (details, files, team, submit, withdraw), "My entries",
/// team invitations and guarded file downloads. Anyone without a relation to an entry gets a 404.
/// </summary>
[Route("entries")]
[Authorize]
public sealed class EntriesController(
    AppDbContext db,
    EntryAccess access,
    EntryQueries queries,
    EntryChanges changes,
    Eligibility eligibility,
    Results.EntryResults results,
    IFileStore store,
    TimeProvider clock,
    IStringLocalizer<EntriesText> t) : Controller
{
    private string UserId => EntryAccess.UserIdOf(User);

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var ids = access.EntryIdsOf(UserId);
        var entries = await queries.LoadAsync(db.Entries.Where(e => ids.Contains(e.Id)), withPreviews: true, withEarlierFiles: false, cancellationToken);
        foreach (var entry in entries)
        {
            entry.Relation = await access.RelationAsync(entry.Id, User, cancellationToken);
            entry.ClosedReason = ClosedReason(entry);
        }

        // Results, feedback and certificates appear only once the competition's results are published.
        var outcome = await results.ForAsync(entries.Select(e => e.Id).ToList(), UserId, cancellationToken);
        return View(new MyEntriesPage { Entries = entries, Results = outcome });
    }

    [HttpGet("new")]
    public async Task<IActionResult> New(int? category, CancellationToken cancellationToken)
    {
        var page = await NewPageAsync(category, cancellationToken);
        return page is null ? NotFound() : View(page);
    }

    [HttpPost("new")]
    [Infrastructure.Web.RateLimited(Infrastructure.Web.RateLimitedAction.EntryCreation)]
    public async Task<IActionResult> New(int? category, int? participantId, DetailsForm details, CancellationToken cancellationToken)
    {
        var page = await NewPageAsync(category, cancellationToken);
        if (page is null)
        {
            return NotFound();
        }

        page.Details = details;
        page.ParticipantId = participantId;
        var candidate = page.Candidates.FirstOrDefault(c => c.ParticipantId == participantId)
                        ?? (page.Candidates.Count == 1 && participantId is null ? page.Candidates[0] : null);
        if (candidate is null)
        {
            ModelState.AddModelError("participantId", page.IsGuardian ? t["Choose the pupil who enters."] : t["Complete your participant profile first."]);
        }

        if (!ModelState.IsValid || candidate is null)
        {
            return View(page);
        }

        var participant = await db.Participants.SingleAsync(p => p.Id == candidate.ParticipantId, cancellationToken);
        var created = await changes.CreateAsync(page.Category, participant, UserId,
            new EntryDetails(details.Title, details.Description, details.LinkUrl), cancellationToken);
        if (!ModelState.AddErrors(created))
        {
            return View(page);
        }

        var entry = created.Value!;
        TempData["Message"] = t["Your entry was created as a draft. Add your files, then submit it."].Value;
        return Redirect($"/entries/{entry.Id}");
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(int id, CancellationToken cancellationToken)
    {
        var page = await EntryPageAsync(id, cancellationToken);
        return page is null ? NotFound() : View("Show", page);
    }

    [HttpPost("{id:int}")]
    public async Task<IActionResult> SaveDetails(int id, DetailsForm details, CancellationToken cancellationToken) =>
        await ChangeAsync(id, cancellationToken, async entry => ModelState.IsValid
            ? await changes.SaveDetailsAsync(entry, new EntryDetails(details.Title, details.Description, details.LinkUrl), cancellationToken)
            : Outcome.Ok(), t["Your entry was saved."], details);

    [HttpPost("{id:int}/submit")]
    public async Task<IActionResult> Submit(int id, bool pledge, CancellationToken cancellationToken) =>
        await ChangeAsync(id, cancellationToken, entry => changes.SubmitAsync(entry, pledge, cancellationToken),
            t["Your entry was submitted. We sent a receipt by email."]);

    [HttpPost("{id:int}/withdraw")]
    public async Task<IActionResult> Withdraw(int id, CancellationToken cancellationToken) =>
        await ChangeAsync(id, cancellationToken, entry => changes.WithdrawAsync(entry, cancellationToken),
            t["Your entry was withdrawn."]);

    [HttpPost("{id:int}/invite")]
    public async Task<IActionResult> Invite(int id, string? email, CancellationToken cancellationToken)
    {
        var inviter = await db.Users.Where(u => u.Id == UserId).Select(u => u.FullName).SingleAsync(cancellationToken);
        return await ChangeAsync(id, cancellationToken, entry => changes.InviteAsync(entry, inviter, email, cancellationToken),
            t["The invitation was sent to {0}.", email ?? ""]);
    }

    /// <summary>A guarded download: the person must be allowed to see the entry; then a short-lived link to the store (always an attachment).</summary>
    [HttpGet("{id:int}/files/{fileId:int}")]
    public async Task<IActionResult> File(int id, int fileId, CancellationToken cancellationToken)
    {
        if (await access.RelationAsync(id, User, cancellationToken) == EntryRelation.None)
        {
            return NotFound();
        }

        var file = await db.EntryFiles.AsNoTracking().SingleOrDefaultAsync(f => f.Id == fileId && f.EntryId == id, cancellationToken);
        if (file is null)
        {
            return NotFound();
        }

        var url = await store.GetReadUrlAsync(file.StoredName, new ReadUrlRequest(TimeSpan.FromMinutes(10), file.OriginalFileName), cancellationToken);
        Response.Headers.CacheControl = "private, no-store";
        return Redirect(url.ToString());
    }

    /// <summary>
    /// A small preview of an image file, for whoever may see the entry. A stored file never changes, so the browser
    /// keeps the preview (private: it is a student's work). Not an image this site can read: the original's link.
    /// </summary>
    [HttpGet("{id:int}/files/{fileId:int}/preview")]
    public async Task<IActionResult> Preview(int id, int fileId, [FromServices] Infrastructure.Imaging.FilePreviews previews, CancellationToken cancellationToken)
    {
        if (await access.RelationAsync(id, User, cancellationToken) == EntryRelation.None)
        {
            return NotFound();
        }

        var file = await db.EntryFiles.AsNoTracking().SingleOrDefaultAsync(f => f.Id == fileId && f.EntryId == id, cancellationToken);
        if (file is null || !file.ContentType.StartsWith("image/", StringComparison.Ordinal))
        {
            return NotFound();
        }

        if (await previews.OpenAsync(file.StoredName, Infrastructure.Imaging.FilePreviews.Small, cancellationToken) is { } preview)
        {
            Response.Headers.CacheControl = "private, max-age=31536000, immutable";
            return File(preview, "image/webp");
        }

        var url = await store.GetReadUrlAsync(file.StoredName, new ReadUrlRequest(TimeSpan.FromMinutes(10), file.OriginalFileName, file.ContentType), cancellationToken);
        Response.Headers.CacheControl = "private, no-store";
        return Redirect(url.ToString());
    }

    [HttpGet("invitation")]
    public async Task<IActionResult> Invitation(string? token, CancellationToken cancellationToken)
    {
        var found = await changes.FindInvitationAsync(token, cancellationToken);
        if (found is not { } invitation)
        {
            return View("InvitationInvalid");
        }

        return View(await InvitationPageAsync(token!, invitation.Entry, cancellationToken));
    }

    [HttpPost("invitation")]
    public async Task<IActionResult> Invitation(string? token, string? decision, CancellationToken cancellationToken)
    {
        var found = await changes.FindInvitationAsync(token, cancellationToken);
        if (found is not { } invitation)
        {
            return View("InvitationInvalid");
        }

        var accept = decision == "accept";
        ParticipantProfile? participant = null;
        if (accept)
        {
            if (!User.IsInRole(Roles.Student))
            {
                ModelState.AddModelError("", t["Only a student account can join a team. Log in with your student account."]);
                return View(await InvitationPageAsync(token!, invitation.Entry, cancellationToken));
            }

            participant = await db.Participants.SingleOrDefaultAsync(p => p.UserId == UserId, cancellationToken);
        }

        if (!ModelState.AddErrors(await changes.RespondAsync(invitation.Entry, invitation.Member, participant, accept, cancellationToken)))
        {
            return View(await InvitationPageAsync(token!, invitation.Entry, cancellationToken));
        }

        if (!accept)
        {
            TempData["Message"] = t["You declined the invitation."].Value;
            return Redirect("/entries");
        }

        TempData["Message"] = t["You joined the team."].Value;
        return Redirect($"/entries/{invitation.Entry.Id}");
    }

    private async Task<InvitationPage> InvitationPageAsync(string token, Entry entry, CancellationToken cancellationToken)
    {
        var inviter = await db.Users.Where(u => u.Id == entry.CreatedByUserId).Select(u => u.FullName).SingleOrDefaultAsync(cancellationToken) ?? "";
        return new InvitationPage
        {
            Token = token,
            EntryTitle = entry.Title,
            Category = entry.Category.Name,
            Competition = entry.Category.Competition.Title,
            InvitedBy = inviter,
            IsStudent = User.IsInRole(Roles.Student),
            HasProfile = await db.Participants.AnyAsync(p => p.UserId == UserId, cancellationToken),
        };
    }

    /// <summary>Runs a change as the owner of the entry; problems are shown on the entry page, success redirects to it.</summary>
    private async Task<IActionResult> ChangeAsync(int id, CancellationToken cancellationToken, Func<Entry, Task<Outcome>> change,
        string success, DetailsForm? details = null)
    {
        if (await access.RelationAsync(id, User, cancellationToken) != EntryRelation.Owner)
        {
            return NotFound();
        }

        var entry = await changes.LoadAsync(id, cancellationToken);
        if (entry is null)
        {
            return NotFound();
        }

        Outcome outcome;
        try
        {
            outcome = await change(entry);
        }
        catch (DbUpdateConcurrencyException)
        {
            outcome = Outcome.Refused(t["The entry was changed at the same time on another page. Reload and try again."]);
        }

        if (outcome.Succeeded && ModelState.IsValid)
        {
            TempData["Message"] = success;
            return Redirect($"/entries/{id}");
        }

        ModelState.AddErrors(outcome);
        db.ChangeTracker.Clear();
        var page = await EntryPageAsync(id, cancellationToken);
        if (page is null)
        {
            return NotFound();
        }

        if (details is not null)
        {
            page.Details = details;
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Show", page);
    }

    private async Task<EntryPage?> EntryPageAsync(int id, CancellationToken cancellationToken)
    {
        var relation = await access.RelationAsync(id, User, cancellationToken);
        if (relation == EntryRelation.None)
        {
            return null;
        }

        var entry = (await queries.LoadAsync(db.Entries.Where(e => e.Id == id), withPreviews: true, withEarlierFiles: false, cancellationToken)).Single();
        entry.Relation = relation;
        entry.ClosedReason = ClosedReason(entry);
        var pending = entry.CanChange
            ? (await db.UploadSessions.AsNoTracking()
                    // Unfinished, and begun after the slot's current file was uploaded: once another file has been
                    // uploaded into the slot, an older unfinished upload is no longer offered.
                    .Where(s => s.EntryId == id && s.Status == UploadStatus.Active
                                && !db.EntryFiles.Any(f => f.EntryId == id && f.Slot == s.Slot && f.IsCurrent && f.UploadedAt >= s.StartedAt))
                    .Select(s => new { s.Slot, s.StartedAt, Upload = new PendingUpload(s.Id, s.FileName, s.DeclaredSize) })
                    .ToListAsync(cancellationToken))
                .GroupBy(s => s.Slot)
                .ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.StartedAt).First().Upload)
            : new Dictionary<int, PendingUpload>();
        return new EntryPage
        {
            Entry = entry,
            PendingUploads = pending,
            Details = new DetailsForm { Title = entry.Title, Description = entry.Description, LinkUrl = entry.LinkUrl },
            CanSubmit = relation == EntryRelation.Owner && entry.Status == EntryStatus.Draft
                        && CompetitionPhases.AcceptsUpload(entry.Category.Competition, clock.GetUtcNow().UtcDateTime,
                            await changes.UploadInFlightAtDeadlineAsync(id, entry.Category.Competition, cancellationToken)),
        };
    }

    private string? ClosedReason(EntryView entry)
    {
        if (entry.Status is EntryStatus.Withdrawn or EntryStatus.Disqualified)
        {
            return t["This entry was withdrawn or disqualified and can no longer be changed."];
        }

        var now = clock.GetUtcNow().UtcDateTime;
        return CompetitionPhases.AcceptsUpload(entry.Category.Competition, now, null)
            ? null
            : changes.ClosedMessage(entry.Category.Competition, now);
    }

    private async Task<NewEntryPage?> NewPageAsync(int? categoryId, CancellationToken cancellationToken)
    {
        var category = await db.Categories.Include(c => c.Competition).SingleOrDefaultAsync(c => c.Id == categoryId, cancellationToken);
        if (category is null || !category.Competition.IsPublic)
        {
            return null;
        }

        var userId = UserId;
        var isStudent = User.IsInRole(Roles.Student);
        var isGuardian = User.IsInRole(Roles.Guardian);
        var profiles = await db.Participants
            .Where(p => (isStudent && p.UserId == userId) || (isGuardian && p.GuardianUserId == userId))
            .OrderBy(p => p.FullName)
            .ToListAsync(cancellationToken);
        var candidates = new List<Candidate>();
        foreach (var p in profiles)
        {
            var reasons = await eligibility.CheckAsync(p, category, cancellationToken: cancellationToken);
            var level = p.Level == SchoolLevels.SMA ? "SMA/SMK" : p.Level.ToString();
            candidates.Add(new Candidate(p.Id, p.FullName, $"{p.SchoolName} · {level} · {t["grade {0}", p.Grade]}",
                reasons.Where(r => r != IneligibleReason.NotOpen).Select(r => changes.Explain(r, category)).ToList()));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        return new NewEntryPage
        {
            Category = category,
            CompetitionTitle = category.Competition.Title,
            Deadline = TimeDisplay.Format(category.Competition.SubmissionClosesAt, category.Competition.TimeZoneId),
            ClosedReason = CompetitionPhases.Compute(category.Competition, now) == Phase.Open ? null : changes.ClosedMessage(category.Competition, now),
            IsGuardian = isGuardian,
            IsStudent = isStudent,
            Candidates = candidates,
        };
    }
}
