using System.Diagnostics;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Features.Certificates;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CompetitionSite.Tests.Certificates;

/// <summary>Run alone (not in parallel with other tests) so the process's managed memory is this test's own.</summary>
[CollectionDefinition(nameof(CertificateMemory), DisableParallelization = true)]
public sealed class CertificateMemory;

/// <summary>
/// Issuing 10,000 certificates must not hold them in memory: rendering one after another keeps the managed heap
/// flat. The time per certificate is printed, not asserted (timing targets belong to bench/).
/// </summary>
[Collection(nameof(CertificateMemory))]
public sealed class CertificateRenderingMemoryTests(CompetitionSiteFactory site, ITestOutputHelper output) : IClassFixture<CompetitionSiteFactory>
{
    private const int Count = 200;
    private const long AllowedGrowth = 2 * 1024 * 1024;

    [Fact]
    public void Rendering_200_certificates_in_a_row_keeps_managed_memory_flat()
    {
        var renderer = site.Services.GetRequiredService<CertificateRenderer>();
        var art = new CertificateArt(TestImages.Logo(), [
            new CertificateSigner("Dra. Sri Wahyuni, M.Pd.", "Ketua Panitia", TestImages.Signature()),
            new CertificateSigner("Budi Santoso, S.Kom.", "Koordinator Relawan TIK Banten", TestImages.Signature(360, 150)),
        ]);
        using var pdf = new MemoryStream();
        void RenderOne(int i)
        {
            pdf.SetLength(0);
            var number = $"CS-2026-{i:D4}-ABC{i % 10}";
            renderer.Render(new CertificateContent(
                number, i % 3 == 0 ? CertificateKind.Achievement : CertificateKind.Participation, $"Peserta Nomor {i} Lestari", "SD Negeri 1 Serang",
                "Juara 1", "Lomba Poster Hari Guru 2026", "Poster SD", "Relawan TIK Banten", DateTime.UtcNow, "Asia/Jakarta", i % 2 == 0 ? "id" : "en",
                "http://localhost/sertifikat/" + number), art, pdf);
        }

        for (var i = 0; i < 20; i++)
        {
            RenderOne(i); // warm-up: JIT, font tables, resource lookups
        }

        var baseline = Settled();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Count; i++)
        {
            RenderOne(1000 + i);
        }

        clock.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var after = Settled();
        output.WriteLine($"{Count} certificates: {clock.Elapsed.TotalMilliseconds / Count:F1} ms each on average (wall clock; {cpu.TotalMilliseconds / Count:F1} ms of CPU), " +
                         $"{pdf.Length / 1024} KiB each; retained managed memory {baseline / 1024} KiB before, {after / 1024} KiB after.");

        Assert.True(after - baseline < AllowedGrowth,
            $"Managed memory grew by {(after - baseline) / 1024} KiB over {Count} certificates: something keeps them.");
    }

    private static long Settled()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
