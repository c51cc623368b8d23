using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Email;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Email;

public sealed class OutboxPacingRulesTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 3, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_budget_is_what_is_left_of_the_tightest_limit_after_sent_and_held_messages()
    {
        Assert.Equal(50, OutboxPacing.Budget(50, null, null, 0, 0, 0));
        Assert.Equal(20, OutboxPacing.Budget(50, 20, null, 0, 0, 0));
        Assert.Equal(5, OutboxPacing.Budget(50, 20, null, 12, 12, 3));
        Assert.Equal(2, OutboxPacing.Budget(50, 20, 500, 0, 497, 1));
        Assert.Equal(0, OutboxPacing.Budget(50, 20, 500, 25, 25, 0));
    }

    [Fact]
    public void Without_limits_the_last_waiting_message_leaves_when_it_is_due()
    {
        Assert.Null(OutboxPacing.LastDeparture(Now, [], [], 20, 500));
        Assert.Equal(Now, OutboxPacing.LastDeparture(Now, [Now.AddHours(-1), Now], [], null, null));
        Assert.Equal(Now.AddMinutes(5), OutboxPacing.LastDeparture(Now, [Now, Now.AddMinutes(5)], [], null, null));
    }

    [Fact]
    public void Sixty_messages_at_twenty_a_minute_take_two_more_minutes()
    {
        var waiting = Enumerable.Repeat(Now, 60).ToList();

        Assert.Equal(Now.AddMinutes(2), OutboxPacing.LastDeparture(Now, waiting, [], 20, null));
    }

    [Fact]
    public void Messages_beyond_the_daily_limit_wait_until_the_sends_of_the_last_day_leave_the_window()
    {
        // 3 a day; two went 23 hours ago and one 1 hour ago: the first waiting goes when the oldest turns a day old.
        var recent = new[] { Now.AddHours(-23), Now.AddHours(-23), Now.AddHours(-1) };

        Assert.Equal(Now.AddHours(1), OutboxPacing.LastDeparture(Now, [Now], recent, null, 3));
        Assert.Equal(Now.AddHours(1), OutboxPacing.LastDeparture(Now, [Now, Now], recent, null, 3));
        Assert.Equal(Now.AddHours(23), OutboxPacing.LastDeparture(Now, [Now, Now, Now], recent, null, 3));
    }
}

/// <summary>The outbox under Email:MaxPerMinute, with a clock the test moves: what left in which minute shows in SentAt.</summary>
public sealed class OutboxPacingTests : IDisposable
{
    // Conditions polled, not sleeps: generous for a loaded CI machine, over at once when the condition holds.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TestClock _clock = new();
    private readonly PacedSite _site;

    public OutboxPacingTests()
    {
        _site = new PacedSite(_clock);
        _site.Settings["Email:MaxPerMinute"] = "3";
        _site.Settings["Email:MaxPerDay"] = "100";
    }

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task At_three_a_minute_five_messages_leave_three_now_and_two_a_minute_later_and_the_outbox_page_says_when()
    {
        var organizer = await _site.LoggedInAsAsync(Support.Accounts.NewEmail("organizer"), Roles.Organizer);
        var to = OutboxTestKit.UniqueAddress("paced");
        var start = _clock.UtcNow;
        await OutboxTestKit.QueueAsync(_site, to, count: 5);

        await OutboxTestKit.WaitForCountAsync(_site.Smtp, to, 3, Patience);
        var rows = await OutboxTestKit.RowsToAsync(_site, to);
        // The login's own messages (none: the organizer was created directly) do not count; these three went now.
        Assert.Equal(3, rows.Count(r => r.Status == OutboxStatus.Sent && r.SentAt == start));

        var (_, page) = await organizer.GetPageAsync("/admin/outbox");
        var schedule = page.QuerySelector("#outbox-schedule")!.TextContent;
        Assert.Contains("2 email menunggu dikirim.", schedule);
        Assert.Contains("Batas pengiriman: 3 per menit, 100 per hari.", schedule);
        Assert.Contains("Email terakhir diperkirakan terkirim sekitar", schedule);
        Assert.Contains(CompetitionSite.Web.Infrastructure.Localization.TimeDisplay.ToZone(start.AddMinutes(1), null).ToString("HH.mm"), schedule);

        _clock.Advance(TimeSpan.FromSeconds(61));
        var sent = await OutboxTestKit.WaitUntilAllSentAsync(_site, to, 5, Patience);

        Assert.Equal(3, sent.Count(r => r.SentAt == start));
        Assert.Equal(2, sent.Count(r => r.SentAt == start.AddSeconds(61)));
        Assert.Equal(5, _site.Smtp.MessagesTo(to).Count);
    }

    private sealed class PacedSite(TestClock clock) : SiteFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
        }
    }
}
