using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Features.Participants;

namespace CompetitionSite.Tests.Gallery;

/// <summary>The gallery's rules without the site: when it is open, and what counts as publication consent.</summary>
[Trait("Category", "Unit")]
public sealed class GalleryRulesTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);
    private static readonly DateTime Day = new(2026, 12, 1, 3, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_gallery_is_never_open_for_a_draft_or_an_upcoming_competition_or_when_off()
    {
        foreach (var mode in Enum.GetValues<GalleryMode>())
        {
            Assert.False(GalleryRules.IsOpen(mode, Phase.Draft));
            Assert.False(GalleryRules.IsOpen(mode, Phase.Upcoming));
        }

        Assert.All(Enum.GetValues<Phase>(), phase => Assert.False(GalleryRules.IsOpen(GalleryMode.Off, phase)));
        Assert.True(GalleryRules.IsOpen(GalleryMode.DuringEntries, Phase.Judging));
        Assert.True(GalleryRules.IsOpen(GalleryMode.AtPublication, Phase.Archived));
        Assert.False(GalleryRules.ShowsAuthors(Phase.Review));
        Assert.True(GalleryRules.ShowsAuthors(Phase.Published));
    }

    [Fact]
    public void The_current_wording_has_the_publication_clause_and_the_first_one_has_not()
    {
        Assert.Contains(ConsentWording.Version, PublicationConsentRules.WordingsWithPublicationClause);
        Assert.DoesNotContain("2026-11-v1", PublicationConsentRules.WordingsWithPublicationClause);
    }

    [Fact]
    public void For_a_minor_only_the_standing_guardian_consent_counts()
    {
        var p = Minor();
        p.Consents.Add(Decided(1, ConsentStatus.Given, ConsentWording.Version, publication: true, Day));
        Assert.True(PublicationConsentRules.IsGiven(p, Today));

        // A later consent without the clause replaces it; a later one with it brings it back.
        p.Consents.Add(Decided(2, ConsentStatus.Given, ConsentWording.Version, publication: false, Day.AddDays(1)));
        Assert.False(PublicationConsentRules.IsGiven(p, Today));
        p.Consents.Add(Decided(3, ConsentStatus.Given, ConsentWording.Version, publication: true, Day.AddDays(2)));
        Assert.True(PublicationConsentRules.IsGiven(p, Today));

        // A pending request never undoes it; a withdrawal does.
        p.Consents.Add(new GuardianConsent { Id = 4, Status = ConsentStatus.Pending, RequestedAt = Day.AddDays(3), WordingVersion = ConsentWording.Version });
        Assert.True(PublicationConsentRules.IsGiven(p, Today));
        p.Consents.Single(c => c.Id == 3).Status = ConsentStatus.Withdrawn;
        p.Consents.Single(c => c.Id == 3).WithdrawnAt = Day.AddDays(4);
        Assert.False(PublicationConsentRules.IsGiven(p, Today));
    }

    [Fact]
    public void A_minors_consent_under_the_old_wording_and_a_minors_own_tick_do_not_count()
    {
        var p = Minor();
        p.Consents.Add(Decided(1, ConsentStatus.Given, "2026-11-v1", publication: true, Day));
        p.PublicationConsentAt = Day;
        p.PublicationConsentWording = ConsentWording.Version;

        Assert.False(PublicationConsentRules.IsGiven(p, Today));
    }

    [Fact]
    public void An_adult_agrees_for_themself_under_a_wording_with_the_clause()
    {
        var p = new ParticipantProfile { DateOfBirth = new DateOnly(2000, 1, 1) };
        Assert.False(PublicationConsentRules.IsGiven(p, Today));
        p.PublicationConsentAt = Day;
        p.PublicationConsentWording = "2026-11-v1";
        Assert.False(PublicationConsentRules.IsGiven(p, Today));
        p.PublicationConsentWording = ConsentWording.Version;
        Assert.True(PublicationConsentRules.IsGiven(p, Today));
    }

    [Fact]
    public void Public_authors_hide_the_regency_of_minors_only_when_asked()
    {
        var adult = new ParticipantProfile { FullName = "Ayu Lestari", SchoolName = "SMA 1", Regency = "Kota Serang", DateOfBirth = new DateOnly(2000, 1, 1) };
        var minor = new ParticipantProfile
        {
            FullName = "Bima Saputra", SchoolName = "SD 2", Regency = "Kabupaten Lebak", DateOfBirth = new DateOnly(2015, 1, 1), PublicName = PublicNameDisplay.FullName,
        };

        var shown = PublicAuthors.Of([adult, minor], hideRegionOfMinors: false, Today);
        var hidden = PublicAuthors.Of([adult, minor], hideRegionOfMinors: true, Today);

        Assert.Equal(["Ayu (SMA 1)", "Bima Saputra"], shown.Names);
        Assert.Equal("SD 2", shown.Schools);
        Assert.Equal("Kota Serang, Kabupaten Lebak", shown.Regencies);
        Assert.Equal("Kota Serang", hidden.Regencies);
    }

    private static ParticipantProfile Minor() => new() { DateOfBirth = new DateOnly(2013, 5, 1) };

    private static GuardianConsent Decided(int id, ConsentStatus status, string wording, bool publication, DateTime at) => new()
    {
        Id = id, Status = status, WordingVersion = wording, AllowsPublication = publication, RequestedAt = at.AddHours(-1), DecidedAt = at,
    };
}
