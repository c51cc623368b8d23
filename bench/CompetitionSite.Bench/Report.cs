using System.Globalization;
using System.Text;

namespace CompetitionSite.Bench;

public sealed record ScenarioResult(
    string Scenario,
    string Baseline,
    string BaselineValue,
    string Value,
    double Ratio,
    string Target,
    bool Met,
    string P50,
    string P99,
    string PeakMemory,
    string Notes = "");

/// <summary>Prints the results as a Markdown table (pasted into bench/README.md). Ratios are cut, not rounded, to two decimals, so 0.698× reads 0.69×, not a 0.70× that misses a 0.7× target.</summary>
public static class Report
{
    public static string Table(IEnumerable<ScenarioResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| scenario | baseline | baseline value | site | ratio | target | met | p50 | p99 | site peak memory | notes |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in results)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {r.Baseline} | {r.BaselineValue} | {r.Value} | {Math.Floor(r.Ratio * 100) / 100:0.00}× | {r.Target} | {(r.Met ? "yes" : "**no**")} | {r.P50} | {r.P99} | {r.PeakMemory} | {r.Notes} |");
            sb.AppendLine();
        }

        return sb.ToString();
    }

    public static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    public static string Ms(double ms) => ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    public static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {memory ?? "unknown memory"}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}
