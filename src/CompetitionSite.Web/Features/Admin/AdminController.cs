using System.Globalization;
using System.Text;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Results;
using CompetitionSite.Web.Features.Entries;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Admin;

/// <summary>The organizers' start page: numbers per competition; and each competition's statistics by region and school.</summary>
[Route("admin")]
[Authorize(Policy = Roles.Organizer)]
public sealed class AdminController(Dashboard dashboard, IStringLocalizer<Text> t) : Controller
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

        return Csv($"sekolah-{id}.csv", page, page.Schools.Select(s => (s.Place, s.Tally)), [t["Place"].Value, t["School"].Value, t["Regency or city"].Value]);
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

        return Csv($"kabupaten-kota-{id}.csv", page, page.Regencies.Select(r => ((int?)null, r)), [t["Regency or city"].Value, t["Province"].Value], withPlace: false);
    }

    // A few hundred rows at most: written to memory, then sent (no synchronous writes to the response).
    private FileContentResult Csv(string name, StatisticsPage page, IEnumerable<(int? Place, StandingTally Tally)> rows, string[] leading, bool withPlace = true)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        var csv = new CsvWriter(text);
        csv.Row([.. leading, t["Participants"].Value, t["Entries"].Value, .. page.TierNames, t["Special awards"].Value]);
        foreach (var (place, tally) in rows)
        {
            var first = withPlace
                ? new[] { place?.ToString(CultureInfo.InvariantCulture) ?? "", tally.Name, tally.Region }
                : [tally.Name, tally.Region];
            csv.Row([
                .. first,
                tally.Participants.ToString(CultureInfo.InvariantCulture),
                tally.Entries.ToString(CultureInfo.InvariantCulture),
                .. tally.RankedAwards.Select(n => n.ToString(CultureInfo.InvariantCulture)),
                tally.SpecialAwards.ToString(CultureInfo.InvariantCulture),
            ]);
        }

        return File(CsvWriter.Encoding.GetPreamble().Concat(CsvWriter.Encoding.GetBytes(text.ToString())).ToArray(), "text/csv; charset=utf-8", name);
    }
}
