using System.Net;
using System.Text.RegularExpressions;
using CompetitionSite.Tests.Competitions;
using CompetitionSite.Tests.Email;
using CompetitionSite.Tests.Judging;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Domain.Reminders;
using CompetitionSite.Web.Features.Participants;
using CompetitionSite.Web.Features.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Reminders;

/// <summary>
/// Automatic reminders through the real pass, the real outbox and SMTP, with the site's clock moved by the test. The
/// pass is started by the test (the background job is off in tests, as it would remind other tests' students).
/// </summary>
public sealed class ReminderTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private async Task<int> RunAsync()
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReminderRun>().RunAsync();
    }

    private Task<List<OutboxMessage>> OutboxToAsync(string address) => OutboxTestKit.RowsToAsync(site, address);

    private async Task<(Competition C, string Drafter, string Submitter)> OpenCompetitionWithADraftAsync(TimeSpan untilDeadline, string drafterCulture = "id")
    {
        var now = site.Clock.UtcNow;
        var c = await site.SeedInPhaseAsync(Phase.Open, configure: x => x.SubmissionClosesAt = now + untilDeadline);
        var drafter = Support.Accounts.NewEmail("draf");
        var submitter = Support.Accounts.NewEmail("kirim");
        await site.SeedEntryAsync(c.Categories[0].Id, JudgingKit.Ayu with { Email = drafter }, title: "Guruku di Desa", status: EntryStatus.Draft);
        await site.SeedEntryAsync(c.Categories[0].Id, JudgingKit.Ayu with { FullName = "Rudi Hartono", Email = submitter }, status: EntryStatus.Submitted);
        await site.WithDbAsync(db => db.Users.Where(u => u.Email == drafter).ExecuteUpdateAsync(s => s.SetProperty(u => u.PreferredCulture, drafterCulture)));
        return (c, drafter, submitter);
    }

    [Fact]
    public async Task A_draft_gets_one_reminder_48_hours_and_one_24_hours_before_the_deadline_and_a_submitted_entry_none()
    {
        var (c, drafter, submitter) = await OpenCompetitionWithADraftAsync(TimeSpan.FromHours(47));

        await RunAsync();
        await RunAsync();

        var first = Assert.Single(await OutboxToAsync(drafter));
        Assert.Equal(ReminderKinds.Draft48h, first.Kind);
        Assert.Equal("id", first.Culture);
        Assert.Equal($"2 hari lagi: kirim karya Anda di {c.Title}", first.Subject);
        Assert.Contains("Guruku di Desa", first.TextBody);
        Assert.Contains("Hentikan pengingat tentang draf", first.TextBody);
        Assert.Empty(await OutboxToAsync(submitter));
        var mail = await site.Smtp.WaitForMessageAsync(drafter, timeout: Patience);
        Assert.Equal(first.Subject, mail.Subject);

        site.Clock.Advance(TimeSpan.FromHours(24));
        await RunAsync();
        await RunAsync();

        var rows = await OutboxToAsync(drafter);
        Assert.Equal([ReminderKinds.Draft24h, ReminderKinds.Draft48h], rows.Select(r => r.Kind).Order().ToList());
        Assert.Empty(await OutboxToAsync(submitter));

        // After the deadline: nothing more.
        site.Clock.Advance(TimeSpan.FromHours(24));
        await RunAsync();
        Assert.Equal(2, (await OutboxToAsync(drafter)).Count);
    }

    [Fact]
    public async Task A_reminder_is_written_in_the_recipients_language()
    {
        var (c, drafter, _) = await OpenCompetitionWithADraftAsync(TimeSpan.FromHours(20), drafterCulture: "en");

        await RunAsync();

        var row = Assert.Single(await OutboxToAsync(drafter));
        Assert.Equal(ReminderKinds.Draft24h, row.Kind);
        Assert.Equal("en", row.Culture);
        Assert.Equal($"Less than 24 hours left: submit your entry in {c.Title}", row.Subject);
        Assert.Contains("Stop reminders about drafts", row.TextBody);
    }

    [Fact]
    public async Task Passes_running_side_by_side_queue_each_reminder_once()
    {
        var (_, drafter, _) = await OpenCompetitionWithADraftAsync(TimeSpan.FromHours(30));

        // Each pass in its own scope, as on two instances: both may find the draft due; the unique index lets one send.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(RunAsync)));

        Assert.Single(await OutboxToAsync(drafter));
        var drafterId = await site.WithDbAsync(db => db.Users.Where(u => u.Email == drafter).Select(u => u.Id).SingleAsync());
        Assert.Equal(1, await site.WithDbAsync(db => db.SentReminders.CountAsync(r => r.Recipient == drafterId)));
    }

    [Fact]
    public async Task The_stop_link_stops_that_kind_of_reminder_and_opening_it_alone_changes_nothing()
    {
        var (_, drafter, _) = await OpenCompetitionWithADraftAsync(TimeSpan.FromHours(47));
        await RunAsync();
        var first = Assert.Single(await OutboxToAsync(drafter));
        var stopUrl = Regex.Match(first.HtmlBody, "href=\"(http://localhost/reminders/stop\\?t=[^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(stopUrl);
        var path = new Uri(stopUrl).PathAndQuery;
        var visitor = site.CreateBrowser();

        var (page, document) = await visitor.GetPageAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"Hentikan pengingat tentang karya yang masih berupa draf untuk {drafter}?", document.QuerySelector("main")!.TextContent);
        Assert.Equal(0, await site.WithDbAsync(db => db.ReminderStops.CountAsync(s => s.Email == drafter)));

        var stopped = await visitor.SubmitFormAsync(path, new Dictionary<string, string>(), "/reminders/stop");
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        Assert.Contains("tidak akan menerima pengingat tentang karya yang masih berupa draf lagi", await stopped.Content.ReadAsStringAsync());

        site.Clock.Advance(TimeSpan.FromHours(24));
        await RunAsync();

        Assert.Single(await OutboxToAsync(drafter));
    }

    [Fact]
    public async Task A_damaged_stop_link_says_so_and_stops_nothing()
    {
        var visitor = site.CreateBrowser();

        var (response, document) = await visitor.GetPageAsync("/reminders/stop?t=not-a-real-token");
        var post = await visitor.PostWithTokenAsync("/account/login", "/reminders/stop", new Dictionary<string, string> { ["t"] = "CfDJ8forged" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Tautan ini tidak valid", document.QuerySelector("main")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await visitor.PostAsync("/reminders/stop", new FormUrlEncodedContent([new("t", "x")]))).StatusCode);
    }

    [Fact]
    public async Task A_competition_with_draft_reminders_switched_off_reminds_no_one()
    {
        var (c, drafter, _) = await OpenCompetitionWithADraftAsync(TimeSpan.FromHours(30));
        await site.WithDbAsync(db => db.Competitions.Where(x => x.Id == c.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.RemindDrafts, false)));

        await RunAsync();

        Assert.Empty(await OutboxToAsync(drafter));
    }

    [Fact]
    public async Task Organizers_find_the_three_reminders_on_by_default_and_can_switch_one_off()
    {
        var c = await site.SeedInPhaseAsync(Phase.Open);
        var organizer = await site.LoggedInAsAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);

        var (_, fresh) = await organizer.GetPageAsync("/admin/competitions/new");
        var boxes = fresh.QuerySelectorAll("#reminder-settings input[type=checkbox]").ToList();
        Assert.Equal(["RemindDrafts", "RemindConsents", "RemindJudges"], boxes.Select(b => b.GetAttribute("name")).ToList());
        Assert.All(boxes, b => Assert.True(b.HasAttribute("checked")));

        var saved = await organizer.SubmitFormAsync($"/admin/competitions/{c.Id}/edit", new Dictionary<string, string> { ["RemindJudges"] = "false" });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await site.LoadAsync(c.Id);
        Assert.Equal((true, true, false), (after.RemindDrafts, after.RemindConsents, after.RemindJudges));
    }

    [Fact]
    public async Task A_guardian_whose_consent_waits_three_days_is_reminded_once_with_a_link_that_works()
    {
        var c = await site.SeedInPhaseAsync(Phase.Open);
        var guardian = OutboxTestKit.UniqueAddress("wali");
        var entry = await site.SeedEntryAsync(c.Categories[0].Id, JudgingKit.Ayu with { FullName = "Putri Ayu" }, status: EntryStatus.Draft, minorWithoutConsent: true);
        var oldToken = GuardianConsents.NewToken();
        await site.WithDbAsync(async db =>
        {
            var participantId = await db.EntryMembers.Where(m => m.EntryId == entry.Id).Select(m => m.ParticipantId!.Value).SingleAsync();
            db.GuardianConsents.Add(new GuardianConsent
            {
                ParticipantId = participantId, GuardianName = "Ibu Sari", GuardianEmail = guardian, Status = ConsentStatus.Pending,
                Method = ConsentMethod.EmailLink, TokenHash = GuardianConsents.Hash(oldToken), RequestedAt = site.Clock.UtcNow.AddDays(-2),
                WordingVersion = ConsentWording.Version,
            });
            return await db.SaveChangesAsync();
        });

        await RunAsync();
        Assert.Empty(await OutboxToAsync(guardian));

        site.Clock.Advance(TimeSpan.FromDays(1));
        await RunAsync();
        await RunAsync();

        var row = Assert.Single(await OutboxToAsync(guardian));
        Assert.Equal(ReminderKinds.ConsentPending, row.Kind);
        Assert.Equal("Masih menunggu persetujuan Anda: Putri Ayu", row.Subject);
        var expiry = row.TextBody.Split('\n').Single(l => l.Contains("hanya bisa dipakai sekali", StringComparison.Ordinal));
        Assert.EndsWith("WITA.", expiry.Trim()); // Ayu lives in Sulawesi Tenggara
        var link = Regex.Match(row.TextBody, "http://localhost(/consent\\?token=[0-9a-f]+)").Groups[1].Value;
        var visitor = site.CreateBrowser();
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync(link)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/consent?token=" + oldToken)).StatusCode);
    }

    [Fact]
    public async Task A_judge_behind_at_half_time_is_reminded_once_and_a_judge_without_entries_is_not()
    {
        var c = await site.SeedInPhaseAsync(Phase.Judging);
        var entries = new[] { await site.SeedEntryAsync(c.Categories[0].Id), await site.SeedEntryAsync(c.Categories[0].Id) };
        var (_, behindId, behind) = await site.JudgeAsync(c, "Dewi Anggraini", login: false);
        var (_, _, idle) = await site.JudgeAsync(c, "Agus Salim", login: false);
        foreach (var e in entries)
        {
            await site.AssignAsync(behindId, e);
        }

        // Judging runs from 2 days ago to 8 days ahead: half time is 3 days from now.
        await RunAsync();
        Assert.Empty(await OutboxToAsync(behind));

        site.Clock.Advance(TimeSpan.FromDays(3));
        await RunAsync();
        await RunAsync();

        var row = Assert.Single(await OutboxToAsync(behind));
        Assert.Equal(ReminderKinds.JudgeBehind, row.Kind);
        Assert.Equal($"Separuh waktu penjurian sudah lewat: 2 karya masih perlu dinilai di {c.Title}", row.Subject);
        Assert.Contains("2 dari 2 karya Anda", row.TextBody);
        Assert.Empty(await OutboxToAsync(idle));
    }
}

