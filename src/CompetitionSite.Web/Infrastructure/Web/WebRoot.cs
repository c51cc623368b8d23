namespace CompetitionSite.Web.Infrastructure.Web;

public static class WebRoot
{
    /// <summary>
    /// The site's static files live in the repository's top-level <c>wwwroot/</c>. A published app (and the
    /// Docker image) carries a copy next to its binaries; a source checkout (dotnet run, tests) finds it at the
    /// repository root, found by walking up from the binaries to the folder that holds CompetitionSite.sln.
    /// </summary>
    public static string Locate()
    {
        var published = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(published))
        {
            return published;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "wwwroot");
            if (File.Exists(Path.Combine(dir.FullName, "CompetitionSite.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"The web root (wwwroot) was not found next to {AppContext.BaseDirectory} nor at the repository root above it.");
    }
}
