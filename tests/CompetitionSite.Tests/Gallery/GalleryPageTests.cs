using System.Net;
using CompetitionSite.Tests.Judging;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Features.Participants;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Gallery;

/// <summary>The public gallery (issue 18): which entries it shows, when, how it names their authors, and its pages.</summary>
public sealed class GalleryPageTests(GallerySite site) : IClassFixture<GallerySite>
{
    [Fact]
    public async Task The_gallery_lists_consented_entries_by_category_with_search_and_pages()
    {
        var c = await site.SeedGalleryAsync(GalleryMode.DuringEntries, configure: x => x.Categories.Add(new Category
        {
            Name = "Video SMA", Levels = SchoolLevels.SMA, MinGrade = 10, MaxGrade = 12, Kind = EntryKind.Image,
            AllowedExtensions = ".png", MaxFileSizeMb = 5, Rubric = x.Rubrics[0], SortOrder = 1, AwardTiers = AwardTierDefaults.Create(),
        }));
        for (var i = 0; i < 25; i++)
        {
            await site.ShownEntryAsync(c, $"Poster {i:00}");
        }

        var video = await site.ShownEntryAsync(c, "Pelangi di Kolaka", category: 1);
        var visitor = site.CreateBrowser();

        var first = await visitor.TitlesAsync(GalleryKit.GalleryUrl(c));
        Assert.Equal(24, first.Count);
        Assert.Equal("Poster 00", first[0]);
        var (_, page) = await visitor.GetPageAsync(GalleryKit.GalleryUrl(c));
        Assert.Contains("26", page.QuerySelector("#gallery-count")!.TextContent);
        Assert.NotNull(page.QuerySelector("a[rel=next]"));

        var second = await visitor.TitlesAsync(GalleryKit.GalleryUrl(c) + "?page=2");
        Assert.Equal(["Poster 24", "Pelangi di Kolaka"], second);
        Assert.Equal(["Pelangi di Kolaka"], await visitor.TitlesAsync(GalleryKit.GalleryUrl(c) + $"?category={c.Categories[1].Id}"));
        Assert.Equal(["Pelangi di Kolaka"], await visitor.TitlesAsync(GalleryKit.GalleryUrl(c) + "?q=PELANGI"));
        Assert.Equal(["Poster 07"], await visitor.TitlesAsync(GalleryKit.GalleryUrl(c) + $"?q=07&category={c.Categories[0].Id}"));
        var (_, none) = await visitor.GetPageAsync(GalleryKit.GalleryUrl(c) + "?q=tidak-ada");
        Assert.NotNull(none.QuerySelector("#gallery-empty"));
        Assert.Equal(["Poster 24", "Pelangi di Kolaka"], await visitor.TitlesAsync(GalleryKit.GalleryUrl(c) + "?page=99"));

        var (entryResponse, entry) = await visitor.GetPageAsync(GalleryKit.EntryUrl(c, video));
        Assert.Equal(HttpStatusCode.OK, entryResponse.StatusCode);
        Assert.Equal("Pelangi di Kolaka", entry.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("Poster tentang guru", entry.QuerySelector(".gallery-description")!.TextContent);
    }

    [Fact]
    public async Task Entries_without_publication_consent_are_never_shown()
    {
        var c = await site.SeedGalleryAsync(GalleryMode.DuringEntries);
        var shown = await site.ShownEntryAsync(c, "Boleh Tampil");
        var adultWithoutTick = await site.SeedEntryAsync(c.Categories[0].Id, title: "Dewasa Tanpa Centang");
        var minorWithoutConsent = await site.SeedEntryAsync(c.Categories[0].Id, title: "Anak Tanpa Izin", minorWithoutConsent: true);
        var minorOldWording = await site.SeedEntryAsync(c.Categories[0].Id, title: "Izin Versi Lama", minorWithoutConsent: true);
        await site.AddGuardianConsentAsync(minorOldWording.Id, GalleryKit.OldWording, publication: true);
        var minorNoClause = await site.SeedEntryAsync(c.Categories[0].Id, title: "Izin Tanpa Publikasi", minorWithoutConsent: true);
        await site.AddGuardianConsentAsync(minorNoClause.Id, ConsentWording.Version, publication: false);
        var minorWithdrawn = await site.SeedEntryAsync(c.Categories[0].Id, title: "Izin Dicabut", minorWithoutConsent: true);
        await site.AddGuardianConsentAsync(minorWithdrawn.Id, ConsentWording.Version, publication: true, ConsentStatus.Withdrawn);
        var adultOldWording = await site.SeedEntryAsync(c.Categories[0].Id, title: "Centang Versi Lama");
        await site.SetAdultPublicationAsync(adultOldWording.Id, GalleryKit.OldWording);
        var minorShown = await site.SeedEntryAsync(c.Categories[0].Id, title: "Anak Dengan Izin", minorWithoutConsent: true);
        await site.AddGuardianConsentAsync(minorShown.Id, ConsentWording.Version, publication: true);
        var draft = await site.SeedEntryAsync(c.Categories[0].Id, title: "Masih Draf", status: EntryStatus.Draft);
        await site.SetAdultPublicationAsync(draft.Id, ConsentWording.Version);
        var withdrawn = await site.SeedEntryAsync(c.Categories[0].Id, title: "Ditarik", status: EntryStatus.Withdrawn);
        await site.SetAdultPublicationAsync(withdrawn.Id, ConsentWording.Version);
        var disqualified = await site.SeedEntryAsync(c.Categories[0].Id, title: "Didiskualifikasi", status: EntryStatus.Disqualified);
        await site.SetAdultPublicationAsync(disqualified.Id, ConsentWording.Version);

        var visitor = site.CreateBrowser();
        Assert.Equal(["Anak Dengan Izin", "Boleh Tampil"], await visitor.TitlesAsync(GalleryKit.GalleryUrl(c)));
        foreach (var hidden in new[] { adultWithoutTick, minorWithoutConsent, minorOldWording, minorNoClause, minorWithdrawn, adultOldWording, draft, withdrawn, disqualified })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(GalleryKit.EntryUrl(c, hidden))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(GalleryKit.EntryUrl(c, hidden) + $"/pratinjau/{await FileIdAsync(hidden)}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync(GalleryKit.EntryUrl(c, shown))).StatusCode);
        // Judging does not depend on publication: the minor whose guardian agreed without the clause goes to judging.
        var p = await site.LeadAsync(minorNoClause.Id);
        Assert.True(ConsentRules.AllowsJudging(p, ParticipantAge.Today(site.Clock)));
    }

    [Theory]
    [InlineData(GalleryMode.Off, Phase.Open, false)]
    [InlineData(GalleryMode.Off, Phase.Published, false)]
    [InlineData(GalleryMode.DuringEntries, Phase.Open, true)]
    [InlineData(GalleryMode.AfterJudging, Phase.Judging, false)]
    [InlineData(GalleryMode.AfterJudging, Phase.Review, true)]
    [InlineData(GalleryMode.AtPublication, Phase.Review, false)]
    [InlineData(GalleryMode.AtPublication, Phase.Published, true)]
    public async Task The_gallery_opens_in_the_phase_the_organizer_chose(GalleryMode mode, Phase phase, bool open)
    {
        var c = await site.SeedGalleryAsync(mode, phase);
        var entry = await site.ShownEntryAsync(c, "Karya Terbuka");
        var visitor = site.CreateBrowser();

        var expected = open ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        Assert.Equal(expected, (await visitor.GetAsync(GalleryKit.GalleryUrl(c))).StatusCode);
        Assert.Equal(expected, (await visitor.GetAsync(GalleryKit.EntryUrl(c, entry))).StatusCode);
    }

    [Fact]
    public async Task A_draft_competition_has_no_gallery()
    {
        var c = await site.SeedAsync(CompetitionStage.Draft, x => x.Gallery = GalleryMode.DuringEntries);
        await site.ShownEntryAsync(c, "Karya Draf");

        Assert.Equal(HttpStatusCode.NotFound, (await site.CreateBrowser().GetAsync(GalleryKit.GalleryUrl(c))).StatusCode);
    }

    [Fact]
    public async Task Authors_are_named_only_once_results_are_published_as_the_winners_page_names_them()
    {
        var ayu = new Student("Ayu Kartika Lestari", "SMP Negeri 3 Kolaka", null, "Sulawesi Tenggara", "Kabupaten Kolaka Timur", Support.Accounts.NewEmail("ayu"));
        var review = await site.SeedGalleryAsync(GalleryMode.DuringEntries, Phase.Review);
        var duringJudging = await site.ShownEntryAsync(review, "Sebelum Pengumuman", ayu);
        var visitor = site.CreateBrowser();
        var (_, blind) = await visitor.GetPageAsync(GalleryKit.GalleryUrl(review));
        Assert.DoesNotContain("Ayu", blind.MainText());
        Assert.NotNull(blind.QuerySelector("#authors-later"));
        var (_, blindEntry) = await visitor.GetPageAsync(GalleryKit.EntryUrl(review, duringJudging));
        Assert.DoesNotContain("Ayu", blindEntry.MainText());
        Assert.DoesNotContain("Kolaka", blindEntry.MainText());

        var published = await site.SeedGalleryAsync(GalleryMode.DuringEntries, Phase.Published, x => x.HideRegionOfMinors = true);
        var adult = await site.ShownEntryAsync(published, "Karya Dewasa", ayu);
        var minor = await site.SeedEntryAsync(published.Categories[0].Id, new Student("Bima Saputra", "SD Negeri 2 Serang", null, "Banten", "Kota Serang"),
            "Karya Anak", minorWithoutConsent: true);
        await site.AddGuardianConsentAsync(minor.Id, ConsentWording.Version, publication: true);
        await site.WithDbAsync(async db =>
        {
            var p = await db.Participants.SingleAsync(x => x.FullName == "Bima Saputra" && db.EntryMembers.Any(m => m.EntryId == minor.Id && m.ParticipantId == x.Id));
            p.PublicName = PublicNameDisplay.FullName;
            p.Phone = "+6281234567890";
            await db.SaveChangesAsync();
            return 0;
        });

        var (_, named) = await visitor.GetPageAsync(GalleryKit.GalleryUrl(published));
        var text = named.MainText();
        Assert.Contains("Ayu (SMP Negeri 3 Kolaka)", text);
        Assert.Contains("Kabupaten Kolaka Timur", text);
        Assert.Contains("Bima Saputra", text);
        Assert.Contains("SD Negeri 2 Serang", text);
        Assert.DoesNotContain("Kota Serang", text);
        Assert.DoesNotContain(ayu.Email!, text);
        Assert.DoesNotContain("81234567890", named.DocumentElement.OuterHtml);
        var (_, entryPage) = await visitor.GetPageAsync(GalleryKit.EntryUrl(published, minor));
        Assert.Contains("Bima Saputra", entryPage.MainText());
        Assert.DoesNotContain("Kota Serang", entryPage.MainText());
        _ = adult;
    }

    [Fact]
    public async Task The_gallery_and_an_entry_can_be_shared_and_have_link_previews_in_both_languages()
    {
        var c = await site.SeedGalleryAsync(GalleryMode.DuringEntries);
        var entry = await site.ShownEntryAsync(c, "Guru di Ujung Desa");
        var visitor = site.CreateBrowser();

        var (_, gallery) = await visitor.GetPageAsync(GalleryKit.GalleryUrl(c));
        Assert.Equal("id", gallery.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Galeri", gallery.QuerySelector("h1")!.TextContent.Trim());
        var galleryAddress = "http://localhost" + GalleryKit.GalleryUrl(c);
        Assert.Contains(galleryAddress, gallery.WhatsAppMessage(galleryAddress));
        Assert.Contains(c.Title, gallery.WhatsAppMessage(galleryAddress));
        var ogImage = gallery.QuerySelector("meta[property='og:image']")!.GetAttribute("content")!;
        Assert.StartsWith("http://localhost" + GalleryKit.EntryUrl(c, entry) + "/pratinjau/", ogImage);

        var (_, page) = await visitor.GetPageAsync(GalleryKit.EntryUrl(c, entry));
        var address = "http://localhost" + GalleryKit.EntryUrl(c, entry);
        Assert.Contains("Guru di Ujung Desa", page.WhatsAppMessage(address));
        Assert.Contains("Guru di Ujung Desa", page.QuerySelector("meta[property='og:title']")!.GetAttribute("content"));
        Assert.Contains("Poster tentang guru", page.QuerySelector("meta[property='og:description']")!.GetAttribute("content"));
        Assert.StartsWith(address + "/pratinjau/", page.QuerySelector("meta[property='og:image']")!.GetAttribute("content"));

        var english = site.CreateBrowser();
        await english.GetAsync("/language?culture=en&returnUrl=%2F");
        var (_, en) = await english.GetPageAsync(GalleryKit.GalleryUrl(c));
        Assert.Equal("en", en.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Gallery", en.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("See the entries of", en.WhatsAppMessage(galleryAddress));
        var (_, enEntry) = await english.GetPageAsync(GalleryKit.EntryUrl(c, entry));
        Assert.Contains("Back to the gallery", enEntry.MainText());
    }

    private Task<int> FileIdAsync(SeededEntry e) => site.WithDbAsync(db => db.EntryFiles.Where(f => f.EntryId == e.Id).Select(f => f.Id).SingleAsync());
}