/// <summary>The background job itself: on, it runs the pass on its own.</summary>
public sealed class ReminderJobTests
{
    [Fact]
    public async Task The_background_job_sends_a_due_reminder_without_being_asked()
    {
        using var site = new CompetitionSiteFactory();
        site.Settings["Reminders:Enabled"] = "true";
        site.Settings["Reminders:IntervalMinutes"] = "0.01";
        var c = await site.SeedInPhaseAsync(Phase.Open, configure: x => x.SubmissionClosesAt = site.Clock.UtcNow.AddHours(10));
        var drafter = Support.Accounts.NewEmail("draf");
        await site.SeedEntryAsync(c.Categories[0].Id, JudgingKit.Ayu with { Email = drafter }, status: EntryStatus.Draft);

        var mail = await site.Smtp.WaitForMessageAsync(drafter, timeout: TimeSpan.FromSeconds(60));

        Assert.StartsWith("Kurang dari 24 jam lagi", mail.Subject);
    }
}

[Trait("Category", "Unit")]
public sealed class ReminderRulesTests
{
    private static readonly DateTime Deadline = new(2026, 12, 20, 16, 59, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(49, null)]
    [InlineData(48, ReminderKinds.Draft48h)]
    [InlineData(25, ReminderKinds.Draft48h)]
    [InlineData(24, ReminderKinds.Draft24h)]
    [InlineData(1, ReminderKinds.Draft24h)]
    [InlineData(0, null)]
    [InlineData(-1, null)]
    public void Drafts_are_reminded_in_the_48_and_24_hour_windows_before_the_deadline(int hoursLeft, string? expected) =>
        Assert.Equal(expected, ReminderRules.DraftReminderDue(Deadline, Deadline.AddHours(-hoursLeft)));

    [Fact]
    public void A_judge_is_behind_from_half_time_with_fewer_than_half_submitted_until_judging_ends()
    {
        var start = Deadline;
        var end = start.AddDays(10);

        Assert.False(ReminderRules.JudgeIsBehind(4, 0, start, end, start.AddDays(4.9)));
        Assert.True(ReminderRules.JudgeIsBehind(4, 1, start, end, start.AddDays(5)));
        Assert.False(ReminderRules.JudgeIsBehind(4, 2, start, end, start.AddDays(6)));
        Assert.False(ReminderRules.JudgeIsBehind(0, 0, start, end, start.AddDays(6)));
        Assert.False(ReminderRules.JudgeIsBehind(4, 0, start, end, end));
    }

    [Fact]
    public void A_consent_is_reminded_after_three_days_while_its_link_works()
    {
        var asked = Deadline;

        Assert.False(ReminderRules.ConsentReminderDue(asked, asked.AddDays(14), asked.AddDays(2.9)));
        Assert.True(ReminderRules.ConsentReminderDue(asked, asked.AddDays(14), asked.AddDays(3)));
        Assert.False(ReminderRules.ConsentReminderDue(asked, asked.AddDays(14), asked.AddDays(14)));
    }
}
