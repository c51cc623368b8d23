using System.Globalization;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Infrastructure.Auditing;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Judging;

/// <summary>What a judge may reach: their assignment of one entry that is eligible and free of their conflicts.</summary>
public sealed record JudgeAccess(
    int AssignmentId, int JudgeId, EntryFacts Entry, Competition Competition, Category Category, IReadOnlyList<Criterion> Criteria, Phase Phase);

public enum SaveOutcome
{
    Saved = 0,
    Invalid = 1,
    Conflict = 2,
    Closed = 3,
}

public sealed record SaveResult(SaveOutcome Outcome, IReadOnlyDictionary<string, string> Errors, string? Message = null);

/// <summary>
/// Blind scoring: the judge's access to one assigned entry, the page's content (never anything that identifies the
/// student) and saving the rubric form — drafts, submission, revisions until judging ends (all audited), and
/// optimistic concurrency so two tabs never overwrite each other silently.
/// </summary>
public sealed class ScoreEntry(
    AppDbContext db,
    JudgingQueries data,
    IAuditLog audit,
    IFileStore files,
    IOptions<JudgingOptions> options,
    IStringLocalizer<JudgingText> t)
{
    public const int MaxTextLength = 4000;

    /// <summary>The stored name of the entry's image shown as file <paramref name="number"/> (1-based, the page's order), or null.</summary>
    public async Task<string?> ImageOfAsync(JudgeAccess access, int number, CancellationToken ct = default)
    {
        var stored = await db.EntryFiles.AsNoTracking()
            .Where(f => f.EntryId == access.Entry.Id && f.IsCurrent)
            .OrderBy(f => f.Slot).ThenBy(f => f.Id)
            .Select(f => new { f.StoredName, f.ContentType })
            .ToListAsync(ct);
        return number >= 1 && number <= stored.Count && PreviewContentTypes.KindOf(stored[number - 1].ContentType) == PreviewKind.Image
            ? stored[number - 1].StoredName
            : null;
    }

    /// <summary>The judge's assignment of the entry with this code, or null: not assigned, not eligible any more, or a conflict.</summary>
    public async Task<JudgeAccess?> FindAsync(string userId, string? code, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 16)
        {
            return null;
        }

        var a = await db.JudgeAssignments.AsNoTracking()
            .Where(x => x.Judge.UserId == userId && x.Entry.PublicCode == code)
            .Select(x => new { x.Id, x.EntryId, x.CategoryId, x.CompetitionId, x.CompetitionJudgeId })
            .SingleOrDefaultAsync(ct);
        if (a is null)
        {
            return null;
        }

        var facts = (await data.SubmittedEntriesAsync(a.CompetitionId, [a.EntryId], ct)).SingleOrDefault();
        var conflicts = await db.JudgeConflicts.AsNoTracking().Where(c => c.CompetitionJudgeId == a.CompetitionJudgeId).ToListAsync(ct);
        if (facts is not { Eligible: true } || new ConflictProfile(conflicts).ConflictsWith(facts.Id, facts.Members))
        {
            return null;
        }

        var competition = await db.Competitions.AsNoTracking().SingleAsync(c => c.Id == a.CompetitionId, ct);
        var category = await db.Categories.AsNoTracking().SingleAsync(c => c.Id == a.CategoryId, ct);
        var criteria = await ScoreAudit.RubricOfAsync(db, a.CategoryId, ct);
        return new JudgeAccess(a.Id, a.CompetitionJudgeId, facts, competition, category, criteria, data.PhaseOf(competition));
    }

    /// <summary>The scoring page: the entry as the judge may see it, the rubric and the judge's own score (or the form as posted).</summary>
    public async Task<ScorePage> PageAsync(JudgeAccess access, ScoreForm? posted = null, CancellationToken ct = default)
    {
        var entry = await db.Entries.AsNoTracking()
            .Where(e => e.Id == access.Entry.Id)
            .Select(e => new { e.Title, e.Description, e.LinkUrl })
            .SingleAsync(ct);
        var stored = await db.EntryFiles.AsNoTracking()
            .Where(f => f.EntryId == access.Entry.Id && f.IsCurrent)
            .OrderBy(f => f.Slot).ThenBy(f => f.Id)
            .Select(f => new { f.StoredName, f.ContentType, f.SizeBytes })
            .ToListAsync(ct);
        var lifetime = options.Value.FileLinkLifetime;
        var fileViews = new List<FileView>();
        for (var i = 0; i < stored.Count; i++)
        {
            var f = stored[i];
            var neutral = NeutralName(i + 1, f.StoredName, f.ContentType);
            var kind = PreviewContentTypes.KindOf(f.ContentType);
            // Images: a stored preview through the site (the original is the download link, on demand).
            var preview = kind == PreviewKind.None ? null
                : kind == PreviewKind.Image ? new Uri($"/judge/entries/{access.Entry.PublicCode}/files/{i + 1}/preview", UriKind.Relative)
                : await files.GetReadUrlAsync(f.StoredName, new ReadUrlRequest(lifetime, neutral, f.ContentType, Inline: kind == PreviewKind.Pdf), ct);
            var download = await files.GetReadUrlAsync(f.StoredName, new ReadUrlRequest(lifetime, neutral, f.ContentType), ct);
            fileViews.Add(new FileView(neutral, kind, preview?.ToString(), download.ToString(), f.SizeBytes));
        }

        var card = await db.Scorecards.AsNoTracking().Include(s => s.Points).SingleOrDefaultAsync(s => s.AssignmentId == access.AssignmentId, ct);
        var form = posted ?? new ScoreForm
        {
            Points = access.Criteria.ToDictionary(c => c.Id, c => card?.Points.FirstOrDefault(p => p.CriterionId == c.Id)?.Points.ToString(CultureInfo.InvariantCulture)),
            Feedback = card?.Feedback,
            PrivateNote = card?.PrivateNote,
            Version = card?.Version.ToString(),
        };
        var percents = RubricRules.WeightPercentages(access.Criteria.Select(c => c.Weight).ToList());
        return new ScorePage(
            access.Entry.PublicCode,
            entry.Title,
            entry.Description,
            entry.LinkUrl,
            access.Category.Name,
            access.Competition.Id,
            access.Competition.Title,
            access.Competition.JudgingEndsAt,
            access.Competition.TimeZoneId,
            fileViews,
            access.Criteria.Select((c, i) => new CriterionView(c.Id, c.Name, c.Description, c.Weight, percents[i], c.MaxPoints)).ToList(),
            form,
            card?.Status,
            card?.SubmittedAt,
            card?.UpdatedAt,
            card?.Revisions ?? 0,
            ScoreRules.Rounded(card?.WeightedTotal ?? 0),
            options.Value.FileLinkLifetime);
    }

    public async Task<SaveResult> SaveAsync(JudgeAccess access, ScoreForm form, bool submit, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        if (access.Phase != Phase.Judging)
        {
            var closed = access.Phase < Phase.Judging
                ? t["Judging has not started yet: scores can be given from {0}.", Infrastructure.Localization.TimeDisplay.Format(access.Competition.SubmissionClosesAt, access.Competition.TimeZoneId)]
                : t["Judging ended on {0}: scores can no longer be saved or changed.", Infrastructure.Localization.TimeDisplay.Format(access.Competition.JudgingEndsAt, access.Competition.TimeZoneId)];
            return new SaveResult(SaveOutcome.Closed, errors, closed);
        }

        var card = await db.Scorecards.Include(s => s.Points).SingleOrDefaultAsync(s => s.AssignmentId == access.AssignmentId, ct);
        var wasSubmitted = card?.Status == ScoreStatus.Submitted;
        var complete = submit || wasSubmitted;
        var typed = form.Points ?? [];
        foreach (var p in ScoreRules.Problems(access.Criteria, typed, complete))
        {
            var criterion = access.Criteria.FirstOrDefault(c => c.Id == p.CriterionId);
            switch (p.Kind)
            {
                case ScoreProblemKind.UnknownCriterion:
                    errors[""] = t["The score contains a criterion that is not part of this entry's rubric. Reload the page and score again."];
                    break;
                case ScoreProblemKind.OutOfRange:
                    errors[FieldName(p.CriterionId)] = t["Give {0} a whole number of points from 0 to {1}.", criterion!.Name, criterion.MaxPoints];
                    break;
                case ScoreProblemKind.Missing:
                    errors[FieldName(p.CriterionId)] = wasSubmitted
                        ? t["A submitted score stays complete: give {0} points from 0 to {1}.", criterion!.Name, criterion.MaxPoints]
                        : t["Give {0} points from 0 to {1} before submitting.", criterion!.Name, criterion.MaxPoints];
                    break;
            }
        }

        if ((form.Feedback ?? "").Length > MaxTextLength)
        {
            errors[nameof(ScoreForm.Feedback)] = t["The feedback can be at most {0} characters long.", MaxTextLength];
        }

        if ((form.PrivateNote ?? "").Length > MaxTextLength)
        {
            errors[nameof(ScoreForm.PrivateNote)] = t["The note can be at most {0} characters long.", MaxTextLength];
        }

        if (errors.Count > 0)
        {
            return new SaveResult(SaveOutcome.Invalid, errors);
        }

        Guid? postedVersion = Guid.TryParse(form.Version, out var v) ? v : null;
        if (card is not null && postedVersion != card.Version)
        {
            return Conflict();
        }

        var now = data.Now;
        var points = ScoreRules.Parse(access.Criteria, typed);
        var before = card is null ? null
            : ScoreAudit.Describe(card.Status, card.Points.ToDictionary(p => p.CriterionId, p => p.Points), card.Feedback, card.PrivateNote, access.Criteria);
        if (card is null)
        {
            card = new Scorecard { AssignmentId = access.AssignmentId, CreatedAt = now };
            db.Scorecards.Add(card);
        }
        else
        {
            // The database refuses the update if another tab saved since this form was loaded.
            db.Entry(card).Property(s => s.Version).OriginalValue = postedVersion!.Value;
        }

        card.SetPoints(access.Criteria, points);
        card.Feedback = (form.Feedback ?? "").Trim();
        card.PrivateNote = (form.PrivateNote ?? "").Trim();
        card.UpdatedAt = now;
        card.Version = Guid.NewGuid();
        string action;
        if (wasSubmitted)
        {
            card.Revisions++;
            action = "score.revised";
        }
        else if (submit)
        {
            card.Status = ScoreStatus.Submitted;
            card.SubmittedAt = now;
            action = "score.submitted";
        }
        else
        {
            action = "score.draft-saved";
        }

        var after = ScoreAudit.Describe(card.Status, points, card.Feedback, card.PrivateNote, access.Criteria);
        var details = $"Entry {access.Entry.PublicCode}" + (wasSubmitted ? $", revision {card.Revisions}\nBefore:\n{before}\nAfter:\n{after}" : "\n" + after);
        audit.Record(action, "entry", access.Entry.Id.ToString(CultureInfo.InvariantCulture), details, access.Competition.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // DbUpdateConcurrencyException (another tab saved first) or the unique index on a first save from two tabs.
            db.ChangeTracker.Clear();
            return Conflict();
        }

        var message = action switch
        {
            "score.revised" => t["Your changes to the submitted score were saved. You can revise it until judging ends."],
            "score.submitted" => t["The score was submitted. You can still revise it until judging ends."],
            _ => t["The draft was saved. Come back to it any time before judging ends."],
        };
        return new SaveResult(SaveOutcome.Saved, errors, message);
    }

    public static string FieldName(int criterionId) => $"Points[{criterionId.ToString(CultureInfo.InvariantCulture)}]";

    private SaveResult Conflict() => new(SaveOutcome.Conflict, new Dictionary<string, string>(),
        t["This score was saved in another tab or window after you opened this page, so your changes were not saved. The page now shows the saved score: check it and enter your changes again."]);

    private string NeutralName(int number, string storedName, string contentType)
    {
        var extension = Path.GetExtension(storedName).TrimStart('.').ToLowerInvariant();
        if (extension.Length == 0 || extension.Length > 5 || !extension.All(char.IsAsciiLetterOrDigit))
        {
            extension = contentType switch
            {
                "application/pdf" => "pdf",
                "image/png" => "png",
                "image/jpeg" => "jpg",
                "image/webp" => "webp",
                "video/mp4" => "mp4",
                "video/webm" => "webm",
                _ => "",
            };
        }

        var name = t["File {0}", number].Value;
        return extension.Length == 0 ? name : $"{name}.{extension}";
    }
}
