using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Accounts;

/// <summary>Confirmation and reset links stop working when their lifetime has passed on the site's clock.</summary>
public sealed class LinkExpiryTests : IDisposable
{
    private readonly TestClock _clock = new();
    private readonly SiteFactory _site = new();
    private readonly Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _app;

    public LinkExpiryTests() =>
        _app = _site.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(_clock)));

    private HttpClient Browser() => _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task Confirmation_link_expires_after_its_lifetime()
    {
        var email = Support.Accounts.NewEmail();
        var client = Browser();
        await client.RegisterAsync(email);
        var mail = await _site.Smtp.WaitForMessageAsync(email);

        _clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        var (_, page) = await client.GetPageAsync(Support.Accounts.LinkIn(mail, "/account/confirm-email"));

        Assert.Contains("sudah kedaluwarsa", page.MainText());
        Assert.Equal(HttpStatusCode.OK, (await client.LogInAsync(email)).StatusCode);
    }

    [Fact]
    public async Task Reset_link_expires_after_two_hours()
    {
        var email = Support.Accounts.NewEmail();
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<CompetitionSite.Web.Data.ApplicationUser>>();
            var user = new CompetitionSite.Web.Data.ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, FullName = "Rina" };
            await users.CreateAsync(user, Support.Accounts.GoodPassword);
            await users.AddToRoleAsync(user, Roles.Student);
        }

        var client = Browser();
        await client.SubmitFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = email });
        var mail = await _site.Smtp.WaitForMessageAsync(email);

        _clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        var (_, page) = await client.GetPageAsync(Support.Accounts.LinkIn(mail, "/account/reset-password"));

        Assert.Contains("sudah kedaluwarsa", page.MainText());
        Assert.Null(page.QuerySelector("input[name=Password]"));
    }

    public void Dispose()
    {
        _app.Dispose();
        _site.Dispose();
    }
}
