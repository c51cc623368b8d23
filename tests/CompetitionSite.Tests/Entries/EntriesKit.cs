using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using CompetitionSite.Tests.Storage;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Participants;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Entries;

/// <summary>The site with its files in Azurite and a clock the tests move.</summary>
public class EntriesSite : SiteFactory
{
    public EntriesSite() => UseAzurite(AzuriteServer.Shared);

    public TestClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>The same, with files on the local disk (signed /files/ links served by the site itself).</summary>
public sealed class LocalEntriesSite : EntriesSite
{
    public LocalEntriesSite() => Settings.Remove("Storage:Azure:ConnectionString");
}

/// <summary>A person in a test: their browser, account id and email.</summary>
public sealed record Person(HttpClient Client, string UserId, string Email);

/// <summary>Competitions, profiles and uploads for entry tests: what the other features' pages would have created is written to the database directly.</summary>
public static class EntriesKit
{
    public static async Task<T> DbAsync<T>(this SiteFactory site, Func<AppDbContext, Task<T>> work)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await work(db);
    }

    public static Task DbAsync(this SiteFactory site, Func<AppDbContext, Task> work) =>
        site.DbAsync(async db =>
        {
            await work(db);
            return true;
        });

    /// <summary>An open competition (deadline in <paramref name="closesIn"/>, default 10 days) with one category.</summary>
    public static async Task<Category> OpenCategoryAsync(this EntriesSite site, Action<Category>? configure = null, TimeSpan? closesIn = null, int graceMinutes = 30)
    {
        var now = site.Clock.UtcNow;
        var competition = new Competition
        {
            Slug = "lomba-" + Guid.NewGuid().ToString("N")[..12],
            Title = "Lomba Poster Digital 2026",
            Summary = "Poster",
            OrganizingBody = "Relawan TIK Banten",
            ContactEmail = "panitia@example.test",
            OpensAt = now.AddDays(-1),
            SubmissionClosesAt = now + (closesIn ?? TimeSpan.FromDays(10)),
            JudgingEndsAt = now + (closesIn ?? TimeSpan.FromDays(10)) + TimeSpan.FromDays(10),
            ResultsAnnouncedAt = now + (closesIn ?? TimeSpan.FromDays(10)) + TimeSpan.FromDays(11),
            GraceMinutes = graceMinutes,
            Stage = CompetitionStage.Live,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var category = new Category
        {
            Name = "Poster SMP",
            Levels = SchoolLevels.SMP,
            MinGrade = 7,
            MaxGrade = 9,
            Kind = EntryKind.Document,
            AllowedExtensions = ".pdf,.png,.jpg",
            MaxFileSizeMb = 20,
            MaxFilesPerEntry = 1,
            MaxEntriesPerParticipant = 1,
        };
        configure?.Invoke(category);
        competition.Categories.Add(category);
        await site.DbAsync(async db =>
        {
            db.Competitions.Add(competition);
            await db.SaveChangesAsync();
        });
        return category;
    }

    /// <summary>A student account, logged in, with a complete SMP grade 8 profile (a minor whose guardian consented, unless told otherwise).</summary>
    public static async Task<(Person Person, ParticipantProfile Profile)> StudentAsync(this EntriesSite site, string name = "Ayu Lestari",
        SchoolLevels level = SchoolLevels.SMP, int grade = 8, ConsentStatus? consent = ConsentStatus.Given, bool adult = false,
        string school = "SMPN 1 Serang", string regency = "Kota Serang")
    {
        var email = Support.Accounts.NewEmail("siswa");
        var person = await site.PersonAsync(email, Roles.Student, name);
        var profile = await site.ProfileAsync(p =>
        {
            p.UserId = person.UserId;
            p.FullName = name;
            p.Level = level;
            p.Grade = grade;
            p.SchoolName = school;
            p.Regency = regency;
            p.DateOfBirth = DateOnly.FromDateTime(site.Clock.UtcNow).AddYears(adult ? -19 : -13);
        }, consent);
        return (person, profile);
    }

    public static async Task<Person> PersonAsync(this SiteFactory site, string email, string role, string name = "Budi Santoso")
    {
        var client = await site.LoggedInAsAsync(email, role);
        var userId = await site.DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        await site.DbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == userId);
            user.FullName = name;
            await db.SaveChangesAsync();
        });
        return new Person(client, userId, email);
    }

    public static async Task<ParticipantProfile> ProfileAsync(this SiteFactory site, Action<ParticipantProfile> configure, ConsentStatus? consent = ConsentStatus.Given)
    {
        var profile = new ParticipantProfile
        {
            FullName = "Ayu Lestari",
            DateOfBirth = new DateOnly(2013, 5, 17),
            SchoolName = "SMPN 1 Serang",
            Level = SchoolLevels.SMP,
            Grade = 8,
            Province = "Banten",
            Regency = "Kota Serang",
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        };
        configure(profile);
        if (consent is { } status)
        {
            profile.Consents.Add(new GuardianConsent
            {
                GuardianName = "Ibu Lestari",
                GuardianEmail = Support.Accounts.NewEmail("wali"),
                Status = status,
                Method = ConsentMethod.EmailLink,
                RequestedAt = DateTime.UtcNow.AddDays(-2),
                DecidedAt = status == ConsentStatus.Pending ? null : DateTime.UtcNow.AddDays(-1),
                WordingVersion = "2026-11-v1",
            });
        }

        await site.DbAsync(async db =>
        {
            db.Participants.Add(profile);
            await db.SaveChangesAsync();
        });
        return profile;
    }

    /// <summary>Enters the category through the real form and returns the new entry's id.</summary>
    public static async Task<int> EnterAsync(this HttpClient client, int categoryId, string title = "Banten Bersih", IDictionary<string, string>? more = null)
    {
        var values = new Dictionary<string, string> { ["Title"] = title, ["Description"] = "Poster tentang sampah plastik di pantai." };
        foreach (var (k, v) in more ?? new Dictionary<string, string>())
        {
            values[k] = v;
        }

        var response = await client.SubmitFormAsync($"/entries/new?category={categoryId}", values);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Entering answered {(int)response.StatusCode}: {Html.Parse(await response.Content.ReadAsStringAsync()).MainText()}");
        var path = response.RedirectPath();
        Assert.StartsWith("/entries/", path);
        return int.Parse(path["/entries/".Length..]);
    }

    /// <summary>The antiforgery token the entry page hands to the upload script.</summary>
    public static async Task<string> UploadTokenAsync(this HttpClient client, int entryId)
    {
        var (response, page) = await client.GetPageAsync($"/entries/{entryId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return page.QuerySelector("[data-upload]")?.GetAttribute("data-token")
               ?? page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
               ?? throw new InvalidOperationException("No antiforgery token on the entry page.");
    }

    public static Task<HttpResponseMessage> StartUploadAsync(this HttpClient client, string token, int entryId, string fileName, long size, int? slot = 0, int? chunkSize = null,
        string? fingerprint = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/entries/{entryId}/uploads")
        {
            Content = fingerprint is not null ? JsonContent.Create(new { fileName, size, slot, chunkSize, fingerprint })
                : chunkSize is null ? JsonContent.Create(new { fileName, size, slot }) : JsonContent.Create(new { fileName, size, slot, chunkSize }),
        };
        request.Headers.Add("RequestVerificationToken", token);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PutChunkAsync(this HttpClient client, string token, int entryId, string session, int index, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/entries/{entryId}/uploads/{session}/chunks/{index}") { Content = content };
        request.Headers.Add("RequestVerificationToken", token);
        return client.SendAsync(request);
    }

    /// <summary>Chunks index … index + count − 1 in one request (<c>?count=</c>), as the page's script sends them on a fast link.</summary>
    /// <summary>With <paramref name="fingerprint"/>, the <c>Upload-Fingerprint</c> header the page's script sends.</summary>
    public static Task<HttpResponseMessage> PutChunksAsync(this HttpClient client, string token, int entryId, string session, int index, int count, HttpContent content,
        string? fingerprint = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/entries/{entryId}/uploads/{session}/chunks/{index}?count={count}") { Content = content };
        request.Headers.Add("RequestVerificationToken", token);
        if (fingerprint is not null)
        {
            request.Headers.Add("Upload-Fingerprint", fingerprint);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> CompleteUploadAsync(this HttpClient client, string token, int entryId, string session, string? fingerprint = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/entries/{entryId}/uploads/{session}/complete");
        request.Headers.Add("RequestVerificationToken", token);
        if (fingerprint is not null)
        {
            request.Headers.Add("Upload-Fingerprint", fingerprint);
        }

        return client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text.Length == 0 ? "null" : text).RootElement.Clone();
    }

    /// <summary>Uploads a whole file through the API chunk by chunk, as the browser does; returns the "complete" answer.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, int entryId, TestFile file, int? slot = 0)
    {
        var token = await client.UploadTokenAsync(entryId);
        var start = await client.StartUploadAsync(token, entryId, file.Name, file.Length, slot);
        if (!start.IsSuccessStatusCode)
        {
            return start;
        }

        var state = await start.JsonAsync();
        var session = state.GetProperty("id").GetString()!;
        var chunkSize = state.GetProperty("chunkSize").GetInt32();
        var count = state.GetProperty("chunkCount").GetInt32();
        for (var i = 0; i < count; i++)
        {
            var put = await client.PutChunkAsync(token, entryId, session, i, file.Chunk(i, chunkSize));
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        return await client.CompleteUploadAsync(token, entryId, session);
    }
}

/// <summary>
/// A file for uploads made up on the fly: <see cref="Header"/> (the magic number of its type) then deterministic
/// bytes, never held whole in memory. Its SHA-256 is computed independently of the site.
/// </summary>
public sealed class TestFile(string name, long length, byte[] header, uint seed = 7)
{
    public static readonly byte[] PdfHeader = "%PDF-1.7\n%âãÏÓ\n"u8.ToArray();
    public static readonly byte[] PngHeader = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    public static readonly byte[] Mp4Header = [0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6D, 0x70, 0x34, 0x32, 0, 0, 0, 0, 0x6D, 0x70, 0x34, 0x32, 0x69, 0x73, 0x6F, 0x6D];
    public static readonly byte[] ExeHeader = "MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0"u8.ToArray();

    public string Name { get; } = name;

    public long Length { get; } = length;

    public static TestFile Pdf(string name = "poster.pdf", long length = 300_000, uint seed = 7) => new(name, length, PdfHeader, seed);

    public byte ByteAt(long position) => position < header.Length ? header[position] : GeneratedStream.ByteAt(position, seed);

    public Stream Open(long offset = 0, long? count = null) => new TestFileStream(this, offset, count ?? Length - offset);

    /// <summary>
    /// Chunk <paramref name="index"/> as request content with its length. With <paramref name="cutAfter"/> the body
    /// ends after that many bytes although the length announced the whole chunk: what the server sees when the
    /// connection drops mid-chunk.
    /// </summary>
    public HttpContent Chunk(int index, int chunkSize, long? cutAfter = null) => Chunks(index, 1, chunkSize, cutAfter);

    /// <summary>Chunks <paramref name="index"/> … <paramref name="index"/> + <paramref name="chunks"/> − 1 as one request body (see <see cref="Chunk"/>).</summary>
    public HttpContent Chunks(int index, int chunks, int chunkSize, long? cutAfter = null)
    {
        var offset = (long)index * chunkSize;
        var count = Math.Min((long)chunks * chunkSize, Length - offset);
        var content = new StreamContent(new TestFileStream(this, offset, Math.Min(count, cutAfter ?? count)), 64 * 1024);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = count;
        return content;
    }

    public string Sha256()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var stream = Open();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private sealed class TestFileStream(TestFile file, long offset, long count) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => count;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int index, int max) => Read(buffer.AsSpan(index, max));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, count - _position);
            for (var i = 0; i < n; i++)
            {
                buffer[i] = file.ByteAt(offset + _position + i);
            }

            _position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int index, int max, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(index, max)));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long o, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int index, int max) => throw new NotSupportedException();
    }
}
