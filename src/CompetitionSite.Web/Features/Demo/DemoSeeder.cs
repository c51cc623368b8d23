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
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Demo;

/// <summary>What the seed made, for the summary and for tests.</summary>
public sealed record DemoSummary(
    IReadOnlyList<DemoCompetition> Competitions,
    IReadOnlyList<DemoAccount> Accounts,
    int Participants,
    int Entries,
    int Files,
    int Scorecards,
    int Certificates,
    TimeSpan Elapsed);

public sealed record DemoCompetition(int Id, string Slug, string Title, Phase Phase, int Entries);

public sealed record DemoAccount(string Role, string Name, string Email, string Note);

/// <summary>
/// Fills an empty database with a realistic demo through the site's own use cases: three competitions (one
/// published with awards and certificates, one being judged, one open), 200 participants from schools across
/// Banten, 12 judges, entries with small generated PNG and PDF files in the configured file store, and scores.
/// Where the site has no use case for a step outside a web request (accounts, profiles, recorded consents, the jury),
/// the rows are written directly and kept valid. The demo clock walks through each competition's timeline so every
/// phase rule is checked at the time the step happens.
/// </summary>
public sealed class DemoSeeder(IServiceProvider root, TextWriter output)
{
    /// <summary>The one password of every demo account. Demo only: never seed a site that faces the public.</summary>
    public const string Password = "demo-lomba-2026";

    public const string EmailDomain = "demo.test";

    public const int StudentsWithAccounts = 192;
    public const int PupilsOfTeacher = 8;
    public const int JudgeCount = 12;

    private readonly Random _random = new(20261127);
    private DemoClock _clock = null!;
    private IOptions<SiteOptions> _site = null!;
    private string _passwordHash = "";
    private DateTime _now;

    private readonly List<Person> _students = [];
    private readonly List<(string Id, string Name, string Email)> _judges = [];
    private (string Id, string Name, string Email) _organizer;
    private (string Id, string Name, string Email) _teacher;
    private readonly List<DemoCompetition> _made = [];
    private readonly Dictionary<int, HashSet<int>> _entrantsByCompetition = [];
    private readonly List<(string Step, TimeSpan Took)> _timings = [];
    private readonly Stopwatch _lap = new();

    private void Lap(string step)
    {
        _timings.Add((step, _lap.Elapsed));
        _lap.Restart();
    }

    private sealed record Person(int ParticipantId, string? UserId, string ActingUserId, string ActingUserName, string FullName, string Email, SchoolLevels Level, double Skill);

    private DemoActor Organizer => new(_organizer.Id, _organizer.Email);

    /// <summary>Runs the seed; 0 when done, 1 when the database already has data (nothing is changed then).</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        await using (var scope = root.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var users = await db.Users.CountAsync(ct);
            var competitions = await db.Competitions.CountAsync(ct);
            var participants = await db.Participants.CountAsync(ct);
            if (users + competitions + participants > 0)
            {
                await output.WriteLineAsync(
                    $"seed-demo: the database already has data ({users} accounts, {competitions} competitions, {participants} participants). " +
                    "The demo is only seeded into an empty database, so nothing was changed. Point Database:ConnectionString at a new file to try the demo.");
                return 1;
            }

