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

/// <summary>
/// Fills an empty database with a realistic demo through the site's own use cases: three competitions (one
/// published with awards and certificates, one being judged, one open), 200 participants from schools across
/// Banten, 12 judges, entries with small generated PNG and PDF files in the configured file store, and scores.
/// Where the site has no use case for a step outside a web request (accounts, profiles, recorded consents, the jury),
/// the rows are written directly and kept valid. The demo clock walks through each competition's timeline so every
/// phase rule is checked at the time the step happens.
/// </summary>
public sealed partial class DemoSeeder(IServiceProvider root, TextWriter output)
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
