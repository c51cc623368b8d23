using System.Diagnostics;
using System.Globalization;
using CompetitionSite.Bench.Support;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Email;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Bench.Scenarios;

/// <summary>
/// Issue 16 item 4: how long the organizer's publish request takes for N participants, warm. Two site processes on the
/// same database: the site as it is (result emails say what to send; bodies rendered when sent) and, as the baseline,
/// the same build with <c>Email:RenderAtSend=false</c> (every result email's bodies written in the publication's
/// transaction, as before issue 16). Rounds alternate baseline, site, baseline, site…, each after one untimed warm-up
/// publication per process. Each round publishes the same seeded competition through the real action (organizer logged
/// in, antiforgery token, <c>POST …/results/publish</c>), waits until every result email has left the outbox (so no
/// sending runs beside the next round, and the rendered-at-send emails are seen to arrive; counted), then undoes the
/// publication in the database (certificates, notices, published results, outbox rows deleted; the stage set back to
/// Live), so every round publishes the same competition.
/// </summary>
public static class PublishRequest
{
    public static async Task<ScenarioResult> RunAsync(
        BenchDatabase database, string folder, MailSink sink, ReviewCompetition warmUp, ReviewCompetition competition, int rounds)
    {
        var settings = BulkEmail.SiteSettings(database, folder, sink);
        var baselineSettings = new Dictionary<string, string>(settings) { ["Email:RenderAtSend"] = "false" };
        await using var site = await SiteProcess.StartAsync(settings);
        await using var baseline = await SiteProcess.StartAsync(baselineSettings);
        using var siteOrganizer = new SiteUser(site.BaseUrl);
        using var baseOrganizer = new SiteUser(baseline.BaseUrl);
        await siteOrganizer.LogInAsync(ResultsSeed.OrganizerEmail, BenchDatabase.StudentPassword);
        await baseOrganizer.LogInAsync(ResultsSeed.OrganizerEmail, BenchDatabase.StudentPassword);
        var siteMs = new List<double>();
        var baseMs = new List<double>();
        var siteParts = new List<string>();
        var baseParts = new List<string>();
        var siteCpu = new CpuTotals();
        var baseCpu = new CpuTotals();
        var plan = new List<(SiteProcess Process, SiteUser Organizer, ReviewCompetition Competition, List<double>? Times, List<string>? Parts, CpuTotals? Cpu)>
        {
            (baseline, baseOrganizer, warmUp, null, null, null),
            (site, siteOrganizer, warmUp, null, null, null),
        };
        for (var r = 0; r < rounds; r++)
        {
            plan.Add((baseline, baseOrganizer, competition, baseMs, baseParts, baseCpu));
            plan.Add((site, siteOrganizer, competition, siteMs, siteParts, siteCpu));
        }

        var (queued, delivered, failed) = (0, 0, 0);
        foreach (var (process, organizer, c, times, parts, cpuTotals) in plan)
        {
            var cpu = new CpuMeter(process.Pid, "no-azurite-in-this-scenario");
            var expected = c.EntryIds.Count;
            var token = await organizer.FormTokenAsync($"/admin/competitions/{c.Id}/results");
            var before = sink.Count;
            var c0 = cpu.Read();
            var started = Stopwatch.GetTimestamp();
            await organizer.PostExpectingRedirectAsync("publish", $"/admin/competitions/{c.Id}/results/publish", token, new() { ["confirm"] = "true" });
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var c1 = cpu.Read();
            // Drained: every result email accepted by the SMTP server, or no longer pending (a refusal is recorded as Failed).
            var deadline = DateTime.UtcNow.AddMinutes(15);
            while (sink.Count < before + expected && await PendingAsync(database) > 0)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"Only {sink.Count - before} of {expected} result emails arrived within 15 minutes.\n" + string.Join("\n", process.Output.TakeLast(20)));
                }

                await Task.Delay(200);
            }

            await using (var db = database.Open())
            {
                failed += await db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Failed);
            }

            delivered += sink.Count - before;
            queued += expected;

            times?.Add(ms);
            cpuTotals?.Add(c0, c1);
            parts?.Add(process.Output.LastOrDefault(l => l.Contains("Published competition", StringComparison.Ordinal)) is { } line
                && line.IndexOf("(read ", StringComparison.Ordinal) is var at and >= 0
                ? line[(at + 1)..].TrimEnd(')', '.')
                : "parts not logged");
            await UnpublishAsync(database, c.Id);
        }

        var siteMedian = RankingBench.Percentile(siteMs, 0.5);
        var baseMedian = RankingBench.Percentile(baseMs, 0.5);
        string List(List<double> values) => string.Join(", ", values.Select(x => x.ToString("0", CultureInfo.InvariantCulture)));
        return new ScenarioResult(
            $"Publish request: {competition.EntryIds.Count:N0} participants, warm",
            "the same request with Email:RenderAtSend=false (bodies written in the publication's transaction, as before issue 16), same build, same database",
            Report.Ms(baseMedian),
            Report.Ms(siteMedian),
            baseMedian / siteMedian,
            "< 1 s",
            siteMedian < 1000,
            Report.Ms(siteMedian),
            Report.Ms(RankingBench.Percentile(siteMs, 0.99)),
            "—",
            string.Create(CultureInfo.InvariantCulture,
                $"ratio = baseline ÷ site (higher is better); median of {rounds} alternating rounds after one warm-up publication of {warmUp.EntryIds.Count:N0} per process (site: {List(siteMs)} ms; baseline: {List(baseMs)} ms); as the site logs them: {string.Join(" / ", siteParts)}; baseline: {string.Join(" / ", baseParts)}; each round waited until its result emails had left before the next (in all {queued:N0} queued, {delivered:N0} accepted by the SMTP server, {failed} refused by it and Failed); {siteCpu.PerRound("site CPU s during the request", rounds).Replace("Azurite 0.0, ", "")}; {baseCpu.PerRound("baseline CPU s during the request", rounds).Replace("Azurite 0.0, ", "")}"));
    }

    private static async Task<int> PendingAsync(BenchDatabase database)
    {
        await using var db = database.Open();
        return await db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Pending);
    }

    /// <summary>Undoes a publication in the database, so the next round publishes the same competition again.</summary>
    private static async Task UnpublishAsync(BenchDatabase database, int competitionId)
    {
        await using var db = database.Open();
        // The bench database holds no other email: both outbox tables are emptied (a bulk delete cannot span the two).
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"OutboxMessageBodies\"");
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"OutboxMessages\"");
        await db.ResultNotices.Where(n => n.CompetitionId == competitionId).ExecuteDeleteAsync();
        await db.PublishedResults.Where(n => n.CompetitionId == competitionId).ExecuteDeleteAsync();
        await db.Certificates.Where(n => n.CompetitionId == competitionId).ExecuteDeleteAsync();
        await db.Competitions.Where(x => x.Id == competitionId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Stage, CompetitionStage.Live)
            .SetProperty(x => x.PublishedAt, (DateTime?)null)
            .SetProperty(x => x.PublishedByUserId, (string?)null));
    }
}