            _now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var site = scope.ServiceProvider.GetRequiredService<IOptions<SiteOptions>>().Value;
            _site = Options.Create(new SiteOptions
            {
                Name = site.Name,
                MessageIdDomain = site.MessageIdDomain,
                TrustForwardedHeaders = site.TrustForwardedHeaders,
                // Links in the demo's emails: the configured address, else where `dotnet run` listens.
                PublicBaseUrl = string.IsNullOrWhiteSpace(site.PublicBaseUrl) ? "http://localhost:5000" : site.PublicBaseUrl,
            });
        }

        _clock = new DemoClock(Day(-220, 9));
        _lap.Start();
        await SeedPeopleAsync(ct);
        Lap("accounts and profiles");

        var past = await SeedCompetitionAsync(Plans.Past(_now), ct);
        var judging = await SeedCompetitionAsync(Plans.Judging(_now), ct);
        var open = await SeedCompetitionAsync(Plans.Open(_now), ct);

        var summary = await FinishAsync(watch, ct);
        Print(summary, past, judging, open);
        return 0;
    }

    /// <summary>The summary of what is in the database after the seed (also used by tests).</summary>
    public DemoSummary? Summary { get; private set; }

    // ---------------------------------------------------------------- people

    private async Task SeedPeopleAsync(CancellationToken ct)
    {
        await using var scope = root.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDbContext>();
        var roles = sp.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        var userManager = sp.GetRequiredService<UserManager<ApplicationUser>>();

        // PBKDF2 takes tens of milliseconds: hash the shared demo password once, give every account its own stamps.
        _passwordHash = userManager.PasswordHasher.HashPassword(new ApplicationUser(), Password);
        var people = new DemoPeople(_random);
        var roleIds = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id, ct);
        var userRoles = new List<IdentityUserRole<string>>();
        var usedEmails = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        ApplicationUser NewUser(string name, string localPart, string role, DateTime createdAt)
        {
            var local = localPart;
            for (var n = 2; !usedEmails.Add(local); n++)
            {
                local = localPart + n.ToString(CultureInfo.InvariantCulture);
            }

            var email = $"{local}@{EmailDomain}";
            var user = new ApplicationUser
            {
                UserName = email,
                NormalizedUserName = userManager.NormalizeName(email),
                Email = email,
                NormalizedEmail = userManager.NormalizeEmail(email),
                EmailConfirmed = true,
                FullName = name,
                PreferredCulture = "id",
                CreatedAt = createdAt,
                PasswordHash = _passwordHash,
                SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
                LockoutEnabled = true,
            };
            db.Users.Add(user);
            userRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleIds[role] });
            return user;
        }

        var t0 = _clock.UtcNow;
        var organizer = NewUser("Rina Marlina", "panitia", Roles.Organizer, t0);
        _organizer = (organizer.Id, organizer.FullName, organizer.Email!);
        for (var i = 1; i <= JudgeCount; i++)
        {
            var name = people.NewName();
            var judge = NewUser(name, "juri" + i.ToString("00", CultureInfo.InvariantCulture), Roles.Judge, t0.AddMinutes(i));
            _judges.Add((judge.Id, judge.FullName, judge.Email!));
        }

        var teacher = NewUser("Siti Aminah", "guru.siti", Roles.Guardian, t0.AddHours(2));
        _teacher = (teacher.Id, teacher.FullName, teacher.Email!);

        // Students: about a third at each level, from schools all over Banten.
        var profiles = new List<(ParticipantProfile Profile, ApplicationUser? User, double Skill)>();
        for (var i = 0; i < StudentsWithAccounts + PupilsOfTeacher; i++)
        {
            var pupil = i >= StudentsWithAccounts;
            var level = pupil ? SchoolLevels.SD : SchoolGrades.Levels[i % 3];
            var (from, to) = SchoolGrades.For(level);
            var grade = pupil ? _random.Next(3, 6) : _random.Next(from, to + 1);
            var name = people.NewName();
            var school = pupil ? DemoPeople.Schools.First(s => s.Level == SchoolLevels.SD && s.Regency == "Kabupaten Lebak") : people.SchoolFor(level);
            var created = t0.AddHours(3 + i * 0.7);
            var user = pupil ? null : NewUser(name, DemoPeople.EmailLocalPart(name), Roles.Student, created);

            // Age by grade (kelas 1 at 6 or 7), birthdays spread over the year: some in kelas 12 are already 18.
            var age = grade + 5 + (_random.Next(3) == 0 ? 1 : 0);
            var birth = DateOnly.FromDateTime(_now).AddYears(-age).AddDays(-_random.Next(20, 360));
            var profile = new ParticipantProfile
            {
                UserId = user?.Id,
                GuardianUserId = pupil ? teacher.Id : null,
                FullName = name,
                DateOfBirth = birth,
                SchoolName = school.Name,
                SchoolNpsn = _random.Next(3) == 0 ? null : school.Npsn,
                Level = level,
                Grade = grade,
                Province = Regions.Banten,
                Regency = school.Regency,
                Phone = pupil || _random.Next(3) == 0 ? null : "08" + _random.NextInt64(1_100_000_000, 9_999_999_999).ToString(CultureInfo.InvariantCulture)[..10],
                PublicName = _random.Next(4) == 0 ? PublicNameDisplay.FullName : PublicNameDisplay.FirstNameAndSchool,
                AllowPublicPreview = _random.Next(10) < 7,
                CreatedAt = created,
                UpdatedAt = created,
            };

            if (profile.IsMinorOn(DateOnly.FromDateTime(t0)))
            {
                var requested = created.AddMinutes(5);
                var parentName = (_random.Next(2) == 0 ? "Bapak " : "Ibu ") + people.NewName();
                profile.Consents.Add(pupil
                    ? new GuardianConsent
                    {
                        GuardianName = teacher.FullName,
                        GuardianEmail = teacher.Email!,
                        GuardianUserId = teacher.Id,
                        Status = ConsentStatus.Given,
                        Method = ConsentMethod.GuardianAccountCollectedFromParents,
                        RequestedAt = requested,
                        DecidedAt = requested,
                        DecidedFromIp = "203.0.113." + (10 + i % 200).ToString(CultureInfo.InvariantCulture),
                        DecidedUserAgent = "Mozilla/5.0 (demo data)",
                        WordingVersion = ConsentWording.Version,
                    }
                    : new GuardianConsent
                    {
                        GuardianName = parentName,
                        GuardianEmail = $"ortu.{DemoPeople.EmailLocalPart(name)}@{EmailDomain}",
                        Status = ConsentStatus.Given,
                        Method = ConsentMethod.EmailLink,
                        TokenHash = Convert.ToHexStringLower(SHA256.HashData(RandomNumberGenerator.GetBytes(32))),
                        RequestedAt = requested,
                        DecidedAt = requested.AddHours(2 + _random.Next(40)),
                        DecidedFromIp = "203.0.113." + (10 + i % 200).ToString(CultureInfo.InvariantCulture),
                        DecidedUserAgent = "Mozilla/5.0 (Linux; Android 13) (demo data)",
                        WordingVersion = ConsentWording.Version,
                    });
            }

            db.Participants.Add(profile);
            profiles.Add((profile, user, _random.NextDouble()));
        }

        await db.SaveChangesAsync(ct);
        db.UserRoles.AddRange(userRoles);
        await db.SaveChangesAsync(ct);

        foreach (var (profile, user, skill) in profiles)
        {
            _students.Add(new Person(profile.Id, user?.Id, user?.Id ?? teacher.Id, user?.Email ?? teacher.Email!, profile.FullName, user?.Email ?? teacher.Email!, profile.Level, skill));
        }
    }

    // ---------------------------------------------------------------- competitions

    private async Task<DemoCompetition> SeedCompetitionAsync(Plan plan, CancellationToken ct)
    {
        // Created and set up by the organizer, opened a little before submissions open.
        _clock.Set(Day(plan.CreatedDay, 10));
        var (competitionId, categories) = await CreateAsync(plan, ct);
        var design = new CertificateDesignForm
        {
            SignerName = _organizer.Name,
            SignerTitle = "Ketua Panitia",
            Signer2Name = "Drs. H. Ahmad Fauzi",
            Signer2Title = "Ketua Komunitas Relawan TIK Banten",
        };
        await Use<CertificateDesignEditor, EditResult>(s => s.SaveAsync(competitionId, design, ct), r => r.Succeeded, r => r.Errors.Select(e => e.Message));
        _clock.Set(Day(plan.OpenedDay, 9));
        await Use<CompetitionLifecycle, EditResult>(s => s.OpenAsync(competitionId, ct), r => r.Succeeded, r => r.Errors.Select(e => e.Message));

        // Entries, spread over the submission period.
        Lap($"{plan.Slug}: set up");
        var entrants = _students.Where(_ => _random.NextDouble() < plan.Share).ToList();
        _entrantsByCompetition[competitionId] = entrants.Select(p => p.ParticipantId).ToHashSet();
        var entries = new List<(int EntryId, string Code, Person Person, double Quality)>();
        var span = (Day(plan.LastEntryDay, 20) - Day(plan.OpensDay, 10)).TotalMinutes;
        var times = entrants.Select(_ => Day(plan.OpensDay, 10).AddMinutes(_random.NextDouble() * span)).Order().ToList();
        for (var i = 0; i < entrants.Count; i++)
        {
            // The same steps as a student on the site (create, upload, submit), each saving its own change, in a
            // scope of its own like a request.
            var person = entrants[i];
            var category = categories.Single(c => c.Level == person.Level);
            _clock.Set(times[i]);
            var draft = plan.DraftShare > 0 && _random.NextDouble() < plan.DraftShare;
            await using var scope = root.CreateAsyncScope();
            var s = new DemoServices(scope.ServiceProvider, _clock, _site, new DemoActor(person.ActingUserId, person.ActingUserName));
            var made = await EnterAsync(s, category, person, withFile: !draft || _random.Next(2) == 0, submit: !draft, ct);
            entries.Add((made.EntryId, made.Code, person, Math.Clamp(0.25 + person.Skill * 0.6 + _random.NextDouble() * 0.2, 0, 1)));
        }

        Lap($"{plan.Slug}: {entries.Count} entries with files");
        if (plan.JudgesFrom is { } judgesDay)
        {
            _clock.Set(Day(judgesDay, 8));
            await AddJuryAsync(competitionId, categories, ct);
        }
        else
        {
            // The open competition's jury is being formed: invitations sent through the site, not answered yet.
            _clock.Set(Day(-1, 21));
            var invitees = _judges.Take(6).Select(j => new Invitee(j.Email, j.Name)).ToList();
            await Use<JudgeInvitations, InviteResult>(s => s.InviteAsync(competitionId, invitees, categories.Select(c => c.Id).ToList(), _organizer.Id, _organizer.Name, ct),
                r => r.Errors.Count == 0 && r.Invited == invitees.Count, r => r.Errors);
        }

        if (plan.AssignDay is { } assignDay)
        {
            _clock.Set(Day(assignDay, 9));
            await Use<AssignJudges, AutoAssignResult>(s => s.RunAsync(competitionId, null, ct), r => r.Error is null, r => [r.Error!]);
            await ScoreAsync(competitionId, entries.ToDictionary(e => e.Code, e => e.Quality), plan, ct);
            Lap($"{plan.Slug}: jury, assignment, scores");
        }

        if (plan.PublishDay is { } publishDay)
        {
            _clock.Set(Day(publishDay - 3, 14));
            await DecideAwardsAsync(competitionId, ct);
            _clock.Set(Day(publishDay, 10));
            await Use<PublishResults, ResultsOutcome>(s => s.PublishAsync(competitionId, confirmed: true, _organizer.Id, ct), r => r.Succeeded, r => r.Problems);
            Lap($"{plan.Slug}: awards, publication, certificates");
        }

        var result = new DemoCompetition(competitionId, plan.Slug, plan.Title, Phase.Draft, entries.Count);
        _made.Add(result);
        return result;
    }

    private sealed record MadeCategory(int Id, SchoolLevels Level, EntryKind Kind, string Name);

    private async Task<(int Id, List<MadeCategory> Categories)> CreateAsync(Plan plan, CancellationToken ct)
    {
        var form = new CompetitionForm
        {
            Title = plan.Title,
            Slug = plan.Slug,
            Summary = plan.Summary,
            DescriptionMarkdown = plan.Description,
            RulesMarkdown = Plans.Rules,
            OrganizingBody = "Komunitas Relawan TIK Banten",
            ContactEmail = $"panitia@{EmailDomain}",
            TimeZoneId = "Asia/Jakarta",
            OpensAt = Wib(Day(plan.OpensDay, 8)),
            SubmissionClosesAt = Wib(Day(plan.ClosesDay, 23).AddMinutes(59)),
            JudgingEndsAt = Wib(Day(plan.JudgingEndsDay, 23).AddMinutes(59)),
            ResultsAnnouncedAt = Wib(Day(plan.ResultsDay, 10)),
            GraceMinutes = 30,
            JudgesPerEntry = 3,
        };
        var id = (await Use<CompetitionEditor, EditResult>(s => s.CreateAsync(form, ct), r => r.Succeeded, r => r.Errors.Select(e => e.Message))).Id!.Value;

        var rubrics = new Dictionary<EntryKind, int>();
        foreach (var (kind, rubric) in new[] { (EntryKind.Image, Plans.PosterRubric()), (EntryKind.Document, Plans.WritingRubric()) })
        {
            rubrics[kind] = (await Use<RubricEditor, EditResult>(s => s.SaveAsync(id, null, rubric, ct), r => r.Succeeded, r => r.Errors.Select(e => e.Message))).Id!.Value;
        }

        var categories = new List<MadeCategory>();
        foreach (var c in plan.Categories)
        {
            var (from, to) = SchoolGrades.For(c.Level);
            var categoryForm = new CategoryForm
            {
                Name = c.Name,
                Description = c.Description,
                OpenToAll = false,
                LevelSD = c.Level == SchoolLevels.SD,
                LevelSMP = c.Level == SchoolLevels.SMP,
                LevelSMA = c.Level == SchoolLevels.SMA,
                MinGrade = from,
                MaxGrade = to,
                Kind = c.Kind,
                Extensions = c.Kind == EntryKind.Image ? [".png", ".jpg", ".jpeg"] : [".pdf"],
                MaxFileSizeMb = 10,
                MaxFilesPerEntry = 1,
                MaxEntriesPerParticipant = 1,
                RubricId = rubrics[c.Kind],
                Tiers =
                [
                    new TierRow { Name = "Juara 1" }, new TierRow { Name = "Juara 2" }, new TierRow { Name = "Juara 3" },
                    new TierRow { Name = "Harapan 1" }, new TierRow { Name = "Harapan 2" },
                    new TierRow { Name = "Juara Favorit", IsSpecial = true },
                ],
            };
            var categoryId = (await Use<CategoryEditor, EditResult>(s => s.SaveAsync(id, null, categoryForm, ct), r => r.Succeeded, r => r.Errors.Select(e => e.Message))).Id!.Value;
            categories.Add(new MadeCategory(categoryId, c.Level, c.Kind, c.Name));
        }

        return (id, categories);
    }

    private async Task<(int EntryId, string Code)> EnterAsync(DemoServices s, MadeCategory made, Person person, bool withFile, bool submit, CancellationToken ct)
    {
        var db = s.Get<AppDbContext>();
        var category = await db.Categories.Include(c => c.Competition).SingleAsync(c => c.Id == made.Id, ct);
        var participant = await db.Participants.Include(p => p.Consents).SingleAsync(p => p.Id == person.ParticipantId, ct);
        var title = Plans.Title(made.Kind, _random);
        var changes = s.Get<EntryChanges>();
        var (entry, problems) = await changes.CreateAsync(category, participant, person.ActingUserId,
            new EntryDetails(title, Plans.EntryDescription(made.Kind, _random), null), ct);
        Check(entry is not null, $"entry for {person.FullName} in {made.Name}", problems);

        if (withFile)
        {
            _clock.Advance(TimeSpan.FromMinutes(2));
            var (bytes, fileName) = made.Kind == EntryKind.Image
                ? (DemoFiles.Poster(DemoPeople.Initials(person.FullName), entry!.Id * 7919), $"poster-{DemoPeople.EmailLocalPart(person.FullName).Replace('.', '-')}.png")
                : (DemoFiles.Essay(title, person.FullName, participant.SchoolName, Plans.Paragraphs(_random)), $"esai-{DemoPeople.EmailLocalPart(person.FullName).Replace('.', '-')}.pdf");
            var uploads = s.Get<EntryUploads>();
            var (state, problem) = await uploads.StartAsync(entry!.Id, person.ActingUserId, new UploadStart(fileName, bytes.Length, 0), ct);
            Check(state is not null, "upload start", problem is null ? [] : [problem.Message]);
            using (var body = new MemoryStream(bytes, writable: false))
            {
                var staged = await uploads.StageChunkAsync(entry.Id, state!.Id, 0, body, bytes.Length, ct);
                Check(staged is null, "upload chunk", staged is null ? [] : [staged.Message]);
            }

            var (file, completeProblem) = await uploads.CompleteAsync(entry.Id, state.Id, ct);
            Check(file is not null && file.Sha256 == Convert.ToHexStringLower(SHA256.HashData(bytes)), "upload complete", completeProblem is null ? [] : [completeProblem.Message]);
        }

        if (submit)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            var loaded = await changes.LoadAsync(entry!.Id, ct);
            var submitted = await changes.SubmitAsync(loaded!, pledged: true, ct);
            Check(submitted.Count == 0, "submit", submitted);
        }

        return (entry!.Id, entry.PublicCode);
    }

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
        var results = await s.Get<ResultsData>().LoadAsync(competitionId, ct);
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
            Check(saved.Succeeded, $"awards of {category.Name}", saved.Problems);
        }
    }

    // ---------------------------------------------------------------- end

    private async Task<DemoSummary> FinishAsync(Stopwatch watch, CancellationToken ct)
    {
        await using var scope = root.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        // The emails the site queued along the way (receipts, results) belong to the demo's past and go to addresses
        // under the reserved .test domain: they are kept in the outbox for organizers to see, marked as sent, so the
        // site does not try to deliver them when it starts.
        var queued = await db.OutboxMessages.Where(m => m.Status == OutboxStatus.Pending).ToListAsync(ct);
        foreach (var message in queued)
        {
            message.Status = OutboxStatus.Sent;
            message.SentAt = message.CreatedAt.AddSeconds(5);
            message.LockedBy = null;
            message.LockedUntil = null;
        }

        await db.SaveChangesAsync(ct);

        var competitions = new List<DemoCompetition>();
        foreach (var c in _made)
        {
            var competition = await db.Competitions.AsNoTracking().SingleAsync(x => x.Id == c.Id, ct);
            competitions.Add(c with { Phase = competition.PhaseAt(_now) });
        }

        _made.Clear();
        _made.AddRange(competitions);
        var judgingId = competitions.Single(c => c.Phase == Phase.Judging).Id;
        var openId = competitions.Single(c => c.Phase == Phase.Open).Id;
        var pastId = competitions.Single(c => c.Phase == Phase.Published).Id;
        var accounts = new List<DemoAccount>
        {
            new("Organizer", _organizer.Name, _organizer.Email, "all competitions, judging progress, results, outbox"),
        };
        foreach (var judge in _judges.Take(3))
        {
            var left = await db.JudgeAssignments.CountAsync(a => a.CompetitionId == judgingId && a.Judge.UserId == judge.Id
                && (a.Scorecard == null || a.Scorecard.Status != ScoreStatus.Submitted), ct);
            var total = await db.JudgeAssignments.CountAsync(a => a.CompetitionId == judgingId && a.Judge.UserId == judge.Id, ct);
            accounts.Add(new DemoAccount("Judge", judge.Name, judge.Email, $"{total - left} of {total} entries scored"));
        }

        accounts.Add(new DemoAccount("Guardian", _teacher.Name, _teacher.Email, $"teacher managing {PupilsOfTeacher} SD pupils"));

        // Students who have a published result and certificate, and can still enter the open competition.
        foreach (var level in SchoolGrades.Levels)
        {
            var student = _students.FirstOrDefault(p => p.UserId is not null && p.Level == level
                    && _entrantsByCompetition[pastId].Contains(p.ParticipantId) && !_entrantsByCompetition[openId].Contains(p.ParticipantId))
                ?? _students.First(p => p.UserId is not null && p.Level == level);
            accounts.Add(new DemoAccount("Student", student.FullName, student.Email, $"{level}: has a certificate, may still enter the open competition"));
        }

        Summary = new DemoSummary(
            competitions,
            accounts,
            await db.Participants.CountAsync(ct),
            await db.Entries.CountAsync(ct),
            await db.EntryFiles.CountAsync(ct),
            await db.Scorecards.CountAsync(ct),
            await db.Certificates.CountAsync(ct),
            watch.Elapsed);
        return Summary;
    }

    private void Print(DemoSummary s, DemoCompetition past, DemoCompetition judging, DemoCompetition open)
    {
        var baseUrl = _site.Value.PublicBaseUrl!.TrimEnd('/');
        var o = new StringBuilder();
        o.AppendLine();
        o.AppendLine(CultureInfo.InvariantCulture, $"Demo data seeded in {s.Elapsed.TotalSeconds:0.0} s.");
        o.AppendLine(CultureInfo.InvariantCulture, $"  {s.Participants} participants (Banten, 8 regencies/cities), {JudgeCount} judges, {s.Entries} entries, {s.Files} files, {s.Scorecards} scorecards, {s.Certificates} certificates");
        o.AppendLine();
        o.AppendLine("Competitions:");
        foreach (var c in new[] { past, judging, open }.Select(c => s.Competitions.Single(x => x.Id == c.Id)))
        {
            o.AppendLine(CultureInfo.InvariantCulture, $"  {c.Phase,-10} {c.Title} ({c.Entries} entries)");
            o.AppendLine(CultureInfo.InvariantCulture, $"             {baseUrl}/lomba/{c.Slug}{(c.Phase == Phase.Published ? $"   winners: {baseUrl}/lomba/{c.Slug}/pemenang" : "")}");
        }

        o.AppendLine();
        o.AppendLine(CultureInfo.InvariantCulture, $"Demo accounts (demo only!) - every demo account's password is: {Password}");
        o.AppendLine(CultureInfo.InvariantCulture, $"  {"role",-10} {"name",-28} {"email",-40} note");
        foreach (var a in s.Accounts)
        {
            o.AppendLine(CultureInfo.InvariantCulture, $"  {a.Role,-10} {a.Name,-28} {a.Email,-40} {a.Note}");
        }

        o.AppendLine(CultureInfo.InvariantCulture, $"  (all {StudentsWithAccounts} students and all {JudgeCount} judges: see /admin/users; judges are juri01 … juri{JudgeCount:00}@{EmailDomain})");
        o.AppendLine();
        o.AppendLine("Time per step: " + string.Join(", ", _timings.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Step} {t.Took.TotalSeconds:0.0} s"))));
        output.Write(o.ToString());
    }

    // ---------------------------------------------------------------- helpers

    private async Task<TResult> Use<TService, TResult>(Func<TService, Task<TResult>> work, Func<TResult, bool> ok, Func<TResult, IEnumerable<string>> problems)
        where TService : notnull
    {
        await using var scope = root.CreateAsyncScope();
        var s = new DemoServices(scope.ServiceProvider, _clock, _site, Organizer);
        var result = await work(s.Get<TService>());
        Check(ok(result), typeof(TService).Name, ok(result) ? [] : problems(result));
        return result;
    }

    private static void Check(bool ok, string step, IEnumerable<string> problems)
    {
        if (!ok)
        {
            throw new InvalidOperationException($"seed-demo: {step} was refused: {string.Join(" | ", problems)}");
        }
    }

    /// <summary>A time of day (WIB) on the day <paramref name="days"/> from today, in UTC.</summary>
    private DateTime Day(int days, int hourWib)
    {
        var wibToday = _now.AddHours(7).Date;
        return DateTime.SpecifyKind(wibToday.AddDays(days).AddHours(hourWib - 7), DateTimeKind.Utc);
    }

    private static DateTime Wib(DateTime utc) => DateTime.SpecifyKind(utc.AddHours(7), DateTimeKind.Unspecified);
}
