using System.IO.Compression;
using System.Text;
using CompetitionSite.Web.Features.Entries;
using CompetitionSite.Web.Features.Shared;

namespace CompetitionSite.Tests.Entries;

/// <summary>The real type of a file comes from its first bytes, and must match what its extension stands for.</summary>
[Trait("Category", "Unit")]
public sealed class FileSignatureTests
{
    public static TheoryData<string, byte[], DetectedType> Samples => new()
    {
        { ".jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1], DetectedType.Jpeg },
        { ".png", TestFile.PngHeader, DetectedType.Png },
        { ".gif", "GIF89a\x01\0\x01\0\0\0\0"u8.ToArray(), DetectedType.Gif },
        { ".webp", "RIFF\x24\0\0\0WEBPVP8 "u8.ToArray(), DetectedType.WebP },
        { ".pdf", TestFile.PdfHeader, DetectedType.Pdf },
        { ".mp4", TestFile.Mp4Header, DetectedType.Mp4 },
        { ".mov", [0, 0, 0, 0x14, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'q', (byte)'t', (byte)' ', (byte)' ', 0, 0, 0, 0], DetectedType.QuickTime },
        { ".webm", [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81], DetectedType.WebM },
        { ".zip", "PK\x03\x04\x14\0\0\0\x08\0"u8.ToArray(), DetectedType.Zip },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Each_accepted_type_is_recognized_from_its_first_bytes(string extension, byte[] head, DetectedType type)
    {
        var content = head.Concat(new byte[5000]).ToArray();
        var scan = await FileSignatures.ScanAsync(new MemoryStream(content));
        Assert.Equal(type, scan.Type);
        Assert.True(FileSignatures.Matches(extension, type));
        Assert.Equal(content.Length, scan.Length);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), scan.Sha256);
    }

    [Fact]
    public async Task A_docx_is_a_zip_with_a_word_part_and_a_plain_zip_is_not_a_docx()
    {
        var docx = Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"));
        var zip = Zip(("gambar/poster.txt", "halo"));

        Assert.Equal(DetectedType.Docx, (await FileSignatures.ScanAsync(new MemoryStream(docx))).Type);
        Assert.Equal(DetectedType.Zip, (await FileSignatures.ScanAsync(new MemoryStream(zip))).Type);
        Assert.True(FileSignatures.Matches(".docx", DetectedType.Docx));
        Assert.False(FileSignatures.Matches(".docx", DetectedType.Zip));
    }

    [Fact]
    public async Task A_program_or_a_web_page_is_never_taken_for_an_accepted_type()
    {
        Assert.Equal(DetectedType.Unknown, (await FileSignatures.ScanAsync(new MemoryStream(TestFile.ExeHeader))).Type);
        Assert.Equal(DetectedType.Unknown, (await FileSignatures.ScanAsync(new MemoryStream("<!DOCTYPE html><script>alert(1)</script>"u8.ToArray()))).Type);
        Assert.Equal(DetectedType.Unknown, (await FileSignatures.ScanAsync(new MemoryStream("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8.ToArray()))).Type);
        Assert.False(FileSignatures.IsCheckable(".svg"));
        Assert.False(FileSignatures.IsCheckable(".html"));
        Assert.False(FileSignatures.Matches(".pdf", DetectedType.Png));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("=SUM(A1)", "'=SUM(A1)")]
    [InlineData("-1", "'-1")]
    [InlineData("", "")]
    public void Csv_fields_are_escaped_as_rfc_4180_says_and_formulas_are_defused(string field, string expected) =>
        Assert.Equal(expected, CsvWriter.Escape(field));

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), Encoding.UTF8);
                writer.Write(text);
            }
        }

        return memory.ToArray();
    }
}
