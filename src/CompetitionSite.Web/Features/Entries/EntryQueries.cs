using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Infrastructure.Localization;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Entries;

/// <summary>Reads entries for the pages: members with their consent state, files with short-lived preview links, duplicates.</summary>
public sealed class EntryQueries(AppDbContext db, IFileStore store, TimeProvider clock)
{
    /// <summary>How long a preview link on a page works.</summary>
    public static readonly TimeSpan PreviewLifetime = TimeSpan.FromMinutes(30);

    /// <summary>Today in Indonesia (WIB): the day ages and consents are judged on.</summary>
    public DateOnly Today() =>
        DateOnly.FromDateTime(TimeDisplay.ToZone(clock.GetUtcNow().UtcDateTime, TimeDisplay.DefaultTimeZone).DateTime);

    /// <summary>Entries by id, newest first, with members (and consents) and files; previews only for current files when asked.</summary>
    public async Task<List<EntryView>> LoadAsync(IQueryable<Entry> entries, bool withPreviews, bool withEarlierFiles, CancellationToken cancellationToken = default)
    {
        var rows = await entries
            .Include(e => e.Category).ThenInclude(c => c.Competition)
            .Include(e => e.Members)
            .Include(e => e.Files)
            .AsNoTracking()
            .AsSplitQuery()
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .ToListAsync(cancellationToken);

        var participantIds = rows.SelectMany(e => e.Members).Where(m => m.ParticipantId != null).Select(m => m.ParticipantId!.Value).Distinct().ToList();
        var participants = await db.Participants.Include(p => p.Consents).AsNoTracking()
            .Where(p => participantIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        var today = Today();

        var views = new List<EntryView>(rows.Count);
        foreach (var e in rows)
        {
            var members = e.Members.OrderByDescending(m => m.IsLead).ThenBy(m => m.Id).Select(m =>
            {
                if (m.ParticipantId is { } pid && participants.TryGetValue(pid, out var p))
                {
                    return new MemberView(p.FullName, p.SchoolName, p.Regency, m.IsLead, m.InvitationStatus, m.InvitedEmail, ConsentRules.StateOf(p, today));
                }

                return new MemberView(m.InvitedEmail ?? "", null, null, m.IsLead, m.InvitationStatus, m.InvitedEmail, null);
            }).ToList();

            var current = new List<FileView>();
            foreach (var f in e.Files.Where(f => f.IsCurrent).OrderBy(f => f.Slot))
            {
                current.Add(await ToViewAsync(e.Id, f, withPreviews, cancellationToken));
            }

            var earlier = new List<FileView>();
            if (withEarlierFiles)
            {
                foreach (var f in e.Files.Where(f => !f.IsCurrent).OrderBy(f => f.Slot).ThenByDescending(f => f.UploadedAt))
                {
                    earlier.Add(await ToViewAsync(e.Id, f, withPreview: false, cancellationToken));
                }
            }

            views.Add(new EntryView
            {
                Id = e.Id,
                PublicCode = e.PublicCode,
                Title = e.Title,
                Description = e.Description,
                LinkUrl = e.LinkUrl,
                Status = e.Status,
                SubmittedAt = e.SubmittedAt,
                WithdrawnAt = e.WithdrawnAt,
                DisqualificationReason = e.DisqualificationReason,
                CompetitionId = e.Category.CompetitionId,
                CompetitionTitle = e.Category.Competition.Title,
                TimeZoneId = e.Category.Competition.TimeZoneId,
                Deadline = e.Category.Competition.SubmissionClosesAt,
                Category = e.Category,
                Members = members,
                CurrentFiles = current,
                EarlierFiles = earlier,
            });
        }

        return views;
    }

    /// <summary>
    /// For each given entry, the codes of other entries — by other participants — whose current file has the same
    /// SHA-256 as one of its current files (submitted or disqualified entries only).
    /// </summary>
    public async Task FlagDuplicatesAsync(IReadOnlyList<EntryView> entries, CancellationToken cancellationToken = default)
    {
        var hashes = entries.SelectMany(e => e.CurrentFiles).Select(f => f.Sha256).Distinct().ToList();
        if (hashes.Count == 0)
        {
            return;
        }

        var same = await db.EntryFiles.Where(f => f.IsCurrent && hashes.Contains(f.Sha256))
            .Join(db.Entries.Where(e => e.Status == EntryStatus.Submitted || e.Status == EntryStatus.Disqualified),
                f => f.EntryId, e => e.Id,
                (f, e) => new
                {
                    f.Sha256,
                    EntryId = e.Id,
                    e.PublicCode,
                    Lead = e.Members.Where(m => m.IsLead).Select(m => m.ParticipantId).FirstOrDefault(),
                })
            .ToListAsync(cancellationToken);
        var byHash = same.GroupBy(x => x.Sha256).ToDictionary(g => g.Key, g => g.ToList());
        var leads = same.GroupBy(x => x.EntryId).ToDictionary(g => g.Key, g => g.First().Lead);
        foreach (var entry in entries)
        {
            if (entry.Status is not (EntryStatus.Submitted or EntryStatus.Disqualified))
            {
                continue;
            }

            var lead = leads.GetValueOrDefault(entry.Id);
            entry.DuplicateOf = entry.CurrentFiles
                .SelectMany(f => byHash.GetValueOrDefault(f.Sha256) ?? [])
                .Where(x => x.EntryId != entry.Id && x.Lead != lead)
                .Select(x => x.PublicCode)
                .Distinct()
                .Order(StringComparer.Ordinal)
                .ToList();
        }
    }

    private async Task<FileView> ToViewAsync(int entryId, EntryFile f, bool withPreview, CancellationToken cancellationToken)
    {
        var kind = PreviewContentTypes.KindOf(f.ContentType);
        string? previewUrl = null;
        if (withPreview && kind == PreviewKind.Image)
        {
            // A small stored preview (cached by the browser), not the original: the original is the download link.
            previewUrl = $"/entries/{entryId}/files/{f.Id}/preview";
        }
        else if (withPreview && kind != PreviewKind.None)
        {
            previewUrl = (await store.GetReadUrlAsync(f.StoredName, new ReadUrlRequest(PreviewLifetime, f.OriginalFileName, f.ContentType), cancellationToken)).ToString();
        }

        return new FileView(f.Id, f.Slot, f.OriginalFileName, f.SizeBytes, f.Sha256, f.ContentType, f.UploadedAt, f.IsCurrent,
            kind, previewUrl, $"/entries/{entryId}/files/{f.Id}");
    }
}
