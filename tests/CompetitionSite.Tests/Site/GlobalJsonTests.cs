using System.Diagnostics;
using System.Text.Json;

namespace CompetitionSite.Tests.Site;

/// <summary>
/// A newcomer with any .NET 10 SDK can build: global.json asks for the lowest .NET 10 feature band and rolls forward
/// to any later band and patch, but not to another major version.
/// </summary>
[Trait("Category", "Unit")]
public sealed class GlobalJsonTests
{
    private static readonly string Root = FindRepositoryRoot();

    [Fact]
    public void Global_json_accepts_every_NET_10_SDK_band()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "global.json")));
        var sdk = json.RootElement.GetProperty("sdk");
        Assert.Equal("10.0.100", sdk.GetProperty("version").GetString());
        Assert.Equal("latestFeature", sdk.GetProperty("rollForward").GetString());
    }

    [Fact]
    public async Task The_installed_SDK_is_accepted_by_the_repositorys_global_json()
    {
        var dir = Directory.CreateTempSubdirectory("cs-globaljson-");
        try
        {
            File.Copy(Path.Combine(Root, "global.json"), Path.Combine(dir.FullName, "global.json"));
            var start = new ProcessStartInfo("dotnet", "--version")
            {
                WorkingDirectory = dir.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var stdout = await process.StandardOutput.ReadToEndAsync();
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"dotnet --version failed: {stdout}{stderr}");
            Assert.StartsWith("10.0.", stdout.Trim());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CompetitionSite.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root not found.");
    }
}
