using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Domain.Entries;
using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Features.Competitions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Competitions;

public sealed class LifecycleTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    private Task<HttpClient> OrganizerAsync() => site.LoggedInAsAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);

    private Task<List<string>> AuditActionsAsync(int competitionId) =>
        site.WithDbAsync(db => db.AuditEvents.Where(e => e.CompetitionId == competitionId).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());

    [Fact]
    public async Task A_draft_without_a_category_cannot_be_opened()
    {
        var c = await site.SeedAsync(CompetitionStage.Draft, withCategory: false);
        var client = await OrganizerAsync();

        var (_, details) = await client.GetPageAsync($"/admin/competitions/{c.Id}");
        Assert.Contains("Tambahkan paling sedikit satu kategori.", details.MainText());
        var response = await client.PostWithTokenAsync($"/admin/competitions/{c.Id}", $"/admin/competitions/{c.Id}/open");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(CompetitionStage.Draft, (await site.LoadAsync(c.Id)).Stage);
        var (_, after) = await client.GetPageAsync(response.RedirectPath());
        Assert.Contains("Lomba belum bisa dibuka", after.MainText());
        Assert.DoesNotContain("competition.opened", await AuditActionsAsync(c.Id));
    }

    [Fact]
    public async Task A_draft_whose_category_has_a_rubric_with_a_zero_weight_cannot_be_opened()
    {
        var c = await site.SeedAsync(CompetitionStage.Draft, x => x.Rubrics[0].Criteria[0].Weight = 0);
        var client = await OrganizerAsync();

        await client.PostWithTokenAsync($"/admin/competitions/{c.Id}", $"/admin/competitions/{c.Id}/open");

        Assert.Equal(CompetitionStage.Draft, (await site.LoadAsync(c.Id)).Stage);
    }

    [Fact]
    public async Task Opening_a_ready_draft_makes_it_live_and_public_with_an_audit_entry()
    {
        var c = await site.SeedAsync(CompetitionStage.Draft);
        var client = await OrganizerAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await site.CreateBrowser().GetAsync($"/lomba/{c.Slug}")).StatusCode);

        var response = await client.PostWithTokenAsync($"/admin/competitions/{c.Id}", $"/admin/competitions/{c.Id}/open");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await site.LoadAsync(c.Id);
        Assert.Equal(CompetitionStage.Live, saved.Stage);
        Assert.Equal(site.Clock.UtcNow, saved.OpenedAt);
        Assert.Contains("competition.opened", await AuditActionsAsync(c.Id));
        Assert.Equal(HttpStatusCode.OK, (await site.CreateBrowser().GetAsync($"/lomba/{c.Slug}")).StatusCode);
    }

    [Fact]
    public async Task Extending_the_deadline_during_judging_needs_a_reason_is_audited_and_emails_enrolled_students()
    {
        var now = site.Clock.UtcNow;
        var c = await site.SeedAsync(CompetitionStage.Live, x =>
        {
            x.OpensAt = now.AddDays(-20);
            x.SubmissionClosesAt = now.AddHours(-2);
        });
        // Enrolled: a student with a submitted entry, and a pupil (no email) through the guardian; not enrolled: a
        // student whose entry was withdrawn.
        var student = Support.Accounts.NewEmail("siswa");
        var guardian = Support.Accounts.NewEmail("guru");
        var withdrawn = Support.Accounts.NewEmail("mundur");
        var studentId = (await site.CreateUserAsync(student, [Roles.Student], "Siti Rahmawati")).Id;
        var guardianId = (await site.CreateUserAsync(guardian, [Roles.Guardian], "Ibu Nur")).Id;
        var withdrawnId = (await site.CreateUserAsync(withdrawn, [Roles.Student], "Andi")).Id;
        await site.WithDbAsync(async db =>
        {
            var categoryId = await db.Categories.Where(x => x.CompetitionId == c.Id).Select(x => x.Id).FirstAsync();
            foreach (var (userId, guardianUserId, status) in new[] { ((string?)studentId, (string?)null, EntryStatus.Submitted), (null, guardianId, EntryStatus.Draft), (withdrawnId, null, EntryStatus.Withdrawn) })
            {
                var p = new ParticipantProfile { UserId = userId, GuardianUserId = guardianUserId, FullName = "Peserta", DateOfBirth = new DateOnly(2012, 1, 1), SchoolName = "SMPN 1 Serang", Level = SchoolLevels.SMP, Grade = 8, Province = "Banten", Regency = "Kota Serang" };
                db.Participants.Add(p);
                await db.SaveChangesAsync();
                db.Entries.Add(new Entry { PublicCode = "K-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant(), CategoryId = categoryId, Title = "Poster", Status = status, CreatedByUserId = userId ?? guardianUserId!, Members = [new EntryMember { ParticipantId = p.Id, IsLead = true }] });
            }

            return await db.SaveChangesAsync();
        });
        var client = site.CreateBrowser();
        var organizer = Support.Accounts.NewEmail("panitia");
        await site.CreateUserAsync(organizer, [Roles.Organizer]);
        Assert.Equal(HttpStatusCode.Redirect, (await client.LogInAsync(organizer)).StatusCode);

        var (_, form) = await client.GetPageAsync($"/admin/competitions/{c.Id}/move-back");
        Assert.Contains("Sekarang: Penjurian. Setelah perubahan ini: Menerima karya.", form.MainText());
        var newDeadline = now.AddDays(3);

        var noReason = await client.SubmitFormAsync($"/admin/competitions/{c.Id}/move-back", new Dictionary<string, string>
        {
            ["SubmissionClosesAt"] = CompetitionData.Wib(newDeadline),
        });
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Equal("Tuliskan alasannya; alasan ini dicatat dan dikirim ke peserta.", (await noReason.PageAsync()).FieldError("Reason"));
        Assert.Equal(now.AddHours(-2), (await site.LoadAsync(c.Id)).SubmissionClosesAt);

        var response = await client.SubmitFormAsync($"/admin/competitions/{c.Id}/move-back", new Dictionary<string, string>
        {
            ["Reason"] = "Banyak sekolah meminta tambahan waktu.",
            ["SubmissionClosesAt"] = CompetitionData.Wib(newDeadline),
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await site.LoadAsync(c.Id);
        Assert.Equal(newDeadline, saved.SubmissionClosesAt);
        Assert.Equal(Phase.Open, saved.PhaseAt(site.Clock.UtcNow));
        var audit = await site.WithDbAsync(db => db.AuditEvents.SingleAsync(e => e.CompetitionId == c.Id && e.Action == "competition.moved-back"));
        Assert.Contains("Phase: Judging → Open", audit.Details);
        Assert.Contains("Reason: Banyak sekolah meminta tambahan waktu.", audit.Details);
        Assert.Contains("Submission deadline: ", audit.Details);
        Assert.Equal(1, await site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress == guardian && m.Subject == $"Perubahan jadwal: {c.Title}")));
        Assert.Equal(0, await site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress == withdrawn)));
        var mail = await site.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.ToAddress == student));
        Assert.Equal($"Perubahan jadwal: {c.Title}", mail.Subject);
        Assert.Contains("Banyak sekolah meminta tambahan waktu.", mail.TextBody);
        Assert.Contains($"/lomba/{c.Slug}", mail.TextBody);
    }

    [Fact]
    public async Task Without_entries_yet_moving_back_emails_nobody()
    {
        var now = site.Clock.UtcNow;
        var c = await site.SeedAsync(CompetitionStage.Live, x =>
        {
            x.OpensAt = now.AddDays(-20);
            x.SubmissionClosesAt = now.AddHours(-2);
        });
        var client = await OrganizerAsync();
        var before = await site.WithDbAsync(db => db.OutboxMessages.CountAsync());

        var response = await client.SubmitFormAsync($"/admin/competitions/{c.Id}/move-back", new Dictionary<string, string>
        {
            ["Reason"] = "Server sekolah mati saat batas waktu.",
            ["SubmissionClosesAt"] = CompetitionData.Wib(now.AddDays(1)),
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(before, await site.WithDbAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task A_new_deadline_still_in_the_past_does_not_reopen_submissions()
    {
        var now = site.Clock.UtcNow;
        var c = await site.SeedAsync(CompetitionStage.Live, x =>
        {
            x.OpensAt = now.AddDays(-20);
            x.SubmissionClosesAt = now.AddHours(-2);
        });
        var client = await OrganizerAsync();

        var response = await client.SubmitFormAsync($"/admin/competitions/{c.Id}/move-back", new Dictionary<string, string>
        {
            ["Reason"] = "Salah ketik tanggal.",
            ["SubmissionClosesAt"] = CompetitionData.Wib(now.AddHours(-1)),
        });

        Assert.Equal("Untuk membuka kembali pengumpulan, batas pengumpulan yang baru harus setelah saat ini.", (await response.PageAsync()).FieldError("SubmissionClosesAt"));
        Assert.Equal(now.AddHours(-2), (await site.LoadAsync(c.Id)).SubmissionClosesAt);
        Assert.DoesNotContain("competition.moved-back", await AuditActionsAsync(c.Id));
    }

    [Fact]
    public async Task Editing_dates_so_that_the_phase_changes_is_refused()
    {
        var c = await site.SeedAsync(CompetitionStage.Live);
        var client = await OrganizerAsync();

        var response = await client.SubmitFormAsync($"/admin/competitions/{c.Id}/edit", new Dictionary<string, string>
        {
            ["SubmissionClosesAt"] = CompetitionData.Wib(site.Clock.UtcNow.AddMinutes(-5)),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("akan langsung mengubah tahap lomba", (await response.PageAsync()).FieldError("SubmissionClosesAt"));
        Assert.Equal(c.SubmissionClosesAt, (await site.LoadAsync(c.Id)).SubmissionClosesAt);
    }

    [Fact]
    public async Task The_public_page_follows_the_clock_from_open_to_judging()
    {
        var now = site.Clock.UtcNow;
        var c = await site.SeedAsync(CompetitionStage.Live, x => x.SubmissionClosesAt = now.AddHours(1));
        var visitor = site.CreateBrowser();

        var (_, open) = await visitor.GetPageAsync($"/lomba/{c.Slug}");
        Assert.Contains("Menerima karya", open.QuerySelector(".cta")!.TextContent);

        site.Clock.Advance(TimeSpan.FromHours(2));
        var (_, judging) = await visitor.GetPageAsync($"/lomba/{c.Slug}");
        Assert.Contains("Penjurian berlangsung", judging.QuerySelector(".cta")!.TextContent);
    }

    [Fact]
    public async Task Archiving_keeps_a_competition_that_was_public_readable_and_hides_an_archived_draft()
    {
        var live = await site.SeedAsync(CompetitionStage.Live);
        var draft = await site.SeedAsync(CompetitionStage.Draft);
        var client = await OrganizerAsync();

        await client.PostWithTokenAsync($"/admin/competitions/{live.Id}", $"/admin/competitions/{live.Id}/archive");
        await client.PostWithTokenAsync($"/admin/competitions/{draft.Id}", $"/admin/competitions/{draft.Id}/archive");

        Assert.Equal(CompetitionStage.Archived, (await site.LoadAsync(live.Id)).Stage);
        Assert.Contains("competition.archived", await AuditActionsAsync(live.Id));
        var visitor = site.CreateBrowser();
        var (response, page) = await visitor.GetPageAsync($"/lomba/{live.Slug}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Diarsipkan", page.MainText());
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/lomba/{draft.Slug}")).StatusCode);
    }
}
