namespace CompetitionSite.Bench.Support;

/// <summary>What the organizer does in the results scenarios (a separate file, so the upload scenarios' file stays as it is).</summary>
public sealed partial class SiteUser
{
    /// <summary>The antiforgery token of the page at <paramref name="path"/> (the form token is the same for every form of this session).</summary>
    public async Task<string> FormTokenAsync(string path, CancellationToken cancellationToken = default) =>
        FormToken(await GetPageAsync("page " + path, path, cancellationToken));

    /// <summary>Posts a form as the page's own form would, expecting a redirect; returns where it redirects to.</summary>
    public async Task<string> PostExpectingRedirectAsync(string step, string path, string token, Dictionary<string, string> values, CancellationToken cancellationToken = default)
    {
        using var response = await PostFormAsync(path, token, values, cancellationToken);
        return await ExpectRedirectAsync(step, response);
    }

    /// <summary>The page at <paramref name="path"/> as text.</summary>
    public Task<string> PageAsync(string path, CancellationToken cancellationToken = default) => GetPageAsync("page " + path, path, cancellationToken);
}
