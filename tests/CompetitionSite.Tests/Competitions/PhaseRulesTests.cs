using CompetitionSite.Web.Domain.Competitions;

namespace CompetitionSite.Tests.Competitions;

/// <summary>The phase follows from the organizer's stage and the clock.</summary>
[Trait("Category", "Unit")]
public sealed class PhaseRulesTests
{
    private static readonly DateTime Opens = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Closes = Opens.AddDays(30);
    private static readonly DateTime JudgingEnds = Closes.AddDays(10);
    private static readonly DateTime Results = JudgingEnds.AddDays(5);

    private static Competition At(CompetitionStage stage, int grace = 0) => new()
    {
        Stage = stage,
        OpensAt = Opens,
        SubmissionClosesAt = Closes,
        JudgingEndsAt = JudgingEnds,
        ResultsAnnouncedAt = Results,
        GraceMinutes = grace,
    };

    public static TheoryData<CompetitionStage, string, Phase> EveryStageAtEveryClockPosition()
    {
        var positions = new[] { "before-opening", "at-opening", "while-open", "at-deadline", "while-judging", "at-judging-end", "after-results" };
        var data = new TheoryData<CompetitionStage, string, Phase>();
        foreach (var position in positions)
        {
            data.Add(CompetitionStage.Draft, position, Phase.Draft);
            data.Add(CompetitionStage.Published, position, Phase.Published);
            data.Add(CompetitionStage.Archived, position, Phase.Archived);
        }

        data.Add(CompetitionStage.Live, "before-opening", Phase.Upcoming);
        data.Add(CompetitionStage.Live, "at-opening", Phase.Open);
        data.Add(CompetitionStage.Live, "while-open", Phase.Open);
        data.Add(CompetitionStage.Live, "at-deadline", Phase.Judging);
        data.Add(CompetitionStage.Live, "while-judging", Phase.Judging);
        data.Add(CompetitionStage.Live, "at-judging-end", Phase.Review);
        data.Add(CompetitionStage.Live, "after-results", Phase.Review);
        return data;
    }

    private static DateTime Clock(string position) => position switch
    {
        "before-opening" => Opens.AddTicks(-1),
        "at-opening" => Opens,
        "while-open" => Opens.AddDays(3),
        "at-deadline" => Closes,
        "while-judging" => Closes.AddDays(1),
        "at-judging-end" => JudgingEnds,
        "after-results" => Results.AddDays(100),
        _ => throw new ArgumentOutOfRangeException(nameof(position)),
    };

    [Theory]
    [MemberData(nameof(EveryStageAtEveryClockPosition))]
    public void Phase_follows_the_stage_and_the_clock(CompetitionStage stage, string clock, Phase expected) =>
        Assert.Equal(expected, At(stage).PhaseAt(Clock(clock)));

    [Fact]
    public void Published_results_are_never_published_by_the_clock_alone() =>
        Assert.Equal(Phase.Review, At(CompetitionStage.Live).PhaseAt(Results.AddYears(5)));

    [Fact]
    public void An_upload_before_the_deadline_is_accepted() =>
        Assert.True(CompetitionPhases.AcceptsUpload(At(CompetitionStage.Live), Closes.AddTicks(-1), uploadStartedUtc: null));

    [Fact]
    public void An_upload_before_opening_is_refused() =>
        Assert.False(CompetitionPhases.AcceptsUpload(At(CompetitionStage.Live), Opens.AddTicks(-1), Opens.AddTicks(-2)));

    [Theory]
    [InlineData(CompetitionStage.Draft)]
    [InlineData(CompetitionStage.Published)]
    [InlineData(CompetitionStage.Archived)]
    public void Only_a_live_competition_accepts_uploads(CompetitionStage stage) =>
        Assert.False(CompetitionPhases.AcceptsUpload(At(stage), Opens.AddDays(1), null));

    [Fact]
    public void An_upload_started_before_the_deadline_may_finish_within_the_grace_period()
    {
        var c = At(CompetitionStage.Live, grace: 15);
        var started = Closes.AddMinutes(-2);

        Assert.True(CompetitionPhases.AcceptsUpload(c, Closes, started));
        Assert.True(CompetitionPhases.AcceptsUpload(c, Closes.AddMinutes(15).AddTicks(-1), started));
        Assert.False(CompetitionPhases.AcceptsUpload(c, Closes.AddMinutes(15), started));
    }

    [Fact]
    public void An_upload_started_at_or_after_the_deadline_gets_no_grace()
    {
        var c = At(CompetitionStage.Live, grace: 15);

        Assert.False(CompetitionPhases.AcceptsUpload(c, Closes.AddMinutes(1), Closes));
        Assert.False(CompetitionPhases.AcceptsUpload(c, Closes.AddMinutes(1), uploadStartedUtc: null));
    }

    [Fact]
    public void Without_a_grace_period_the_deadline_is_final() =>
        Assert.False(CompetitionPhases.AcceptsUpload(At(CompetitionStage.Live, grace: 0), Closes, Closes.AddMinutes(-10)));

    [Fact]
    public void A_timeline_in_order_has_no_problems() =>
        Assert.Empty(CompetitionPhases.TimelineProblems(Opens, Closes, JudgingEnds, JudgingEnds));

    [Fact]
    public void Each_date_out_of_order_is_reported_against_its_field()
    {
        var problems = CompetitionPhases.TimelineProblemsByField(Opens, Opens, Opens, Opens.AddDays(-1)).ToList();

        Assert.Equal(
            [nameof(Competition.SubmissionClosesAt), nameof(Competition.JudgingEndsAt), nameof(Competition.ResultsAnnouncedAt)],
            problems.Select(p => p.Field));
    }

    [Fact]
    public void A_deadline_before_opening_is_a_problem() =>
        Assert.Contains("The submission deadline must be after the opening date.",
            CompetitionPhases.TimelineProblems(Opens, Opens.AddDays(-1), JudgingEnds, Results));

    [Theory]
    [InlineData(Phase.Upcoming, Phase.Draft)]
    [InlineData(Phase.Judging, Phase.Open)]
    [InlineData(Phase.Review, Phase.Judging)]
    [InlineData(Phase.Draft, null)]
    [InlineData(Phase.Open, null)]
    [InlineData(Phase.Published, null)]
    [InlineData(Phase.Archived, null)]
    public void A_phase_moves_back_one_step_or_not_at_all(Phase from, Phase? to) =>
        Assert.Equal(to, CompetitionPhases.PreviousPhase(from));

    [Theory]
    [InlineData(CompetitionStage.Draft, false, false)]
    [InlineData(CompetitionStage.Live, true, true)]
    [InlineData(CompetitionStage.Published, true, true)]
    [InlineData(CompetitionStage.Archived, true, true)]
    [InlineData(CompetitionStage.Archived, false, false)]
    public void Drafts_and_never_opened_archives_are_not_public(CompetitionStage stage, bool wasOpened, bool isPublic) =>
        Assert.Equal(isPublic, CompetitionPhases.IsPublic(stage, wasOpened ? Opens : null));
}
