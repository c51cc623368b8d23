using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Competitions;

public sealed class CategoryAndRubricTests(CompetitionSiteFactory site) : IClassFixture<CompetitionSiteFactory>
{
    private Task<HttpClient> OrganizerAsync() => site.LoggedInAsAsync(Support.Accounts.NewEmail("panitia"), Roles.Organizer);

    private Task<int> CategoryCountAsync(int competitionId) => site.WithDbAsync(db => db.Categories.CountAsync(x => x.CompetitionId == competitionId));

    [Fact]
    public async Task A_new_category_starts_with_Juara_and_Harapan_awards_and_can_share_the_competitions_rubric()
    {
        var c = await site.SeedAsync(CompetitionStage.Draft);
        var rubricId = c.Rubrics[0].Id;
        var client = await OrganizerAsync();

        var (_, form) = await client.GetPageAsync($"/admin/competitions/{c.Id}/categories/new");
        Assert.Equal("Juara 1", form.GetElementById("Tiers_0__Name")!.GetAttribute("value"));
        Assert.Equal("Harapan 3", form.GetElementById("Tiers_5__Name")!.GetAttribute("value"));

        var response = await client.SubmitFormAsync($"/admin/competitions/{c.Id}/categories/new", new Dictionary<string, string>
        {
            ["Name"] = "Video Pendek SMP",
            ["OpenToAll"] = "false",
            ["LevelSMP"] = "true",
            ["MinGrade"] = "7",
            ["MaxGrade"] = "9",
            ["Kind"] = "Video",
            ["Extensions"] = ".mp4",
            ["MaxFileSizeMb"] = "200",
            ["IsTeam"] = "true",
            ["MinTeamSize"] = "2",
            ["MaxTeamSize"] = "3",
            ["Tiers[6].Name"] = "Juara Favorit",
            ["Tiers[6].IsSpecial"] = "true",
            ["RubricId"] = rubricId.ToString(),
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = (await site.LoadAsync(c.Id)).Categories.Single(x => x.Name == "Video Pendek SMP");
        Assert.Equal(SchoolLevels.SMP, saved.Levels);
        Assert.Equal(".mp4", saved.AllowedExtensions);
        Assert.Equal((2, 3), (saved.MinTeamSize, saved.MaxTeamSize));
        Assert.Equal(rubricId, saved.RubricId);
        Assert.Equal(["Juara 1", "Juara 2", "Juara 3", "Harapan 1", "Harapan 2", "Harapan 3", "Juara Favorit"],
            saved.AwardTiers.OrderBy(t => t.Order).Select(t => t.Name));
        Assert.True(saved.AwardTiers.Single(t => t.Name == "Juara Favorit").IsSpecial);
        Assert.True(await site.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.CompetitionId == c.Id && e.Action == "category.created")));
    }

    public static TheoryData<string, string, string, string> BadCategoryInput() => new()
    {
        { "MaxFileSizeMb", "-5", "MaxFileSizeMb", "Ukuran file maksimum harus antara 1 dan 1024 MB." },
        { "MaxFileSizeMb", "2048", "MaxFileSizeMb", "Ukuran file maksimum harus antara 1 dan 1024 MB." },
        { "MaxFilesPerEntry", "0", "MaxFilesPerEntry", "Satu karya boleh berisi 1 sampai 10 file." },
        { "Extensions", ".exe", "Extensions", "Jenis file tidak dikenal: .exe." },
        { "Extensions", ".mp4", "Extensions", "Jenis file .mp4 tidak sesuai dengan jenis karya ini." },
        { "Name", "poster sd", "Name", "Lomba ini sudah punya kategori dengan nama ini." },
        { "MinGrade", "13", "MinGrade", "Kelas harus antara 1 dan 12." },
        { "OpenToAll", "false", "OpenToAll", "Pilih paling sedikit satu jenjang sekolah, atau buka kategori untuk semua jenjang." },
    };

    [Theory]
    [MemberData(nameof(BadCategoryInput))]
    public async Task Bad_category_input_is_refused_next_to_the_field_and_nothing_is_saved(string field, string value, string errorField, string message)
    {
        var c = await site.SeedAsync(CompetitionStage.Draft);
        var client = await OrganizerAsync();
        var values = new Dictionary<string, string> { ["Name"] = "Infografis", [field] = value };
        var before = await CategoryCountAsync(c.Id);

        var response = await client.SubmitFormAsync($"/admin/competitions/{c.Id}/categories/new", values);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(message, (await response.PageAsync()).FieldError(errorField));
        Assert.Equal(before, await CategoryCountAsync(c.Id));
    }

