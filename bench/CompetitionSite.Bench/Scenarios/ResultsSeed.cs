using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Domain.Results;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Bench.Scenarios;

/// <summary>A seeded competition in Review: one category, its criteria, and the entry ids in it.</summary>
public sealed record ReviewCompetition(int Id, string Slug, int CategoryId, int RubricId, IReadOnlyList<int> EntryIds);

/// <summary>
/// Seeds what publication and the ranking need, straight into the benchmark's database with the site's own model: participants
/// with accounts (shared by every competition seeded here), an organizer, three judges, and competitions whose judging
/// has ended (phase Review) with one category of N submitted entries, each scored by the three judges on six criteria,
/// and the awards already decided (the ranking's own suggestion, with the fingerprint the site checks).
/// </summary>
public sealed class ResultsSeed(BenchDatabase database)
{
    public const string OrganizerEmail = "panitia@relawantik.example";

    public static readonly (string Name, int Weight, int MaxPoints)[] Criteria =
    [
        ("Ide dan pesan", 25, 10), ("Kreativitas", 20, 10), ("Teknik", 20, 20), ("Komposisi", 15, 20), ("Kerapian", 10, 5), ("Presentasi", 10, 5),
    ];

    private static readonly string[] Feedback =
    [
        "Pesannya jelas dan warnanya serasi; tulisan kecil di bagian bawah agak sulit dibaca.",
        "Ide yang segar. Coba perhatikan keseimbangan antara gambar dan teks.",
        "Teknik menggambarnya rapi, komposisinya masih bisa lebih berani.",
    ];

    private List<(string UserId, int ParticipantId)> _participants = [];
    private List<int> _judges = [];
    private List<string> _judgeUsers = [];

