using System.Net;
using CompetitionSite.Tests.Entries;
using CompetitionSite.Tests.Judging;
using CompetitionSite.Tests.Results;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Domain.Participants;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.MultiInstance;

/// <summary>
/// Three instances of the site behind nginx, started once for the tests of <see cref="SeveralInstancesTests"/>, with
/// their scheduled work on short intervals and a low limit for certificate checks (what the tests count).
/// Nothing is started in the SQLite pass (the tests skip there).
/// </summary>
public sealed class ThreeInstances : IAsyncLifetime
{
    public const int Count = 3;

    /// <summary>The per-address limit of certificate checks the instances run with.</summary>
    public const int CertificateChecksPerAddress = 5;

    private MultiInstanceSite? _site;

    public MultiInstanceSite Site => _site ?? throw new InvalidOperationException("Runs in the PostgreSQL pass only.");

    public async Task InitializeAsync()
    {
        if (!TestDatabase.IsPostgreSql)
        {
            return;
        }

        _site = await MultiInstanceSite.StartAsync(Count, new Dictionary<string, string>
        {
            ["Accounts:AuthRequestsPerMinute"] = "1000",
            ["RateLimits:CertificateChecksPerAddress"] = CertificateChecksPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Reminders:Enabled"] = "true",
            ["Reminders:IntervalMinutes"] = "0.05",
            ["Participants:FileDeletionRetryInterval"] = "00:00:02",
        });
        await UseSetupLinkAsync(_site);
    }

    /// <summary>The one-time links the instances printed at start on the empty database (every line with one).</summary>
    public IReadOnlyList<string> SetupLinks { get; private set; } = [];

    /// <summary>What the first organizer's setup through the balancer gave: the answer to the form, null before or after a failure.</summary>
    public HttpStatusCode? SetupAnswer { get; private set; }

    /// <summary>Who answered the setup page and who the form (the X-Upstream of each).</summary>
    public (string Page, string Form) SetupAnsweredBy { get; private set; }

    public string FirstOrganizerEmail { get; } = Support.Accounts.NewEmail("panitia-pertama");

    public Exception? SetupFailure { get; private set; }

    /// <summary>What opening each printed link through the balancer answered, before any was used.</summary>
    public IReadOnlyList<HttpStatusCode> SetupPagesBefore { get; private set; } = [];

    /// <summary>
    /// Before any test adds an organizer (the link works only while none exists): the link one instance printed is
    /// opened through nginx and its form posted, as the person setting up a new deployment does; the two requests go to
    /// two instances (round-robin, nothing else is sent meanwhile).
    /// </summary>
    private async Task UseSetupLinkAsync(MultiInstanceSite site)
    {
        try
        {
            SetupLinks = site.Instances.SelectMany(i => i?.Lines ?? [])
                .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"/setup\?token=[0-9a-f]+"))
                .Where(m => m.Success).Select(m => m.Value).ToList();
            if (SetupLinks.Count == 0)
            {
                return;
            }

            // Every printed link opens the setup page (whichever instance answers), before one of them is used.
            var browser = site.CreateBrowser();
            var before = new List<HttpStatusCode>();
            foreach (var link in SetupLinks.Distinct())
            {
                before.Add((await browser.GetAsync(link)).StatusCode);
            }

            SetupPagesBefore = before;
            var (page, document) = await browser.GetPageAsync(SetupLinks[0]);
            var form = Html.FindForm(document, null) ?? throw new InvalidOperationException($"The setup page has no form ({(int)page.StatusCode}).");
            var fields = Html.FormFields(form);
            fields.RemoveAll(f => f.Key is "FullName" or "Email" or "Password" or "ConfirmPassword");
            fields.Add(new("FullName", "Panitia Pertama"));
            fields.Add(new("Email", FirstOrganizerEmail));
            fields.Add(new("Password", Support.Accounts.GoodPassword));
            fields.Add(new("ConfirmPassword", Support.Accounts.GoodPassword));
            var action = form.GetAttribute("action") is { Length: > 0 } a ? a : SetupLinks[0];
            var posted = await browser.PostAsync(action, new FormUrlEncodedContent(fields));
            SetupAnswer = posted.StatusCode;
            SetupAnsweredBy = (Upstream(page), Upstream(posted));
        }
        catch (Exception e)
        {
            SetupFailure = e;
        }
    }

    private static string Upstream(HttpResponseMessage response) =>
        response.Headers.TryGetValues(NginxBalancer.UpstreamHeader, out var values) ? values.Single() : "(none)";

    public async Task DisposeAsync()
    {
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }
    }
}

