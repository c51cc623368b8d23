using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Features.Participants;

namespace CompetitionSite.Tests.Participants;

/// <summary>Age, minority and consent-state rules, without the site.</summary>
[Trait("Category", "Unit")]
public sealed class ParticipantRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    [Theory]
    [InlineData("2008-11-28", 17, true)] // turns 18 tomorrow
    [InlineData("2008-11-27", 18, false)] // 18th birthday today
    [InlineData("2008-11-26", 18, false)]
    [InlineData("2013-06-01", 13, true)]
    public void Age_is_counted_in_whole_years_and_under_18_is_a_minor(string born, int age, bool minor)
    {
        var p = new ParticipantProfile { DateOfBirth = DateOnly.Parse(born) };

        Assert.Equal(age, p.AgeOn(Today));
        Assert.Equal(minor, p.IsMinorOn(Today));
    }

    [Fact]
    public void Born_on_29_February_turns_18_on_1_March_in_a_common_year()
    {
        var p = new ParticipantProfile { DateOfBirth = new DateOnly(2008, 2, 29) };

        Assert.True(p.IsMinorOn(new DateOnly(2026, 2, 28)));
        Assert.False(p.IsMinorOn(new DateOnly(2026, 3, 1)));
    }

    [Fact]
    public void The_day_is_the_day_in_Jakarta_not_in_UTC()
    {
        // 27 Nov 2026 17:30 UTC is already 28 Nov 00:30 WIB.
        var late = new DateTimeOffset(2026, 11, 27, 17, 30, 0, TimeSpan.Zero);
        var p = new ParticipantProfile { DateOfBirth = new DateOnly(2008, 11, 28) };

        Assert.Equal(new DateOnly(2026, 11, 28), ParticipantAge.TodayIn(late));
        Assert.False(p.IsMinorOn(ParticipantAge.TodayIn(late)));
        Assert.True(p.IsMinorOn(ParticipantAge.TodayIn(late.AddMinutes(-31))));
    }

    [Theory]
    [InlineData(SchoolLevels.SD, 1, true)]
    [InlineData(SchoolLevels.SD, 6, true)]
    [InlineData(SchoolLevels.SD, 7, false)]
    [InlineData(SchoolLevels.SMP, 7, true)]
    [InlineData(SchoolLevels.SMP, 10, false)]
    [InlineData(SchoolLevels.SMA, 12, true)]
    [InlineData(SchoolLevels.SMA, 9, false)]
    [InlineData(SchoolLevels.All, 5, false)]
    public void Grades_belong_to_their_level(SchoolLevels level, int grade, bool consistent) =>
        Assert.Equal(consistent, SchoolGrades.IsConsistent(level, grade));

    [Theory]
    [InlineData("0812-3456-7890", "081234567890")]
    [InlineData("+62 812 3456 7890", "081234567890")]
    [InlineData("62 21 5550123", "0215550123")]
    [InlineData("(0254) 200123", "0254200123")]
    [InlineData("12345", null)]
    [InlineData("0812", null)]
    [InlineData("+1 415 555 0100", null)]
    [InlineData("0812345678901234", null)]
    public void Phone_numbers_are_Indonesian(string input, string? normalized) =>
        Assert.Equal(normalized, ProfileForm.NormalizePhone(input));

    [Fact]
    public void Regions_list_38_provinces_with_Banten_first_and_Bantens_eight_regencies()
    {
        Assert.Equal(38, Regions.Provinces.Count);
        Assert.Equal(38, Regions.Provinces.Distinct().Count());
        Assert.Equal("Banten", Regions.Provinces[0]);
        Assert.Equal(8, Regions.BantenRegencies.Count);
        Assert.Equal("Kota Tangerang Selatan", Regions.FindBantenRegency("  kota  tangerang selatan "));
        Assert.Null(Regions.FindBantenRegency("Kota Bandung"));
    }

    [Fact]
    public void An_adult_needs_no_consent_whatever_the_rows_say()
    {
        var p = Minor();
        p.DateOfBirth = Today.AddYears(-18);
        p.Consents.Add(Row(ConsentStatus.Refused, requested: 1, decided: 2));

        Assert.Equal(ConsentState.NotNeeded, ParticipantDirectory.ConsentStateOf(p, Today));
    }

    [Fact]
    public void A_minor_without_rows_is_missing_consent() =>
        Assert.Equal(ConsentState.Missing, ParticipantDirectory.ConsentStateOf(Minor(), Today));

    [Theory]
    [InlineData(ConsentStatus.Pending, ConsentState.Pending)]
    [InlineData(ConsentStatus.Given, ConsentState.Given)]
    [InlineData(ConsentStatus.Refused, ConsentState.Refused)]
    [InlineData(ConsentStatus.Withdrawn, ConsentState.Withdrawn)]
    public void One_row_gives_its_state(ConsentStatus status, ConsentState state)
    {
        var p = Minor();
        p.Consents.Add(Row(status, requested: 1, decided: status == ConsentStatus.Pending ? null : 2, withdrawn: status == ConsentStatus.Withdrawn ? 3 : null));

        Assert.Equal(state, ParticipantDirectory.ConsentStateOf(p, Today));
    }

    [Fact]
    public void The_latest_decision_wins()
    {
        var p = Minor();
        p.Consents.Add(Row(ConsentStatus.Withdrawn, requested: 1, decided: 2, withdrawn: 5));
        p.Consents.Add(Row(ConsentStatus.Refused, requested: 3, decided: 4));
        Assert.Equal(ConsentState.Withdrawn, ParticipantDirectory.ConsentStateOf(p, Today));

        p.Consents.Add(Row(ConsentStatus.Given, requested: 6, decided: 7));
        Assert.Equal(ConsentState.Given, ParticipantDirectory.ConsentStateOf(p, Today));
    }

    [Fact]
    public void A_request_after_a_refusal_or_withdrawal_is_pending_but_never_undoes_a_consent()
    {
        var refused = Minor();
        refused.Consents.Add(Row(ConsentStatus.Refused, requested: 1, decided: 2));
        refused.Consents.Add(Row(ConsentStatus.Pending, requested: 3));
        Assert.Equal(ConsentState.Pending, ParticipantDirectory.ConsentStateOf(refused, Today));

        var withdrawn = Minor();
        withdrawn.Consents.Add(Row(ConsentStatus.Withdrawn, requested: 1, decided: 2, withdrawn: 4));
        withdrawn.Consents.Add(Row(ConsentStatus.Pending, requested: 3));
        Assert.Equal(ConsentState.Withdrawn, ParticipantDirectory.ConsentStateOf(withdrawn, Today));

        var given = Minor();
        given.Consents.Add(Row(ConsentStatus.Given, requested: 1, decided: 2));
        given.Consents.Add(Row(ConsentStatus.Pending, requested: 3));
        Assert.Equal(ConsentState.Given, ParticipantDirectory.ConsentStateOf(given, Today));
    }

    private static ParticipantProfile Minor() => new() { DateOfBirth = Today.AddYears(-13) };

    private static GuardianConsent Row(ConsentStatus status, int requested, int? decided = null, int? withdrawn = null)
    {
        var start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        return new GuardianConsent
        {
            Status = status,
            RequestedAt = start.AddHours(requested),
            DecidedAt = decided is { } d ? start.AddHours(d) : null,
            WithdrawnAt = withdrawn is { } w ? start.AddHours(w) : null,
        };
    }
}
