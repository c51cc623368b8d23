using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CompetitionSite.Bench.Support;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Infrastructure.Email;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace CompetitionSite.Bench.Scenarios;

/// <summary>
/// Scenario 4: publishing a competition of N participants through the site's real action (the organizer logged in,
/// antiforgery token from the results page, "publish" posted), timed from the post until the SMTP server accepted
/// the last result email. Baseline: the same messages (built from that publication's outbox rows, the way the
/// dispatcher builds them, before the clock starts) sent by MailKit in a tight loop over one connection to the same
/// server. Rounds alternate: site, baseline, site, baseline (the baseline needs a publication's messages).
/// Then the kill test: another competition is published and the site is killed (SIGKILL) at a quarter, half and
/// three quarters of the messages, restarted on the same database each time, and left to drain the outbox; every
/// delivery is counted per message and recipient.
/// </summary>
public static class BulkEmail
{
    /// <summary>The site's settings; <c>BENCH_SMTP_CONNECTIONS</c> overrides the site's default Email:Smtp:Connections (bench/README.md).</summary>
    public static Dictionary<string, string> SiteSettings(BenchDatabase database, string folder, MailSink sink)
    {
        var settings = BaseSettings(database, folder, sink);
        if (Environment.GetEnvironmentVariable("BENCH_SMTP_CONNECTIONS") is { Length: > 0 } connections)
        {
            settings["Email:Smtp:Connections"] = connections;
        }

        return settings;
    }

    private static Dictionary<string, string> BaseSettings(BenchDatabase database, string folder, MailSink sink) => new()
    {
        ["Database:Provider"] = database.Kind.ToString(),
        ["Database:ConnectionString"] = database.ConnectionString,
        ["Storage:Local:Root"] = Path.Combine(folder, "files"),
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
        ["Email:Smtp:DisablePipelining"] = "true",
        // A dead instance's claimed batch is taken over when its lease runs out: 30 s here instead of 5 minutes,
        // so the kill test does not wait (the lease must be at least 10 × the SMTP timeout).
        ["Email:LockSeconds"] = "30",
        ["Email:Smtp:TimeoutSeconds"] = "3",
        // The publication logs its steps (read, certificates, emails, save; PublishTelemetry): reported in the notes.
        ["Logging:LogLevel:CompetitionSite.Web.Features.Results.PublishResults"] = "Information",
    };

