using System.Collections.Concurrent;
using System.Reflection;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using MimeKit;

namespace CompetitionSite.Tests.Participants;

/// <summary>
/// The site for the participant tests: trusts X-Forwarded-For (so a test can choose the client address that consent
/// evidence records) and, until the storage work is merged, falls back to an in-memory file store.
/// </summary>
public sealed class ParticipantsSite : SiteFactory
{
    public ParticipantsSite()
    {
        Settings["Site:TrustForwardedHeaders"] = "true";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.TryAddSingleton(_ => MemoryFileStore.Create()));
    }
}

/// <summary>Test data and mail for the participant tests.</summary>
public static class ParticipantsKit
{
    public const string Jakarta = "Asia/Jakarta";

    /// <summary>A valid profile for someone born <paramref name="yearsAgo"/> years ago (today in WIB), SMP grade 8, in Kota Serang.</summary>
    public static Dictionary<string, string> Profile(int yearsAgo = 13, string fullName = "Ayu Lestari", int daysOffset = -30) => new()
    {
        ["FullName"] = fullName,
        ["DateOfBirth"] = ParticipantAge.Today(TimeProvider.System).AddYears(-yearsAgo).AddDays(daysOffset).ToString("yyyy-MM-dd"),
        ["SchoolName"] = "SMP Negeri 1 Serang",
        ["SchoolNpsn"] = "20601234",
        ["Level"] = "SMP",
        ["Grade"] = "8",
        ["Province"] = "Banten",
        ["Regency"] = "Kota Serang",
        ["Phone"] = "0812-3456-7890",
        ["PublicName"] = "FirstNameAndSchool",
        ["AllowPublicPreview"] = "true",
    };

    public static async Task<T> DbAsync<T>(this SiteFactory site, Func<AppDbContext, Task<T>> query)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public static async Task DbAsync(this SiteFactory site, Func<AppDbContext, Task> change)
    {
        await using var scope = site.Services.CreateAsyncScope();
        await change(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public static Task<ParticipantProfile?> ProfileOfAsync(this SiteFactory site, string email) =>
        site.DbAsync(async db =>
        {
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            return await db.Participants.Include(p => p.Consents).AsNoTracking().SingleOrDefaultAsync(p => p.UserId == userId);
        });

    public static IFileStore FileStore(this SiteFactory site) => site.Services.GetRequiredService<IFileStore>();

    /// <summary>
    /// The latest email queued to <paramref name="to"/> (matching <paramref name="match"/>). Received over the real SMTP
    /// server when the site has its outbox dispatcher (matched by Message-ID, so an earlier email to the same address is
    /// never taken for it); before the dispatcher is merged, read from the outbox row the site queued.
    /// </summary>
    public static async Task<MimeMessage> EmailToAsync(this SiteFactory site, string to, Func<MimeMessage, bool>? match = null)
    {
        var rows = await site.DbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.ToAddress == to).ToListAsync());
        var queued = rows.OrderBy(r => r.CreatedAt).Select(r => (Row: r, Mime: ToMime(r))).LastOrDefault(x => match?.Invoke(x.Mime) ?? true);
        if (queued.Row is null)
        {
            throw new InvalidOperationException($"No email to {to} was queued.");
        }

        return site.Services.GetServices<IHostedService>().Any(s => s.GetType().Name == "OutboxDispatcher")
            ? await site.Smtp.WaitForMessageAsync(to, m => m.MessageId == queued.Row.MessageId)
            : queued.Mime;
    }

