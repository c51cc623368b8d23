using System.Collections.Concurrent;
using System.Diagnostics;
using CompetitionSite.Bench.Support;
using CompetitionSite.Web.Domain.Entries;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Bench.Scenarios;

/// <summary>
/// Scenario 2, the deadline rush: every student logs in, enters a category, uploads a 10 MiB video in 4 MiB chunks,
/// completes and submits, all started within a few seconds of each other and then as concurrent as the site allows.
/// Baseline: the same number of 10 MiB files straight to Azurite with the SDK, started with the same ramp. Rounds
/// alternate (SDK, site, …); each site round enters a fresh category, so the same accounts can enter again.
/// </summary>
public static class DeadlineRush
{
    public const long FileSize = 10L * 1024 * 1024;

    /// <param name="directUploads">Each student sends the blocks straight to the storage account with the URL the site
    /// gives (issue 16 item 3), as the upload script does with Azure; else every chunk goes through the site.</param>
    /// <param name="target">The least ratio to the SDK's MB/s that meets the target.</param>
    public static async Task<ScenarioResult> RunAsync(SiteTarget site, BenchDatabase database, int competitionId, IReadOnlyList<string> emails,
        DirectBlobs direct, Func<Task> emptyStore, CpuMeter cpu, int rounds, TimeSpan ramp, bool directUploads = false, double target = 0.7)
    {
        var students = emails.Count;
        var totalBytes = students * FileSize;
        var directRuns = new List<double>();
        var siteRuns = new List<double>();
        var uploadPhaseRuns = new List<double>();
        var chunkMs = new List<double>();
        var blockMs = new List<double>();
        var steps = new ConcurrentDictionary<string, ConcurrentBag<double>>();
        var failures = new ConcurrentBag<string>();
        var directFailures = new ConcurrentBag<string>();
        var requests = 0L;
        var directCpu = new CpuTotals();
        var siteCpu = new CpuTotals();
        long peak = 0, idleBefore = 0;
        var lockedBefore = CountLocked(site);
        var errorsBefore = CountErrors(site);

        for (var round = 0; round < rounds; round++)
        {
            // Baseline: the same files with the SDK, same ramp, same concurrency.
            var before = cpu.Read();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, students).Select(i => Task.Run(async () =>
            {
                await Task.Delay(ramp * i / students);
                try
                {
                    await direct.UploadAsync(new GeneratedContent($"video-{i}.mp4", FileSize, seed: (uint)(1000 + i)));
                }
                catch (Exception e)
                {
                    directFailures.Add(e.GetType().Name + ": " + e.Message.Split('\n')[0]);
                }
            })));
            directRuns.Add(totalBytes / clock.Elapsed.TotalSeconds);
            directCpu.Add(before, cpu.Read());
            blockMs.AddRange(direct.TakeBlockTimes());
            await emptyStore();

            var failedBefore = failures.Count;
            var category = await database.SeedVideoCategoryAsync(competitionId, $"Video Tenggat {round + 1}", maxFileSizeMb: 20);
            await Task.Delay(500);
            var idle = site.ResidentBytes();
            var firstChunk = long.MaxValue;
            var lastComplete = 0L;
            await using (var sampler = new MemorySampler(site.Pids))
            {
                before = cpu.Read();
                clock.Restart();
                await Task.WhenAll(Enumerable.Range(0, students).Select(i => Task.Run(async () =>
                {
                    await Task.Delay(ramp * i / students);
                    using var student = site.NewUser();
                    var step = Stopwatch.StartNew();
                    try
                    {
                        await student.LogInAsync(emails[i], BenchDatabase.StudentPassword);
                        Record(steps, "login", step);
                        var entryId = await student.CreateEntryAsync(category.Id, $"Sekolahku Bersih {i}");
                        Record(steps, "create entry", step);
                        var token = await student.EntryTokenAsync(entryId);
                        var uploadStart = clock.ElapsedTicks;
                        InterlockedMin(ref firstChunk, uploadStart);
                        step.Restart();
                        var video = new GeneratedContent($"video-{i}.mp4", FileSize, seed: (uint)(1000 + i));
                        if (directUploads)
                        {
                            await student.UploadDirectAsync(entryId, token, video, chunkMs);
                        }
                        else
                        {
                            await student.UploadAsync(entryId, token, video, chunkMs);
                        }

                        Record(steps, "upload (start, chunks, complete)", step);
                        InterlockedMax(ref lastComplete, clock.ElapsedTicks);
                        await student.SubmitAsync(entryId, token);
                        Record(steps, "submit", step);
                    }
                    catch (SiteRequestException e)
                    {
                        failures.Add(e.Message);
                    }
                    finally
                    {
                        Interlocked.Add(ref requests, student.Requests);
                    }
                })));
                var seconds = clock.Elapsed.TotalSeconds;
                siteCpu.Add(before, cpu.Read());
                siteRuns.Add(totalBytes / seconds);
                var uploadSeconds = (lastComplete - firstChunk) / (double)Stopwatch.Frequency;
                uploadPhaseRuns.Add(uploadSeconds > 0 ? totalBytes / uploadSeconds : 0);
                var roundPeak = Math.Max(sampler.Peak, site.ResidentBytes());
                if (roundPeak - idle > peak - idleBefore)
                {
                    peak = roundPeak;
                    idleBefore = idle;
                }

                Console.WriteLine($"  rush round {round + 1}: SDK {BigUpload.MbPerSecond(directRuns[^1])}, site {BigUpload.MbPerSecond(siteRuns[^1])} " +
                                  $"({seconds:0.0} s for {students} students), failures so far {failures.Count}");
            }