/// <summary>
/// Several instances behind nginx (issue 16): every request may reach any of three instances, so each test proves that
/// what it needs is shared — a whole competition (sign-in cookies and antiforgery through the Data Protection keys in
/// the database, an upload whose chunks reach different instances, judging, publication, the outbox), the public page
/// caches, the rate limits and the scheduled background work.
/// </summary>
[LongRunning]
public sealed class SeveralInstancesTests(ThreeInstances instances, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ThreeInstances>
{
    private const int InstanceCount = ThreeInstances.Count;

    [OnPostgreSqlFact]
    public async Task A_competition_runs_from_entry_to_results_with_every_request_going_to_any_of_three_instances()
    {
        var site = instances.Site;
        try
        {
            await RunAsync(site);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException(e.Message + "\n" + site.Output, e);
        }
    }

    private static async Task RunAsync(MultiInstanceSite site)
    {
        var arrange = site.Arrange;
        var organizerEmail = Support.Accounts.NewEmail("panitia");
        await arrange.CreateUserAsync(organizerEmail, [Roles.Organizer], "Panitia Lomba");
        var competition = await arrange.SeedAsync(CompetitionStage.Live, c =>
        {
            c.JudgesPerEntry = 2;
            var category = c.Categories[0];
            category.Name = "Esai SMA";
            category.Levels = SchoolLevels.SMA;
            category.MinGrade = 10;
            category.MaxGrade = 12;
            category.Kind = EntryKind.Document;
            category.AllowedExtensions = ".pdf";
            category.MaxFileSizeMb = 20;
        });
        var categoryId = competition.Categories[0].Id;

        // One sign-in, then requests round-robin: every instance reads the cookie another one wrote.
        var organizer = site.CreateBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await organizer.LogInAsync(organizerEmail)).StatusCode);
        var answeredBy = new HashSet<string>();
        for (var i = 0; i < 2 * InstanceCount; i++)
        {
            var response = await organizer.GetAsync($"/admin/competitions/{competition.Id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answeredBy.Add(Upstream(response));
        }

        Assert.Equal(InstanceCount, answeredBy.Count);

        // Students sign in, enter and upload in chunks of 256 KiB; the chunks of one upload reach different instances.
        var students = new List<(HttpClient Client, string Email, int EntryId, TestFile File)>();
        for (var s = 0; s < 3; s++)
        {
            var email = Support.Accounts.NewEmail("siswa");
            var user = await arrange.CreateUserAsync(email, [Roles.Student], $"Siswa Nomor {s + 1}");
            await arrange.ProfileAsync(p =>
            {
                p.UserId = user.Id;
                p.FullName = $"Siswa Nomor {s + 1}";
                p.Level = SchoolLevels.SMA;
                p.Grade = 11;
                p.SchoolName = "SMAN 2 Serang";
                p.DateOfBirth = new DateOnly(2006, 3, 1);
            }, consent: null);
            var client = site.CreateBrowser();
            Assert.Equal(HttpStatusCode.Redirect, (await client.LogInAsync(email)).StatusCode);
            var entryId = await client.EnterAsync(categoryId, $"Esai Nomor {s + 1}");
            var file = TestFile.Pdf($"esai-{s + 1}.pdf", 700_000 + s * 1000, seed: (uint)(11 + s));
            await UploadInChunksAsync(client, entryId, file);
            var submitted = await client.SubmitFormAsync($"/entries/{entryId}", new Dictionary<string, string> { ["pledge"] = "true" }, $"/entries/{entryId}/submit");
            Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
            students.Add((client, email, entryId, file));
        }

        foreach (var student in students)
        {
            var stored = await arrange.WithDbAsync(db => db.EntryFiles.AsNoTracking().SingleAsync(f => f.EntryId == student.EntryId));
            Assert.Equal(student.File.Sha256(), stored.Sha256);
            Assert.Equal("application/pdf", stored.ContentType);
            Assert.Equal(student.File.Length, stored.SizeBytes);
            Assert.Equal(EntryStatus.Submitted, await arrange.WithDbAsync(db => db.Entries.Where(e => e.Id == student.EntryId).Select(e => e.Status).SingleAsync()));
        }

        // Submissions close (by the dates: the instances run on the real clock); two judges score every entry.
        var now = DateTime.UtcNow;
        await arrange.WithDbAsync(db => db.Competitions.Where(c => c.Id == competition.Id).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.SubmissionClosesAt, now.AddMinutes(-2))
            .SetProperty(c => c.JudgingEndsAt, now.AddDays(5))));
        var judges = new List<(HttpClient Client, int JudgeId)>();
        foreach (var name in ResultsKit.JudgeNames.Take(2))
        {
            var (_, judgeId, judgeEmail) = await arrange.JudgeAsync(competition, name, login: false);
            var client = site.CreateBrowser();
            Assert.Equal(HttpStatusCode.Redirect, (await client.LogInAsync(judgeEmail)).StatusCode);
            judges.Add((client, judgeId));
        }

        var entries = new List<SeededEntry>();
        foreach (var student in students)
        {
            var entry = await arrange.WithDbAsync(db => db.Entries.AsNoTracking().Where(e => e.Id == student.EntryId)
                .Select(e => new SeededEntry(e.Id, e.PublicCode, e.Title, e.CategoryId, "", "")).SingleAsync());
            entries.Add(entry);
            foreach (var judge in judges)
            {
                await arrange.AssignAsync(judge.JudgeId, entry);
            }
        }

        for (var e = 0; e < entries.Count; e++)
        {
            foreach (var judge in judges)
            {
                var scored = await judge.Client.ScoreAsync(arrange, entries[e], [10 - e, 9 - e], "submit", feedback: $"Bagus, nomor {e + 1}.");
                Assert.Equal(HttpStatusCode.Redirect, scored.StatusCode);
            }
        }

        Assert.Equal(6, await arrange.WithDbAsync(db => db.Scorecards.CountAsync(s => s.Status == ScoreStatus.Submitted
            && db.JudgeAssignments.Any(a => a.Id == s.AssignmentId && a.CompetitionId == competition.Id))));

        // Judging ends; the organizer saves the proposed awards and publishes.
        await arrange.WithDbAsync(db => db.Competitions.Where(c => c.Id == competition.Id).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.JudgingEndsAt, DateTime.UtcNow.AddMinutes(-1))));
        Assert.Equal(HttpStatusCode.Redirect, (await organizer.SaveAwardsAsync(competition)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await organizer.PublishAsync(competition)).StatusCode);
        Assert.Null(await organizer.FlashAsync(ResultsKit.ResultsUrl(competition)));
        Assert.Equal(CompetitionStage.Published, (await arrange.LoadAsync(competition.Id)).Stage);

        // Every participant hears exactly once: all result rows sent, one message per participant on the server.
        var resultRows = await WaitUntilSentAsync(site, "results.result", students.Count);
        foreach (var student in students)
        {
            var mine = resultRows.Where(r => r.ToAddress == student.Email).Select(r => r.MessageId).ToHashSet();
            var received = site.Smtp.MessagesTo(student.Email).Where(m => m.MessageId is { } id && mine.Contains(id)).ToList();
            Assert.Single(received);
        }

        // The winners page is public on every instance.
        var visitor = site.CreateBrowser();
        var winnersFrom = new HashSet<string>();
        for (var i = 0; i < InstanceCount; i++)
        {
            var (response, page) = await visitor.GetPageAsync($"/lomba/{competition.Slug}/pemenang");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Esai Nomor 1", page.MainText());
            winnersFrom.Add(Upstream(response));
        }

        Assert.Equal(InstanceCount, winnersFrom.Count);
    }

    [OnPostgreSqlFact]
    public async Task The_first_organizer_setup_link_printed_by_one_instance_works_through_the_balancer_once()
    {
        var site = instances.Site;
        Assert.True(instances.SetupFailure is null, $"The setup through the balancer failed: {instances.SetupFailure}\n{site.Output}");
        Assert.Equal(InstanceCount, instances.SetupLinks.Distinct().Count()); // each instance printed one
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], instances.SetupPagesBefore); // and each one worked
        Assert.Equal(HttpStatusCode.Redirect, instances.SetupAnswer);
        Assert.NotEqual(instances.SetupAnsweredBy.Page, instances.SetupAnsweredBy.Form); // page and form on two instances

        // The new organizer signs in through the balancer and every instance knows them.
        var organizer = site.CreateBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await organizer.LogInAsync(instances.FirstOrganizerEmail)).StatusCode);
        var answeredBy = new HashSet<string>();
        for (var i = 0; i < 2 * InstanceCount; i++)
        {
            var users = await organizer.GetAsync("/admin/users");
            Assert.Equal(HttpStatusCode.OK, users.StatusCode);
            answeredBy.Add(Upstream(users));
        }

        Assert.Equal(InstanceCount, answeredBy.Count);

        // Every link is spent, on every instance.
        var stranger = site.CreateBrowser();
        foreach (var link in instances.SetupLinks.Distinct())
        {
            for (var i = 0; i < InstanceCount; i++)
            {
                Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(link)).StatusCode);
            }
        }
    }

    [OnPostgreSqlFact]
    public async Task A_public_page_changed_through_one_instance_is_fresh_on_every_instance_at_once()
    {
        var site = instances.Site;
        var competition = await site.Arrange.SeedAsync(CompetitionStage.Live);
        var organizerEmail = Support.Accounts.NewEmail("panitia");
        await site.Arrange.CreateUserAsync(organizerEmail, [Roles.Organizer], "Panitia Lomba");
        var organizer = site.CreateBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await organizer.LogInAsync(organizerEmail)).StatusCode);

        var url = $"/lomba/{competition.Slug}";
        var visitor = site.CreateBrowser();
        var title = competition.Title;
        const int Rounds = 4;
        for (var round = 1; round <= Rounds; round++)
        {
            // Public pages are cached per minute of the clock as well: begin early in a minute, so that a page seen
            // fresh below was evicted, not merely outlived by its minute (a wait for the clock, not for the site).
            while (DateTime.UtcNow.Second > 20)
            {
                await Task.Delay(200);
            }

            var minute = DateTime.UtcNow.Minute;
            // Every instance holds the page in its cache (answered from it: the Age header).
            var cached = new HashSet<string>();
            for (var i = 0; i < 4 * InstanceCount && cached.Count < InstanceCount; i++)
            {
                var (response, page) = await visitor.GetPageAsync(url);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Contains(title, page.MainText());
                if (response.Headers.Age is not null)
                {
                    cached.Add(Upstream(response));
                }
            }

            Assert.Equal(InstanceCount, cached.Count);

            // The organizer renames it through the balancer (the form from one instance, the post to the next).
            var newTitle = "Lomba Poster Berganti Nama " + Guid.NewGuid().ToString("N")[..6];
            var saved = await organizer.SubmitFormAsync($"/admin/competitions/{competition.Id}/edit", new Dictionary<string, string> { ["Title"] = newTitle });
            Assert.True(saved.StatusCode == HttpStatusCode.Redirect, $"edit: {(int)saved.StatusCode}");
            var changedAt = DateTime.UtcNow;

            // Every instance serves the new title (a wait for a condition, generous; the time it took is reported).
            var fresh = new Dictionary<string, TimeSpan>();
            var lastFreshMinute = -1;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (fresh.Count < InstanceCount && DateTime.UtcNow < deadline)
            {
                var (response, page) = await visitor.GetPageAsync(url);
                if (page.MainText().Contains(newTitle, StringComparison.Ordinal) && fresh.TryAdd(Upstream(response), DateTime.UtcNow - changedAt))
                {
                    lastFreshMinute = DateTime.UtcNow.Minute;
                }
            }

            Assert.True(fresh.Count == InstanceCount, $"Fresh on {fresh.Count} of {InstanceCount} instances after 30 s.");
            if (lastFreshMinute == minute)
            {
                output.WriteLine("New title on every instance after: " + string.Join(", ", fresh.Values.Select(t => $"{t.TotalMilliseconds:0} ms")));
                return;
            }

            // The minute changed before every instance was fresh (a slow, busy machine): the cache's minute key, not the
            // eviction, may have renewed the page, so this round proves nothing. Run it again with a new title.
            output.WriteLine($"Round {round}: the minute changed before every instance was fresh; again.");
            title = newTitle;
        }

        Assert.Fail($"In each of {Rounds} rounds the minute changed before every instance was fresh: the eviction was never seen on its own.");
    }

    [OnPostgreSqlFact]
    public async Task An_entry_hidden_through_one_instance_leaves_the_cached_gallery_of_every_instance_at_once()
    {
        var site = instances.Site;
        var competition = await Gallery.GalleryKit.SeedGalleryAsync(site.Arrange, GalleryMode.DuringEntries);
        var entry = await Gallery.GalleryKit.ShownEntryAsync(site.Arrange, competition, "Poster Yang Disembunyikan");
        await Gallery.GalleryKit.ShownEntryAsync(site.Arrange, competition, "Poster Yang Tetap");
        var organizerEmail = Support.Accounts.NewEmail("panitia");
        await site.Arrange.CreateUserAsync(organizerEmail, [Roles.Organizer], "Panitia Galeri");
        var organizer = site.CreateBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await organizer.LogInAsync(organizerEmail)).StatusCode);

        var url = Gallery.GalleryKit.GalleryUrl(competition);
        var admin = $"/admin/entries/{entry.Id}";
        var visitor = site.CreateBrowser();
        const int Rounds = 4;
        for (var round = 1; round <= Rounds; round++)
        {
            // As above: begin early in a minute, so that a page seen fresh was evicted, not outlived by its minute.
            while (DateTime.UtcNow.Second > 20)
            {
                await Task.Delay(200);
            }

            var minute = DateTime.UtcNow.Minute;
            var hide = round % 2 == 1;
            var cached = new HashSet<string>();
            for (var i = 0; i < 4 * InstanceCount && cached.Count < InstanceCount; i++)
            {
                var (response, page) = await visitor.GetPageAsync(url);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(hide, page.MainText().Contains("Poster Yang Disembunyikan", StringComparison.Ordinal));
                if (response.Headers.Age is not null)
                {
                    cached.Add(Upstream(response));
                }
            }

            Assert.Equal(InstanceCount, cached.Count);
            var saved = hide
                ? await organizer.SubmitFormAsync(admin, new Dictionary<string, string> { ["reason"] = "Memuat data pribadi." }, admin + "/gallery/hide")
                : await organizer.SubmitFormAsync(admin, new Dictionary<string, string>(), admin + "/gallery/show");
            Assert.True(saved.StatusCode == HttpStatusCode.Redirect, $"gallery change: {(int)saved.StatusCode}");
            var changedAt = DateTime.UtcNow;

            var fresh = new Dictionary<string, TimeSpan>();
            var lastFreshMinute = -1;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (fresh.Count < InstanceCount && DateTime.UtcNow < deadline)
            {
                var (response, page) = await visitor.GetPageAsync(url);
                if (page.MainText().Contains("Poster Yang Disembunyikan", StringComparison.Ordinal) != hide
                    && fresh.TryAdd(Upstream(response), DateTime.UtcNow - changedAt))
                {
                    lastFreshMinute = DateTime.UtcNow.Minute;
                }
            }

            Assert.True(fresh.Count == InstanceCount, $"Fresh on {fresh.Count} of {InstanceCount} instances after 30 s.");
            if (lastFreshMinute == minute)
            {
                output.WriteLine("Gallery fresh on every instance after: " + string.Join(", ", fresh.Values.Select(t => $"{t.TotalMilliseconds:0} ms")));
                return;
            }

            output.WriteLine($"Round {round}: the minute changed before every instance was fresh; again.");
        }

        Assert.Fail($"In each of {Rounds} rounds the minute changed before every instance was fresh: the eviction was never seen on its own.");
    }

    [OnPostgreSqlFact]
    public async Task A_rate_limit_holds_for_the_site_as_a_whole_not_per_instance()
    {
        var site = instances.Site;
        var visitor = site.CreateBrowser();
        while (DateTime.UtcNow.Second > 40)
        {
            await Task.Delay(200);
        }

        // One client address (nginx passes it on) checking certificates: three times the limit, over every instance.
        var answers = new List<(HttpStatusCode Status, string Instance, DateTimeOffset? Date)>();
        for (var i = 0; i < 3 * ThreeInstances.CertificateChecksPerAddress; i++)
        {
            var response = await visitor.GetAsync("/sertifikat");
            answers.Add((response.StatusCode, Upstream(response), response.Headers.Date));
        }

        Assert.Equal(InstanceCount, answers.Select(a => a.Instance).Distinct().Count());
        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, a.Status.ToString()));
        // Within each minute window, exactly the limit got through (whichever instances answered).
        foreach (var window in answers.GroupBy(a => a.Date!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)))
        {
            Assert.Equal(Math.Min(window.Count(), ThreeInstances.CertificateChecksPerAddress), window.Count(a => a.Status == HttpStatusCode.OK));
        }
    }

    [OnPostgreSqlFact]
    public async Task Scheduled_background_work_runs_once_per_period_across_the_instances()
    {
        var site = instances.Site;
        // The instances run reminders every 3 s and retried file deletions every 2 s; wait for several periods.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (Passes("Reminder pass").Count < 4 || Passes("File deletion retry pass").Count < 4)
        {
            Assert.True(DateTime.UtcNow < deadline, "Too few passes within two minutes:\n" + site.Output);
            await Task.Delay(500);
        }

        foreach (var job in new[] { "Reminder pass", "File deletion retry pass" })
        {
            var passes = Passes(job);
            var twice = passes.GroupBy(p => p.Period).Where(g => g.Count() > 1).Select(g => $"{g.Key} on {string.Join(", ", g.Select(p => p.Instance))}").ToList();
            Assert.True(twice.Count == 0, $"{job}: periods run more than once: {string.Join("; ", twice)}");
        }

        List<(long Period, int Instance)> Passes(string job) =>
            site.Instances.SelectMany((instance, index) => (instance?.Lines ?? [])
                    .Select(line => System.Text.RegularExpressions.Regex.Match(line, job + @" of period (\d+) started"))
                    .Where(m => m.Success)
                    .Select(m => (long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), index)))
                .ToList();
    }

    /// <summary>Uploads the file chunk by chunk (256 KiB each) and checks that the chunks reached more than one instance.</summary>
    private static async Task UploadInChunksAsync(HttpClient client, int entryId, TestFile file)
    {
        var token = await client.UploadTokenAsync(entryId);
        var start = await client.StartUploadAsync(token, entryId, file.Name, file.Length, 0, chunkSize: 256 * 1024);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var state = await start.JsonAsync();
        var session = state.GetProperty("id").GetString()!;
        var chunkSize = state.GetProperty("chunkSize").GetInt32();
        var count = state.GetProperty("chunkCount").GetInt32();
        Assert.True(count >= 3, $"{count} chunks");
        var reached = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            var put = await client.PutChunkAsync(token, entryId, session, i, file.Chunk(i, chunkSize));
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
            reached.Add(Upstream(put));
        }

        Assert.True(reached.Count > 1, "Every chunk reached the same instance: the test proves less than it should.");
        var complete = await client.CompleteUploadAsync(token, entryId, session);
        Assert.True(complete.StatusCode == HttpStatusCode.OK, $"complete: {(int)complete.StatusCode} {await complete.Content.ReadAsStringAsync()}");
    }

    private static string Upstream(HttpResponseMessage response) =>
        response.Headers.TryGetValues(NginxBalancer.UpstreamHeader, out var values) ? values.Single() : throw new InvalidOperationException("No upstream header.");

    /// <summary>Waits (generously: a condition, not a measurement) until every outbox row of the kind is sent; returns them.</summary>
    internal static async Task<List<OutboxMessage>> WaitUntilSentAsync(MultiInstanceSite site, string kind, int expected, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            var rows = await site.Arrange.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Kind == kind).ToListAsync());
            if (rows.Count >= expected && rows.All(r => r.Status == OutboxStatus.Sent))
            {
                return rows;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{rows.Count(r => r.Status == OutboxStatus.Sent)} of {rows.Count} '{kind}' messages sent (expected {expected}).");
            }

            await Task.Delay(200);
        }
    }
}
