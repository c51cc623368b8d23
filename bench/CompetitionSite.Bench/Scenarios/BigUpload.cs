using System.Diagnostics;
using System.Security.Cryptography;
using CompetitionSite.Bench.Support;

namespace CompetitionSite.Bench.Scenarios;

/// <summary>
/// Scenario 1: one big file through the site's chunked upload API into Azurite (start, 4 MiB chunks one after
/// another as the upload script sends them, complete), against the same bytes sent straight to Azurite with the
/// Azure SDK. Rounds alternate SDK, site, SDK, site… Memory: the site's resident set just before each upload
/// (idle) and its peak during it; the difference must not grow with the file.
/// </summary>
public static class BigUpload
{
    private const double MemoryTargetMb = 64;

    public static async Task<List<ScenarioResult>> RunAsync(SiteProcess site, int categoryId, string email, DirectBlobs direct,
        Func<Task> emptyStore, CpuMeter cpu, IReadOnlyList<long> sizes, int rounds)
    {
        using var student = new SiteUser(site.BaseUrl);
        await student.LogInAsync(email, BenchDatabase.StudentPassword);
        var entryId = await student.CreateEntryAsync(categoryId, "Video profil sekolah");
        var token = await student.EntryTokenAsync(entryId);

        // Warm up both paths (JIT, connection pools, the container) with a small file.
        var warm = new GeneratedContent("pemanasan.mp4", 9L * 1024 * 1024, seed: 1);
        await student.UploadAsync(entryId, token, warm, new List<double>());
        await direct.UploadAsync(warm);
        direct.TakeBlockTimes();
        await emptyStore();

        var results = new List<ScenarioResult>();
        foreach (var size in sizes)
        {
            var file = new GeneratedContent($"video-{size / 1024 / 1024}mb.mp4", size, seed: (uint)(size / 1024 / 1024));
            var expected = await Sha256Async(file);
            var directRuns = new List<double>();
            var siteRuns = new List<double>();
            var chunkMs = new List<double>();
            var blockMs = new List<double>();
            var completeMs = new List<double>();
            var memory = new List<(long Idle, long Peak)>();
            var directCpu = new CpuTotals();
            var siteCpu = new CpuTotals();
            for (var round = 0; round < rounds; round++)
            {
                var before = cpu.Read();
                var clock = Stopwatch.StartNew();
                await direct.UploadAsync(file);
                directRuns.Add(size / clock.Elapsed.TotalSeconds);
                directCpu.Add(before, cpu.Read());
                blockMs.AddRange(direct.TakeBlockTimes());
                await emptyStore();

                await Task.Delay(500); // let the site settle after the last round before its idle memory is read
                var idle = site.ResidentBytes();
                await using (var sampler = new MemorySampler(site.Pid))
                {
                    before = cpu.Read();
                    clock.Restart();
                    var session = await student.SendChunksAsync(entryId, token, file, chunkMs);
                    var completing = Stopwatch.StartNew();
                    var sha = await student.CompleteAsync(entryId, token, session);
                    completeMs.Add(completing.Elapsed.TotalMilliseconds);
                    siteRuns.Add(size / clock.Elapsed.TotalSeconds);
                    siteCpu.Add(before, cpu.Read());
                    if (sha != expected)
                    {
                        throw new InvalidOperationException($"The site stored a different file: SHA-256 {sha}, sent {expected}.");
                    }

                    memory.Add((idle, Math.Max(sampler.Peak, site.ResidentBytes())));
                }

                await emptyStore();
            }

            var baseline = AnnouncementStorm.Median(directRuns);
            var value = AnnouncementStorm.Median(siteRuns);
            var ratio = value / baseline;
            var worst = memory.MaxBy(m => m.Peak - m.Idle);
            var growthMb = (worst.Peak - worst.Idle) / 1024.0 / 1024.0;
            chunkMs.Sort();
            blockMs.Sort();
            results.Add(new ScenarioResult(
                $"Upload: one {size / 1024 / 1024} MB file to Azurite",
                "Azure SDK straight to Azurite, same bytes, 4 MiB blocks one at a time",
                MbPerSecond(baseline),
                MbPerSecond(value),
                ratio,
                $"≥ 0.8×, memory Δ ≤ {MemoryTargetMb:0} MB",
                ratio >= 0.8 && growthMb <= MemoryTargetMb,
                Report.Ms(LoadClient.Percentile(chunkMs, 0.50)),
                Report.Ms(LoadClient.Percentile(chunkMs, 0.99)),
                $"{Report.Mb(worst.Peak)} (idle {Report.Mb(worst.Idle)}, Δ {growthMb:0.0} MB)",
                $"memory Δ per round: {string.Join(", ", memory.Select(m => ((m.Peak - m.Idle) / 1024.0 / 1024.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " MB"))}; " +
                $"median of {rounds} alternating rounds (site: {string.Join(", ", siteRuns.Select(MbPerSecond))}; SDK: {string.Join(", ", directRuns.Select(MbPerSecond))}); " +
                $"site time includes start and complete (complete: {string.Join(", ", completeMs.Select(Report.Ms))}); SDK Put Block p50 {Report.Ms(LoadClient.Percentile(blockMs, 0.50))}, p99 {Report.Ms(LoadClient.Percentile(blockMs, 0.99))}; SHA-256 checked; " +
                $"{siteCpu.PerRound("site side", rounds)}; {directCpu.PerRound("SDK side", rounds)}"));
            Console.WriteLine(Report.Table(results.TakeLast(1)));
        }

        return results;
    }

    public static string MbPerSecond(double bytesPerSecond) =>
        (bytesPerSecond / 1024 / 1024).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " MB/s";

    private static async Task<string> Sha256Async(GeneratedContent file)
    {
        await using var stream = file.Open();
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
    }
}
