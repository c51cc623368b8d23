using System.Net;
using CompetitionSite.Tests.Entries;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Competitions;

/// <summary>
/// Questions and the FAQ (issue 19): someone signed in asks the organizers; the answer goes to them by email and on
/// their questions page; published in the FAQ, the question (as the organizers worded it) and the answer are on the
/// competition page without the asker's name. Nobody else reads a private question; bad input changes nothing.
/// </summary>
public sealed class QuestionTests(LocalEntriesSite site) : IClassFixture<LocalEntriesSite>
{
    [Fact]
    public async Task A_question_is_answered_privately_then_in_the_faq_without_the_askers_name()
    {
        var category = await site.OpenCategoryAsync();
        var c = await site.DbAsync(db => db.Competitions.AsNoTracking().SingleAsync(x => x.Id == category.CompetitionId));
        var (ayu, _) = await site.StudentAsync("Ayu Lestari");
        var (other, _) = await site.StudentAsync("Rani Wijaya");

        var asked = await ayu.Client.SubmitFormAsync($"/lomba/{c.Slug}/tanya", new Dictionary<string, string>
        {
            ["Form.Text"] = "Saya Ayu dari SMPN 1 Serang. Apakah poster boleh digambar tangan lalu difoto?",
        });
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var question = await site.DbAsync(db => db.Questions.SingleAsync(q => q.CompetitionId == c.Id));
        Assert.Equal(ayu.UserId, question.AskedByUserId);
        var toOrganizers = await site.DbAsync(db => db.OutboxMessages.SingleAsync(m => m.Kind == "competition.question-asked" && m.TextBody.Contains("Apakah poster boleh digambar tangan")));
        Assert.Equal(c.ContactEmail, toOrganizers.ToAddress);
        Assert.Equal($"Pertanyaan baru: {c.Title}", toOrganizers.Subject);
        var (_, mine) = await ayu.Client.GetPageAsync($"/lomba/{c.Slug}/tanya");
        Assert.Contains("Apakah poster boleh digambar tangan", mine.MainText());
        Assert.Contains("Menunggu jawaban", mine.MainText());
        Assert.DoesNotContain("Apakah poster boleh digambar tangan", (await other.Client.GetPageAsync($"/lomba/{c.Slug}/tanya")).Document.MainText());

        // A private answer: to Ayu (email and her page), not on the competition page.
        var organizer = (await site.PersonAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer, "Panitia Lomba")).Client;
        var (_, list) = await organizer.GetPageAsync($"/admin/competitions/{c.Id}/questions");
        Assert.Contains("1 pertanyaan menunggu jawaban.", list.MainText());
        Assert.Contains(ayu.Email, list.MainText()); // the organizers see who asked, to answer
        var answered = await organizer.SubmitFormAsync($"/admin/competitions/{c.Id}/questions", new Dictionary<string, string>
        {
            ["Answer"] = "Boleh, asalkan hasil fotonya jelas dan tidak buram.",
        }, $"/admin/competitions/{c.Id}/questions/{question.Id}/answer");
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        var reply = await site.DbAsync(db => db.OutboxMessages.SingleAsync(m => m.Kind == "competition.question-answered" && m.ToAddress == ayu.Email));
        Assert.Equal($"Jawaban atas pertanyaan Anda: {c.Title}", reply.Subject);
        Assert.Contains("Boleh, asalkan hasil fotonya jelas dan tidak buram.", reply.TextBody);
        Assert.Contains("Boleh, asalkan hasil fotonya jelas", (await ayu.Client.GetPageAsync($"/lomba/{c.Slug}/tanya")).Document.MainText());
        var visitor = site.CreateBrowser();
        Assert.Empty((await visitor.GetPageAsync($"/lomba/{c.Slug}")).Document.QuerySelectorAll("#faq details"));

