using System.Diagnostics;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Email;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.MultiInstance;

/// <summary>
/// The outbox of three instances sending a publication of 10,000 result emails, one instance killed with SIGKILL in the
/// middle (issue 16): every participant gets their message (none lost; a second copy only of the same message, same
/// Message-ID, as decision 0004 allows), and the rows the dead instance had claimed are sent by the others once its
/// lease (20 s here) has run out.
/// </summary>
[LongRunning]
public sealed class OutboxKillAcrossInstancesTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Participants = 10_000;

    [OnPostgreSqlFact]
    public async Task Killing_one_of_three_instances_while_it_sends_a_publication_loses_no_email_and_its_claims_are_taken_over()
    {
        var started = Stopwatch.StartNew();
        await using var site = await MultiInstanceSite.StartAsync(3, new Dictionary<string, string>
        {
            ["Email:LockSeconds"] = "20",
            ["Email:Smtp:TimeoutSeconds"] = "2",
        });
        var upAfter = started.Elapsed;

        // The publication's rows, as PublishResults leaves them: one due message per participant (written directly, in bulk).
        var run = Guid.NewGuid().ToString("N")[..8];
        var now = DateTime.UtcNow;
        var rows = Enumerable.Range(0, Participants).Select(i =>
        {
            var id = Guid.NewGuid();
            return new OutboxMessage
            {
                Id = id,
                MessageId = $"{id:N}@competitionsite.local",
                ToAddress = $"peserta{i:D5}-{run}@example.test",
                ToName = $"Peserta {i}",
                Subject = "Hasil Lomba Poster Digital 2026",
                HtmlBody = $"<p>Halo Peserta {i}, berikut hasil lomba.</p>",
                TextBody = $"Halo Peserta {i}, berikut hasil lomba.",
                Culture = "id",
                Kind = "results.result",
                CreatedAt = now,
                NextAttemptAt = now,
            };
        }).ToList();
        await site.Arrange.WithDbAsync(async db =>
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.OutboxMessages.AddRange(rows);
            return await db.SaveChangesAsync();
        });
        var seededAfter = started.Elapsed;

        // Mid-sending: some messages are out, and an instance holds claimed rows it has not sent yet. That one dies.
        var pids = site.Instances.Select(i => i!.ProcessId).ToList();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        int victim;
        List<OutboxMessage> held;
        while (true)
        {
            Assert.True(DateTime.UtcNow < deadline, $"No instance was caught holding claims mid-sending ({site.Smtp.Messages.Count} sent).\n{site.Output}");
            var claimed = site.Smtp.Messages.Count >= Participants / 10
                ? await site.Arrange.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
                    .Where(m => m.Status == OutboxStatus.Pending && m.LockedBy != null).Select(m => m.LockedBy!).Distinct().ToListAsync())
                : [];
            victim = pids.FindIndex(pid => claimed.Any(holder => holder.Contains($"/{pid}/", StringComparison.Ordinal)));
            if (victim >= 0)
            {
                break;
            }

            await Task.Delay(50);
        }

        site.Kill(victim);
        var killedAt = DateTime.UtcNow;
        var sentAtKill = site.Smtp.Messages.Count;
        var victimPid = $"/{pids[victim]}/";
        held = await site.Arrange.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending && m.LockedBy != null && m.LockedBy.Contains(victimPid)).ToListAsync());
        Assert.NotEmpty(held);

        // The two others finish the publication, the dead one's claims included once its lease has run out.
        var sent = await SeveralInstancesTests.WaitUntilSentAsync(site, "results.result", Participants, TimeSpan.FromMinutes(5));
        var allSentAfter = started.Elapsed;
        var received = site.Smtp.Messages.Where(m => m.To.Mailboxes.Any(b => b.Address.EndsWith($"-{run}@example.test", StringComparison.Ordinal))).ToList();
        var byRecipient = received.GroupBy(m => m.To.Mailboxes.Single().Address).ToDictionary(g => g.Key, g => g.ToList());
        var expected = rows.ToDictionary(r => r.ToAddress, r => r.MessageId);

        var lost = expected.Keys.Count(address => !byRecipient.ContainsKey(address));
        var otherMessage = byRecipient.Count(kv => kv.Value.Any(m => m.MessageId != expected[kv.Key]));
        var copies = received.Count - byRecipient.Count;
        output.WriteLine($"instances up after {upAfter.TotalSeconds:0.0} s, 10,000 rows seeded after {seededAfter.TotalSeconds:0.0} s; " +
                         $"killed instance {victim} with {held.Count} claimed rows after {sentAtKill} messages; all sent {allSentAfter.TotalSeconds:0.0} s after start " +
                         $"({(DateTime.UtcNow - killedAt).TotalSeconds:0.0} s after the kill); lost {lost}, second copies {copies}.");
        Assert.Equal(0, lost);
        Assert.Equal(0, otherMessage);
        Assert.Equal(Participants, byRecipient.Count);
        Assert.All(byRecipient, kv => Assert.Single(kv.Value.Select(m => m.MessageId).Distinct()));

        // The dead instance's claims were sent by the others, after its lease ran out.
        var heldIds = held.ToDictionary(h => h.Id, h => h.LockedUntil!.Value);
        foreach (var row in sent.Where(r => heldIds.ContainsKey(r.Id)))
        {
            Assert.Equal(OutboxStatus.Sent, row.Status);
            Assert.True(row.SentAt >= heldIds[row.Id], $"Row {row.Id} was sent at {row.SentAt:O}, before the dead instance's lease ended at {heldIds[row.Id]:O}.");
        }
    }
}
