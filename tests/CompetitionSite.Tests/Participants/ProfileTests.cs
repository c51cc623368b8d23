using System.Net;
using CompetitionSite.Tests.Support;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Participants;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Tests.Participants;

public sealed class ProfileTests(ParticipantsSite site) : IClassFixture<ParticipantsSite>
{
    [Fact]
    public async Task Student_saves_a_profile_and_sees_it_again()
    {
        var email = Support.Accounts.NewEmail("siswa");
        var client = await site.LoggedInAsAsync(email, Roles.Student);

        var saved = await client.SubmitFormAsync("/participant/profile", ParticipantsKit.Profile(fullName: "  Ayu   Lestari "));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var profile = await site.ProfileOfAsync(email);
        Assert.NotNull(profile);
        Assert.Equal("Ayu Lestari", profile.FullName);
        Assert.Equal(SchoolLevels.SMP, profile.Level);
        Assert.Equal(8, profile.Grade);
        Assert.Equal("Banten", profile.Province);
        Assert.Equal("Kota Serang", profile.Regency);
        Assert.Equal("20601234", profile.SchoolNpsn);
        Assert.Equal("081234567890", profile.Phone);
        Assert.Equal(PublicNameDisplay.FirstNameAndSchool, profile.PublicName);
        Assert.True(profile.AllowPublicPreview);

        var (_, page) = await client.GetPageAsync("/participant/profile");
        Assert.Contains("Profil peserta Anda sudah disimpan.", page.MainText());
        Assert.Equal("Ayu Lestari", page.QuerySelector("input[name=FullName]")!.GetAttribute("value"));
        Assert.Equal("8", page.QuerySelector("select[name=Grade] option[selected]")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector("input[name=Level][value=SMP][checked]"));

        // Saving again with one change updates the same profile.
        var changed = ParticipantsKit.Profile(fullName: "Ayu Lestari");
        changed["Grade"] = "9";
        changed["Phone"] = "";
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync("/participant/profile", changed)).StatusCode);
        var again = await site.ProfileOfAsync(email);
        Assert.Equal(profile.Id, again!.Id);
        Assert.Equal(9, again.Grade);
        Assert.Null(again.Phone);
    }

    [Fact]
    public async Task Form_offers_every_province_with_Banten_first_and_Bantens_regencies()
    {
        var client = await site.LoggedInAsAsync(Support.Accounts.NewEmail("siswa"), Roles.Student);

        var (_, page) = await client.GetPageAsync("/participant/profile");

        var provinces = page.QuerySelectorAll("select[name=Province] option").Select(o => o.GetAttribute("value")).Where(v => v != "").ToList();
        Assert.Equal(38, provinces.Count);
        Assert.Equal("Banten", provinces[0]);
        Assert.Equal(38, provinces.Distinct().Count());
        var regencies = page.QuerySelectorAll("datalist#banten-regencies option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Equal(
            ["Kabupaten Lebak", "Kabupaten Pandeglang", "Kabupaten Serang", "Kabupaten Tangerang", "Kota Cilegon", "Kota Serang", "Kota Tangerang", "Kota Tangerang Selatan"],
            regencies);
        Assert.Equal("banten-regencies", page.QuerySelector("input[name=Regency]")!.GetAttribute("list"));
        Assert.DoesNotContain("NIK", page.QuerySelectorAll("label").Select(l => l.TextContent));
    }

    [Fact]
    public async Task Other_provinces_take_any_regency_as_free_text()
    {
        var email = Support.Accounts.NewEmail("siswa");
        var client = await site.LoggedInAsAsync(email, Roles.Student);
        var values = ParticipantsKit.Profile();
        values["Province"] = "Jawa Barat";
        values["Regency"] = "Kabupaten Bandung Barat";

        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync("/participant/profile", values)).StatusCode);

        var profile = await site.ProfileOfAsync(email);
        Assert.Equal(("Jawa Barat", "Kabupaten Bandung Barat"), (profile!.Province, profile.Regency));
    }

    public static TheoryData<string, string, string> BadInput => new()
    {
        { "FullName", "", "Isi nama lengkap." },
        { "FullName", "Ayu 123", "Nama hanya boleh berisi huruf, spasi, dan tanda . , ' -" },
        { "DateOfBirth", "", "Isi tanggal lahir." },
        { "DateOfBirth", "bukan-tanggal", "tidak valid" },
        { "DateOfBirth", DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd"), "Tanggal lahir tidak boleh di masa depan." },
        { "DateOfBirth", "1960-01-01", "Periksa tanggal lahir: peserta berusia antara 5 dan 30 tahun." },
        { "SchoolName", "", "Isi nama sekolah." },
        { "SchoolNpsn", "1234567", "NPSN terdiri dari tepat 8 angka." },
        { "SchoolNpsn", "12345678a", "NPSN terdiri dari tepat 8 angka." },
        { "Level", "", "Pilih jenjang sekolah." },
        { "Level", "All", "Pilih jenjang sekolah." },
        { "Grade", "11", "Kelas 11 tidak ada di jenjang SMP: SD kelas 1–6, SMP kelas 7–9, SMA/SMK kelas 10–12." },
        { "Grade", "", "Pilih kelas." },
        { "Province", "Atlantis", "Pilih provinsi dari daftar." },
        { "Regency", "", "Isi kabupaten/kota." },
        { "Regency", "Kota Bandung", "Pilih salah satu kabupaten/kota di Banten dari daftar." },
        { "Phone", "12345", "Masukkan nomor telepon Indonesia, misalnya 0812 3456 7890." },
        { "Phone", "+1 415 555 0100", "Masukkan nomor telepon Indonesia, misalnya 0812 3456 7890." },
        { "PublicName", "Everything", "tidak valid" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_gets_a_clear_message_and_nothing_is_saved(string field, string value, string message)
    {
        var email = Support.Accounts.NewEmail("siswa");
        var client = await site.LoggedInAsAsync(email, Roles.Student);
        var values = ParticipantsKit.Profile();
        values[field] = value;

        var response = await client.SubmitFormAsync("/participant/profile", values);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, page.QuerySelector("#form-errors")!.TextContent);
        Assert.Equal("true", page.QuerySelector($"[name={field}]")!.GetAttribute("aria-invalid"));
        Assert.Null(await site.ProfileOfAsync(email));
    }

    [Fact]
    public async Task A_Banten_regency_under_another_province_is_refused_and_the_saved_profile_is_kept()
    {
        var email = Support.Accounts.NewEmail("siswa");
        var client = await site.LoggedInAsAsync(email, Roles.Student);
        await client.SubmitFormAsync("/participant/profile", ParticipantsKit.Profile());
        var values = ParticipantsKit.Profile(fullName: "Nama Baru");
        values["Province"] = "Jawa Barat";
        values["Regency"] = "kota tangerang";

        var response = await client.SubmitFormAsync("/participant/profile", values);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Kota Tangerang ada di Provinsi Banten.", (await response.Content.ReadAsStringAsync()));
        var profile = await site.ProfileOfAsync(email);
        Assert.Equal(("Ayu Lestari", "Banten", "Kota Serang"), (profile!.FullName, profile.Province, profile.Regency));
    }

    [Fact]
    public async Task Profile_form_ignores_an_id_or_user_in_the_post_and_edits_only_the_own_profile()
    {
        var otherEmail = Support.Accounts.NewEmail("lain");
        var other = await site.LoggedInAsAsync(otherEmail, Roles.Student);
        await other.SubmitFormAsync("/participant/profile", ParticipantsKit.Profile(fullName: "Budi Lain"));
        var otherProfile = await site.ProfileOfAsync(otherEmail);

        var email = Support.Accounts.NewEmail("siswa");
        var client = await site.LoggedInAsAsync(email, Roles.Student);
        var values = ParticipantsKit.Profile(fullName: "Penyusup");
        values["Id"] = otherProfile!.Id.ToString();
        values["UserId"] = (await site.DbAsync(db => db.Users.Where(u => u.Email == otherEmail).Select(u => u.Id).SingleAsync()));
        await client.SubmitFormAsync("/participant/profile", values);

        Assert.Equal("Budi Lain", (await site.ProfileOfAsync(otherEmail))!.FullName);
        Assert.Equal("Penyusup", (await site.ProfileOfAsync(email))!.FullName);
        var (_, page) = await client.GetPageAsync("/participant/profile");
        Assert.DoesNotContain("Budi Lain", page.MainText());
    }
}
