using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CompetitionSite.Web.Features.Results;

/// <summary>
/// What a publication reports about itself through <c>System.Diagnostics</c>, under the name
/// <see cref="Name"/> (an OpenTelemetry exporter or <c>dotnet-counters</c> subscribes to it):
/// <list type="bullet">
/// <item>traces: one activity <c>results.publish</c> per publication, tagged <c>competition.id</c>, with one child
/// activity per step (<c>results.publish.read</c>, <c>.certificates</c>, <c>.emails</c>, <c>.save</c>); the
/// publication's activity is tagged with the entries, certificates issued and result emails queued;</item>
/// <item>metrics: the histogram <c>competitionsite.results.publish.step.duration</c> (seconds, tag <c>step</c>) and
/// the counters <c>competitionsite.results.certificates.issued</c> and
/// <c>competitionsite.results.emails.queued</c>.</item>
/// </list>
/// With nobody listening an activity is not even created. Watch a running site with
/// <c>dotnet-counters monitor -n CompetitionSite.Web --counters CompetitionSite.Results</c>.
/// </summary>
public static class PublishTelemetry
{
    public const string Name = "CompetitionSite.Results";
    public const string ActivityName = "results.publish";
    public const string StepDurationInstrument = "competitionsite.results.publish.step.duration";

    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);
    private static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>(
        StepDurationInstrument, "s", "How long each step of publishing results took.");
    private static readonly Counter<long> CertificatesIssued = Meter.CreateCounter<long>(
        "competitionsite.results.certificates.issued", "{certificate}", "Certificates issued by publications.");
    private static readonly Counter<long> EmailsQueued = Meter.CreateCounter<long>(
        "competitionsite.results.emails.queued", "{email}", "Result emails queued by publications.");

    /// <summary>Starts a publication's activity; its steps follow one another (<see cref="Steps.Next"/>) until it is disposed.</summary>
    public static Steps Start(int competitionId) => new(competitionId);

    /// <summary>The publication's activity and its current step: starting a step ends the one before.</summary>
    public sealed class Steps : IDisposable
    {
        private readonly Activity? _publication;
        private Activity? _step;
        private string? _stepName;
        private long _stepStarted;
        private readonly List<(string Step, double Seconds)> _took = [];

        /// <summary>The steps so far with how long each took, e.g. <c>read 264 ms, certificates 456 ms</c>, for the log.</summary>
        public string Parts => string.Join(", ", _took.Select(x =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{x.Step} {x.Seconds * 1000:0} ms")));

        internal Steps(int competitionId)
        {
            _publication = Source.StartActivity(ActivityName);
            _publication?.SetTag("competition.id", competitionId);
        }

        public void Next(string step)
        {
            EndStep();
            _stepName = step;
            _stepStarted = Stopwatch.GetTimestamp();
            _step = Source.StartActivity(ActivityName + "." + step);
        }

        /// <summary>The publication was saved: its numbers go on the activity and into the counters.</summary>
        public void Published(int entries, int certificates, int emails)
        {
            EndStep();
            _publication?.SetTag("results.entries", entries);
            _publication?.SetTag("results.certificates", certificates);
            _publication?.SetTag("results.emails", emails);
            CertificatesIssued.Add(certificates);
            EmailsQueued.Add(emails);
        }

        private void EndStep()
        {
            if (_stepName is null)
            {
                return;
            }

            var seconds = Stopwatch.GetElapsedTime(_stepStarted).TotalSeconds;
            _took.Add((_stepName, seconds));
            StepDuration.Record(seconds, new KeyValuePair<string, object?>("step", _stepName));
            _step?.Dispose();
            _step = null;
            _stepName = null;
        }

        public void Dispose()
        {
            EndStep();
            _publication?.Dispose();
        }
    }
}