    /// <summary>Participants (student accounts with adult profiles), the organizer and the judges' accounts.</summary>
    public async Task SeedPeopleAsync(int participants)
    {
        var emails = await database.SeedStudentsAsync(participants, "hasil");
        await using var db = database.Open();
        var normalized = emails.Select(e => e.ToUpperInvariant()).ToList();
        _participants = await (from u in db.Users
                               join p in db.Participants on u.Id equals p.UserId
                               where normalized.Contains(u.NormalizedEmail!)
                               orderby u.Email
                               select new { u.Id, ParticipantId = p.Id })
            .AsAsyncEnumerable().Select(x => (x.Id, x.ParticipantId)).ToListAsync();
        var hash = new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser(), BenchDatabase.StudentPassword);
        var roles = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id);
        ApplicationUser Account(string email, string name, string role)
        {
            var user = new ApplicationUser
            {
                UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true, PasswordHash = hash, SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
                ConcurrencyStamp = Guid.NewGuid().ToString(), LockoutEnabled = true, FullName = name, CreatedAt = DateTime.UtcNow,
            };
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roles[role] });
            return user;
        }

        Account(OrganizerEmail, "Panitia Bench", Roles.Organizer);
        _judgeUsers = Enumerable.Range(0, 3).Select(i => Account($"juri-{i}@relawantik.example", $"Juri Bench {i}", Roles.Judge).Id).ToList();
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// A competition in Review with one category of one entry per participant (the first <paramref name="entries"/>),
    /// every entry scored by the three judges, awards decided. Scores are deterministic; the first six entries get
    /// distinct top scores so that the awards have no tie to settle.
    /// </summary>
    public async Task<ReviewCompetition> SeedReviewCompetitionAsync(string slug, int entries)
    {
        var now = DateTime.UtcNow;
        int competitionId, categoryId, rubricId;
        List<Criterion> rubricCriteria;
        List<AwardTier> tiers;
        await using (var db = database.Open())
        {
            var competition = new Competition
            {
                Slug = slug,
                Title = "Lomba Poster Hari Guru 2026",
                Summary = "Buat poster digital untuk guru favoritmu dan menangkan hadiah menarik!",
                DescriptionMarkdown = "Tunjukkan rasa terima kasihmu kepada guru lewat **poster digital**.",
                RulesMarkdown = "1. Karya harus asli.",
                OrganizingBody = "Relawan TIK Banten",
                ContactEmail = "lomba@relawantik.example",
                TimeZoneId = "Asia/Jakarta",
                OpensAt = now.AddDays(-60),
                SubmissionClosesAt = now.AddDays(-30),
                JudgingEndsAt = now.AddDays(-1),
                ResultsAnnouncedAt = now.AddDays(1),
                Stage = CompetitionStage.Live,
                JudgesPerEntry = 3,
                RankingMode = RankingMode.Raw,
                CreatedAt = now,
                UpdatedAt = now,
            };
            var rubric = new Rubric
            {
                Name = "Rubrik poster",
                Criteria = Criteria.Select((c, i) => new Criterion { Order = i + 1, Name = c.Name, Description = c.Name, Weight = c.Weight, MaxPoints = c.MaxPoints }).ToList(),
            };
            competition.Rubrics.Add(rubric);
            var category = new Category
            {
                Name = "Poster SMA/SMK",
                Description = "Poster digital ukuran A3 tentang guru favoritmu.",
                Levels = SchoolLevels.SMA,
                MinGrade = 10,
                MaxGrade = 12,
                Kind = EntryKind.Image,
                AllowedExtensions = ".jpg,.png",
                Rubric = rubric,
                AwardTiers = AwardTierDefaults.Names.Select((n, i) => new AwardTier { Order = i + 1, Name = n }).ToList(),
            };
            competition.Categories.Add(category);
            db.Competitions.Add(competition);
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Competitions\" SET \"OpenedAt\" = {0} WHERE \"Id\" = {1}", now.AddDays(-60), competition.Id);
            competitionId = competition.Id;
            categoryId = category.Id;
            rubricId = rubric.Id;
            rubricCriteria = rubric.Criteria.OrderBy(c => c.Order).ToList();
            tiers = category.AwardTiers;

            var judges = _judgeUsers.Select(u => new CompetitionJudge { CompetitionId = competitionId, UserId = u, CategoryIds = [categoryId], JoinedAt = now.AddDays(-40), ConflictsReviewedAt = now.AddDays(-40) }).ToList();
            db.CompetitionJudges.AddRange(judges);
            await db.SaveChangesAsync();
            _judges = judges.Select(j => j.Id).ToList();
        }

        // Entries, members, assignments, scorecards and points, in chunks (each chunk one SaveChanges).
        var entryIds = new List<int>(entries);
        var scores = new List<JudgeScore>(entries * 3);
        const int Chunk = 1000;
        for (var start = 0; start < entries; start += Chunk)
        {
            await using var db = database.Open();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var batch = new List<(int Index, Entry Entry)>();
            for (var i = start; i < Math.Min(entries, start + Chunk); i++)
            {
                var (userId, participantId) = _participants[i];
                var entry = new Entry
                {
                    PublicCode = $"K{competitionId}-{i:D5}",
                    CategoryId = categoryId,
                    Title = $"Guru Pahlawanku {i:D5}",
                    Description = "Poster digital tentang guru favorit.",
                    Status = EntryStatus.Submitted,
                    OriginalityPledgedAt = now.AddDays(-35),
                    SubmittedAt = now.AddDays(-35),
                    CreatedByUserId = userId,
                    CreatedAt = now.AddDays(-40),
                    UpdatedAt = now.AddDays(-35),
                    Members = [new EntryMember { ParticipantId = participantId, IsLead = true, InvitationStatus = MemberInvitationStatus.Accepted }],
                };
                db.Entries.Add(entry);
                batch.Add((i, entry));
            }

            await db.SaveChangesAsync();
            foreach (var (i, entry) in batch)
            {
                entryIds.Add(entry.Id);
                for (var j = 0; j < 3; j++)
                {
                    var points = Points(i, j);
                    var scorecard = new Scorecard
                    {
                        Status = ScoreStatus.Submitted,
                        Feedback = Feedback[(i + j) % Feedback.Length],
                        CreatedAt = now.AddDays(-10),
                        UpdatedAt = now.AddDays(-9),
                        SubmittedAt = now.AddDays(-9).AddSeconds(j),
                    };
                    db.JudgeAssignments.Add(new JudgeAssignment
                    {
                        CompetitionId = competitionId,
                        CategoryId = categoryId,
                        EntryId = entry.Id,
                        CompetitionJudgeId = _judges[j],
                        Source = AssignmentSource.Automatic,
                        AssignedAt = now.AddDays(-29),
                        Scorecard = scorecard,
                    });
                    scorecard.SetPoints(rubricCriteria, rubricCriteria.Select((c, k) => (c.Id, points[k])).ToDictionary(x => x.Id, x => x.Item2));
                    scores.Add(new JudgeScore(entry.Id, _judgeUsers[j], scorecard.WeightedTotal, scorecard.CriterionShares));
                }
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }

        // The awards: what the ranking suggests, saved with the ranking's fingerprint (as the review page saves them).
        var ranked = Ranking.Compute(rubricCriteria, entryIds, scores, 3, RankingMode.Raw);
        var slots = tiers.Select(t => new TierSlot(t.Name, t.Order, t.Count, t.IsSpecial)).ToList();
        var suggestion = AwardPlan.Suggest(ranked, slots);
        if (suggestion.Ties.Count > 0)
        {
            throw new InvalidOperationException("The seeded scores tie across an award boundary.");
        }

        await using (var db = database.Open())
        {
            var organizer = await db.Users.Where(u => u.NormalizedEmail == OrganizerEmail.ToUpperInvariant()).Select(u => u.Id).SingleAsync();
            foreach (var (entryId, tier) in suggestion.TierByEntry)
            {
                db.EntryAwards.Add(new EntryAward
                {
                    CompetitionId = competitionId, CategoryId = categoryId, EntryId = entryId, AwardName = tier,
                    AwardOrder = tiers.Single(t => t.Name == tier).Order, CreatedAt = now, UpdatedAt = now,
                });
            }

            db.CategoryAwardDecisions.Add(new CategoryAwardDecision
            {
                CompetitionId = competitionId, CategoryId = categoryId, RankingFingerprint = AwardPlan.Fingerprint(ranked), SavedAt = now, SavedByUserId = organizer,
            });
            await db.SaveChangesAsync();
        }

        return new ReviewCompetition(competitionId, slug, categoryId, rubricId, entryIds);
    }

    /// <summary>
    /// Deterministic points of judge <paramref name="judge"/> for entry number <paramref name="entry"/>: the first six
    /// entries get (nearly) full marks, each a little less than the one before; the others at most 80 % of each maximum.
    /// </summary>
    public static int[] Points(int entry, int judge)
    {
        var points = new int[Criteria.Length];
        for (var k = 0; k < Criteria.Length; k++)
        {
            var max = Criteria[k].MaxPoints;
            if (entry < 6)
            {
                points[k] = max - (judge == 0 && k == 0 ? entry : 0);
            }
            else
            {
                // A fixed multiplicative hash (HashCode is seeded per process, so it would change between runs).
                var h = (uint)((entry * 7919L + judge * 104729L + k * 1299709L) * 2654435761L % 1000);
                points[k] = (int)(h * (max * 4 / 5 + 1) / 1000);
            }
        }

        return points;
    }
}
