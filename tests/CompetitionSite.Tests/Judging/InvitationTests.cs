using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Judging;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Judging;

/// <summary>Invitations: many at once from a list or a CSV file, links that work once and expire, declining, bad input.</summary>
public sealed class InvitationTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    private Task<HttpClient> OrganizerAsync() => site.LoggedInAsAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);

    private Task<List<JudgeInvitation>> InvitationsAsync(int competitionId) =>
        site.WithDbAsync(db => db.JudgeInvitations.AsNoTracking().Where(i => i.CompetitionId == competitionId).ToListAsync());

    private static Task<HttpResponseMessage> InviteAsync(HttpClient organizer, Competition c, string addresses) =>
        organizer.SubmitFormAsync($"/admin/competitions/{c.Id}/judging/judges", new Dictionary<string, string>
        {
            ["Invite.Addresses"] = addresses,
            ["Invite.CategoryIds"] = c.Categories[0].Id.ToString(),
        }, $"/admin/competitions/{c.Id}/judging/invite");

    [Fact]
    public async Task A_csv_file_invites_everyone_in_it_and_stores_only_hashes_of_the_tokens()
    {
        var c = await site.SeedInPhaseAsync(Phase.Open);
        var organizer = await OrganizerAsync();
        var people = Enumerable.Range(1, 3).Select(i => (Name: $"Juri Ke-{i}", Email: Support.Accounts.NewEmail($"csv{i}"))).ToList();
        var csv = "\uFEFFnama,email\n" + string.Join("\n", people.Select(p => $"\"{p.Name}\",{p.Email}"));
        var (_, page) = await organizer.GetPageAsync($"/admin/competitions/{c.Id}/judging/judges");
        var fields = Html.FormFields(Html.FindForm(page, $"/admin/competitions/{c.Id}/judging/invite")!);
        var form = new MultipartFormDataContent();
        foreach (var (key, value) in fields)
        {
            form.Add(new StringContent(value), key);
        }

        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "Invite.Csv", "juri.csv");

        var response = await organizer.PostAsync($"/admin/competitions/{c.Id}/judging/invite", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await InvitationsAsync(c.Id);
        Assert.Equal(people.Select(p => p.Email).Order(), saved.Select(i => i.Email).Order());
        Assert.Contains(saved, i => i.Name == "Juri Ke-2");
        foreach (var p in people)
        {
            var mail = await site.Smtp.WaitForMessageAsync(p.Email);
            var token = Support.Accounts.LinkIn(mail, "/judge/invitations/").Split('/').Last();
            Assert.DoesNotContain(saved, i => i.TokenHash.Contains(token, StringComparison.OrdinalIgnoreCase));
            Assert.Contains(saved, i => i.TokenHash == Web.Features.Judging.JudgeInvitations.Hash(token));
        }
    }

    [Fact]
    public async Task A_list_with_a_bad_line_invites_nobody_and_names_the_line()
    {
        var c = await site.SeedInPhaseAsync(Phase.Open);
        var organizer = await OrganizerAsync();

        var response = await InviteAsync(organizer, c, $"{Support.Accounts.NewEmail("ok")}\nbukan alamat email\nBudi <budi@>");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Html.Parse(await response.Content.ReadAsStringAsync()).MainText();
        Assert.Contains("Baris 2: bukan alamat email", text);
        Assert.Contains("Baris 3: Budi <budi@>", text);
        Assert.Empty(await InvitationsAsync(c.Id));
    }

    [Fact]
    public async Task Inviting_without_a_category_is_refused()
    {
        var c = await site.SeedInPhaseAsync(Phase.Open);
        var organizer = await OrganizerAsync();

        var response = await organizer.PostWithTokenAsync($"/admin/competitions/{c.Id}/judging/judges", $"/admin/competitions/{c.Id}/judging/invite",
            new Dictionary<string, string> { ["Invite.Addresses"] = Support.Accounts.NewEmail("x") });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Pilih setidaknya satu kategori lomba ini.", Html.Parse(await response.Content.ReadAsStringAsync()).MainText());
        Assert.Empty(await InvitationsAsync(c.Id));
    }

    [Fact]
    public async Task A_judge_can_decline_and_the_link_then_stops_working()
    {
        var c = await site.SeedInPhaseAsync(Phase.Open);
        var organizer = await OrganizerAsync();
        var email = Support.Accounts.NewEmail("tolak");
        await InviteAsync(organizer, c, email);
        var link = Support.Accounts.LinkIn(await site.Smtp.WaitForMessageAsync(email), "/judge/invitations/");
        var browser = site.CreateBrowser();

        var declined = await browser.SubmitFormAsync(link, new Dictionary<string, string>(), link + "/decline");

        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        Assert.Contains("Undangan ditolak", Html.Parse(await declined.Content.ReadAsStringAsync()).MainText());
        Assert.Equal(InvitationStatus.Declined, (await InvitationsAsync(c.Id)).Single().Status);
        Assert.Equal(HttpStatusCode.Gone, (await browser.GetAsync(link)).StatusCode);
        var (_, judges) = await organizer.GetPageAsync($"/admin/competitions/{c.Id}/judging/judges");
        Assert.Contains("Ditolak", judges.MainText());
    }

    [Fact]
    public async Task An_expired_link_no_longer_works_and_sending_again_gives_a_new_one()
    {
        var c = await site.SeedInPhaseAsync(Phase.Open, configure: x => x.JudgingEndsAt = site.Clock.UtcNow.AddDays(40));
        var organizer = await OrganizerAsync();
        var email = Support.Accounts.NewEmail("lama");
        await InviteAsync(organizer, c, email);
        var oldLink = Support.Accounts.LinkIn(await site.Smtp.WaitForMessageAsync(email), "/judge/invitations/");

        site.Clock.Advance(TimeSpan.FromDays(15));
        var expired = await site.CreateBrowser().GetAsync(oldLink);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("sudah kedaluwarsa", Html.Parse(await expired.Content.ReadAsStringAsync()).MainText());

        var invitation = (await InvitationsAsync(c.Id)).Single();
        organizer = await OrganizerAsync(); // the first one's login has expired by now
        await organizer.PostWithTokenAsync($"/admin/competitions/{c.Id}/judging/judges", $"/admin/competitions/{c.Id}/judging/invitations/{invitation.Id}/resend");
        var newMail = await site.Smtp.WaitForMessageAsync(email, m => Support.Accounts.LinkIn(m, "/judge/invitations/") != oldLink);
        var newLink = Support.Accounts.LinkIn(newMail, "/judge/invitations/");

        Assert.Equal(HttpStatusCode.OK, (await site.CreateBrowser().GetAsync(newLink)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await site.CreateBrowser().GetAsync(oldLink)).StatusCode);
    }

    [Fact]
    public async Task A_student_account_cannot_accept_an_invitation()
    {
        var c = await site.SeedInPhaseAsync(Phase.Open);
        var organizer = await OrganizerAsync();
        var email = Support.Accounts.NewEmail("murid");
        var student = await site.LoggedInAsAsync(email, Roles.Student);
        await InviteAsync(organizer, c, email);
        var link = Support.Accounts.LinkIn(await site.Smtp.WaitForMessageAsync(email), "/judge/invitations/");

        var response = await student.SubmitFormAsync(link, new Dictionary<string, string>(), link + "/accept");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Akun siswa tidak dapat menjadi juri.", Html.Parse(await response.Content.ReadAsStringAsync()).MainText());
        Assert.Equal(InvitationStatus.Pending, (await InvitationsAsync(c.Id)).Single().Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await student.GetAsync("/judge")).StatusCode);
    }

    [Fact]
    public async Task Creating_an_account_for_an_address_that_already_has_one_asks_to_log_in()
    {
        var c = await site.SeedInPhaseAsync(Phase.Open);
        var organizer = await OrganizerAsync();
        var email = Support.Accounts.NewEmail("punya-akun");
        await site.CreateUserAsync(email, []);
        await InviteAsync(organizer, c, email);
        var link = Support.Accounts.LinkIn(await site.Smtp.WaitForMessageAsync(email), "/judge/invitations/");

        var response = await site.CreateBrowser().SubmitFormAsync(link, new Dictionary<string, string>
        {
            ["Account.FullName"] = "Orang Lain",
            ["Account.Password"] = Support.Accounts.GoodPassword,
            ["Account.ConfirmPassword"] = Support.Accounts.GoodPassword,
            ["Account.AcceptPrivacy"] = "true",
        }, link + "/create-account");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("sudah ada. Masuk dengan akun itu", Html.Parse(await response.Content.ReadAsStringAsync()).MainText());
        Assert.Equal(InvitationStatus.Pending, (await InvitationsAsync(c.Id)).Single().Status);
    }

    [Fact]
    public async Task A_made_up_link_gives_404()
    {
        var response = await site.CreateBrowser().GetAsync("/judge/invitations/bukan-token-yang-benar");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
