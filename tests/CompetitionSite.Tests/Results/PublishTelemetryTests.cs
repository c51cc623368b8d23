using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Results;
using CompetitionSite.Web.Features.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Results;

/// <summary>
/// A publication reports its steps as System.Diagnostics activities and metrics (what dotnet-counters and an
/// OpenTelemetry exporter read). Only the activities of this test's own trace are looked at, so publications of
/// other tests running meanwhile cannot disturb it.
/// </summary>
public sealed class PublishTelemetryTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    private const string TestSourceName = "CompetitionSite.Tests.PublishTelemetry";
    private static readonly ActivitySource TestSource = new(TestSourceName);

    [Fact]
    public async Task A_publication_is_one_activity_with_a_child_per_step_and_its_numbers_as_tags()
    {
        var c = await site.SeedReviewAsync(judgesPerEntry: 1);
        var judge = await site.JudgeIdAsync(c, ResultsKit.JudgeNames[0]);
        for (var i = 0; i < 3; i++)
        {
            var e = await site.EntryAsync(c, ResultsKit.NewStudent($"Peserta Telemetri {i + 1}", "SMP Negeri 2 Serang", "Kota Serang"), $"Karya {i + 1}");
            await site.ScoreAsync(judge, e, [i + 5, i + 6], $"Masukan {i + 1}.");
        }

        var email = Support.Accounts.NewEmail("panitia");
        var organizer = await site.LoggedInAsAsync(email, Roles.Organizer);
        await organizer.SaveAwardsAsync(c, new Dictionary<string, string> { ["TiesSettled"] = "true" });
        var organizerId = await site.WithDbAsync(db => db.Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant()).Select(u => u.Id).SingleAsync());

        var stopped = new ConcurrentBag<Activity>();
        var steps = new ConcurrentBag<string>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name is PublishTelemetry.Name or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(activities);
        using var metrics = new MeterListener();
        metrics.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PublishTelemetry.Name && instrument.Name == PublishTelemetry.StepDurationInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        metrics.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "step" && seconds >= 0) steps.Add((string)tag.Value!);
            }
        });
        metrics.Start();

        ActivityTraceId trace;
        using (var test = TestSource.StartActivity("test")!)
        {
            trace = test.TraceId;
            await using var scope = site.Services.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<PublishResults>().PublishAsync(c.Id, confirmed: true, organizerId);
            Assert.True(outcome.Succeeded, string.Join("; ", outcome.Messages));
        }

        var ours = stopped.Where(a => a.TraceId == trace && a.Source.Name == PublishTelemetry.Name).ToList();
        var publication = Assert.Single(ours, a => a.OperationName == PublishTelemetry.ActivityName);
        Assert.Equal(c.Id, publication.GetTagItem("competition.id"));
        Assert.Equal(3, publication.GetTagItem("results.entries"));
        Assert.Equal(await site.WithDbAsync(db => db.ResultNotices.CountAsync(n => n.CompetitionId == c.Id && n.Kind == ResultNoticeKind.Result)), publication.GetTagItem("results.emails"));
        Assert.Equal(await site.WithDbAsync(db => db.Certificates.CountAsync(x => x.CompetitionId == c.Id)), publication.GetTagItem("results.certificates"));
        var children = ours.Where(a => a.ParentSpanId == publication.SpanId).OrderBy(a => a.StartTimeUtc).Select(a => a.OperationName);
        Assert.Equal(["results.publish.read", "results.publish.certificates", "results.publish.emails", "results.publish.save"], children);

        // The step durations reach the meter (other publications may add to it; each of ours is there at least once).
        Assert.Superset(new HashSet<string> { "read", "certificates", "emails", "save" }, steps.ToHashSet());
    }
}
