using System.Diagnostics;
using System.Globalization;

namespace CompetitionSite.Bench.Support;

/// <summary>CPU seconds (user + system, from /proc) the site, Azurite and this harness used between two readings: where the time goes.</summary>
public sealed class CpuMeter
{
    private readonly int[] _site;
    private readonly int? _azurite;

    public CpuMeter(int sitePid, string azuriteLocation)
        : this([sitePid], azuriteLocation)
    {
    }

    /// <summary>Several site processes (instances behind nginx) count together as "site".</summary>
    public CpuMeter(int[] sitePids, string azuriteLocation)
    {
        _site = sitePids;
        _azurite = FindProcess(azuriteLocation);
    }

    public (double Site, double Azurite, double Bench) Read() =>
        (_site.Sum(Seconds), _azurite is { } a ? Seconds(a) : 0, Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);

    private static double Seconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which is in parentheses and may hold spaces): utime is the 14th, stime the 15th.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks / 100.0; // USER_HZ is 100 on Linux
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    /// <summary>The Azurite node process started for this run (its command line names the run's data folder).</summary>
    private static int? FindProcess(string location)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains("azurite", StringComparison.Ordinal) && commandLine.Contains(location, StringComparison.Ordinal)
                    && commandLine.Contains("node", StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return null;
    }
}

/// <summary>CPU seconds added up over the rounds of one side of a scenario.</summary>
public sealed class CpuTotals
{
    private double _site;
    private double _azurite;
    private double _bench;

    public void Add((double Site, double Azurite, double Bench) from, (double Site, double Azurite, double Bench) to)
    {
        _site += to.Site - from.Site;
        _azurite += to.Azurite - from.Azurite;
        _bench += to.Bench - from.Bench;
    }

    public string PerRound(string side, int rounds) =>
        string.Create(CultureInfo.InvariantCulture, $"{side} CPU s per round: site {_site / rounds:0.0}, Azurite {_azurite / rounds:0.0}, harness {_bench / rounds:0.0}");
}
