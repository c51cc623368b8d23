namespace CompetitionSite.Web.Features.Demo;

/// <summary>
/// <c>dotnet run --project src/CompetitionSite.Web -- seed-demo</c>: fills an empty database with the demo (see
/// <see cref="DemoSeeder"/>) using the site's configured database and file store, prints what it made, and exits.
/// </summary>
public static class SeedDemoCommand
{
    public const string Name = "seed-demo";

    public static bool IsRequested(string[] args) => args.Any(a => string.Equals(a, Name, StringComparison.Ordinal));

    /// <summary>0 when seeded, 1 when the database already has data (nothing changed), 2 when a step failed.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken ct = default)
    {
        try
        {
            return await new DemoSeeder(services, output).RunAsync(ct);
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("seed-demo:", StringComparison.Ordinal))
        {
            await output.WriteLineAsync(e.Message);
            await output.WriteLineAsync("The demo is incomplete: delete the database file (and the files folder) and run seed-demo again.");
            return 2;
        }
    }
}
