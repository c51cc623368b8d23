using System.Globalization;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Results;
using CompetitionSite.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Admin;

/// <summary>The organizers' start page: numbers per competition; and each competition's statistics by region and school.</summary>
[Route("admin")]
[Authorize(Policy = Roles.Organizer)]
public sealed class AdminController(Dashboard dashboard, IStringLocalizer<AdminText> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index() => View(await dashboard.LoadAsync(HttpContext.RequestAborted));

    [HttpGet("competitions/{id:int}/statistics")]
    public async Task<IActionResult> Statistics(int id)
    {
        var page = await dashboard.StatisticsAsync(id, HttpContext.RequestAborted);
        return page is null ? NotFound() : View(page);
    }

    /// <summary>The school standing as CSV: place, school, regency, participants, entries, awards per tier, special awards.</summary>
    [HttpGet("competitions/{id:int}/statistics/schools.csv")]
    public async Task<IActionResult> SchoolsCsv(int id)
    {
        var page = await dashboard.StatisticsAsync(id, HttpContext.RequestAborted);
        if (page is null)
        {
            return NotFound();
        }

        return await Csv($"sekolah-{id}.csv", page, page.Schools.Select(s => (s.Place, s.Tally)), [t["Place"].Value, t["School"].Value, t["Regency or city"].Value]);
    }

    /// <summary>Participation and winners per regency or city, as CSV.</summary>
    [HttpGet("competitions/{id:int}/statistics/regencies.csv")]
    public async Task<IActionResult> RegenciesCsv(int id)
    {
        var page = await dashboard.StatisticsAsync(id, HttpContext.RequestAborted);
        if (page is null)
        {
            return NotFound();
        }

        return await Csv($"kabupaten-kota-{id}.csv", page, page.Regencies.Select(r => ((int?)null, r)), [t["Regency or city"].Value, t["Province"].Value], withPlace: false);
    }

    private async Task<IActionResult> Csv(string name, StatisticsPage page, IEnumerable<(int? Place, StandingTally Tally)> rows, string[] leading, bool withPlace = true)
    {
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = name }.ToString();
        Response.Headers.CacheControl = "private, no-store";
        var ct = HttpContext.RequestAborted;
        await using var csv = new CsvWriter(Response.Body, CultureInfo.CurrentUICulture);
        await csv.RowAsync([.. leading, t["Participants"].Value, t["Entries"].Value, .. page.TierNames, t["Special awards"].Value], ct);
        foreach (var (place, tally) in rows)
        {
            var first = withPlace
                ? new[] { place is { } p ? csv.Number(p) : "", tally.Name, tally.Region }
                : [tally.Name, tally.Region];
            await csv.RowAsync([
                .. first,
                csv.Number(tally.Participants),
                csv.Number(tally.Entries),
                .. tally.RankedAwards.Select(n => csv.Number(n)),
                csv.Number(tally.SpecialAwards),
            ], ct);
        }

        return new EmptyResult();
    }
}
