using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CompetitionSite.Tests.Judging;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Infrastructure.Imaging;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace CompetitionSite.Tests.Entries;

/// <summary>
/// Image previews: real JPEG and PNG files uploaded through the chunk API into Azurite, small WebP previews made once and
/// kept in the store, originals only on demand, and images whose header claims too many pixels refused on upload.
/// </summary>
public sealed class PreviewTests(EntriesSite site) : IClassFixture<EntriesSite>
{
    /// <summary>A real photo-like JPEG (gradients and noise, so it does not compress to nothing).</summary>
    internal static byte[] Jpeg(int width, int height, int quality = 90)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint())
        {
            paint.Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height),
                [SKColors.OrangeRed, SKColors.SeaGreen, SKColors.RoyalBlue], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, width, height, paint);
            var random = new Random(17);
            using var dot = new SKPaint();
            for (var i = 0; i < width * height / 400; i++)
            {
                dot.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                canvas.DrawCircle(random.Next(width), random.Next(height), 3, dot);
            }
        }

        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore));
        return data!.ToArray();
    }

    /// <summary>A PNG that claims <paramref name="width"/> × <paramref name="height"/> pixels: signature, IHDR, the start of its data, IEND.</summary>
    internal static byte[] PngClaiming(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", [0x78, 0x9C, 0x63, 0x60, 0x00, 0x00]); // the start of a zlib stream of zero bytes
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }

    private static async Task<HttpResponseMessage> UploadBytesAsync(HttpClient client, int entryId, string name, byte[] bytes)
    {
        var token = await client.UploadTokenAsync(entryId);
        var start = await client.StartUploadAsync(token, entryId, name, bytes.Length);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var state = await start.JsonAsync();
        var session = state.GetProperty("id").GetString()!;
        var chunkSize = state.GetProperty("chunkSize").GetInt32();
        for (var i = 0; i * chunkSize < bytes.Length; i++)
        {
            var content = new ByteArrayContent(bytes, i * chunkSize, Math.Min(chunkSize, bytes.Length - i * chunkSize));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            Assert.Equal(HttpStatusCode.NoContent, (await client.PutChunkAsync(token, entryId, session, i, content)).StatusCode);
        }

        return await client.CompleteUploadAsync(token, entryId, session);
    }

    [Fact]
    public async Task A_photo_is_shown_as_a_small_stored_preview_and_the_original_only_on_demand()
    {
        var category = await site.OpenCategoryAsync();
        var (student, _) = await site.StudentAsync();
        var entryId = await student.Client.EnterAsync(category.Id);
        var photo = Jpeg(4000, 3000);
        Assert.Equal(HttpStatusCode.OK, (await UploadBytesAsync(student.Client, entryId, "foto-poster.jpg", photo)).StatusCode);

        var (_, page) = await student.Client.GetPageAsync($"/entries/{entryId}");
        var img = page.QuerySelector("img.file-preview")!;
        var src = img.GetAttribute("src")!;
        Assert.Matches($"^/entries/{entryId}/files/\\d+/preview$", src);
        Assert.NotNull(page.QuerySelector($"a[href^='/entries/{entryId}/files/']:not([href$='/preview'])"));

        var first = await student.Client.GetAsync(src);
        var preview = await first.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("image/webp", first.Content.Headers.ContentType!.MediaType);
        Assert.Contains("immutable", first.Headers.CacheControl!.ToString());
        Assert.True(first.Headers.CacheControl.Private);
        using (var codec = SKCodec.Create(new MemoryStream(preview)))
        {
            Assert.Equal((480, 360), (codec.Info.Width, codec.Info.Height));
        }

        Assert.True(preview.Length * 20 < photo.Length, $"preview {preview.Length} bytes, photo {photo.Length} bytes");

        // Made once and kept in the store (Azurite): the second visit reads the stored preview.
        var stored = await site.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == entryId).Select(f => f.StoredName).SingleAsync());
        var store = site.Services.GetRequiredService<IFileStore>();
        await using (var kept = await store.OpenReadAsync(FilePreviews.NameOf(stored, FilePreviews.Small)))
        {
            using var copy = new MemoryStream();
            await kept.CopyToAsync(copy);
            Assert.Equal(preview, copy.ToArray());
        }

        Assert.Equal(preview, await (await student.Client.GetAsync(src)).Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Someone_who_may_not_see_the_entry_gets_no_preview()
    {
        var category = await site.OpenCategoryAsync();
        var (student, _) = await site.StudentAsync();
        var (other, _) = await site.StudentAsync("Rina Wati");
        var entryId = await student.Client.EnterAsync(category.Id);
        Assert.Equal(HttpStatusCode.OK, (await UploadBytesAsync(student.Client, entryId, "foto.jpg", Jpeg(800, 600))).StatusCode);
        var fileId = await site.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == entryId).Select(f => f.Id).SingleAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/entries/{entryId}/files/{fileId}/preview")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await student.Client.GetAsync($"/entries/{entryId}/files/{fileId}/preview")).StatusCode);
    }

    [Fact]
    public async Task An_image_claiming_30000_by_30000_pixels_is_refused_on_upload_with_a_clear_message()
    {
        var category = await site.OpenCategoryAsync();
        var (student, _) = await site.StudentAsync();
        var entryId = await student.Client.EnterAsync(category.Id);

        var response = await UploadBytesAsync(student.Client, entryId, "bom.png", PngClaiming(30_000, 30_000));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var message = (await response.JsonAsync()).GetProperty("message").GetString();
        Assert.Equal("\"bom.png\" berukuran 30.000 × 30.000 piksel; gambar yang diterima paling besar 50 megapiksel. Simpan versi yang lebih kecil, lalu unggah lagi.", message);
        Assert.Empty(await site.DbAsync(db => db.EntryFiles.Where(f => f.EntryId == entryId).ToListAsync()));

        // The same header at a sane size is an image like any other.
        Assert.Equal(HttpStatusCode.OK, (await UploadBytesAsync(student.Client, entryId, "kecil.png", PngClaiming(2_000, 1_500))).StatusCode);
    }
}

