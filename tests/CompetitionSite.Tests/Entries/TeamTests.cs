using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Entries;

/// <summary>Team entries: invitations by email, accepting needs an eligible student, team size is checked at submit.</summary>
public sealed class TeamTests(EntriesSite site) : IClassFixture<EntriesSite>
{
    [Fact]
    public async Task A_team_lead_invites_a_teammate_who_accepts_from_the_email_and_the_team_can_then_submit()
    {
        var category = await site.OpenCategoryAsync(c =>
        {
            c.IsTeam = true;
            c.MinTeamSize = 2;
            c.MaxTeamSize = 2;
        });
        var (lead, _) = await site.StudentAsync("Ayu Lestari");
        var (mate, _) = await site.StudentAsync("Rina Marlina");
        var (young, _) = await site.StudentAsync("Adik Kecil", level: SchoolLevels.SD, grade: 4);
        var entryId = await lead.Client.EnterAsync(category.Id, "Aplikasi Bank Sampah");
        await lead.Client.UploadAsync(entryId, TestFile.Pdf());

        // Alone, the team is too small to submit.
        var tooSmall = await lead.Client.SubmitFormAsync($"/entries/{entryId}", new Dictionary<string, string> { ["pledge"] = "true" }, $"/entries/{entryId}/submit");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooSmall.StatusCode);
        Assert.Contains("paling sedikit 2 orang", Html.Parse(await tooSmall.Content.ReadAsStringAsync()).MainText());

        var invite = await lead.Client.SubmitFormAsync($"/entries/{entryId}", new Dictionary<string, string> { ["email"] = mate.Email }, $"/entries/{entryId}/invite");
        Assert.Equal(HttpStatusCode.Redirect, invite.StatusCode);
        var member = await site.DbAsync(db => db.EntryMembers.SingleAsync(m => m.EntryId == entryId && !m.IsLead));
        Assert.Equal(MemberInvitationStatus.Pending, member.InvitationStatus);
        Assert.NotNull(member.InvitationTokenHash);
        var mail = await site.Smtp.WaitForMessageAsync(mate.Email);
        Assert.Contains("Ayu Lestari", mail.Subject);
        var link = Support.Accounts.LinkIn(mail, "/entries/invitation");
        Assert.DoesNotContain(member.InvitationTokenHash!, link); // only the hash is stored

        // A pupil of the wrong level can't use the link.
        var refused = await young.Client.SubmitFormAsync(link, new Dictionary<string, string> { ["decision"] = "accept" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("hanya untuk siswa SMP", Html.Parse(await refused.Content.ReadAsStringAsync()).MainText());

        var (invitationPage, invitation) = await mate.Client.GetPageAsync(link);
        Assert.Equal(HttpStatusCode.OK, invitationPage.StatusCode);
        Assert.Contains("Aplikasi Bank Sampah", invitation.MainText());
        var accepted = await mate.Client.SubmitFormAsync(link, new Dictionary<string, string> { ["decision"] = "accept" });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal($"/entries/{entryId}", accepted.RedirectPath());

        // The link works once; the teammate now sees the entry and its files, but the lead manages it.
        Assert.Contains("tidak berlaku", (await mate.Client.GetPageAsync(link)).Document.MainText());
        Assert.Equal(HttpStatusCode.OK, (await mate.Client.GetAsync($"/entries/{entryId}")).StatusCode);
        var fileId = await site.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == entryId).Select(f => f.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await mate.Client.GetAsync($"/entries/{entryId}/files/{fileId}")).StatusCode);
        Assert.Contains("Aplikasi Bank Sampah", (await mate.Client.GetPageAsync("/entries")).Document.MainText());

        var submit = await lead.Client.SubmitFormAsync($"/entries/{entryId}", new Dictionary<string, string> { ["pledge"] = "true" }, $"/entries/{entryId}/submit");
        Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);
        Assert.Equal(EntryStatus.Submitted, await site.DbAsync(db => db.Entries.Where(e => e.Id == entryId).Select(e => e.Status).SingleAsync()));
    }
}
