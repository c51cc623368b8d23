using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Email;

/// <summary>Queues email the way a feature does and reads the outbox back, for the email tests.</summary>
internal static class OutboxTestKit
{
    /// <summary>A site whose retries come quickly (0.2 s, 0.4 s, …), sending to <paramref name="smtp"/> (default: the shared server).</summary>
    public static SiteFactory NewSite(SmtpTestServer? smtp = null)
    {
        var site = new SiteFactory();
        site.Settings["Email:RetryBaseSeconds"] = "0.2";
        site.Settings["Email:MaxRetryDelaySeconds"] = "2";
        if (smtp is not null)
        {
            site.Settings["Email:Smtp:Port"] = smtp.Port.ToString();
        }

        return site;
    }

    public static string UniqueAddress(string name) => $"{name}-{Guid.NewGuid():N}@example.test";

    /// <summary>Queues <paramref name="count"/> messages in one SaveChanges, as a use case would.</summary>
    public static async Task<List<OutboxMessage>> QueueAsync(SiteFactory site, string to, int count = 1, string kind = "test.message")
    {
        await using var scope = site.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<IEmailOutbox>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = new List<OutboxMessage>();
        for (var i = 1; i <= count; i++)
        {
            rows.Add(outbox.Enqueue(new EmailMessage(
                to,
                "Budi Santoso",
                $"Pengumuman lomba {i}",
                $"<p>Halo <b>Budi</b>, pesan {i}.</p>",
                $"Halo Budi, pesan {i}.",
                "id",
                kind)));
        }

        await db.SaveChangesAsync();
        return rows;
    }

    public static async Task<OutboxMessage> RowAsync(SiteFactory site, Guid id)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    public static async Task<List<OutboxMessage>> RowsToAsync(SiteFactory site, string to)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.OutboxMessages.AsNoTracking().Where(m => m.ToAddress == to).ToListAsync();
    }

    /// <summary>Polls the row until <paramref name="condition"/> holds.</summary>
    public static async Task<OutboxMessage> WaitForRowAsync(SiteFactory site, Guid id, Func<OutboxMessage, bool> condition, TimeSpan? timeout = null)
    {
        // A condition wait, not a measurement: generous, because CI shares two cores and a loaded machine claims late.
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var row = await RowAsync(site, id);
            if (condition(row))
            {
                return row;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"Outbox row {id} did not reach the expected state: status {row.Status}, attempts {row.Attempts}, last error {row.LastError}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Polls until every row to <paramref name="to"/> is Sent and no longer held by a sender (its batch has ended).</summary>
    public static async Task<List<OutboxMessage>> WaitUntilAllSentAsync(SiteFactory site, string to, int expected, TimeSpan? timeout = null)
    {
        // A condition wait, not a measurement: generous, because CI shares two cores and a loaded machine claims late.
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var rows = await RowsToAsync(site, to);
            if (rows.Count == expected && rows.All(r => r.Status == OutboxStatus.Sent && r.LockedBy is null))
            {
                return rows;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"{rows.Count(r => r.Status == OutboxStatus.Sent)} of {expected} messages to {to} were sent; " +
                    $"statuses: {string.Join(", ", rows.GroupBy(r => r.Status).Select(g => $"{g.Key} {g.Count()}"))}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the server has <paramref name="expected"/> messages for <paramref name="to"/>.</summary>
    public static async Task WaitForCountAsync(SmtpTestServer smtp, string to, int expected, TimeSpan? timeout = null)
    {
        // A condition wait, not a measurement: generous, because CI shares two cores and a loaded machine claims late.
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (smtp.MessagesTo(to).Count < expected)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{smtp.MessagesTo(to).Count} of {expected} messages to {to} arrived.");
            }

            await Task.Delay(50);
        }
    }
}
