using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain.Entries;

namespace CompetitionSite.Tests.Entries;

/// <summary>
/// Children read a short receipt code, not a 64-character hash: on "My entries", on the entry's page and in the
/// upload message. The full SHA-256 stays in the receipt's details and in the receipt email.
/// </summary>
public sealed class ReceiptCodeTests(EntriesSite site) : IClassFixture<EntriesSite>
{
    [Fact]
    public void The_receipt_code_is_the_first_eight_hex_digits_of_the_SHA256_in_two_groups()
    {
        Assert.Equal("3F2A-9C1B", ReceiptCode.FromSha256("3f2a9c1b" + new string('0', 56)));
        Assert.Equal("ABCD-EF01", ReceiptCode.FromSha256("ABCDEF01" + new string('f', 56)));
        Assert.Equal("", ReceiptCode.FromSha256("abc"));
    }

    [Fact]
    public async Task My_entries_and_the_upload_show_the_short_code_and_keep_the_full_hash_in_the_details_and_the_email()
    {
        var category = await site.OpenCategoryAsync();
        var (student, _) = await site.StudentAsync();
        var entryId = await student.Client.EnterAsync(category.Id, "Sungai Bersih");
        var file = TestFile.Pdf("sungai.pdf", 150_000, seed: 11);
        var sha = file.Sha256();
        var code = ReceiptCode.FromSha256(sha);

        var upload = await student.Client.UploadAsync(entryId, file);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal(code, (await upload.JsonAsync()).GetProperty("receiptCode").GetString());
        var submit = await student.Client.SubmitFormAsync($"/entries/{entryId}", new Dictionary<string, string> { ["pledge"] = "true" }, $"/entries/{entryId}/submit");
        Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);

        foreach (var url in new[] { "/entries", $"/entries/{entryId}" })
        {
            var (_, page) = await student.Client.GetPageAsync(url);
            var details = page.QuerySelector("main details.sha");
            Assert.NotNull(details);
            var summary = details!.QuerySelector("summary")!.TextContent;
            Assert.Contains("Kode tanda terima", summary);
            Assert.Contains(code, summary);
            Assert.DoesNotContain(sha, summary);
            Assert.Equal(sha, details.QuerySelector("code.sha-full")?.TextContent);
            Assert.False(details.HasAttribute("open"), "the full hash is folded away");
        }

        var (_, show) = await student.Client.GetPageAsync($"/entries/{entryId}");
        Assert.Contains("Kode tanda terima: {2}", show.QuerySelector("[data-msg-done]")?.GetAttribute("data-msg-done"));

        var receipt = await site.Smtp.WaitForMessageAsync(student.Email, m => (m.TextBody ?? "").Contains(sha));
        Assert.Contains(code, receipt.TextBody);
        Assert.Contains("Kode tanda terima file 1", receipt.TextBody);
    }
}
