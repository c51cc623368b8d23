using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Competitions;

/// <summary>Only organizers set competitions up: students and judges get 403, visitors are sent to log in.</summary>
[LongRunning]
public sealed class PermissionMatrixTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var who in new[] { "anonymous", Roles.Student, Roles.Judge, Roles.Organizer })
        {
            foreach (var action in new[] { "list", "create", "edit", "add-category", "add-rubric", "open", "archive", "move-back", "audit", "announcements", "post-announcement" })
            {
                data.Add(who, action);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Only_organizers_may_set_up_competitions(string who, string action)
    {
        var c = await site.SeedAsync(CompetitionStage.Draft);
        var client = who == "anonymous" ? site.CreateBrowser() : await site.LoggedInAsAsync(Support.Accounts.NewEmail(who.ToLowerInvariant()), who);
        var before = await site.LoadAsync(c.Id);

        var (method, url) = action switch
        {
            "list" => ("GET", "/admin/competitions"),
            "create" => ("GET", "/admin/competitions/new"),
            "edit" => ("GET", $"/admin/competitions/{c.Id}/edit"),
            "add-category" => ("GET", $"/admin/competitions/{c.Id}/categories/new"),
            "add-rubric" => ("GET", $"/admin/competitions/{c.Id}/rubrics/new"),
            "open" => ("POST", $"/admin/competitions/{c.Id}/open"),
            "archive" => ("POST", $"/admin/competitions/{c.Id}/archive"),
            "move-back" => ("POST", $"/admin/competitions/{c.Id}/move-back"),
            "audit" => ("GET", $"/admin/competitions/{c.Id}/audit"),
            "announcements" => ("GET", $"/admin/competitions/{c.Id}/announcements"),
            "post-announcement" => ("POST", $"/admin/competitions/{c.Id}/announcements"),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
        var response = method == "GET"
            ? await client.GetAsync(url)
            : await client.PostWithTokenAsync("/account/login", url, new Dictionary<string, string>
            {
                ["Reason"] = "Coba-coba saja",
                ["Form.Title"] = "Coba-coba saja",
                ["Form.Body"] = "Coba-coba saja",
                ["Form.Audience"] = nameof(AnnouncementAudience.Everyone),
            });

        switch (who)
        {
            case "anonymous":
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/account/login", response.RedirectPath(), StringComparison.OrdinalIgnoreCase);
                break;
            case Roles.Organizer:
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{method} {url}: {(int)response.StatusCode}");
                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    Assert.StartsWith($"/admin/competitions/{c.Id}", response.RedirectPath());
                }

                break;
            default:
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                break;
        }

        if (who != Roles.Organizer)
        {
            var after = await site.LoadAsync(c.Id);
            Assert.Equal(before.Stage, after.Stage);
            Assert.Equal(before.UpdatedAt, after.UpdatedAt);
            Assert.Equal(0, await site.WithDbAsync(db => db.Announcements.CountAsync(a => a.CompetitionId == c.Id)));
        }
    }
}