/// <summary>Judges see a preview of an image through the site (no file name, no metadata), the original on demand.</summary>
public sealed class JudgePreviewTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    [Fact]
    public async Task A_judge_sees_a_stored_preview_of_an_image_and_other_judges_get_none()
    {
        var c = await site.SeedInPhaseAsync(Phase.Judging);
        var entry = await site.SeedEntryAsync(c.Categories[0].Id);
        var store = site.Services.GetRequiredService<IFileStore>();
        await store.SaveAsync(entry.StoredName, new MemoryStream(PreviewTests.Jpeg(3000, 2000)), "image/jpeg");
        await site.WithDbAsync(db => db.EntryFiles.Where(f => f.EntryId == entry.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.ContentType, "image/jpeg")));
        var (judge, judgeId, _) = await site.JudgeAsync(c);
        var (stranger, _, _) = await site.JudgeAsync(c, "Agus Salim");
        await site.AssignAsync(judgeId, entry);

        var (_, page) = await judge.GetPageAsync($"/judge/entries/{entry.Code}");
        var src = page.QuerySelector("figure.score-file img")!.GetAttribute("src");
        var preview = await judge.GetAsync(src);

        Assert.Equal($"/judge/entries/{entry.Code}/files/1/preview", src);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal("image/webp", preview.Content.Headers.ContentType!.MediaType);
        using (var codec = SKCodec.Create(new MemoryStream(await preview.Content.ReadAsByteArrayAsync())))
        {
            Assert.Equal((1600, 1067), (codec.Info.Width, codec.Info.Height));
        }

        Assert.NotNull(page.QuerySelector("figure.score-file figcaption a[download]"));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(src)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await judge.GetAsync($"/judge/entries/{entry.Code}/files/2/preview")).StatusCode);
    }
}