    /// <param name="instances">1: one site process, reached directly; more: that many behind nginx (PostgreSQL), each
    /// sending from the one outbox, the organizer's requests going round-robin.</param>
    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(
        BenchDatabase database, string folder, MailSink sink, ReviewCompetition? warmUp, IReadOnlyList<ReviewCompetition> timed, ReviewCompetition? kill, int kills,
        int instances = 1)
    {
        var settings = SiteSettings(database, folder, sink);
        sink.KeepMessages = true;
        var results = new List<ScenarioResult>();
        var siteRate = new List<double>();
        var baseRate = new List<double>();
        var publishMs = new List<double>();
        var publishParts = new List<string>();
        var siteGaps = new List<double>();
        var dispatchRate = new List<double>();
        var sizes = new List<int>();
        var siteCpu = new CpuTotals();
        var baseCpu = new CpuTotals();
        var timedCount = timed[0].EntryIds.Count;
        long peak;
        var where = "";
        await using (var site = instances > 1 ? await SiteTarget.StartBalancedAsync(settings, instances) : await SiteTarget.StartAsync(settings))
        {
            where = instances > 1 ? ", " + site.Label : "";
            var cpu = new CpuMeter(site.Pids, "no-azurite-in-this-scenario");
            using var organizer = site.NewUser();
            await organizer.LogInAsync(ResultsSeed.OrganizerEmail, BenchDatabase.StudentPassword);
            await using var memory = new MemorySampler(site.Pids);
            // One untimed warm-up round on each side first (a small publication, its messages through the loop), so that
            // neither side is measured while the JIT and the caches warm up: a long-running site is warm when it publishes.
            foreach (var (competition, measured) in (warmUp is null ? [] : new[] { (warmUp, false) }).Concat(timed.Select(c => (c, true))))
            {
                var expected = competition.EntryIds.Count;
                // Site: publish, then wait for the last email at the server.
                var token = await organizer.FormTokenAsync($"/admin/competitions/{competition.Id}/results");
                var before = sink.Count;
                var c0 = cpu.Read();
                var started = Stopwatch.GetTimestamp();
                await organizer.PostExpectingRedirectAsync("publish", $"/admin/competitions/{competition.Id}/results/publish", token, new() { ["confirm"] = "true" });
                publishMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!await sink.WaitForCountAsync(before + expected, TimeSpan.FromMinutes(15)))
                {
                    throw new InvalidOperationException($"Only {sink.Count - before} of {expected} result emails arrived within 15 minutes.\n" + string.Join("\n", site.Output.TakeLast(20)));
                }

                var delivered = sink.Deliveries.Skip(before).Take(expected).ToList();
                if (measured)
                {
                    publishParts.Add(site.Output.LastOrDefault(l => l.Contains($"Published competition {competition.Id}:", StringComparison.Ordinal)) is { } line
                        && line.IndexOf("(read ", StringComparison.Ordinal) is var at and >= 0
                        ? line[(at + 1)..].TrimEnd(')', '.')
                        : "parts not logged");
                    siteCpu.Add(c0, cpu.Read());
                    siteRate.Add(expected / Seconds(started, delivered[^1].Timestamp));
                    dispatchRate.Add((expected - 1) / Seconds(delivered[0].Timestamp, delivered[^1].Timestamp));
                    siteGaps.AddRange(delivered.Zip(delivered.Skip(1), (a, b) => (b.Timestamp - a.Timestamp) * 1000.0 / Stopwatch.Frequency));
                    sizes.AddRange(delivered.Select(d => d.Size));
                }
                else
                {
                    publishMs.RemoveAt(publishMs.Count - 1);
                }
                var messages = await PreparedMessagesAsync(database, sink, competition.Id);
                if (messages.Count != expected)
                {
                    throw new InvalidOperationException($"The publication queued {messages.Count} result emails, {expected} expected.");
                }

                // Baseline: the same messages, a tight MailKit loop over one connection to the same server.
                before = sink.Count;
                c0 = cpu.Read();
                started = Stopwatch.GetTimestamp();
                using (var client = new SmtpClient())
                {
                    // As the site's transport connects: TCP_NODELAY on (see SmtpProbe), PIPELINING off.
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    await socket.ConnectAsync(IPAddress.Loopback, sink.Port);
                    await client.ConnectAsync(socket, "127.0.0.1", sink.Port, SecureSocketOptions.None);
                    client.Capabilities &= ~SmtpCapabilities.Pipelining;
                    foreach (var message in messages)
                    {
                        await client.SendAsync(message);
                    }

                    await client.DisconnectAsync(quit: true);
                }

                await sink.WaitForCountAsync(before + expected, TimeSpan.FromMinutes(1));
                if (measured)
                {
                    baseCpu.Add(c0, cpu.Read());
                    baseRate.Add(expected / Seconds(started, sink.Deliveries[before + expected - 1].Timestamp));
                }
            }

            peak = memory.Peak;
            PrintErrors(site);
        }

