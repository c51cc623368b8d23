using System.Diagnostics;
using CompetitionSite.Bench.Support;

namespace CompetitionSite.Bench.Scenarios;

/// <summary>
/// A diagnostic for the deadline rush, not a scenario with a target: the same students do the same steps, but in
/// lockstep (every student logs in, then every student enters, …), so the CPU the site and Azurite spend on each
/// step can be told apart. Prints one line per step.
/// </summary>
public static class RushPhases
{
    public static async Task RunAsync(SiteProcess site, BenchDatabase database, int competitionId, IReadOnlyList<string> emails, CpuMeter cpu)
    {
        var category = await database.SeedVideoCategoryAsync(competitionId, "Video Diagnosa", maxFileSizeMb: 20);
        var students = emails.Select(_ => new SiteUser(site.BaseUrl)).ToArray();
        var entries = new int[students.Length];
        var tokens = new string[students.Length];
        var sessions = new string[students.Length];
        var chunkMs = new List<double>();
        // A student whose step failed sits out the later steps; failures are counted, with the site's error lines.
        var failed = new bool[students.Length];
        var errorsSeen = 0;
        try
        {
            await Step("login (login page, post)", i => students[i].LogInAsync(emails[i], BenchDatabase.StudentPassword));
            await Step("enter (new entry page, post)", async i => entries[i] = await students[i].CreateEntryAsync(category.Id, $"Diagnosa {i}"));
            await Step("entry page", async i => tokens[i] = await students[i].EntryTokenAsync(entries[i]));
            await Step("start + 3 chunks (10 MiB)", async i => sessions[i] = await students[i].SendChunksAsync(entries[i], tokens[i],
                new GeneratedContent($"video-{i}.mp4", DeadlineRush.FileSize, seed: (uint)(1000 + i)), chunkMs));
            await Step("complete", i => students[i].CompleteAsync(entries[i], tokens[i], sessions[i]));
            await Step("submit", i => students[i].SubmitAsync(entries[i], tokens[i]));
        }
        finally
        {
            foreach (var student in students)
            {
                student.Dispose();
            }
        }

        async Task Step(string name, Func<int, Task> work)
        {
            var before = cpu.Read();
            var clock = Stopwatch.StartNew();
            var failures = 0;
            await Task.WhenAll(Enumerable.Range(0, students.Length).Where(i => !failed[i]).Select(i => Task.Run(async () =>
            {
                try
                {
                    await work(i);
                }
                catch (SiteRequestException e)
                {
                    failed[i] = true;
                    if (Interlocked.Increment(ref failures) <= 3)
                    {
                        Console.WriteLine($"  failed: {e.Message[..Math.Min(e.Message.Length, 160)]}");
                    }
                }
            })));
            var after = cpu.Read();
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"  {name,-32} {students.Length} students in {clock.Elapsed.TotalSeconds,5:0.0} s; CPU s: site {after.Site - before.Site,5:0.0}, Azurite {after.Azurite - before.Azurite,5:0.0}, harness {after.Bench - before.Bench,5:0.0}; failed {failures}"));
            var output = site.Output;
            var errors = Enumerable.Range(0, output.Count).Where(n => output[n].StartsWith("fail:", StringComparison.Ordinal)
                                                                      || output[n].StartsWith("crit:", StringComparison.Ordinal)).ToList();
            foreach (var n in errors.Skip(errorsSeen).Take(2))
            {
                // The error line and the few after it (category, message, first lines of the exception).
                foreach (var line in output.Skip(n).Take(4))
                {
                    Console.WriteLine($"  site: {line[..Math.Min(line.Length, 240)]}");
                }
            }

            errorsSeen = errors.Count;
        }
    }
}
