using System.Diagnostics;
using System.Net;
using CompetitionSite.Tests.Participants;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CompetitionSite.Tests.Trust;

/// <summary>
/// Issue 14, item 1: what the per-request session check costs. Interleaved in one run: an authenticated
/// <c>GET /account/profile</c> (which includes the check) and the check's own query (<see cref="SignInSessions.ReadAsync"/>
/// on a fresh context, as a request gets one). The ratio of the medians is the check's share of a light page.
/// A measurement (CS_MEASURE=1), alone in its collection.
/// </summary>
[Collection(nameof(EnumerationTiming))]
public sealed class SessionCostTests(SiteFactory site, ITestOutputHelper output) : IClassFixture<SiteFactory>
{
    private const int Warmup = 20;
    private const int Rounds = 200;

    [MeasurementFact]
    public async Task The_session_check_is_a_small_share_of_an_authenticated_page()
    {
        var email = Support.Accounts.NewEmail("sesi");
        await site.CreateUserAsync(email, [Roles.Student]);
        var client = site.CreateBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await client.LogInAsync(email)).StatusCode);
        var (userId, sessionId) = await site.DbAsync(async db =>
        {
            var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            return (id, await db.UserSessions.Where(s => s.UserId == id).Select(s => s.Id).SingleAsync());
        });

        var (pages, checks) = (new List<double>(), new List<double>());
        for (var i = 0; i < Warmup + Rounds; i++)
        {
            var clock = Stopwatch.StartNew();
            var response = await client.GetAsync("/account/profile");
            await response.Content.ReadAsByteArrayAsync();
            var page = clock.Elapsed.TotalMilliseconds;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            await using var scope = site.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            clock.Restart();
            var state = await SignInSessions.ReadAsync(db, sessionId, userId, CancellationToken.None);
            var check = clock.Elapsed.TotalMilliseconds;
            Assert.NotNull(state);

            if (i >= Warmup)
            {
                pages.Add(page);
                checks.Add(check);
            }
        }

        var (p, c) = (Median(pages), Median(checks));
        output.WriteLine($"session check: median of {Rounds} {c:F2} ms; authenticated GET /account/profile {p:F2} ms; share {c / p:P0}");
        Assert.True(c < p, "The check is part of the page, so it cannot take longer than the page.");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }
}