        var siteMedian = Median(siteRate);
        var baseMedian = Median(baseRate);
        var ratio = siteMedian / baseMedian;
        results.Add(new ScenarioResult(
            $"Bulk result email: publish {timedCount:N0} participants, until the SMTP server accepted the last{where}",
            "the same messages, MailKit in a tight loop over one connection, same SMTP server",
            Rate(baseMedian),
            Rate(siteMedian),
            ratio,
            "≥ 0.8×",
            ratio >= 0.8,
            Report.Ms(RankingBench.Percentile(siteGaps, 0.5)),
            Report.Ms(RankingBench.Percentile(siteGaps, 0.99)),
            Report.Mb(peak),
            string.Create(CultureInfo.InvariantCulture,
                $"p50/p99: time between two accepted messages on the site side; median of {timed.Count} alternating rounds (site: {string.Join(", ", siteRate.Select(Rate))}; MailKit: {string.Join(", ", baseRate.Select(Rate))}); sending alone (first to last accepted): {string.Join(", ", dispatchRate.Select(Rate))}; site time includes the publish request ({string.Join(", ", publishMs.Select(x => x.ToString("0", CultureInfo.InvariantCulture)))} ms; as the site logs them: {string.Join(" / ", publishParts)}); message size p50 {RankingBench.Percentile(sizes.Select(x => (double)x).ToList(), 0.5) / 1024:0.0} KB; SMTP server: SmtpServer in the harness process, PIPELINING off and TCP_NODELAY on on both sides; {siteCpu.PerRound("site side", timed.Count).Replace("Azurite 0.0, ", "")}; {baseCpu.PerRound("MailKit side", timed.Count).Replace("Azurite 0.0, ", "")} (harness includes the SMTP server)")));

        if (kill is not null)
        {
            results.Add(await KillTestAsync(database, sink, settings, kill, kills));
        }

