using System.Net;
using CompetitionSite.Tests.Entries;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;

namespace CompetitionSite.Tests.Trust;

/// <summary>The site with files on the local disk and small per-person limits (3 a minute), so the tests reach them.</summary>
public sealed class RateLimitedSite : EntriesSite
{
    public RateLimitedSite()
    {
        Settings.Remove("Storage:Azure:ConnectionString");
        Settings["RateLimits:UploadStartsPerUser"] = "3";
        Settings["RateLimits:UploadChunksPerUser"] = "3";
        Settings["RateLimits:EntriesPerUser"] = "3";
        Settings["RateLimits:ScoreSavesPerUser"] = "3";
        Settings["RateLimits:ConsentRequestsPerUser"] = "3";
        Settings["RateLimits:CertificateChecksPerAddress"] = "3";
    }
}

/// <summary>Issue 14, item 4: uploads, entries, scores, consent requests and certificate checks are rate limited.</summary>
public sealed class RateLimitEverywhereTests(RateLimitedSite site) : IClassFixture<RateLimitedSite>
{
    [Fact]
    public async Task Upload_starts_are_limited_per_person_with_429_and_Retry_After()
    {
        var category = await site.OpenCategoryAsync(c => c.MaxFilesPerEntry = 1);
        var (student, _) = await site.StudentAsync();
        var entryId = await student.Client.EnterAsync(category.Id);
        var token = await student.Client.UploadTokenAsync(entryId);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            last = await student.Client.StartUploadAsync(token, entryId, "poster.pdf", 1000);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(last!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("Terlalu banyak percobaan", await last.Content.ReadAsStringAsync());

        // Per person: a classmate behind the same address is not held back.
        var (classmate, _) = await site.StudentAsync("Dewi Anggraini");
        var theirs = await classmate.Client.EnterAsync(category.Id);
        Assert.Equal(HttpStatusCode.OK, (await classmate.Client.StartUploadAsync(await classmate.Client.UploadTokenAsync(theirs), theirs, "poster.pdf", 1000)).StatusCode);
    }

    [Fact]
    public async Task Upload_chunks_are_limited_per_person()
    {
        var category = await site.OpenCategoryAsync();
        var (student, _) = await site.StudentAsync();
        var entryId = await student.Client.EnterAsync(category.Id);
        var token = await student.Client.UploadTokenAsync(entryId);
        var file = TestFile.Pdf("poster.pdf", 100_000);
        var state = await (await student.Client.StartUploadAsync(token, entryId, file.Name, file.Length)).JsonAsync();
        var session = state.GetProperty("id").GetString()!;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await student.Client.PutChunkAsync(token, entryId, session, 0, file.Chunk(0, 4 * 1024 * 1024))).StatusCode);
        }

        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Entry_creation_is_limited_per_person()
    {
        var (student, _) = await site.StudentAsync();

        var statuses = await RepeatAsync(4, () => student.Client.PostWithTokenAsync("/account/profile", "/entries/new?category=999999", new Dictionary<string, string> { ["Title"] = "Karya" }));

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(3));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[3]);
    }

    [Fact]
    public async Task Score_saves_are_limited_per_judge()
    {
        var judge = await site.LoggedInAsAsync(Support.Accounts.NewEmail("juri"), Roles.Judge);

        var statuses = await RepeatAsync(4, () => judge.PostWithTokenAsync("/account/profile", "/judge/entries/TIDAKADA", new Dictionary<string, string> { ["Feedback"] = "Bagus" }));

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(3));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[3]);
    }

    [Fact]
    public async Task Guardian_consent_requests_are_limited_per_student()
    {
        var (student, _) = await site.StudentAsync(consent: null);

        var statuses = await RepeatAsync(4, () => student.Client.PostWithTokenAsync("/participant/profile", "/participant/consent-request", new Dictionary<string, string>
        {
            ["ConsentForm.GuardianName"] = "Ibu Lestari",
            ["ConsentForm.GuardianEmail"] = Support.Accounts.NewEmail("wali"),
        }));

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(3));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[3]);
    }

    [Fact]
    public async Task Certificate_checks_are_limited_per_client_address()
    {
        var visitor = site.CreateBrowser();

        var statuses = await RepeatAsync(4, () => visitor.GetAsync("/sertifikat/LOT-2026-ABCD-EFGH"));

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(3));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[3]);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await site.CreateBrowser().GetAsync("/sertifikat/LOT-2026-ABCD-EFGH")).StatusCode);
    }

    private static async Task<List<HttpStatusCode>> RepeatAsync(int times, Func<Task<HttpResponseMessage>> request)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < times; i++)
        {
            statuses.Add((await request()).StatusCode);
        }

        return statuses;
    }
}

/// <summary>The default limits: a school's deadline rush, 40 students behind one address (the test server's), never meets them.</summary>
[LongRunning]
public sealed class SchoolRushTests(LocalEntriesSite site) : IClassFixture<LocalEntriesSite>
{
    [Fact]
    public async Task Forty_students_behind_one_address_upload_at_the_deadline_without_a_429()
    {
        var category = await site.OpenCategoryAsync(c => c.MaxEntriesPerParticipant = 2);
        var students = new List<Person>();
        for (var i = 0; i < 40; i++)
        {
            students.Add((await site.StudentAsync($"Siswa {i}")).Person);
        }

        var statuses = await Task.WhenAll(students.Select(async (student, i) =>
        {
            var seen = new List<HttpStatusCode>();
            var entryId = await student.Client.EnterAsync(category.Id, $"Karya {i}");
            for (var attempt = 0; attempt < 3; attempt++)
            {
                // A first try, a replacement, a last fix: three uploads (the limits count requests, not bytes), and a certificate check.
                var response = await student.Client.UploadAsync(entryId, TestFile.Pdf($"poster-{i}-{attempt}.pdf", 200_000, seed: (uint)i));
                seen.Add(response.StatusCode);
            }

            seen.Add((await student.Client.GetAsync("/sertifikat/LOT-2026-ABCD-EFGH")).StatusCode);
            return seen;
        }));

        Assert.DoesNotContain(statuses.SelectMany(s => s), s => s == HttpStatusCode.TooManyRequests);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s[0]));
    }
}
