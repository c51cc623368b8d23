using System.Net;
using System.Text;
using CompetitionSite.Tests.Judging;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CompetitionSite.Tests.Gallery;

/// <summary>
/// What the public gets of an entry's files (files in Azurite): the site's small WebP previews of images, PDFs and videos
/// of the safe types through a short link — never an image's original, never an HTML or SVG file, never a file name.
/// </summary>
public sealed class GalleryFileTests(GallerySite site) : IClassFixture<GallerySite>
{
    [Fact]
    public async Task An_entry_page_shows_previews_and_never_an_original_or_an_unsafe_file()
    {
        var c = await site.SeedGalleryAsync(GalleryMode.DuringEntries);
        var entry = await site.ShownEntryAsync(c, "Poster Lengkap");
        var jpeg = Entries.PreviewTests.Jpeg(1200, 900);
        var photo = await AddFileAsync(entry, 1, jpeg, "image/jpeg", "foto-ayu-kartika.jpg");
        var pdf = await AddFileAsync(entry, 2, Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n"), "application/pdf", "esai-ayu.pdf");
        var svg = await AddFileAsync(entry, 3, Encoding.UTF8.GetBytes("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"), "image/svg+xml", "logo.svg");
        var html = await AddFileAsync(entry, 4, Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "text/html", "web.html");
        var other = await site.ShownEntryAsync(c, "Poster Lain");
        var visitor = site.CreateBrowser();

        var (_, page) = await visitor.GetPageAsync(GalleryKit.EntryUrl(c, entry));
        var markup = page.DocumentElement.OuterHtml;
        var pictures = page.QuerySelectorAll("img.gallery-picture").Select(i => i.GetAttribute("src")).ToList();
        Assert.Contains($"{GalleryKit.EntryUrl(c, entry)}/pratinjau/{photo.Id}?besar=1", pictures);
        Assert.Equal(2, pictures.Count); // the PNG and the JPEG
        Assert.NotNull(page.QuerySelector($"a[href='{GalleryKit.EntryUrl(c, entry)}/berkas/{pdf.Id}']"));
        Assert.Null(page.QuerySelector($"a[href*='/{svg.Id}']"));
        Assert.Null(page.QuerySelector($"a[href*='/{html.Id}']"));
        foreach (var name in new[] { "foto-ayu-kartika", "esai-ayu", "logo.svg", "web.html", entry.OriginalFileName, photo.StoredName, svg.StoredName, html.StoredName })
        {
            Assert.DoesNotContain(name, markup);
        }

        var preview = await visitor.GetAsync($"{GalleryKit.EntryUrl(c, entry)}/pratinjau/{photo.Id}");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal("image/webp", preview.Content.Headers.ContentType?.MediaType);
        var bytes = await preview.Content.ReadAsByteArrayAsync();
        Assert.Equal("WEBP", Encoding.ASCII.GetString(bytes, 8, 4));
        Assert.True(bytes.Length < jpeg.Length);
        Assert.Equal("nosniff", preview.Headers.GetValues("X-Content-Type-Options").Single());

        var opened = await visitor.GetAsync($"{GalleryKit.EntryUrl(c, entry)}/berkas/{pdf.Id}");
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        using var raw = new HttpClient();
        var served = await raw.GetAsync(opened.Headers.Location);
        Assert.Equal("application/pdf", served.Content.Headers.ContentType?.MediaType);

        foreach (var refused in new[]
                 {
                     $"/pratinjau/{svg.Id}", $"/berkas/{svg.Id}", $"/pratinjau/{html.Id}", $"/berkas/{html.Id}", $"/pratinjau/{pdf.Id}", $"/berkas/{photo.Id}",
                     $"/pratinjau/{await FirstFileIdAsync(other)}",
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(GalleryKit.EntryUrl(c, entry) + refused)).StatusCode);
        }
    }

    private Task<int> FirstFileIdAsync(SeededEntry e) => site.WithDbAsync(db => db.EntryFiles.Where(f => f.EntryId == e.Id).Select(f => f.Id).FirstAsync());

    private async Task<EntryFile> AddFileAsync(SeededEntry entry, int slot, byte[] bytes, string contentType, string originalName)
    {
        var stored = FileNames.New(Path.GetExtension(originalName).TrimStart('.'));
        await site.Services.GetRequiredService<IFileStore>().SaveAsync(stored, new MemoryStream(bytes), contentType);
        return await site.WithDbAsync(async db =>
        {
            var file = new EntryFile
            {
                EntryId = entry.Id, Slot = slot, StoredName = stored, OriginalFileName = originalName, ContentType = contentType,
                SizeBytes = bytes.Length, Sha256 = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)).ToLowerInvariant(),
                UploadedAt = DateTime.UtcNow,
            };
            db.EntryFiles.Add(file);
            await db.SaveChangesAsync();
            return file;
        });
    }
}