        // Then in the FAQ, reworded without her name: the page shows the wording and the answer, never who asked.
        var published = await organizer.SubmitFormAsync($"/admin/competitions/{c.Id}/questions", new Dictionary<string, string>
        {
            ["Answer"] = "Boleh, asalkan hasil fotonya jelas dan tidak buram.",
            ["InFaq"] = "true",
            ["PublicWording"] = "Apakah poster boleh digambar tangan lalu difoto?",
        }, $"/admin/competitions/{c.Id}/questions/{question.Id}/answer");
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var (_, page) = await visitor.GetPageAsync($"/lomba/{c.Slug}");
        var faq = page.GetElementById("faq")!;
        Assert.Equal("Apakah poster boleh digambar tangan lalu difoto?", faq.QuerySelector("details summary")!.TextContent.Trim());
        Assert.Contains("Boleh, asalkan hasil fotonya jelas", faq.TextContent);
        Assert.DoesNotContain("Ayu", page.DocumentElement.OuterHtml);
        Assert.DoesNotContain("SMPN 1 Serang", faq.TextContent);
        Assert.Equal(2, await site.DbAsync(db => db.AuditEvents.CountAsync(e => e.CompetitionId == c.Id && e.ObjectType == "question")));
    }

    [Fact]
    public async Task Bad_questions_and_answers_change_nothing_and_only_organizers_answer()
    {
        var category = await site.OpenCategoryAsync();
        var c = await site.DbAsync(db => db.Competitions.AsNoTracking().SingleAsync(x => x.Id == category.CompetitionId));
        var (student, _) = await site.StudentAsync();

        var empty = await student.Client.SubmitFormAsync($"/lomba/{c.Slug}/tanya", new Dictionary<string, string> { ["Form.Text"] = "  " });
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal("Tulis pertanyaan Anda.", (await empty.PageAsync()).FieldError("Form.Text"));
        var tooLong = await student.Client.SubmitFormAsync($"/lomba/{c.Slug}/tanya", new Dictionary<string, string> { ["Form.Text"] = new string('x', 2001) });
        Assert.Equal("Pertanyaan paling banyak 2000 karakter.", (await tooLong.PageAsync()).FieldError("Form.Text"));
        Assert.Equal(0, await site.DbAsync(db => db.Questions.CountAsync(q => q.CompetitionId == c.Id)));

        // At most five waiting at once per person.
        for (var i = 1; i <= Question.OpenPerPerson; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await student.Client.SubmitFormAsync($"/lomba/{c.Slug}/tanya", new Dictionary<string, string> { ["Form.Text"] = $"Pertanyaan {i}?" })).StatusCode);
        }

        var sixth = await student.Client.SubmitFormAsync($"/lomba/{c.Slug}/tanya", new Dictionary<string, string> { ["Form.Text"] = "Pertanyaan 6?" });
        Assert.Equal(HttpStatusCode.OK, sixth.StatusCode);
        Assert.Equal("Ada 5 pertanyaan Anda yang masih menunggu jawaban. Ajukan lagi setelah panitia menjawab.", (await sixth.PageAsync()).FieldError("Form.Text"));
        Assert.Equal(Question.OpenPerPerson, await site.DbAsync(db => db.Questions.CountAsync(q => q.CompetitionId == c.Id)));

        // Signed out: to the login page. A student or a judge cannot read or answer the organizers' list.
        var anonymous = await site.CreateBrowser().GetAsync($"/lomba/{c.Slug}/tanya");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.RedirectPath());
        var questionId = await site.DbAsync(db => db.Questions.Where(q => q.CompetitionId == c.Id).Select(q => q.Id).FirstAsync());
        foreach (var role in new[] { Roles.Student, Roles.Judge })
        {
            var someone = (await site.PersonAsync(Support.Accounts.NewEmail(role.ToLowerInvariant()), role)).Client;
            Assert.Equal(HttpStatusCode.Forbidden, (await someone.GetAsync($"/admin/competitions/{c.Id}/questions")).StatusCode);
            var forbidden = await someone.PostWithTokenAsync($"/lomba/{c.Slug}/tanya", $"/admin/competitions/{c.Id}/questions/{questionId}/answer",
                new Dictionary<string, string> { ["Answer"] = "Jawaban palsu", ["InFaq"] = "true" });
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        // An empty answer is refused with a message; an answer to another competition's question is not found.
        var organizer = (await site.PersonAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer)).Client;
        var blank = await organizer.SubmitFormAsync($"/admin/competitions/{c.Id}/questions", new Dictionary<string, string> { ["Answer"] = "" },
            $"/admin/competitions/{c.Id}/questions/{questionId}/answer");
        Assert.Equal(HttpStatusCode.Redirect, blank.StatusCode);
        Assert.Contains("Tulis jawabannya.", (await organizer.GetPageAsync(blank.RedirectPath())).Document.MainText());
        var elsewhere = await site.OpenCategoryAsync();
        var wrong = await organizer.PostWithTokenAsync($"/admin/competitions/{c.Id}/questions", $"/admin/competitions/{elsewhere.CompetitionId}/questions/{questionId}/answer",
            new Dictionary<string, string> { ["Answer"] = "Salah lomba" });
        Assert.Equal(HttpStatusCode.Redirect, wrong.StatusCode);
        Assert.Contains("Pertanyaan tidak ditemukan.", (await organizer.GetPageAsync(wrong.RedirectPath())).Document.MainText());
        Assert.Equal(0, await site.DbAsync(db => db.Questions.CountAsync(q => q.CompetitionId == c.Id && q.Answer != null)));
    }

    [Fact]
    public async Task Deleting_an_account_removes_its_questions_and_leaves_a_faq_entry_in_its_public_wording_only()
    {
        var category = await site.OpenCategoryAsync();
        var c = await site.DbAsync(db => db.Competitions.AsNoTracking().SingleAsync(x => x.Id == category.CompetitionId));
        var (student, _) = await site.StudentAsync("Eka Saputra");
        foreach (var text in new[] { "Saya Eka, kelas 8. Bolehkah video berdurasi 4 menit?", "Saya Eka lagi: kapan pengumuman finalis?" })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await student.Client.SubmitFormAsync($"/lomba/{c.Slug}/tanya", new Dictionary<string, string> { ["Form.Text"] = text })).StatusCode);
        }

        var first = await site.DbAsync(db => db.Questions.Where(q => q.CompetitionId == c.Id).OrderBy(q => q.Id).Select(q => q.Id).FirstAsync());
        var organizer = (await site.PersonAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer)).Client;
        Assert.Equal(HttpStatusCode.Redirect, (await organizer.SubmitFormAsync($"/admin/competitions/{c.Id}/questions", new Dictionary<string, string>
        {
            ["Answer"] = "Paling lama 3 menit.", ["InFaq"] = "true", ["PublicWording"] = "Berapa lama video paling lama?",
        }, $"/admin/competitions/{c.Id}/questions/{first}/answer")).StatusCode);

        var deleted = await student.Client.SubmitFormAsync("/participant/data", new Dictionary<string, string>
        {
            ["Form.Password"] = Support.Accounts.GoodPassword,
            ["Form.Confirmation"] = "hapus",
        }, "/participant/data/delete");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);

        var left = await site.DbAsync(db => db.Questions.AsNoTracking().Where(q => q.CompetitionId == c.Id).ToListAsync());
        var kept = Assert.Single(left);
        Assert.Equal(first, kept.Id);
        Assert.Equal("Berapa lama video paling lama?", kept.Text);
        Assert.NotEqual(student.UserId, kept.AskedByUserId);
        Assert.DoesNotContain(left, q => q.Text.Contains("Eka", StringComparison.Ordinal));
        var (_, page) = await site.CreateBrowser().GetPageAsync($"/lomba/{c.Slug}");
        Assert.Equal("Berapa lama video paling lama?", page.QuerySelector("#faq details summary")!.TextContent.Trim());
    }
}