        return results;
    }

    /// <summary>Publishes, kills the site at fractions of the way, restarts it each time, waits for the outbox to drain, counts.</summary>
    private static async Task<ScenarioResult> KillTestAsync(BenchDatabase database, MailSink sink, Dictionary<string, string> settings, ReviewCompetition competition, int kills)
    {
        var expected = competition.EntryIds.Count;
        var before = sink.Count;
        var killedAt = new List<int>();
        var site = await SiteProcess.StartAsync(settings);
        var started = Stopwatch.GetTimestamp();
        var restartMs = new List<double>();
        try
        {
            using (var organizer = new SiteUser(site.BaseUrl))
            {
                await organizer.LogInAsync(ResultsSeed.OrganizerEmail, BenchDatabase.StudentPassword);
                var token = await organizer.FormTokenAsync($"/admin/competitions/{competition.Id}/results");
                await organizer.PostExpectingRedirectAsync("publish", $"/admin/competitions/{competition.Id}/results/publish", token, new() { ["confirm"] = "true" });
            }

            for (var k = 1; k <= kills; k++)
            {
                var at = before + expected * k / (kills + 1);
                if (!await sink.WaitForCountAsync(at, TimeSpan.FromMinutes(10)))
                {
                    throw new InvalidOperationException($"Kill {k}: only {sink.Count - before} of {expected} emails arrived.");
                }

                site.Kill();
                killedAt.Add(sink.Count - before);
                await site.DisposeAsync();
                var restart = Stopwatch.GetTimestamp();
                site = await SiteProcess.StartAsync(settings);
                restartMs.Add(Stopwatch.GetElapsedTime(restart).TotalMilliseconds);
            }

            // Drained: no Pending row left for this publication (the dead instances' claims expire after the lease).
            var deadline = DateTime.UtcNow.AddMinutes(10);
            while (await PendingAsync(database, competition.Id) > 0)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException("The outbox did not drain within 10 minutes.");
                }

                await Task.Delay(200);
            }

            await Task.Delay(1000);
            PrintErrors(site);
        }
        finally
        {
            await site.DisposeAsync();
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await using var db = database.Open();
        var rows = await (from n in db.ResultNotices
                          join o in db.OutboxMessages on n.OutboxMessageId equals o.Id
                          where n.CompetitionId == competition.Id
                          select new { o.MessageId, o.ToAddress, o.Status, o.Repeats })
            .ToListAsync();
        var ids = rows.Select(r => r.MessageId).ToHashSet(StringComparer.Ordinal);
        var deliveries = sink.Deliveries.Skip(before).Where(d => ids.Contains(d.MessageId)).ToList();
        var strays = sink.Deliveries.Skip(before).Count(d => !ids.Contains(d.MessageId));
        var recipients = rows.Select(r => r.ToAddress.ToLowerInvariant()).ToHashSet();
        var delivered = deliveries.Select(d => d.Recipients).ToHashSet();
        var lostRecipients = recipients.Count(r => !delivered.Contains(r));
        var duplicated = deliveries.Count - delivered.Count;
        var duplicateIds = deliveries.GroupBy(d => d.MessageId).Count(g => g.Count() > 1);
        var distinctIds = deliveries.Select(d => d.MessageId).Distinct().Count();
        var failed = rows.Count(r => r.Status == OutboxStatus.Failed);
        var repeats = rows.Sum(r => r.Repeats);

        // Decision 0004: at least once, never lost. A copy sent again after an unconfirmed hand-over is allowed, but only
        // with the same Message-ID (no recipient gets two different ones); every copy is counted and reported.
        var met = rows.Count == expected && lostRecipients == 0 && distinctIds == delivered.Count && failed == 0 && strays == 0;
        return new ScenarioResult(
            $"Bulk result email: kill -9 mid-send ({kills}×), restart, drain",
            "—",
            $"{expected:N0} expected",
            $"{lostRecipients} lost, {duplicated} duplicated",
            met ? 1 : 0,
            "0 lost; copies only with the same Message-ID",
            met,
            "—",
            "—",
            "—",
            string.Create(CultureInfo.InvariantCulture,
                $"killed when {string.Join(", ", killedAt)} of {expected:N0} had been accepted; {rows.Count:N0} queued, {deliveries.Count:N0} deliveries of {distinctIds:N0} distinct Message-IDs to {delivered.Count:N0} distinct recipients; messages delivered more than once: {duplicateIds} (each copy with the same Message-ID); sent again after an unconfirmed hand-over (outbox Repeats): {repeats}; Failed rows {failed}; deliveries not from this publication {strays}; restart to healthy {string.Join(", ", restartMs.Select(x => x.ToString("0", CultureInfo.InvariantCulture)))} ms; publish to drained {elapsed:0.0} s (a dead instance's claimed batch waits for its 30 s lease)"));
    }

    private static async Task<int> PendingAsync(BenchDatabase database, int competitionId)
    {
        await using var db = database.Open();
        return await (from n in db.ResultNotices
                      join o in db.OutboxMessages on n.OutboxMessageId equals o.Id
                      where n.CompetitionId == competitionId && o.Status == OutboxStatus.Pending
                      select o.Id).CountAsync();
    }

    /// <summary>
    /// The publication's result emails as MimeMessages: the very messages the site sent (kept by the sink, by Message-ID),
    /// in the order they were queued. The site renders a result email's bodies only when it sends it (issue 16), so its
    /// outbox rows no longer hold them; before, the baseline built the messages from the rows with the dispatcher's own
    /// <c>OutboxDispatcher.TryBuild</c>, which gives the same bytes.
    /// </summary>
    private static async Task<List<MimeMessage>> PreparedMessagesAsync(BenchDatabase database, MailSink sink, int competitionId)
    {
        await using var db = database.Open();
        var ids = await (from n in db.ResultNotices
                         join o in db.OutboxMessages on n.OutboxMessageId equals o.Id
                         where n.CompetitionId == competitionId
                         orderby o.CreatedAt
                         select o.MessageId).ToListAsync();
        return ids.Select(id => sink.Kept.TryRemove(id, out var bytes)
            ? MimeMessage.Load(new MemoryStream(bytes))
            : throw new InvalidOperationException($"The SMTP server never got {id}.")).ToList();
    }

    private static void PrintErrors(SiteProcess site) => PrintErrors(site.Output);

    private static void PrintErrors(SiteTarget site) => PrintErrors(site.Output);

    private static void PrintErrors(IReadOnlyList<string> output)
    {
        var errors = output.Where(l => l.Contains("fail:", StringComparison.Ordinal) || l.Contains("crit:", StringComparison.Ordinal)).ToList();
        if (errors.Count > 0)
        {
            Console.WriteLine("Site error lines:\n" + string.Join("\n", output.TakeLast(40)));
        }
    }

    private static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;

    private static double Median(List<double> values) => RankingBench.Percentile(values, 0.5);

    private static string Rate(double perSecond) => perSecond.ToString("0", CultureInfo.InvariantCulture) + " msg/s";
}
