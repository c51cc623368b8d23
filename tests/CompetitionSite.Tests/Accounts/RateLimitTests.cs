using System.Net;
using CompetitionSite.Tests.Support;

namespace CompetitionSite.Tests.Accounts;

public sealed class RateLimitTests : IDisposable
{
    private readonly SiteFactory _site = new();

    public RateLimitTests() => _site.Settings["Accounts:AuthRequestsPerMinute"] = "3";

    [Fact]
    public async Task Too_many_login_attempts_get_429_with_Retry_After()
    {
        var client = _site.CreateBrowser();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            last = await client.LogInAsync(Support.Accounts.NewEmail(), "tebak tebak kata sandi");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(last!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("Terlalu banyak percobaan", await last.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
    }

    public void Dispose() => _site.Dispose();
}
