using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;

namespace CompetitionSite.Tests.Participants;

public sealed class AccessTests(ParticipantsSite site) : IClassFixture<ParticipantsSite>
{
    private static readonly string[] Pages =
    [
        "/participant/profile", "/participant/data", "/participant/data/export",
        "/guardian/pupils", "/guardian/pupils/new", "/guardian/consent",
    ];

    [Theory]
    [InlineData(Roles.Judge)]
    [InlineData(Roles.Organizer)]
    public async Task Judges_and_organizers_do_not_get_participant_or_guardian_pages(string role)
    {
        var client = await site.LoggedInAsAsync(Support.Accounts.NewEmail(role.ToLowerInvariant()), role);

        foreach (var page in Pages)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(page)).StatusCode);
        }

        var post = await client.PostWithTokenAsync("/account/profile", "/participant/profile", ParticipantsKit.Profile());
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        var (_, menu) = await client.GetPageAsync("/");
        Assert.Null(menu.QuerySelector("a[href='/participant/profile']"));
        Assert.Null(menu.QuerySelector("a[href='/guardian/pupils']"));
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_the_login_page()
    {
        var client = site.CreateBrowser();

        foreach (var page in new[] { "/participant/profile", "/participant/data", "/guardian/pupils" })
        {
            var response = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/login", response.RedirectPath(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_student_cannot_use_the_guardian_pages_and_a_guardian_has_no_own_participant_profile()
    {
        var student = await site.LoggedInAsAsync(Support.Accounts.NewEmail("siswa"), Roles.Student);
        var guardian = await site.LoggedInAsAsync(Support.Accounts.NewEmail("guru"), Roles.Guardian);

        Assert.Equal(HttpStatusCode.Forbidden, (await student.GetAsync("/guardian/pupils")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await student.GetAsync("/guardian/pupils/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await guardian.GetAsync("/participant/profile")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await guardian.GetAsync("/participant/data")).StatusCode);
    }

    [Fact]
    public async Task Menu_and_account_page_link_students_and_guardians_to_their_pages()
    {
        var student = await site.LoggedInAsAsync(Support.Accounts.NewEmail("siswa"), Roles.Student);
        var guardian = await site.LoggedInAsAsync(Support.Accounts.NewEmail("guru"), Roles.Guardian);

        var (_, studentMenu) = await student.GetPageAsync("/");
        Assert.Equal("Profil peserta", studentMenu.QuerySelector("nav a[href='/participant/profile']")?.TextContent);
        var (_, studentAccount) = await student.GetPageAsync("/account/profile");
        Assert.NotNull(studentAccount.QuerySelector("main a[href='/participant/profile']"));
        Assert.NotNull(studentAccount.QuerySelector("main a[href='/participant/data']"));
        var (_, guardianMenu) = await guardian.GetPageAsync("/");
        Assert.Equal("Murid saya", guardianMenu.QuerySelector("nav a[href='/guardian/pupils']")?.TextContent);
        Assert.Null(guardianMenu.QuerySelector("nav a[href='/participant/profile']"));
    }
}