    public static Task<List<OutboxMessage>> QueuedEmailsToAsync(this SiteFactory site, string to) =>
        site.DbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.ToAddress == to).ToListAsync());

    /// <summary>A competition with one category and an entry of the participant, with stored files.</summary>
    public static async Task<int> AddEntryAsync(this SiteFactory site, int participantId, CompetitionStage stage = CompetitionStage.Live,
        EntryStatus status = EntryStatus.Submitted, int files = 1, string title = "Poster Hemat Air", params int[] teammates)
    {
        var store = site.FileStore();
        var stored = new List<EntryFile>();
        for (var i = 0; i < files; i++)
        {
            var name = Guid.NewGuid().ToString("N") + ".png";
            var content = new byte[] { 0x89, 0x50, 0x4E, 0x47, (byte)i };
            await store.SaveAsync(name, new MemoryStream(content), "image/png");
            stored.Add(new EntryFile
            {
                Slot = i,
                StoredName = name,
                OriginalFileName = $"poster-{i}.png",
                ContentType = "image/png",
                SizeBytes = content.Length,
                Sha256 = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(content)).ToLowerInvariant(),
                UploadedAt = DateTime.UtcNow,
            });
        }

        return await site.DbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var competition = new Competition
            {
                Slug = "lomba-" + Guid.NewGuid().ToString("N")[..12],
                Title = "Lomba Poster Digital",
                OpensAt = now.AddDays(-30),
                SubmissionClosesAt = stage == CompetitionStage.Published ? now.AddDays(-20) : now.AddDays(10),
                JudgingEndsAt = stage == CompetitionStage.Published ? now.AddDays(-10) : now.AddDays(20),
                ResultsAnnouncedAt = stage == CompetitionStage.Published ? now.AddDays(-5) : now.AddDays(30),
                Stage = stage,
                PublishedAt = stage == CompetitionStage.Published ? now.AddDays(-5) : null,
                CreatedAt = now,
                UpdatedAt = now,
            };
            var category = new Category { Competition = competition, Name = "Poster SMP", Kind = EntryKind.Image, AllowedExtensions = ".png" };
            var entry = new Entry
            {
                PublicCode = "K-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant(),
                Category = category,
                Title = title,
                Description = "Poster tentang menghemat air di sekolah.",
                Status = status,
                CreatedByUserId = "",
                CreatedAt = now,
                UpdatedAt = now,
                SubmittedAt = status == EntryStatus.Submitted ? now : null,
                Files = stored,
            };
            entry.Members.Add(new EntryMember { ParticipantId = participantId, IsLead = true });
            foreach (var mate in teammates)
            {
                entry.Members.Add(new EntryMember { ParticipantId = mate });
            }

            db.Entries.Add(entry);
            await db.SaveChangesAsync();
            return entry.Id;
        });
    }

    public static async Task<bool> ExistsInStoreAsync(this SiteFactory site, string storedName)
    {
        try
        {
            await using var stream = await site.FileStore().OpenReadAsync(storedName);
            return true;
        }
        catch (FileNotFoundInStoreException)
        {
            return false;
        }
    }

    private static MimeMessage ToMime(OutboxMessage row)
    {
        var message = new MimeMessage { Subject = row.Subject };
        message.To.Add(new MailboxAddress(row.ToName, row.ToAddress));
        message.Body = new BodyBuilder { HtmlBody = row.HtmlBody, TextBody = row.TextBody }.ToMessageBody();
        return message;
    }
}

/// <summary>
/// An in-memory <see cref="IFileStore"/> for this branch's tests until the storage work (local disk, Azure Blob) is
/// merged; then the real store is registered and this one is not used. A dispatch proxy, so it keeps compiling
/// when the interface grows: it answers save, open and delete, and refuses the rest.
/// </summary>
public class MemoryFileStore : DispatchProxy
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new();

    public static IFileStore Create() => DispatchProxy.Create<IFileStore, MemoryFileStore>();

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        switch (method?.Name)
        {
            case nameof(IFileStore.SaveAsync):
                using (var copy = new MemoryStream())
                {
                    ((Stream)args![1]!).CopyTo(copy);
                    _files[(string)args[0]!] = copy.ToArray();
                    return Task.FromResult((long)copy.Length);
                }

            case nameof(IFileStore.OpenReadAsync):
                return _files.TryGetValue((string)args![0]!, out var bytes)
                    ? Task.FromResult<Stream>(new MemoryStream(bytes))
                    : Task.FromException<Stream>(new FileNotFoundInStoreException((string)args[0]!));
            case nameof(IFileStore.DeleteAsync):
                _files.TryRemove((string)args![0]!, out _);
                return Task.CompletedTask;
            case nameof(IFileStore.CheckAsync):
                return Task.CompletedTask;
            default:
                throw new NotSupportedException($"The test file store does not support {method?.Name}.");
        }
    }
}
