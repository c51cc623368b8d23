using System.Globalization;
using System.Text.RegularExpressions;
using CompetitionSite.EndToEnd.Support;
using CompetitionSite.Tests.Certificates;
using CompetitionSite.Tests.Support;
using Microsoft.Playwright;
using MimeKit;
using UglyToad.PdfPig;

namespace CompetitionSite.EndToEnd.Journeys;

/// <summary>
/// The whole life of a competition in a real browser, as the people who use it would go through it: the organizer
/// sets up the site from the one-time link in the log and opens a competition; a 14-year-old student registers,
/// gets her guardian's consent by email and uploads a poster; a teacher enters two pupils; two judges accept their
/// invitations, declare a conflict, get assigned and score blind; the organizer awards and publishes; the student
/// gets her result, downloads her certificate and its QR link verifies. Files go to Azurite, mail through the
/// in-process SMTP server, links are followed from the emails. The site's clock is moved on to pass the deadline.
/// Every main page is checked with axe, for horizontal scrolling and for error pages, and saved as a screenshot.
/// </summary>
public sealed partial class CompetitionJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    private const string Password = "pelangi senja di banten";
    private const string CompetitionTitle = "Lomba Poster Hemat Energi 2026";

    private readonly LiveSite _site = StartSite();
    private readonly List<IBrowserContext> _contexts = [];

    private static LiveSite StartSite()
    {
        var site = new LiveSite(movableClock: true);
        site.UseAzurite(AzuriteServer.Shared);
        // The chunks go through the site here: this journey moves the site's clock, which upload links are signed with
        // and Azurite cannot follow. The direct path has its own journey (UploadJourneyTests).
        site.Settings["Storage:Azure:DirectUploads"] = "false";
        return site.Start();
    }

    // The people in the story. None of what identifies a student may appear on a judge's page.
    private static readonly Person Organizer = new("Rudi Hartono", "rudi");
    private static readonly Person Ayu = new("Ayu Kirana Putri", "ayu");
    private static readonly Person Guardian = new("Sri Wahyuni", "sri");
    private static readonly Person Teacher = new("Wulan Sari Dewanti", "wulan");
    private static readonly Person Dewi = new("Dewi Anggraini", "dewi");
    private static readonly Person Sari = new("Sari Wulandari", "sari");
    private const string AyuSchool = "SMPN 2 Pandeglang";
    private const string PupilSchool = "SMPN 5 Cilegon";
    private static readonly string[] PupilNames = ["Raka Aditya Pratama", "Sinta Maharani Lubis"];

    private readonly Dictionary<string, string> _feedback = [];
    private Viewport _viewport = Viewport.Desktop;
    private int _step;
    private string _ayuCode = "";

    [Theory]
    [InlineData("phone")]
    [InlineData("desktop")]
    public async Task A_competition_from_setup_to_published_results_and_a_verified_certificate(string size)
    {
        _viewport = Viewport.Named(size);
        var run = Guid.NewGuid().ToString("N")[..6];
        var emails = new Emails(run);

        var organizer = await NewPageAsync();
        var competitionId = await Step1_OrganizerSetsUpTheSiteAndOpensACompetitionAsync(organizer, emails);
        var slug = await CompetitionSlugAsync(organizer, competitionId);

        var student = await NewPageAsync();
        var ayuEntry = await Step2_StudentRegistersGetsConsentAndSubmitsAsync(student, emails, slug);

        var teacher = await NewPageAsync();
        var pupilEntries = await Step3_TeacherEntersTwoPupilsAsync(teacher, emails, slug);

        await Step4_JudgesAcceptDeclareAConflictAndScoreBlindAsync(organizer, emails, competitionId, [ayuEntry, .. pupilEntries]);

        await Step5_OrganizerPublishesAndTheStudentGetsHerCertificateAsync(organizer, student, emails, competitionId, slug);
    }

    // ---- 1. The organizer ---------------------------------------------------------------------------------------

    private async Task<int> Step1_OrganizerSetsUpTheSiteAndOpensACompetitionAsync(IPage page, Emails emails)
    {
        // The one-time link is in the log; whoever runs the server reads it there.
        var setupLink = await WaitForAsync(() => _site.Logs.Select(l => SetupLink().Match(l)).FirstOrDefault(m => m.Success)?.Value);
        await page.GotoAsync(setupLink);
        await CheckPageAsync(page, "setup");
        await page.Locator("#FullName").FillAsync(Organizer.Name);
        await page.Locator("#Email").FillAsync(emails.Of(Organizer));
        await page.Locator("#Password").FillAsync(Password);
        await page.Locator("#ConfirmPassword").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Buat akun panitia" }).ClickAsync();
        await LogInAsync(page, emails.Of(Organizer));

        // A new competition: deadline in two days, judging two days after.
        await page.GotoAsync(_site.BaseUrl + "/admin/competitions");
        await CheckPageAsync(page, "admin-competitions-empty");
        await page.GotoAsync(_site.BaseUrl + "/admin/competitions/new");
        var now = _site.Clock.UtcNow;
        await page.Locator("#Title").FillAsync(CompetitionTitle);
        await page.Locator("#Summary").FillAsync("Buat poster tentang cara hemat energi di rumah dan di sekolah.");
        await page.Locator("#DescriptionMarkdown").FillAsync("Lomba poster untuk siswa **SMP** se-Banten.");
        await page.Locator("#RulesMarkdown").FillAsync("1. Karya asli.\n2. Satu karya per siswa.\n3. Format PNG atau JPG.");
        await page.Locator("#OrganizingBody").FillAsync("Relawan TIK Banten");
        await page.Locator("#ContactEmail").FillAsync("panitia@example.test");
        await page.Locator("#OpensAt").FillAsync(Wib(now.AddHours(-1)));
        await page.Locator("#SubmissionClosesAt").FillAsync(Wib(now.AddDays(2)));
        await page.Locator("#JudgingEndsAt").FillAsync(Wib(now.AddDays(4)));
        await page.Locator("#ResultsAnnouncedAt").FillAsync(Wib(now.AddDays(5)));
        await page.Locator("#JudgesPerEntry").FillAsync("1");
        await CheckPageAsync(page, "competition-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Buat sebagai draf" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/admin/competitions/\d+$"));
        var competitionId = int.Parse(page.Url.Split('/').Last(), CultureInfo.InvariantCulture);

        // A rubric with three criteria.
        await page.GetByRole(AriaRole.Link, new() { Name = "Tambah rubrik" }).ClickAsync();
        await page.Locator("#Name").FillAsync("Rubrik Poster");
        string[][] criteria = [["Ide dan orisinalitas", "40"], ["Pesan hemat energi", "30"], ["Teknik dan tampilan", "30"]];
        for (var i = 0; i < criteria.Length; i++)
        {
            await page.Locator($"#Criteria_{i}__Name").FillAsync(criteria[i][0]);
            await page.Locator($"#Criteria_{i}__Weight").FillAsync(criteria[i][1]);
            await page.Locator($"#Criteria_{i}__MaxPoints").FillAsync("10");
        }

        await page.Locator("#Criteria_3__Name").FillAsync("");
        await page.Locator("#Criteria_3__Weight").FillAsync("");
        await page.Locator("#Criteria_3__MaxPoints").FillAsync("");
        await CheckPageAsync(page, "rubric-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Simpan rubrik" }).Last.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($@"/admin/competitions/{competitionId}$"));

        // The SMP category with that rubric.
        await page.GetByRole(AriaRole.Link, new() { Name = "Tambah kategori" }).ClickAsync();
        await page.Locator("#Name").FillAsync("Poster SMP");
        await page.Locator("#OpenToAll").UncheckAsync();
        await page.Locator("#LevelSMP").CheckAsync();
        await page.Locator("#MinGrade").FillAsync("7");
        await page.Locator("#MaxGrade").FillAsync("9");
        await page.Locator("#MaxFileSizeMb").FillAsync("10");
        await page.Locator("#RubricId").SelectOptionAsync(new SelectOptionValue { Label = "Rubrik Poster" });
        await CheckPageAsync(page, "category-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Simpan kategori" }).Last.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($@"/admin/competitions/{competitionId}$"));

        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await CheckPageAsync(page, "competition-draft");
        await page.GetByRole(AriaRole.Button, new() { Name = "Buka lomba" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Lomba sekarang sudah terbuka untuk umum.");
        await CheckPageAsync(page, "competition-admin");
        return competitionId;
    }

    // ---- 2. The student and her guardian ------------------------------------------------------------------------

    private async Task<int> Step2_StudentRegistersGetsConsentAndSubmitsAsync(IPage page, Emails emails, string slug)
    {
        await page.GotoAsync($"{_site.BaseUrl}/lomba/{slug}");
        await CheckPageAsync(page, "competition");
        await page.GetByRole(AriaRole.Link, new() { Name = "Daftar", Exact = true }).First.ClickAsync();
        await RegisterAsync(page, Ayu, emails.Of(Ayu), guardian: false);
        await page.GotoAsync(await LinkFromMailAsync(emails.Of(Ayu), "/account/confirm-email"));
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Akun Anda sudah aktif");
        await LogInAsync(page, emails.Of(Ayu));

        // The profile: 14 years old, SMP grade 8.
        await page.GotoAsync(_site.BaseUrl + "/participant/profile");
        await CheckPageAsync(page, "participant-profile-empty");

        // Saving too early: each error is next to its field, tied to it for screen readers, and the summary takes the focus.
        await page.Locator("#FullName").FillAsync(Ayu.Name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Simpan profil" }).ClickAsync();
        var birthday = page.Locator("#DateOfBirth");
        await Assertions.Expect(birthday).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(birthday).ToHaveAttributeAsync("aria-describedby", new Regex(@"\bDateOfBirth-error\b"));
        await Assertions.Expect(page.Locator("#DateOfBirth-error")).Not.ToBeEmptyAsync();
        Assert.Equal("form-errors", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await CheckPageAsync(page, "participant-profile-errors");
        await FillProfileAsync(page, Ayu.Name, _site.Clock.UtcNow.AddYears(-14).AddDays(-120), AyuSchool, grade: 8, "Kabupaten Pandeglang");
        await page.GetByRole(AriaRole.Button, new() { Name = "Simpan profil" }).ClickAsync();
        await Assertions.Expect(page.Locator("#ConsentForm_GuardianName")).ToBeVisibleAsync();

        // She is a minor: she names her guardian, who consents from the email.
        await page.Locator("#ConsentForm_GuardianName").FillAsync(Guardian.Name);
        await page.Locator("#ConsentForm_GuardianEmail").FillAsync(emails.Of(Guardian));
        await CheckPageAsync(page, "participant-profile");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim permintaan" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(Guardian.Name);

        var guardianPage = await NewPageAsync();
        await guardianPage.GotoAsync(await LinkFromMailAsync(emails.Of(Guardian), "/consent"));
        await Assertions.Expect(guardianPage.Locator("main")).ToContainTextAsync(Ayu.Name);
        await CheckPageAsync(guardianPage, "consent");
        await guardianPage.GetByRole(AriaRole.Button, new() { Name = "Setuju", Exact = true }).ClickAsync();
        await Assertions.Expect(guardianPage.Locator("main")).ToContainTextAsync("Terima kasih");
        await CheckPageAsync(guardianPage, "consent-given");

        // The entry: a poster uploaded with the progress bar, then submitted; the receipt comes by email.
        await page.GotoAsync($"{_site.BaseUrl}/lomba/{slug}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Kirim karya", Exact = true }).First.ClickAsync();
        await page.Locator("#Title").FillAsync("Matikan Lampu, Nyalakan Masa Depan");
        await page.Locator("#Description").FillAsync("Poster tentang mematikan lampu dan kipas saat tidak dipakai.");
        await CheckPageAsync(page, "entry-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Buat karya" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/entries/\d+$"));
        var entryId = int.Parse(page.Url.Split('/').Last(), CultureInfo.InvariantCulture);
        await UploadPosterAsync(page, "poster-ayu.png", 0x2E7D32);
        await CheckPageAsync(page, "entry-upload");
        await page.GetByRole(AriaRole.Link, new() { Name = "Tampilkan file yang diunggah" }).ClickAsync();
        await SubmitEntryAsync(page);
        await CheckPageAsync(page, "entry-submitted");

        var receipt = await _site.Smtp.WaitForMessageAsync(emails.Of(Ayu), m => m.TextBody?.Contains("poster-ayu.png", StringComparison.Ordinal) == true);
        Assert.Contains("Matikan Lampu", receipt.TextBody);

        await page.GotoAsync(_site.BaseUrl + "/entries");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Terkirim");
        await CheckPageAsync(page, "my-entries");
        _ayuCode = EntryCode().Match(await page.InnerTextAsync("main")).Value;
        Assert.NotEmpty(_ayuCode);
        return entryId;
    }

    // ---- 3. The teacher and two pupils --------------------------------------------------------------------------

    private async Task<int[]> Step3_TeacherEntersTwoPupilsAsync(IPage page, Emails emails, string slug)
    {
        await page.GotoAsync(_site.BaseUrl + "/account/register");
        await RegisterAsync(page, Teacher, emails.Of(Teacher), guardian: true);
        await page.GotoAsync(await LinkFromMailAsync(emails.Of(Teacher), "/account/confirm-email"));
        await LogInAsync(page, emails.Of(Teacher));

        await page.GotoAsync(_site.BaseUrl + "/guardian/pupils");
        await CheckPageAsync(page, "pupils-empty");
        for (var i = 0; i < PupilNames.Length; i++)
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Tambah murid" }).First.ClickAsync();
            await FillProfileAsync(page, PupilNames[i], _site.Clock.UtcNow.AddYears(-12).AddDays(-30 * (i + 1)), PupilSchool, grade: 7, "Kota Cilegon");
            if (i == 0)
            {
                await CheckPageAsync(page, "pupil-form");
            }

            await page.GetByRole(AriaRole.Button, new() { Name = "Simpan profil" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/guardian/pupils$"));
        }

        // One consent for both, as their teacher who collected the parents' consent on paper.
        await page.GetByRole(AriaRole.Link, new() { Name = "Beri persetujuan" }).ClickAsync();
        foreach (var name in PupilNames)
        {
            await page.GetByLabel(name).CheckAsync();
        }

        await page.Locator("#Basis-CollectedFromParents").CheckAsync();
        await CheckPageAsync(page, "guardian-consent");
        await page.GetByRole(AriaRole.Button, new() { Name = "Setuju untuk murid yang dipilih" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/guardian/pupils"));
        await CheckPageAsync(page, "pupils");

        var ids = new List<int>();
        for (var i = 0; i < PupilNames.Length; i++)
        {
            await page.GotoAsync($"{_site.BaseUrl}/lomba/{slug}");
            await page.GetByRole(AriaRole.Link, new() { Name = "Kirim karya", Exact = true }).First.ClickAsync();
            await page.GetByLabel(PupilNames[i]).CheckAsync();
            await page.Locator("#Title").FillAsync(i == 0 ? "Cabut Colokan, Hemat Tagihan" : "Sekolah Hemat Listrik");
            if (i == 0)
            {
                await CheckPageAsync(page, "entry-new-for-pupil");
            }

            await page.GetByRole(AriaRole.Button, new() { Name = "Buat karya" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/entries/\d+$"));
            ids.Add(int.Parse(page.Url.Split('/').Last(), CultureInfo.InvariantCulture));
            await UploadPosterAsync(page, $"poster-murid-{i + 1}.png", i == 0 ? 0x1565C0 : 0xEF6C00);
            await page.GetByRole(AriaRole.Link, new() { Name = "Tampilkan file yang diunggah" }).ClickAsync();
            await SubmitEntryAsync(page);
        }

        await page.GotoAsync(_site.BaseUrl + "/entries");
        foreach (var name in PupilNames)
        {
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync(name);
        }

        await CheckPageAsync(page, "my-entries-teacher");
        return [.. ids];
    }

    // ---- 4. The judges ------------------------------------------------------------------------------------------

    private async Task Step4_JudgesAcceptDeclareAConflictAndScoreBlindAsync(IPage organizer, Emails emails, int competitionId, int[] entryIds)
    {
        await organizer.GotoAsync($"{_site.BaseUrl}/admin/competitions/{competitionId}/judging/judges");
        await CheckPageAsync(organizer, "judges-empty");
        await organizer.Locator("#Invite_Addresses").FillAsync($"{Dewi.Name}, {emails.Of(Dewi)}\n{Sari.Name} <{emails.Of(Sari)}>");
        await organizer.GetByRole(AriaRole.Button, new() { Name = "Kirim undangan" }).ClickAsync();
        await Assertions.Expect(organizer.Locator("main")).ToContainTextAsync(emails.Of(Sari));
        await CheckPageAsync(organizer, "judges");

        var judges = new List<IPage>();
        foreach (var judge in new[] { Dewi, Sari })
        {
            var page = await NewPageAsync();
            judges.Add(page);
            await page.GotoAsync(await LinkFromMailAsync(emails.Of(judge), "/judge/invitations/"));
            await page.Locator("#Account_FullName").FillAsync(judge.Name);
            await page.Locator("#Account_Password").FillAsync(Password);
            await page.Locator("#Account_ConfirmPassword").FillAsync(Password);
            await page.Locator("#Account_AcceptPrivacy").CheckAsync();
            if (judge == Dewi)
            {
                await CheckPageAsync(page, "judge-invitation");
            }

            await page.GetByRole(AriaRole.Button, new() { Name = "Buat akun dan terima" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/conflicts$"));
            page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
            if (judge == Dewi)
            {
                // Dewi teaches at the pupils' school: she must not judge them.
                await page.Locator("#School_SchoolName").FillAsync(PupilSchool);
                await page.GetByRole(AriaRole.Button, new() { Name = "Tambahkan sekolah" }).ClickAsync();
                await Assertions.Expect(page.Locator("main")).ToContainTextAsync(PupilSchool);
                await CheckPageAsync(page, "judge-conflicts");
            }

            await page.Locator("form[action$='/conflicts/confirm'] button").ClickAsync();
            await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("sebelum mulai");
        }

        // The organizer assigns automatically: one judge per entry, never Dewi for the pupils.
        await organizer.GotoAsync($"{_site.BaseUrl}/admin/competitions/{competitionId}/judging");
        await organizer.GetByRole(AriaRole.Button, new() { Name = "Tugaskan semua kategori" }).ClickAsync();
        await CheckPageAsync(organizer, "judging-admin");

        // The deadline passes.
        _site.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(1));

        var scored = 0;
        for (var j = 0; j < judges.Count; j++)
        {
            var page = judges[j];
            await page.GotoAsync(_site.BaseUrl + "/judge");
            await CheckPageAsync(page, $"judge-home-{j + 1}", blind: true);
            await page.GetByRole(AriaRole.Link, new() { Name = "Buka daftar saya" }).ClickAsync();
            await CheckPageAsync(page, $"judge-queue-{j + 1}", blind: true);
            var codes = await page.Locator("a.queue-link .code").AllInnerTextsAsync();
            if (j == 0)
            {
                // Dewi declared the pupils' school: of the three entries she gets only Ayu's.
                Assert.Equal([_ayuCode], codes);
            }
            else
            {
                Assert.Equal(2, codes.Count);
                Assert.DoesNotContain(_ayuCode, codes);
            }
            for (var k = 0; k < codes.Count; k++)
            {
                var code = codes[k];
                var hasNext = k < codes.Count - 1;
                if (!page.Url.EndsWith($"/judge/entries/{code}", StringComparison.Ordinal))
                {
                    await page.GotoAsync($"{_site.BaseUrl}/judge/entries/{code}");
                }

                await CheckPageAsync(page, scored == 0 ? "judge-scoring" : $"judge-scoring-{scored + 1}", blind: true);
                await AssertPreviewIsBlindAsync(page);
                await Assertions.Expect(page.Locator("nav.queue-nav")).ToContainTextAsync($"{k + 1} dari {codes.Count} di daftar Anda");
                if (j == 1 && k == 0)
                {
                    await AssertTheRubricIsAtHandAsync(page);
                }
                if (scored == 0 && _viewport == Viewport.Desktop)
                {
                    _feedback[code] = await ScoreWithTheKeyboardOnlyAsync(page);
                }
                else
                {
                    var points = page.Locator("input[data-points]");
                    for (var i = 0; i < await points.CountAsync(); i++)
                    {
                        await points.Nth(i).FillAsync(((scored + i) % 4 + 6).ToString(CultureInfo.InvariantCulture));
                    }

                    _feedback[code] = $"Pesan jelas dan warna menarik. Karya ke-{scored + 1} yang saya nilai.";
                    await page.Locator("#Feedback").FillAsync(_feedback[code]);
                    // "Submit and next" while entries are left: the judge goes straight on to the next one.
                    await page.GetByRole(AriaRole.Button, new() { Name = hasNext ? "Kirim nilai dan lanjut" : "Kirim nilai", Exact = true }).ClickAsync();
                }

                if (hasNext)
                {
                    await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/judge/entries/{Regex.Escape(codes[k + 1])}$"));
                }
                else
                {
                    await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/judge/competitions/\d+"));
                }

                scored++;
            }

            await CheckPageAsync(page, $"judge-queue-done-{j + 1}", blind: true);
        }

        Assert.Equal(entryIds.Length, scored); // every entry scored once, by a judge without a conflict
    }

    /// <summary>
    /// On a wide screen the rubric sits beside the work; on a phone a button at the bottom of the screen, visible while
    /// the work is read, takes the judge to it.
    /// </summary>
    private async Task AssertTheRubricIsAtHandAsync(IPage page)
    {
        var work = (await page.Locator("section.entry-view").BoundingBoxAsync())!;
        var rubric = (await page.Locator("section.score-card").BoundingBoxAsync())!;
        if (_viewport == Viewport.Desktop)
        {
            Assert.True(rubric.X >= work.X + work.Width, $"rubric at x={rubric.X}, work ends at {work.X + work.Width}");
            Assert.True(Math.Abs(rubric.Y - work.Y) < 2, $"rubric at y={rubric.Y}, work at y={work.Y}");
            await Assertions.Expect(page.Locator(".jump-to-score")).ToBeHiddenAsync();
            return;
        }

        Assert.True(rubric.Y > work.Y + work.Height - 1, "on a phone the rubric follows the work");
        var jump = page.Locator(".jump-to-score a");
        await Assertions.Expect(jump).ToBeInViewportAsync();
        await jump.ClickAsync();
        await Assertions.Expect(page.Locator("#score-title")).ToBeInViewportAsync();
        await Assertions.Expect(page.Locator("input[data-points]").First).ToBeInViewportAsync();
    }

    /// <summary>Scores the open entry with Tab, typing and Enter only, checking the focus is always visible.</summary>
    private static async Task<string> ScoreWithTheKeyboardOnlyAsync(IPage page)
    {
        var first = page.Locator("input[data-points]").First;
        var count = await page.Locator("input[data-points]").CountAsync();

        // From the top of the page: the first Tab reaches the skip link, which is visible when focused.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip-link", await page.EvaluateAsync<string>("() => document.activeElement.className"));
        await AssertFocusVisibleAsync(page);
        await page.Keyboard.PressAsync("Enter");
        for (var tabs = 0; tabs < 60 && !await first.EvaluateAsync<bool>("e => e === document.activeElement"); tabs++)
        {
            await page.Keyboard.PressAsync("Tab");
            await AssertFocusVisibleAsync(page);
        }

        Assert.True(await first.EvaluateAsync<bool>("e => e === document.activeElement"), "Tab never reached the first criterion");
        for (var i = 0; i < count; i++)
        {
            await page.Keyboard.TypeAsync((8 + i % 2).ToString(CultureInfo.InvariantCulture));
            await AssertFocusVisibleAsync(page);
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Equal("Feedback", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        const string feedback = "Ide bagus dan pesan mudah dimengerti. Huruf judul bisa lebih besar.";
        await page.Keyboard.TypeAsync(feedback);
        await AssertFocusVisibleAsync(page);

        // On to the submit button and press it.
        for (var tabs = 0; tabs < 10; tabs++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string>("() => document.activeElement.value") == "submit")
            {
                break;
            }
        }

        Assert.Equal("submit", await page.EvaluateAsync<string>("() => document.activeElement.value"));
        await AssertFocusVisibleAsync(page);
        await page.Keyboard.PressAsync("Enter");
        return feedback;
    }

    private static async Task AssertFocusVisibleAsync(IPage page)
    {
        var outline = await page.EvaluateAsync<string>(
            "() => { const e = document.activeElement; if (!e || e === document.body) return 'none'; const s = getComputedStyle(e); return s.outlineStyle + ' ' + s.outlineWidth; }");
        Assert.False(outline.StartsWith("none", StringComparison.Ordinal) || outline.EndsWith(" 0px", StringComparison.Ordinal),
            $"The focused element has no visible outline ({outline}): " + await page.EvaluateAsync<string>("() => document.activeElement.outerHTML.slice(0, 200)"));
    }

    private async Task AssertPreviewIsBlindAsync(IPage page)
    {
        // The image preview of the entry is served to the judge: it must load, and its address must not name anyone.
        var image = page.Locator("main figure img").First;
        await Assertions.Expect(image).ToBeVisibleAsync();
        Assert.True(await image.EvaluateAsync<bool>("i => i.complete && i.naturalWidth > 0"), "The preview did not load");
        var src = await image.GetAttributeAsync("src") ?? "";
        AssertNoStudentIdentity(src, "preview address");
        var response = await page.Context.APIRequest.GetAsync(new Uri(new Uri(page.Url), src).ToString());
        Assert.True(response.Ok, $"preview {src}: {response.Status}");
        foreach (var (name, value) in response.Headers)
        {
            AssertNoStudentIdentity(value, "preview header " + name);
        }
    }

    // ---- 5. Results --------------------------------------------------------------------------------------------

    private async Task Step5_OrganizerPublishesAndTheStudentGetsHerCertificateAsync(
        IPage organizer, IPage student, Emails emails, int competitionId, string slug)
    {
        // Judging ends: review.
        _site.Clock.Advance(TimeSpan.FromDays(2));
        await organizer.GotoAsync($"{_site.BaseUrl}/admin/competitions/{competitionId}/results");
        await CheckPageAsync(organizer, "results-admin");
        await organizer.GetByRole(AriaRole.Link, new() { Name = "Poster SMP" }).First.ClickAsync();
        await CheckPageAsync(organizer, "results-review");

        // The suggested awards are the ranking's; the organizer adds a citation for the winner and saves.
        await organizer.Locator("input[id^='citation-']").First.FillAsync("Pesan kuat dengan ilustrasi sederhana.");
        await organizer.GetByRole(AriaRole.Button, new() { Name = "Simpan penghargaan" }).ClickAsync();
        await Assertions.Expect(organizer.Locator(".notice-success")).ToBeVisibleAsync();
        await CheckPageAsync(organizer, "results-awards");

        await organizer.GotoAsync($"{_site.BaseUrl}/admin/competitions/{competitionId}/results");
        await organizer.GetByLabel("Saya sudah memeriksa penghargaan; hasil ini final.").CheckAsync();
        await organizer.GetByRole(AriaRole.Button, new() { Name = "Umumkan hasil" }).ClickAsync();
        await Assertions.Expect(organizer.Locator(".notice-success")).ToBeVisibleAsync();
        await CheckPageAsync(organizer, "results-published");

        // The public winners page.
        var visitor = await NewPageAsync();
        await visitor.GotoAsync($"{_site.BaseUrl}/lomba/{slug}/pemenang");
        await Assertions.Expect(visitor.Locator("main")).ToContainTextAsync("Juara 1");
        await Assertions.Expect(visitor.Locator("main")).ToContainTextAsync("Ayu");
        await CheckPageAsync(visitor, "winners");

        // Ayu's result email carries the judge's feedback and leads to her entries.
        var result = await _site.Smtp.WaitForMessageAsync(emails.Of(Ayu), m => m.TextBody?.Contains(_ayuCode, StringComparison.Ordinal) == true && m.TextBody.Contains("/pemenang", StringComparison.Ordinal));
        Assert.Contains(_ayuCode, result.TextBody, StringComparison.Ordinal);
        Assert.Contains(_feedback[_ayuCode], result.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Dewi.Name, result.TextBody + result.HtmlBody, StringComparison.Ordinal);

        await student.GotoAsync(_site.BaseUrl + "/entries");
        await CheckPageAsync(student, "my-entries-results");
        var certificateLink = student.GetByRole(AriaRole.Link, new() { Name = $"Sertifikat prestasi ({Ayu.Name})" });
        var download = await student.RunAndWaitForDownloadAsync(() => certificateLink.ClickAsync());
        var pdfPath = Path.Combine(_site.DataDirectory, "certificate.pdf");
        await download.SaveAsAsync(pdfPath);
        using var pdf = PdfDocument.Open(pdfPath);
        var text = string.Join(" ", pdf.GetPages().Select(p => p.Text));
        Assert.Contains(Ayu.Name.Replace(" ", "", StringComparison.Ordinal), text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);

        // The QR code encodes the verification page; the same address is printed under it and is a link.
        var links = pdf.GetPages().SelectMany(p => p.GetHyperlinks()).Select(h => h.Uri).Where(u => u is not null).ToList();
        var verification = Assert.Single(links, u => u!.Contains("/sertifikat/", StringComparison.Ordinal))!;
        Assert.StartsWith(_site.BaseUrl, verification, StringComparison.Ordinal);
        var stranger = await NewPageAsync();
        await stranger.GotoAsync(verification);
        await Assertions.Expect(stranger.Locator("main")).ToContainTextAsync(Ayu.Name);
        await Assertions.Expect(stranger.Locator("main")).ToContainTextAsync(CompetitionTitle);
        await CheckPageAsync(stranger, "certificate-verification");
    }

    // ---- Helpers -----------------------------------------------------------------------------------------------

    private async Task<IPage> NewPageAsync()
    {
        var page = await browser.NewPageAsync(_viewport);
        _contexts.Add(page.Context);
        return page;
    }

    /// <summary>The checks every main page gets: no error page, no English left, no horizontal scrolling, axe; then a screenshot.</summary>
    private async Task CheckPageAsync(IPage page, string name, bool blind = false)
    {
        try
        {
            await page.WaitForFunctionAsync("() => document.readyState === 'complete'");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{name} ({page.Url}) did not finish loading", e);
        }

        await page.AssertNoErrorPageAsync();
        Assert.Equal("id", await page.GetAttributeAsync("html", "lang"));
        // Compared with the device's width: a phone browser widens its layout viewport to fit content that overflows.
        var width = await page.EvaluateAsync<int>("() => Math.max(document.documentElement.scrollWidth, window.innerWidth)");
        if (width > _viewport.Width)
        {
            var culprits = await page.EvaluateAsync<string[]>(
                """
                w => [...document.querySelectorAll('body *')]
                  .filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest('.skip-link')
                    && !(e.parentElement && e.parentElement.getBoundingClientRect().right >= e.getBoundingClientRect().right))
                  .slice(0, 8).concat((() => {
                    const out = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                    for (let n = walker.nextNode(); n && out.length < 5; n = walker.nextNode()) {
                      const r = document.createRange(); r.selectNodeContents(n);
                      const b = r.getBoundingClientRect();
                      if (b.right > w + 1 && !n.parentElement.closest('.table-wrap, .skip-link')) out.push('text in ' + n.parentElement.tagName + ' "' + n.textContent.trim().slice(0, 40) + '" right=' + Math.round(b.right));
                    }
                    const base = document.documentElement.scrollWidth, fixers = [];
                    for (const e of document.querySelectorAll('body *')) {
                      const old = e.style.display; e.style.display = 'none';
                      if (document.documentElement.scrollWidth < base) fixers.push(e);
                      e.style.display = old;
                    }
                    const deepest = fixers.filter(f => !fixers.some(g => g !== f && f.contains(g)));
                    return out.concat(deepest.slice(0, 3).map(e => 'hiding fixes: ' + e.tagName.toLowerCase() + '.' + String(e.className).replace(/ /g, '.') + ' ' + e.outerHTML.slice(0, 120)));
                  })())
                  .map(e => typeof e === 'string' ? e : e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).replace(/ /g, '.') : '') + ' right=' + Math.round(e.getBoundingClientRect().right))
                """, _viewport.Width);
            Assert.Fail($"{name} scrolls sideways on a {_viewport.Name}: {width} > {_viewport.Width} px; wide: {string.Join(", ", culprits)}");
        }
        if (blind)
        {
            AssertNoStudentIdentity(await page.ContentAsync(), name);
        }

        // A field marked invalid points at a message that says what is wrong.
        var untied = await page.EvaluateAsync<string[]>(
            """
            () => [...document.querySelectorAll('[aria-invalid="true"]')]
              .filter(f => !(f.getAttribute('aria-describedby') || '').split(' ')
                .some(id => id.endsWith('-error') && document.getElementById(id) && document.getElementById(id).textContent.trim()))
              .map(f => f.id || f.name)
            """);
        Assert.True(untied.Length == 0, $"{name}: invalid fields without a message tied to them: {string.Join(", ", untied)}");

        await page.AssertAccessibleAsync(name);
        await page.ScreenshotAsync(_viewport, $"{++_step:00}-{name}");
    }

    private static void AssertNoStudentIdentity(string text, string where)
    {
        foreach (var secret in new[] { Ayu.Name, AyuSchool, PupilSchool, Teacher.Name, Guardian.Name }.Concat(PupilNames)
                     .Concat(new[] { Ayu, Teacher, Guardian }.Select(p => p.Handle + "-")))
        {
            Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"'{secret}' appears on the judge's {where}");
        }

        foreach (var first in new[] { "Ayu", "Raka", "Sinta", "Kirana", "Maharani" })
        {
            Assert.False(Regex.IsMatch(text, $@"\b{first}\b"), $"'{first}' appears on the judge's {where}");
        }
    }

    private async Task RegisterAsync(IPage page, Person person, string email, bool guardian)
    {
        await page.GetByLabel(guardian ? "Saya orang tua atau guru (pendamping)" : "Saya siswa (SD, SMP, SMA/SMK)").CheckAsync();
        await page.GetByLabel("Nama lengkap").FillAsync(person.Name);
        await page.GetByLabel("Alamat email").FillAsync(email);
        await page.GetByLabel("Kata sandi", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Ulangi kata sandi").FillAsync(Password);
        await page.Locator("#AcceptPrivacy").CheckAsync();
        await CheckPageAsync(page, guardian ? "register-guardian" : "register");
        await page.GetByRole(AriaRole.Button, new() { Name = "Buat akun" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Periksa email Anda");
    }

    private async Task LogInAsync(IPage page, string email)
    {
        if (!page.Url.Contains("/account/login", StringComparison.Ordinal))
        {
            await page.GotoAsync(_site.BaseUrl + "/account/login");
        }

        await page.GetByLabel("Alamat email").FillAsync(email);
        await page.GetByLabel("Kata sandi").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk" }).Last.ClickAsync();
        await Assertions.Expect(page.Locator("header")).ToContainTextAsync("Keluar");
    }

    private static async Task FillProfileAsync(IPage page, string name, DateTime born, string school, int grade, string regency)
    {
        await page.Locator("#FullName").FillAsync(name);
        await page.Locator("#DateOfBirth").FillAsync(born.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.Locator("#SchoolName").FillAsync(school);
        await page.Locator("#Level-SMP").CheckAsync();
        await page.Locator("#Grade").SelectOptionAsync(grade.ToString(CultureInfo.InvariantCulture));
        await page.Locator("#Province").SelectOptionAsync("Banten");
        await page.Locator("#Regency").FillAsync(regency);
    }

    private async Task UploadPosterAsync(IPage page, string fileName, int colour)
    {
        var path = Path.Combine(_site.DataDirectory, fileName);
        await File.WriteAllBytesAsync(path, Poster(colour));
        await page.GetByLabel("Pilih file untuk diunggah").SetInputFilesAsync(path);
        var progress = page.Locator("[data-upload] progress");
        await Assertions.Expect(page.Locator("[data-upload-status]")).ToContainTextAsync("Terunggah", new() { Timeout = 60_000 });
        await Assertions.Expect(progress).ToHaveAttributeAsync("aria-valuenow", "100");
    }

    private static async Task SubmitEntryAsync(IPage page)
    {
        await page.GetByLabel("Saya berjanji").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim karya" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice-success")).ToContainTextAsync("Karya Anda terkirim");
    }

    /// <summary>A poster-like PNG (about 0.5 MB): a coloured background, a light band and a sun.</summary>
    private static byte[] Poster(int colour) => TestImages.Png(480, 640, (x, y) =>
    {
        var (r, g, b) = ((byte)(colour >> 16), (byte)(colour >> 8), (byte)colour);
        var dx = x - 240;
        var dy = y - 220;
        if (dx * dx + dy * dy < 90 * 90)
        {
            return (255, 213, 79, 255);
        }

        if (y is > 440 and < 520)
        {
            return (250, 250, 250, 255);
        }

        var shade = (byte)((x * 7 + y * 3) % 23);
        return ((byte)Math.Max(0, r - shade), (byte)Math.Max(0, g - shade), (byte)Math.Max(0, b - shade), 255);
    });

    private async Task<string> LinkFromMailAsync(string to, string path)
    {
        var mail = await _site.Smtp.WaitForMessageAsync(to, m => (m.HtmlBody ?? m.TextBody ?? "").Contains(_site.BaseUrl + path, StringComparison.Ordinal));
        return LinkIn(mail, _site.BaseUrl + path);
    }

    private static string LinkIn(MimeMessage mail, string prefix)
    {
        var body = mail.TextBody ?? mail.HtmlBody ?? "";
        var start = body.IndexOf(prefix, StringComparison.Ordinal);
        Assert.True(start >= 0, $"No link to {prefix} in: {body}");
        var end = start;
        while (end < body.Length && !char.IsWhiteSpace(body[end]) && body[end] is not ('"' or '<' or '>' or ')'))
        {
            end++;
        }

        return body[start..end].Replace("&amp;", "&", StringComparison.Ordinal);
    }

    private async Task<string> CompetitionSlugAsync(IPage organizer, int competitionId)
    {
        await organizer.GotoAsync($"{_site.BaseUrl}/admin/competitions/{competitionId}");
        var href = await organizer.Locator("a[href^='/lomba/']").First.GetAttributeAsync("href");
        return href!.Split('/')[2];
    }

    private static async Task<string> WaitForAsync(Func<string?> read)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until)
        {
            if (read() is { } value)
            {
                return value;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("Not found in the site's log.");
    }

    private static string Wib(DateTime utc) => utc.AddHours(7).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        // The site's log next to the screenshots, to read when a step fails.
        Directory.CreateDirectory(BrowserFixture.ArtifactsDirectory);
        File.WriteAllLines(Path.Combine(BrowserFixture.ArtifactsDirectory, $"journey-{_viewport.Name}.log"), _site.Logs);
        foreach (var context in _contexts)
        {
            context.CloseAsync().GetAwaiter().GetResult();
        }

        _site.Dispose();
    }

    [GeneratedRegex(@"K-[A-Z0-9]{4,}")]
    private static partial Regex EntryCode();

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/setup\?token=[^\s""]+")]
    private static partial Regex SetupLink();

    private sealed record Person(string Name, string Handle);

    private sealed class Emails(string run)
    {
        public string Of(Person person) => $"{person.Handle}-{run}@example.test";
    }
}
