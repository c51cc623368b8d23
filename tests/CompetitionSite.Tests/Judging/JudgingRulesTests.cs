using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Features.Judging;

namespace CompetitionSite.Tests.Judging;

/// <summary>The pure rules: conflicts of interest, score arithmetic and validation, reading a list of people to invite.</summary>
[Trait("Category", "Unit")]
public sealed class JudgingRulesTests
{
    private static readonly MemberFacts Ayu = new("40401234", "SMP Negeri 3 Kolaka", "Sulawesi Tenggara", "Kabupaten Kolaka Timur");

    [Theory]
    [InlineData(null, "SMPN 3 Kolaka", true)]
    [InlineData(null, "smp n 3 kolaka", true)]
    [InlineData(null, "SMP Negeri 3  Kolaka.", true)]
    [InlineData("40401234", null, true)]
    [InlineData("40401234", "A different name", true)]
    [InlineData("40409999", null, false)]
    [InlineData(null, "SMP Negeri 3 Kolaka Utara", false)]
    [InlineData(null, "SMA Negeri 3 Kolaka", false)]
    public void A_school_conflict_matches_by_npsn_or_by_name_written_either_way(string? npsn, string? name, bool conflicts)
    {
        var conflict = new JudgeConflict { Kind = ConflictKind.School, SchoolNpsn = npsn, SchoolName = name };

        Assert.Equal(conflicts, ConflictRules.Conflicts(conflict, 1, [Ayu]));
        Assert.Equal(conflicts, new ConflictProfile([conflict]).ConflictsWith(1, [ConflictRules.Normalize(Ayu)]));
    }

    [Theory]
    [InlineData("Sulawesi Tenggara", null, true)]
    [InlineData("sulawesi tenggara", "kabupaten kolaka timur", true)]
    [InlineData("Sulawesi Tenggara", "Kota Kendari", false)]
    [InlineData("Banten", null, false)]
    public void A_region_conflict_covers_a_province_or_one_regency_in_it(string province, string? regency, bool conflicts)
    {
        var conflict = new JudgeConflict { Kind = ConflictKind.Region, Province = province, Regency = regency };

        Assert.Equal(conflicts, ConflictRules.Conflicts(conflict, 1, [Ayu]));
        Assert.Equal(conflicts, new ConflictProfile([conflict]).ConflictsWith(1, [ConflictRules.Normalize(Ayu)]));
    }

    [Fact]
    public void A_team_entry_conflicts_when_any_member_does_and_an_entry_conflict_only_with_that_entry()
    {
        var rudi = new MemberFacts(null, "SMA Negeri 1 Pandeglang", "Banten", "Kabupaten Pandeglang");
        var school = new JudgeConflict { Kind = ConflictKind.School, SchoolName = "SMPN 3 Kolaka" };
        var entry = new JudgeConflict { Kind = ConflictKind.Entry, EntryId = 7 };

        Assert.True(ConflictRules.Conflicts(school, 1, [rudi, Ayu]));
        Assert.False(ConflictRules.Conflicts(school, 1, [rudi]));
        Assert.True(ConflictRules.Conflicts(entry, 7, [rudi]));
        Assert.False(ConflictRules.Conflicts(entry, 8, [rudi]));
    }

    private static readonly List<Criterion> Rubric =
    [
        new() { Id = 1, Order = 0, Name = "Ide", Weight = 40, MaxPoints = 10 },
        new() { Id = 2, Order = 1, Name = "Teknik", Weight = 60, MaxPoints = 5 },
    ];

    [Fact]
    public void The_weighted_total_is_each_criterions_share_of_its_maximum_by_weight_on_a_0_to_100_scale()
    {
        Assert.Equal(100m, ScoreRules.WeightedTotal(Rubric, new Dictionary<int, int> { [1] = 10, [2] = 5 }));
        Assert.Equal(0m, ScoreRules.WeightedTotal(Rubric, new Dictionary<int, int> { [1] = 0, [2] = 0 }));
        Assert.Equal(68m, ScoreRules.WeightedTotal(Rubric, new Dictionary<int, int> { [1] = 8, [2] = 3 })); // 32 + 36
        Assert.Equal(32m, ScoreRules.WeightedTotal(Rubric, new Dictionary<int, int> { [1] = 8 })); // a draft: missing counts 0
    }

