using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Infrastructure.Email;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using static CompetitionSite.Tests.Email.OutboxTestKit;

namespace CompetitionSite.Tests.Email;

/// <summary>
/// On PostgreSQL senders claim at the same time (no single writer): a claim passes over rows another claim has locked
/// (FOR UPDATE SKIP LOCKED) instead of waiting for them and then taking them as well.
/// </summary>
public sealed class OutboxClaimOnPostgreSqlTests
{
    [OnPostgreSqlFact]
    public async Task A_claim_passes_over_rows_another_claim_holds_locked_and_takes_the_next_due_ones()
    {
        using var site = new SiteWithoutDispatcher();
        site.Settings["Email:BatchSize"] = "5";
        var rows = await QueueAsync(site, UniqueAddress("skip-locked"), count: 10);

        // Another sender's claim in progress: its transaction holds the five first due rows.
        await using var other = new NpgsqlConnection(site.Settings["Database:ConnectionString"]);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        var locked = new List<Guid>();
        await using (var command = new NpgsqlCommand(
            "SELECT \"Id\" FROM \"OutboxMessages\" ORDER BY \"NextAttemptAt\" LIMIT 5 FOR UPDATE", other, transaction))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                locked.Add(reader.GetGuid(0));
            }
        }

        var dispatcher = ActivatorUtilities.CreateInstance<OutboxDispatcher>(site.Services);
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // A claim that waited for the locked rows would only come back once the other transaction ends (never, here).
        var claimed = await dispatcher.ClaimAsync(db, "test/1", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(5, locked.Count);
        Assert.Equal(5, claimed.Count);
        Assert.Empty(claimed.Select(m => m.Id).Intersect(locked));
        Assert.Equal(rows.Select(r => r.Id).Except(locked).Order(), claimed.Select(m => m.Id).Order());
        await transaction.RollbackAsync();
    }

    /// <summary>The site without its background sender: the test is the only claimant besides the locked transaction.</summary>
    private sealed class SiteWithoutDispatcher : SiteFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                var hosted = services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(OutboxDispatcher)).ToList();
                foreach (var d in hosted)
                {
                    services.Remove(d);
                }
            });
        }
    }
}