    [Fact]
    public async Task A_grade_range_that_leaves_out_a_chosen_level_is_refused()
    {
        var c = await site.SeedAsync(CompetitionStage.Draft);
        var client = await OrganizerAsync();

        var response = await client.SubmitFormAsync($"/admin/competitions/{c.Id}/categories/new", new Dictionary<string, string>
        {
            ["Name"] = "Esai", ["OpenToAll"] = "false", ["LevelSD"] = "true", ["MinGrade"] = "10", ["MaxGrade"] = "12",
        });

        Assert.Equal("Kelas 10–12 tidak mencakup siswa SD (kelas 1–6).", (await response.PageAsync()).FieldError("MinGrade"));
        Assert.Equal(1, await CategoryCountAsync(c.Id));
    }

    [Fact]
    public async Task Organizer_creates_a_rubric_and_sees_weights_as_percentages()
    {
        var c = await site.SeedAsync(CompetitionStage.Draft, withCategory: false);
        var client = await OrganizerAsync();

        var response = await client.SubmitFormAsync($"/admin/competitions/{c.Id}/rubrics/new", new Dictionary<string, string>
        {
            ["Name"] = "Rubrik Video",
            ["Criteria[0].Name"] = "Cerita", ["Criteria[0].Weight"] = "1", ["Criteria[0].MaxPoints"] = "10",
            ["Criteria[1].Name"] = "Gambar", ["Criteria[1].Weight"] = "1", ["Criteria[1].MaxPoints"] = "10",
            ["Criteria[2].Name"] = "Suara", ["Criteria[2].Weight"] = "1", ["Criteria[2].MaxPoints"] = "5",
            ["Criteria[3].Name"] = "", ["Criteria[3].Weight"] = "1",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var rubric = Assert.Single((await site.LoadAsync(c.Id)).Rubrics);
        Assert.Equal(["Cerita", "Gambar", "Suara"], rubric.Criteria.OrderBy(x => x.Order).Select(x => x.Name));
        var (_, details) = await client.GetPageAsync($"/admin/competitions/{c.Id}");
        Assert.Contains("Cerita — 33,4% dari nilai, maksimum 10 poin", details.MainText());
        Assert.Contains("Suara — 33,3% dari nilai, maksimum 5 poin", details.MainText());
    }

    [Fact]
    public async Task A_criterion_row_cleared_completely_is_left_out_instead_of_blocking_the_form()
    {
        var c = await site.SeedAsync(CompetitionStage.Draft, withCategory: false);
        var client = await OrganizerAsync();

        // The new-rubric form offers four suggested criteria; the organizer keeps three and empties every field of the fourth.
        var (_, form) = await client.GetPageAsync($"/admin/competitions/{c.Id}/rubrics/new");
        Assert.Contains("30% dari nilai", form.MainText()); // 30 of 30+25+25+20: the spare blank row counts for nothing

        var response = await client.SubmitFormAsync($"/admin/competitions/{c.Id}/rubrics/new", new Dictionary<string, string>
        {
            ["Name"] = "Rubrik Poster",
            ["Criteria[0].Name"] = "Ide", ["Criteria[0].Weight"] = "40", ["Criteria[0].MaxPoints"] = "10",
            ["Criteria[1].Name"] = "Pesan", ["Criteria[1].Weight"] = "30", ["Criteria[1].MaxPoints"] = "10",
            ["Criteria[2].Name"] = "Teknik", ["Criteria[2].Weight"] = "30", ["Criteria[2].MaxPoints"] = "10",
            ["Criteria[3].Name"] = "", ["Criteria[3].Description"] = "", ["Criteria[3].Weight"] = "", ["Criteria[3].MaxPoints"] = "",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var rubric = Assert.Single((await site.LoadAsync(c.Id)).Rubrics);
        Assert.Equal(["Ide", "Pesan", "Teknik"], rubric.Criteria.OrderBy(x => x.Order).Select(x => x.Name));
    }

    [Fact]
    public async Task An_emptied_number_field_says_to_fill_it_in()
    {
        var c = await site.SeedAsync(CompetitionStage.Draft, withCategory: false);
        var client = await OrganizerAsync();

        var response = await client.SubmitFormAsync($"/admin/competitions/{c.Id}/rubrics/new", new Dictionary<string, string>
        {
            ["Name"] = "Rubrik Poster",
            ["Criteria[0].Name"] = "Ide", ["Criteria[0].Weight"] = "", ["Criteria[0].MaxPoints"] = "10",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Isi kolom ini.", (await response.PageAsync()).FieldError("Criteria[0].Weight"));
        Assert.Empty((await site.LoadAsync(c.Id)).Rubrics);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    public async Task Zero_or_negative_weights_are_refused_and_nothing_is_saved(string weight)
    {
        var c = await site.SeedAsync(CompetitionStage.Draft, withCategory: false);
        var client = await OrganizerAsync();

        var response = await client.SubmitFormAsync($"/admin/competitions/{c.Id}/rubrics/new", new Dictionary<string, string>
        {
            ["Name"] = "Rubrik Salah",
            ["Criteria[0].Name"] = "Ide", ["Criteria[0].Weight"] = "3",
            ["Criteria[1].Name"] = "Teknik", ["Criteria[1].Weight"] = weight,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bobot harus lebih dari nol.", (await response.PageAsync()).FieldError("Criteria[1].Weight"));
        Assert.Empty((await site.LoadAsync(c.Id)).Rubrics);
    }

    [Fact]
    public async Task Moving_a_criterion_up_reorders_the_form_without_saving()
    {
        var c = await site.SeedAsync(CompetitionStage.Draft);
        var rubric = c.Rubrics[0];
        var client = await OrganizerAsync();

        var response = await client.SubmitFormAsync($"/admin/competitions/{c.Id}/rubrics/{rubric.Id}/edit", new Dictionary<string, string> { ["Command"] = "up-1" });

        var page = await response.PageAsync();
        Assert.Equal("Teknik", page.GetElementById("Criteria_0__Name")!.GetAttribute("value"));
        Assert.Equal("Ide", page.GetElementById("Criteria_1__Name")!.GetAttribute("value"));
        Assert.Equal(["Ide", "Teknik"], (await site.LoadAsync(c.Id)).Rubrics[0].Criteria.OrderBy(x => x.Order).Select(x => x.Name));

        var save = await client.SubmitFormAsync($"/admin/competitions/{c.Id}/rubrics/{rubric.Id}/edit", new Dictionary<string, string>
        {
            ["Criteria[0].Id"] = rubric.Criteria[1].Id.ToString(), ["Criteria[0].Name"] = "Teknik", ["Criteria[0].Weight"] = "60",
            ["Criteria[1].Id"] = rubric.Criteria[0].Id.ToString(), ["Criteria[1].Name"] = "Ide", ["Criteria[1].Weight"] = "40",
        });
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        Assert.Equal(["Teknik", "Ide"], (await site.LoadAsync(c.Id)).Rubrics[0].Criteria.OrderBy(x => x.Order).Select(x => x.Name));
    }

    [Fact]
    public async Task A_rubric_in_use_cannot_be_edited_once_judging_has_started()
    {
        var now = site.Clock.UtcNow;
        var c = await site.SeedAsync(CompetitionStage.Live, x =>
        {
            x.OpensAt = now.AddDays(-20);
            x.SubmissionClosesAt = now.AddDays(-1);
        });
        var rubric = c.Rubrics[0];
        var client = await OrganizerAsync();

        var (_, form) = await client.GetPageAsync($"/admin/competitions/{c.Id}/rubrics/{rubric.Id}/edit");
        Assert.Contains("Rubrik ini tidak bisa diubah lagi: penjurian sudah dimulai", form.MainText());

        var response = await client.PostWithTokenAsync($"/admin/competitions/{c.Id}/rubrics/{rubric.Id}/edit", $"/admin/competitions/{c.Id}/rubrics/{rubric.Id}/edit",
            new Dictionary<string, string>
            {
                ["Name"] = "Rubrik Poster", ["Criteria[0].Name"] = "Ide", ["Criteria[0].Weight"] = "90", ["Criteria[0].MaxPoints"] = "10",
            });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("penjurian sudah dimulai", (await response.PageAsync()).QuerySelector("#form-errors")!.TextContent);
        var criteria = (await site.LoadAsync(c.Id)).Rubrics[0].Criteria.OrderBy(x => x.Order).ToList();
        Assert.Equal([40, 60], criteria.Select(x => x.Weight));
    }
}
