using System.Globalization;
using System.Text;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>Creates, edits and copies competitions; every change is audited in the same SaveChanges.</summary>
public sealed class CompetitionEditor(
    AppDbContext db,
    IAuditLog audit,
    TimeProvider clock,
    BannerImages banners,
    Microsoft.Extensions.Options.IOptions<Infrastructure.Imaging.ImageOptions> images,
    IStringLocalizer<CompetitionsText> t,
    IStringLocalizer<SharedResource> l)
{
    public async Task<Outcome<int>> CreateAsync(CompetitionForm form, CancellationToken ct = default)
    {
        var errors = new List<FormError>();
        var timeline = CheckTimeline(form, errors);
        var slug = await ChooseSlugAsync(form.Slug, form.Title, null, nameof(CompetitionForm.Slug), errors, ct);
        var banner = await CheckBannerAsync(form, errors, ct);
        if (errors.Count > 0 || timeline is null)
        {
            return Outcome.Failed(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var c = new Competition
        {
            Slug = slug,
            Stage = CompetitionStage.Draft,
            CreatedAt = now,
        };
        ApplyTexts(c, form);
        ApplyTimeline(c, timeline.Value);
        c.UpdatedAt = now;

        string? stored = null;
        if (banner is not null)
        {
            stored = await banners.SaveAsync(form.Banner!, banner, ct);
            c.BannerFileName = stored;
            c.BannerContentType = banner.ContentType;
        }

        db.Competitions.Add(c);
        try
        {
            // The audit event needs the new id: both rows are written in one transaction.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            audit.Record("competition.created", "competition", c.Id.ToString(CultureInfo.InvariantCulture),
                $"Title: {c.Title}\nSlug: {c.Slug}", c.Id);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch
        {
            await banners.DeleteQuietlyAsync(stored);
            throw;
        }

        return Outcome.Ok(c.Id);
    }

    public async Task<Outcome<int>> EditAsync(int id, CompetitionForm form, CancellationToken ct = default)
    {
        var c = await db.Competitions.SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return Outcome.Failed("", t["The competition does not exist."]);
        }

        if (c.Stage == CompetitionStage.Archived)
        {
            return Outcome.Failed("", t["An archived competition cannot be changed."]);
        }

        var errors = new List<FormError>();
        var timeline = CheckTimeline(form, errors);
        var slug = await ChooseSlugAsync(form.Slug, form.Title, c.Id, nameof(CompetitionForm.Slug), errors, ct);
        var banner = await CheckBannerAsync(form, errors, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (timeline is { } tl && c.Stage == CompetitionStage.Live)
        {
            // The dates may move, but not so that the phase changes under the participants' feet: that is what
            // "Move back a phase" (with a reason, announced by email) is for.
            var before = c.PhaseAt(now);
            var probe = new Competition { Stage = c.Stage, OpensAt = tl.Opens, SubmissionClosesAt = tl.Closes, JudgingEndsAt = tl.JudgingEnds, ResultsAnnouncedAt = tl.Results };
            var after = probe.PhaseAt(now);
            if (before != after)
            {
                errors.Add(new FormError(nameof(CompetitionForm.SubmissionClosesAt),
                    t["These dates would change the phase now, from \"{0}\" to \"{1}\". Keep the phase, or use \"Move back a phase\" and give a reason.", l.PhaseName(before), l.PhaseName(after)]));
            }
        }

        if (errors.Count > 0 || timeline is null)
        {
            return Outcome.Failed(errors);
        }

        var zone = form.TimeZoneId;
        var diff = new AuditDiff()
            .Field("Title", c.Title, form.Title.Trim())
            .Field("Web address (slug)", c.Slug, slug)
            .Field("Summary", c.Summary, form.Summary.Trim())
            .LongText("Description", c.DescriptionMarkdown, form.DescriptionMarkdown ?? "")
            .LongText("Rules", c.RulesMarkdown, form.RulesMarkdown ?? "")
            .Field("Organizing body", c.OrganizingBody, form.OrganizingBody.Trim())
            .Field("Contact email", c.ContactEmail, form.ContactEmail.Trim())
            .Field("Time zone", c.TimeZoneId, zone)
            .Field("Submissions open", CompetitionTimeZones.ForAudit(c.OpensAt, c.TimeZoneId), CompetitionTimeZones.ForAudit(timeline.Value.Opens, zone))
            .Field("Submission deadline", CompetitionTimeZones.ForAudit(c.SubmissionClosesAt, c.TimeZoneId), CompetitionTimeZones.ForAudit(timeline.Value.Closes, zone))
            .Field("Judging ends", CompetitionTimeZones.ForAudit(c.JudgingEndsAt, c.TimeZoneId), CompetitionTimeZones.ForAudit(timeline.Value.JudgingEnds, zone))
            .Field("Results announced (planned)", CompetitionTimeZones.ForAudit(c.ResultsAnnouncedAt, c.TimeZoneId), CompetitionTimeZones.ForAudit(timeline.Value.Results, zone))
            .Field("Grace period (minutes)", c.GraceMinutes, form.GraceMinutes)
            .Field("Judges per entry", c.JudgesPerEntry, form.JudgesPerEntry)
            .Field("Reminders: drafts", c.RemindDrafts, form.RemindDrafts)
            .Field("Reminders: consent", c.RemindConsents, form.RemindConsents)
            .Field("Reminders: judging", c.RemindJudges, form.RemindJudges)
            .Field("Public gallery", c.Gallery, form.Gallery)
            .Field("Hide the regency of minors", c.HideRegionOfMinors, form.HideRegionOfMinors);

        c.Slug = slug;
        ApplyTexts(c, form);
        ApplyTimeline(c, timeline.Value);

        string? stored = null;
        var oldBanner = c.BannerFileName;
        if (banner is not null)
        {
            stored = await banners.SaveAsync(form.Banner!, banner, ct);
            c.BannerFileName = stored;
            c.BannerContentType = banner.ContentType;
            diff.Line(oldBanner is null ? "Banner image: added" : "Banner image: replaced");
        }
        else if (form.RemoveBanner && oldBanner is not null)
        {
            c.BannerFileName = null;
            c.BannerContentType = null;
            diff.Line("Banner image: removed");
        }

        if (diff.IsEmpty)
        {
            return Outcome.Ok(c.Id);
        }

        c.UpdatedAt = now;
        audit.Record("competition.edited", "competition", c.Id.ToString(CultureInfo.InvariantCulture), diff.ToString(), c.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            await banners.DeleteQuietlyAsync(stored);
            throw;
        }

        if (oldBanner is not null && oldBanner != c.BannerFileName)
        {
            await banners.DeleteQuietlyAsync(oldBanner);
        }

        return Outcome.Ok(c.Id);
    }

    /// <summary>
    /// A new draft from an earlier competition: texts, categories with their award tiers, and rubrics with their
    /// criteria. Nothing is shifted: the organizer gives the new dates.
    /// </summary>
    public async Task<Outcome<int>> CopyAsync(int sourceId, CopyCompetitionForm form, CancellationToken ct = default)
    {
        var source = await db.Competitions.AsNoTracking()
            .Include(c => c.Categories).ThenInclude(x => x.AwardTiers)
            .Include(c => c.Rubrics).ThenInclude(r => r.Criteria)
            .AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Id == sourceId, ct);
        if (source is null)
        {
            return Outcome.Failed("", t["The competition does not exist."]);
        }

        var errors = new List<FormError>();
        var timeline = CheckTimeline(form, errors);
        var slug = await ChooseSlugAsync(form.Slug, form.Title, null, nameof(CopyCompetitionForm.Slug), errors, ct);
        if (errors.Count > 0 || timeline is null)
        {
            return Outcome.Failed(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var copy = new Competition
        {
            Slug = slug,
            Title = form.Title.Trim(),
            Summary = source.Summary,
            DescriptionMarkdown = source.DescriptionMarkdown,
            RulesMarkdown = source.RulesMarkdown,
            OrganizingBody = source.OrganizingBody,
            ContactEmail = source.ContactEmail,
            TimeZoneId = form.TimeZoneId,
            GraceMinutes = source.GraceMinutes,
            JudgesPerEntry = source.JudgesPerEntry,
            RemindDrafts = source.RemindDrafts,
            RemindConsents = source.RemindConsents,
            RemindJudges = source.RemindJudges,
            Gallery = source.Gallery,
            HideRegionOfMinors = source.HideRegionOfMinors,
            Stage = CompetitionStage.Draft,
            CopiedFromId = source.Id,
            CreatedAt = now,
            UpdatedAt = now,
        };
        ApplyTimeline(copy, timeline.Value);

        var rubricMap = new Dictionary<int, Rubric>();
        foreach (var r in source.Rubrics.OrderBy(r => r.Id))
        {
            var rubric = new Rubric
            {
                Name = r.Name,
                Criteria = r.Criteria.OrderBy(x => x.Order).Select(x => new Criterion
                {
                    Order = x.Order,
                    Name = x.Name,
                    Description = x.Description,
                    Weight = x.Weight,
                    MaxPoints = x.MaxPoints,
                }).ToList(),
            };
            rubricMap[r.Id] = rubric;
            copy.Rubrics.Add(rubric);
        }

        foreach (var x in source.Categories.OrderBy(x => x.SortOrder).ThenBy(x => x.Id))
        {
            copy.Categories.Add(new Category
            {
                Name = x.Name,
                Description = x.Description,
                SortOrder = x.SortOrder,
                Levels = x.Levels,
                MinGrade = x.MinGrade,
                MaxGrade = x.MaxGrade,
                Kind = x.Kind,
                AllowedExtensions = x.AllowedExtensions,
                MaxFileSizeMb = x.MaxFileSizeMb,
                MaxFilesPerEntry = x.MaxFilesPerEntry,
                MaxEntriesPerParticipant = x.MaxEntriesPerParticipant,
                IsTeam = x.IsTeam,
                MinTeamSize = x.MinTeamSize,
                MaxTeamSize = x.MaxTeamSize,
                Rubric = x.RubricId is { } rid && rubricMap.TryGetValue(rid, out var mapped) ? mapped : null,
                AwardTiers = x.AwardTiers.OrderBy(a => a.Order).Select(a => new AwardTier
                {
                    Order = a.Order,
                    Name = a.Name,
                    Count = a.Count,
                    IsSpecial = a.IsSpecial,
                }).ToList(),
            });
        }

        if (source.BannerFileName is { } banner && source.BannerContentType is { } type)
        {
            copy.BannerFileName = await banners.CopyAsync(banner, type, ct);
            copy.BannerContentType = copy.BannerFileName is null ? null : type;
        }

        db.Competitions.Add(copy);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        audit.Record("competition.copied", "competition", copy.Id.ToString(CultureInfo.InvariantCulture),
            $"Copied from: {source.Title} ({source.Slug})\nTitle: {copy.Title}\nSlug: {copy.Slug}\nCategories: {copy.Categories.Count}\nRubrics: {copy.Rubrics.Count}",
            copy.Id);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome.Ok(copy.Id);
    }

    public readonly record struct Timeline(DateTime Opens, DateTime Closes, DateTime JudgingEnds, DateTime Results);

    /// <summary>Converts the typed dates from the competition's zone to UTC and checks their order.</summary>
    private Timeline? CheckTimeline(ITimelineForm form, List<FormError> errors)
    {
        if (!CompetitionTimeZones.IsSupported(form.TimeZoneId))
        {
            errors.Add(new FormError(nameof(ITimelineForm.TimeZoneId), t["Choose WIB, WITA or WIT."]));
            return null;
        }

        if (form.OpensAt is not { } opens || form.SubmissionClosesAt is not { } closes
            || form.JudgingEndsAt is not { } judging || form.ResultsAnnouncedAt is not { } results)
        {
            return null; // the Required messages are already next to the empty fields
        }

        var tl = new Timeline(
            CompetitionTimeZones.ToUtc(opens, form.TimeZoneId),
            CompetitionTimeZones.ToUtc(closes, form.TimeZoneId),
            CompetitionTimeZones.ToUtc(judging, form.TimeZoneId),
            CompetitionTimeZones.ToUtc(results, form.TimeZoneId));
        var problems = CompetitionPhases.TimelineProblemsByField(tl.Opens, tl.Closes, tl.JudgingEnds, tl.Results).ToList();
        errors.AddRange(problems.Select(p => new FormError(p.Field, t.Problem(p.Message))));
        return problems.Count == 0 ? tl : null;
    }

    private async Task<Infrastructure.Imaging.ImageType?> CheckBannerAsync(CompetitionForm form, List<FormError> errors, CancellationToken ct)
    {
        if (form.Banner is not { } file)
        {
            return null;
        }

        var (image, problem) = await BannerImages.CheckAsync(file, images.Value.MaxPixels, ct);
        if (problem is not null)
        {
            errors.Add(new FormError(nameof(CompetitionForm.Banner), t[problem.Key, problem.Args]));
            return null;
        }

        if (!banners.CanStore)
        {
            errors.Add(new FormError(nameof(CompetitionForm.Banner), t["Banner images cannot be stored yet: this site has no file storage set up. Save without a banner."]));
            return null;
        }

        return image;
    }

    private async Task<string> ChooseSlugAsync(string? requested, string title, int? selfId, string field, List<FormError> errors, CancellationToken ct)
    {
        var wanted = requested?.Trim();
        if (!string.IsNullOrEmpty(wanted))
        {
            var taken = await db.Competitions.AnyAsync(c => c.Slug == wanted && c.Id != selfId, ct);
            if (taken)
            {
                errors.Add(new FormError(field, t["Another competition already uses this web address. Choose another one."]));
            }

            return wanted;
        }

        var baseSlug = Slugify(title);
        var existing = await db.Competitions
            .Where(c => c.Id != selfId && (c.Slug == baseSlug || c.Slug.StartsWith(baseSlug + "-")))
            .Select(c => c.Slug)
            .ToListAsync(ct);
        if (!existing.Contains(baseSlug))
        {
            return baseSlug;
        }

        for (var n = 2; ; n++)
        {
            var candidate = $"{baseSlug}-{n}";
            if (!existing.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>"Lomba Poster Hari Guru 2026!" → "lomba-poster-hari-guru-2026".</summary>
    public static string Slugify(string text)
    {
        var normalized = (text ?? "").Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder();
        var dash = false;
        foreach (var ch in normalized)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var c = char.ToLowerInvariant(ch);
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                sb.Append(c);
                dash = false;
            }
            else if (!dash && sb.Length > 0)
            {
                sb.Append('-');
                dash = true;
            }
        }

        var slug = sb.ToString().Trim('-');
        if (slug.Length > 80)
        {
            slug = slug[..80].Trim('-');
        }

        return slug.Length == 0 ? "lomba" : slug;
    }

    private static void ApplyTexts(Competition c, CompetitionForm form)
    {
        c.Title = form.Title.Trim();
        c.Summary = form.Summary.Trim();
        c.DescriptionMarkdown = form.DescriptionMarkdown ?? "";
        c.RulesMarkdown = form.RulesMarkdown ?? "";
        c.OrganizingBody = form.OrganizingBody.Trim();
        c.ContactEmail = form.ContactEmail.Trim();
        c.TimeZoneId = form.TimeZoneId;
        c.GraceMinutes = form.GraceMinutes;
        c.JudgesPerEntry = form.JudgesPerEntry;
        c.RemindDrafts = form.RemindDrafts;
        c.RemindConsents = form.RemindConsents;
        c.RemindJudges = form.RemindJudges;
        c.Gallery = Enum.IsDefined(form.Gallery) ? form.Gallery : GalleryMode.Off;
        c.HideRegionOfMinors = form.HideRegionOfMinors;
    }

    private static void ApplyTimeline(Competition c, Timeline tl)
    {
        c.OpensAt = tl.Opens;
        c.SubmissionClosesAt = tl.Closes;
        c.JudgingEndsAt = tl.JudgingEnds;
        c.ResultsAnnouncedAt = tl.Results;
    }
}
