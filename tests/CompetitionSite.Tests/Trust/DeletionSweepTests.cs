using System.Net;
using System.Text;
using CompetitionSite.Tests.Entries;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Email;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Trust;

/// <summary>
/// Issue 14, item 9: after a student deletes their account, no text column of any table and no file under the data
/// folder holds their name, email, phone, school with name, or the original names of their files.
/// </summary>
[LongRunning]
public sealed class DeletionSweepTests(LocalEntriesSite site) : IClassFixture<LocalEntriesSite>
{
    [Fact]
    public async Task After_deletion_no_column_of_any_table_and_no_file_holds_the_students_data()
    {
        var tag = new string(Guid.NewGuid().ToString("N")[..8].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))).ToArray());
        var name = $"Zyxwa Qorv{tag}";
        var slug = $"zyxwa-qorv{tag}";
        var email = $"zyxwa.qorv{tag}@example.test";
        var phone = "0857" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var school = $"SMP Quillbrook {tag}";
        var poster = $"poster-{slug}.png";
        var sketch = $"sketsa-{slug}.pdf";

        await site.CreateUserAsync(email, [Roles.Student], fullName: name);
        var student = site.CreateBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await student.LogInAsync(email)).StatusCode);
        var profile = Participants.ParticipantsKit.Profile(fullName: name);
        profile["SchoolName"] = school;
        profile["Phone"] = phone;
        Assert.Equal(HttpStatusCode.Redirect, (await student.SubmitFormAsync("/participant/profile", profile)).StatusCode);
        var guardian = Support.Accounts.NewEmail("wali");
        await student.SubmitFormAsync("/participant/profile", new Dictionary<string, string>
        {
            ["ConsentForm.GuardianName"] = "Ibu Wali",
            ["ConsentForm.GuardianEmail"] = guardian,
        }, "/participant/consent-request");
        var request = await site.Smtp.WaitForMessageAsync(guardian);
        Assert.Contains(name, request.Subject + request.TextBody);

        var category = await site.OpenCategoryAsync(c =>
        {
            c.AllowedExtensions = ".pdf,.png";
            c.MaxFilesPerEntry = 2;
        });
        var entryId = await student.EnterAsync(category.Id, $"Karya {name}");
        Assert.Equal(HttpStatusCode.OK, (await student.UploadAsync(entryId, new TestFile(poster, 300_000, TestFile.PngHeader), slot: 0)).StatusCode);
        var token = await student.UploadTokenAsync(entryId);
        // The unfinished upload's staged chunk carries the student's name in its bytes, so the file sweep sees it.
        var unfinished = new TestFile(sketch, 6L * 1024 * 1024, [.. TestFile.PdfHeader, .. Encoding.UTF8.GetBytes($"% {name}\n")]);
        var state = await (await student.StartUploadAsync(token, entryId, unfinished.Name, unfinished.Length, slot: 1)).JsonAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await student.PutChunkAsync(token, entryId, state.GetProperty("id").GetString()!, 0,
            unfinished.Chunk(0, state.GetProperty("chunkSize").GetInt32()))).StatusCode);
        var values = new[] { name, email, phone, school, poster, sketch, slug };
        Assert.NotEmpty(await SweepAsync(values)); // the sweep sees them before

        var deleted = await student.SubmitFormAsync("/participant/data", new Dictionary<string, string>
        {
            ["Form.Password"] = Support.Accounts.GoodPassword,
            ["Form.Confirmation"] = "hapus",
        }, "/participant/data/delete");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);

        // Whatever the outbox still had to send has gone out (or was removed) before the sweep.
        var until = DateTime.UtcNow.AddSeconds(30);
        while (await site.DbAsync(db => db.OutboxMessages.AnyAsync(m => m.Status == OutboxStatus.Pending)) && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        Assert.Empty(await SweepAsync(values));
    }

    /// <summary>
    /// Every column of every table of the site's relational model (as text, through the site's own connection, so on
    /// SQLite and on PostgreSQL alike), and every file under the data folder but a SQLite database's own.
    /// </summary>
    private async Task<List<string>> SweepAsync(IReadOnlyList<string> values)
    {
        var hits = await site.DbAsync(async db =>
        {
            var found = new List<string>();
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            try
            {
                foreach (var table in db.Model.GetRelationalModel().Tables)
                {
                    foreach (var column in table.Columns)
                    {
                        foreach (var value in values)
                        {
                            await using var count = connection.CreateCommand();
                            count.CommandText =
                                $"SELECT COUNT(*) FROM \"{table.Name}\" WHERE lower(CAST(\"{column.Name}\" AS TEXT)) LIKE '%' || lower(@v) || '%'";
                            var parameter = count.CreateParameter();
                            parameter.ParameterName = "@v";
                            parameter.Value = value;
                            count.Parameters.Add(parameter);
                            if (Convert.ToInt64(await count.ExecuteScalarAsync()) > 0)
                            {
                                found.Add($"{table.Name}.{column.Name} holds \"{value}\"");
                            }
                        }
                    }
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }

            return found;
        });

        foreach (var file in Directory.EnumerateFiles(site.DataDirectory, "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file).StartsWith("site.db", StringComparison.Ordinal))
            {
                continue; // swept above, column by column
            }

            var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file)).ToLowerInvariant();
            var path = file.ToLowerInvariant();
            hits.AddRange(values.Where(v => text.Contains(v.ToLowerInvariant(), StringComparison.Ordinal) || path.Contains(v.ToLowerInvariant(), StringComparison.Ordinal))
                .Select(v => $"{Path.GetRelativePath(site.DataDirectory, file)} holds \"{v}\""));
        }

        return hits;
    }
}