    [Fact]
    public void Score_problems_name_the_criterion_out_of_range_missing_or_unknown()
    {
        var draft = ScoreRules.Problems(Rubric, new Dictionary<int, string?> { [1] = "11", [2] = "" }, submit: false);
        Assert.Equal([new ScoreProblem(ScoreProblemKind.OutOfRange, 1)], draft);

        var submit = ScoreRules.Problems(Rubric, new Dictionary<int, string?> { [1] = "7", [99] = "3" }, submit: true);
        Assert.Equal([new ScoreProblem(ScoreProblemKind.UnknownCriterion, 99), new ScoreProblem(ScoreProblemKind.Missing, 2)], submit);

        Assert.Empty(ScoreRules.Problems(Rubric, new Dictionary<int, string?> { [1] = "0", [2] = " 5 " }, submit: true));
        Assert.Single(ScoreRules.Problems(Rubric, new Dictionary<int, string?> { [1] = "7.0", [2] = "5" }, submit: true));
    }

    [Fact]
    public void The_spread_of_a_judges_totals_is_their_mean_and_standard_deviation()
    {
        Assert.Equal((95m, 1m), ScoreRules.Spread([96m, 94m]));
        Assert.Equal((50m, 0m), ScoreRules.Spread([50m]));
        Assert.Equal((0m, 0m), ScoreRules.Spread([]));
    }

    [Fact]
    public void Only_submitted_entries_whose_every_member_may_be_judged_are_eligible()
    {
        var today = new DateOnly(2026, 11, 27);
        var adult = new ParticipantProfile { DateOfBirth = new DateOnly(2000, 1, 1) };
        var minor = new ParticipantProfile { DateOfBirth = new DateOnly(2012, 1, 1) };
        var consented = new ParticipantProfile
        {
            DateOfBirth = new DateOnly(2012, 1, 1),
            Consents = [new GuardianConsent { Status = ConsentStatus.Given, RequestedAt = new DateTime(2026, 11, 1), DecidedAt = new DateTime(2026, 11, 2) }],
        };

        Assert.True(JudgingEligibility.IsEligible(Web.Domain.Entries.EntryStatus.Submitted, [adult, consented], today));
        Assert.False(JudgingEligibility.IsEligible(Web.Domain.Entries.EntryStatus.Submitted, [adult, minor], today));
        Assert.False(JudgingEligibility.IsEligible(Web.Domain.Entries.EntryStatus.Withdrawn, [adult], today));
        Assert.False(JudgingEligibility.IsEligible(Web.Domain.Entries.EntryStatus.Submitted, [], today));
    }

    [Fact]
    public void A_pasted_list_accepts_addresses_with_or_without_names_and_reports_bad_lines()
    {
        var (people, problems) = InviteeList.Parse(
            "nama;email\n" +
            "dewi@example.org\n" +
            "Budi Santoso <budi@example.org>\n" +
            "\"Sari, S.Pd\";sari@example.org\n" +
            "rina@example.org\tRina Wati\n" +
            "DEWI@example.org\n" +
            "\n" +
            "tidak ada alamat\n" +
            "dua@example.org, tiga@example.org\n" +
            "rusak@localhost");

        Assert.Equal(["dewi@example.org", "budi@example.org", "sari@example.org", "rina@example.org"], people.Select(p => p.Email));
        Assert.Equal(["", "Budi Santoso", "Sari, S.Pd", "Rina Wati"], people.Select(p => p.Name));
        Assert.Equal([8, 9, 10], problems.Select(p => p.Line));
    }
}