            await using (var db = database.Open())
            {
                var submitted = await db.Entries.CountAsync(e => e.CategoryId == category.Id && e.Status == EntryStatus.Submitted && e.Files.Any(f => f.IsCurrent && f.SizeBytes == FileSize));
                if (submitted != students - (failures.Count - failedBefore))
                {
                    failures.Add($"round {round + 1}: only {submitted} of {students} entries are submitted with their file");
                }
            }

            await emptyStore();
        }

        var locked = CountLocked(site) - lockedBefore;
        var errors = CountErrors(site) - errorsBefore;
        var baseline = AnnouncementStorm.Median(directRuns);
        var value = AnnouncementStorm.Median(siteRuns);
        var ratio = value / baseline;
        chunkMs.Sort();
        blockMs.Sort();
        var stepText = string.Join("; ", steps.OrderBy(s => s.Key).Select(s =>
        {
            var sorted = s.Value.Order().ToList();
            return $"{s.Key} p50 {Report.Ms(LoadClient.Percentile(sorted, 0.5))} p99 {Report.Ms(LoadClient.Percentile(sorted, 0.99))}";
        }));
        var failureText = failures.IsEmpty && directFailures.IsEmpty
            ? ""
            : $"; first failures: {string.Join(" | ", failures.Concat(directFailures.Select(d => "SDK " + d)).GroupBy(f => f).Select(g => $"{g.Count()}× {g.Key}").Take(4))}";
        var how = site.Balancer is null && !directUploads ? "" : $", {site.Label}{(directUploads ? ", uploads straight to storage" : "")}";
        return new ScenarioResult(
            $"Deadline rush: {students} students × 10 MB (login, enter, upload, submit{how})",
            $"Azure SDK straight to Azurite, {students} × 10 MB at the same concurrency",
            BigUpload.MbPerSecond(baseline),
            BigUpload.MbPerSecond(value),
            ratio,
            $"≥ {target:0.0#}×, 0 failed requests, no \"database is locked\"",
            ratio >= target && failures.IsEmpty && directFailures.IsEmpty && locked == 0,
            Report.Ms(LoadClient.Percentile(chunkMs, 0.50)),
            Report.Ms(LoadClient.Percentile(chunkMs, 0.99)),
            $"{Report.Mb(peak)} (idle {Report.Mb(idleBefore)})",
            $"failed requests {failures.Count} of {requests}; \"database is locked\" {locked}; site error log lines {errors}; " +
            $"median of {rounds} alternating rounds, ramp {ramp.TotalSeconds:0} s (site: {string.Join(", ", siteRuns.Select(BigUpload.MbPerSecond))}; SDK: {string.Join(", ", directRuns.Select(BigUpload.MbPerSecond))}); " +
            $"site time is first login to last submit; upload phase alone {BigUpload.MbPerSecond(AnnouncementStorm.Median(uploadPhaseRuns))}; " +
            $"SDK Put Block p50 {Report.Ms(LoadClient.Percentile(blockMs, 0.50))}, p99 {Report.Ms(LoadClient.Percentile(blockMs, 0.99))}; {stepText}; " +
            $"{siteCpu.PerRound("site side", rounds)}; {directCpu.PerRound("SDK side", rounds)}{failureText}");
    }

    private static int CountLocked(SiteTarget site) => site.Output.Count(l => l.Contains("database is locked", StringComparison.OrdinalIgnoreCase));

    private static int CountErrors(SiteTarget site) => site.Output.Count(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal));

    private static void Record(ConcurrentDictionary<string, ConcurrentBag<double>> steps, string name, Stopwatch step)
    {
        steps.GetOrAdd(name, _ => []).Add(step.Elapsed.TotalMilliseconds);
        step.Restart();
    }

    private static void InterlockedMin(ref long target, long value)
    {
        long seen;
        while (value < (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
