using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Features.Certificates;
using CompetitionSite.Web.Features.Competitions;
using CompetitionSite.Web.Features.Entries;
using CompetitionSite.Web.Features.Judging;
using CompetitionSite.Web.Features.Participants;
using CompetitionSite.Web.Features.Results;
using CompetitionSite.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Demo;

// The jury, its scores and the awards, through the judging and results use cases.
public sealed partial class DemoSeeder
{
    /// <summary>
    /// The jury, as if each judge had accepted an emailed invitation (the link's token exists only in that email):
    /// the accepted invitation, the membership for one category each (four judges per category) and their
    /// reviewed conflict declarations, one of them a school.
    /// </summary>
    private async Task AddJuryAsync(int competitionId, List<MadeCategory> categories, CancellationToken ct)
    {
        await using var scope = root.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = _clock.UtcNow;
        for (var i = 0; i < _judges.Count; i++)
        {
            var (userId, name, email) = _judges[i];
            var category = categories[i % categories.Count];
            db.JudgeInvitations.Add(new JudgeInvitation
            {
                CompetitionId = competitionId,
                Email = email,
                Name = name,
                CategoryIds = [category.Id],
                TokenHash = Convert.ToHexString(SHA256.HashData(RandomNumberGenerator.GetBytes(32))),
                CreatedAt = now.AddDays(-3),
                ExpiresAt = now.AddDays(11),
                Status = InvitationStatus.Accepted,
                DecidedAt = now.AddHours(-i - 1),
                AcceptedByUserId = userId,
                InvitedByUserId = _organizer.Id,
            });
            var judge = new CompetitionJudge
            {
                CompetitionId = competitionId,
                UserId = userId,
                CategoryIds = [category.Id],
                JoinedAt = now.AddHours(-i - 1),
                ConflictsReviewedAt = now.AddHours(-i - 0.5),
            };
            if (i % 4 == 0)
            {
                var school = DemoPeople.Schools.First(s => s.Level == category.Level && s.Regency == Regions.BantenRegencies[i % 8]);
                judge.Conflicts.Add(new JudgeConflict
                {
                    Kind = ConflictKind.School,
                    SchoolName = school.Name,
                    SchoolNpsn = school.Npsn,
                    Note = "Mengajar di sekolah ini",
                    DeclaredAt = now.AddHours(-i - 0.5),
                });
            }

            db.CompetitionJudges.Add(judge);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>The judges score their assignments through the scoring use case: all of them, or a share (judging in progress).</summary>
    private async Task ScoreAsync(int competitionId, Dictionary<string, double> quality, Plan plan, CancellationToken ct)
    {
        List<(string UserId, string Code, int JudgeId)> work;
        await using (var scope = root.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            work = await db.JudgeAssignments.AsNoTracking().Where(a => a.CompetitionId == competitionId)
                .OrderBy(a => a.Id)
                .Select(a => new ValueTuple<string, string, int>(a.Judge.UserId, a.Entry.PublicCode, a.CompetitionJudgeId))
                .ToListAsync(ct);
        }

        var leniency = work.Select(w => w.JudgeId).Distinct().ToDictionary(id => id, _ => (_random.NextDouble() - 0.5) * 0.16);
        var start = Day(plan.AssignDay!.Value, 10);
        var step = TimeSpan.FromMinutes(Math.Max(1, (Day(plan.ScoreUntilDay!.Value, 20) - start).TotalMinutes / Math.Max(1, work.Count)));
        _clock.Set(start);
        foreach (var (userId, code, judgeId) in work.OrderBy(_ => _random.Next()).ToList())
        {
            await using var scope = root.CreateAsyncScope();
            var judge = _judges.Single(j => j.Id == userId);
            await ScoreOneAsync(new DemoServices(scope.ServiceProvider, _clock, _site, new DemoActor(judge.Id, judge.Email)), userId, code, judgeId);
        }

        async Task ScoreOneAsync(DemoServices s, string userId, string code, int judgeId)
        {
            _clock.Advance(step);
            var share = _random.NextDouble();
            if (share >= plan.ScoredShare)
            {
                return;
            }

            var submit = plan.ScoredShare >= 1 || share < plan.ScoredShare * 0.85; // in progress: some saved as drafts
            var scoring = s.Get<ScoreEntry>();
            var access = await scoring.FindAsync(userId, code, ct);
            Check(access is not null, $"judge's access to {code}", []);
            var q = quality[code] + leniency[judgeId];
            var form = new ScoreForm
            {
                Points = access!.Criteria.ToDictionary(c => c.Id, c => (string?)Math.Clamp((int)Math.Round(c.MaxPoints * (q + (_random.NextDouble() - 0.5) * 0.2)), 1, c.MaxPoints).ToString(CultureInfo.InvariantCulture)),
                Feedback = Plans.Feedback(q, _random),
                PrivateNote = _random.Next(6) == 0 ? "Perlu dicek orisinalitas gambar latarnya." : "",
            };
            var saved = await scoring.SaveAsync(access, form, submit, ct);
            Check(saved.Outcome == SaveOutcome.Saved, $"score of {code}",
                saved.Errors.Values.Append(saved.Message ?? saved.Outcome.ToString()));
        }
    }

    /// <summary>The organizer takes the suggested awards of each category, adds the favourite award, and saves them.</summary>
    private async Task DecideAwardsAsync(int competitionId, CancellationToken ct)
    {
        await using var scope = root.CreateAsyncScope();
        var s = new DemoServices(scope.ServiceProvider, _clock, _site, Organizer);
        var results = await s.Get<ResultsQueries>().LoadAsync(competitionId, ct);
        foreach (var category in results!.Categories.Where(c => c.Rows.Count > 0))
        {
            var form = new AwardsForm { TiesSettled = true };
            foreach (var (entryId, tier) in category.Suggestion.TierByEntry)
            {
                form.Rows.Add(new AwardRowForm { EntryId = entryId, Tier = tier, Citation = Plans.Citation(tier, _random) });
            }

            var favourite = category.Rows.FirstOrDefault(r => r.IsPlaced && !category.Suggestion.TierByEntry.ContainsKey(r.EntryId));
            if (favourite is not null)
            {
                form.Rows.Add(new AwardRowForm { EntryId = favourite.EntryId, Special = "Juara Favorit", Citation = "Pilihan favorit dewan juri: pesan yang paling menyentuh." });
            }

            var saved = await s.Get<ReviewResults>().SaveAwardsAsync(competitionId, category.CategoryId, form, _organizer.Id, ct);
            Check(saved.Succeeded, $"awards of {category.Name}", saved.Messages);
        }
    }
}
