using CompetitionSite.Tests.Judging;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Features.Participants;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Gallery;

/// <summary>The real site with files in Azurite and a clock the tests control.</summary>
public sealed class GallerySite : CompetitionSiteFactory
{
    public GallerySite() => UseAzurite(AzuriteServer.Shared);
}

/// <summary>Competitions with a gallery and entries with or without publication consent, arranged in the database.</summary>
public static class GalleryKit
{
    public const string OldWording = "2026-11-v1";

    /// <summary>A competition in <paramref name="phase"/> (Open, Judging, Review or Published) whose gallery follows <paramref name="mode"/>.</summary>
    public static Task<Competition> SeedGalleryAsync(this CompetitionSiteFactory site, GalleryMode mode, Phase phase = Phase.Open, Action<Competition>? configure = null)
    {
        if (phase != Phase.Published)
        {
            return site.SeedInPhaseAsync(phase, configure: c =>
            {
                c.Gallery = mode;
                configure?.Invoke(c);
            });
        }

        var now = site.Clock.UtcNow;
        return site.SeedAsync(CompetitionStage.Published, c =>
        {
            (c.OpensAt, c.SubmissionClosesAt, c.JudgingEndsAt, c.ResultsAnnouncedAt) = (now.AddDays(-40), now.AddDays(-30), now.AddDays(-10), now.AddDays(-2));
            c.PublishedAt = now.AddDays(-2);
            c.Gallery = mode;
            configure?.Invoke(c);
        });
    }

    /// <summary>A submitted entry of an adult who agreed to publication in their profile (so the gallery shows it).</summary>
    public static async Task<SeededEntry> ShownEntryAsync(this CompetitionSiteFactory site, Competition c, string? title = null, Student? student = null, int category = 0)
    {
        var entry = await site.SeedEntryAsync(c.Categories[category].Id, student, title);
        await site.SetAdultPublicationAsync(entry.Id, ConsentWording.Version);
        return entry;
    }

    /// <summary>Sets (or, with null, removes) the lead adult's own publication consent.</summary>
    public static Task SetAdultPublicationAsync(this SiteFactory site, int entryId, string? wording) => site.WithDbAsync(async db =>
    {
        var p = await LeadAsync(db, entryId);
        p.PublicationConsentAt = wording is null ? null : DateTime.UtcNow.AddDays(-1);
        p.PublicationConsentWording = wording;
        await db.SaveChangesAsync();
        return 0;
    });

    /// <summary>A guardian's decision on the lead minor's consent, as the consent pages record it.</summary>
    public static Task AddGuardianConsentAsync(this SiteFactory site, int entryId, string wording, bool publication,
        ConsentStatus status = ConsentStatus.Given, DateTime? at = null) => site.WithDbAsync(async db =>
    {
        var p = await LeadAsync(db, entryId);
        var when = at ?? DateTime.UtcNow.AddDays(-1);
        db.GuardianConsents.Add(new GuardianConsent
        {
            ParticipantId = p.Id,
            GuardianName = "Sri Wahyuni",
            GuardianEmail = Support.Accounts.NewEmail("wali"),
            Status = status,
            Method = ConsentMethod.EmailLink,
            RequestedAt = when.AddHours(-1),
            DecidedAt = status == ConsentStatus.Pending ? null : when,
            WordingVersion = wording,
            AllowsPublication = publication,
        });
        await db.SaveChangesAsync();
        return p.Id;
    });

    public static Task<ParticipantProfile> LeadAsync(this SiteFactory site, int entryId) => site.WithDbAsync(db => LeadAsync(db, entryId));

    private static Task<ParticipantProfile> LeadAsync(Web.Data.AppDbContext db, int entryId) =>
        db.Participants.Include(p => p.Consents).SingleAsync(p => db.EntryMembers.Any(m => m.EntryId == entryId && m.IsLead && m.ParticipantId == p.Id));

    public static string GalleryUrl(Competition c) => $"/lomba/{c.Slug}/galeri";

    public static string EntryUrl(Competition c, SeededEntry e) => $"/lomba/{c.Slug}/galeri/{e.Code}";

    /// <summary>The titles the gallery list shows.</summary>
    public static async Task<List<string>> TitlesAsync(this HttpClient client, string url)
    {
        var (response, page) = await client.GetPageAsync(url);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return page.QuerySelectorAll(".gallery-title").Select(x => x.TextContent.Trim()).ToList();
    }
}
