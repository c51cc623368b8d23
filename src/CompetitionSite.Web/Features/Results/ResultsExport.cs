using System.Globalization;
using ClosedXML.Excel;
using CompetitionSite.Web.Domain.Results;
using CompetitionSite.Web.Features.Shared;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Results;

/// <summary>A cell of the export: text, or a number that spreadsheets keep as a number.</summary>
public readonly record struct ExportCell(string? Text, double? Number = null)
{
    public static implicit operator ExportCell(string? text) => new(text);

    public static ExportCell Of(double? value) => new(null, value is { } v ? Math.Round(v, 2) : null);

    public override string ToString() => Number is { } n ? n.ToString("0.00", CultureInfo.InvariantCulture) : Text ?? "";
}

/// <summary>
/// The final ranking as a table: one row per entry with both scores, each judge's total and each criterion's mean
/// points. CSV (<see cref="CsvWriter"/>: every category in one table, columns for every judge and criterion of the
/// competition) and XLSX (one sheet per category, written with ClosedXML).
/// </summary>
public sealed class ResultsExport(IStringLocalizer<ResultsText> t)
{
    public (List<string> Headers, List<List<ExportCell>> Rows) Table(CompetitionResults results, IReadOnlyList<CategoryRanking> categories)
    {
        var judges = categories.SelectMany(c => c.Judges).DistinctBy(j => j.UserId).ToList();
        var criteria = categories.SelectMany(c => c.Criteria).Select(c => (c.Name, c.MaxPoints)).Distinct().ToList();
        var headers = new List<string>
        {
            t["Category"], t["Place"], t["Shared place"], t["Entry code"], t["Title"], t["Participants"], t["School"],
            t["Score (raw)"], t["Score (normalised)"], ScoreUsedHeader(results.Mode), t["Scores"], t["Complete"], t["Excused"], t["Award"],
        };
        headers.AddRange(judges.Select(j => t["Total: {0}", j.Name].Value));
        headers.AddRange(criteria.Select(c => t["Mean: {0} (0–{1})", c.Name, c.MaxPoints].Value));

        var rows = new List<List<ExportCell>>();
        foreach (var category in categories)
        {
            foreach (var r in category.Rows)
            {
                var row = new List<ExportCell>
                {
                    category.Name,
                    r.IsPlaced ? r.Ranked.Place.ToString(CultureInfo.InvariantCulture) : "",
                    r.Ranked.SharesPlace ? t["yes"].Value : "",
                    r.Code,
                    r.Title,
                    r.Names,
                    r.Schools,
                    ExportCell.Of(r.Ranked.Score),
                    ExportCell.Of(r.Ranked.NormalizedScore),
                    ExportCell.Of(r.ScoreIn(results.Mode)),
                    r.Ranked.ScoreCount.ToString(CultureInfo.InvariantCulture),
                    r.Ranked.IsComplete ? t["yes"].Value : t["no"].Value,
                    r.Ranked.IsExcused ? t["yes"].Value : "",
                    string.Join(", ", PublishResults.AwardNames(category, r.EntryId)),
                };
                row.AddRange(judges.Select(j => r.Ranked.JudgeTotals.TryGetValue(j.UserId, out var total) ? ExportCell.Of(total) : new ExportCell("")));
                row.AddRange(criteria.Select(c =>
                {
                    var index = category.Criteria.ToList().FindIndex(x => x.Name == c.Name && x.MaxPoints == c.MaxPoints);
                    return index >= 0 && index < r.Ranked.CriterionMeans.Count && r.Ranked.ScoreCount > 0
                        ? ExportCell.Of(r.Ranked.CriterionMeans[index] * c.MaxPoints)
                        : new ExportCell("");
                }));
                rows.Add(row);
            }
        }

        return (headers, rows);
    }

    /// <summary>The table as CSV in the current UI culture (headers, separator, decimals: <see cref="CsvWriter"/>).</summary>
    public async Task WriteCsvAsync(CompetitionResults results, Stream output, CancellationToken ct)
    {
        var (headers, rows) = Table(results, results.Categories);
        await using var csv = new CsvWriter(output, CultureInfo.CurrentUICulture);
        await csv.RowAsync(headers, ct);
        foreach (var row in rows)
        {
            await csv.RowAsync(row.Select(c => c.Number is { } n ? csv.Number(n) : c.Text), ct);
        }
    }

    public byte[] Xlsx(CompetitionResults results)
    {
        using var workbook = new XLWorkbook();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var category in results.Categories)
        {
            var sheet = workbook.Worksheets.Add(SheetName(category.Name, used));
            var (headers, rows) = Table(results, [category]);
            for (var i = 0; i < headers.Count; i++)
            {
                sheet.Cell(1, i + 1).Value = headers[i];
                sheet.Cell(1, i + 1).Style.Font.Bold = true;
                sheet.Column(i + 1).Width = Math.Clamp(headers[i].Length + 2, 8, 40);
            }

            for (var r = 0; r < rows.Count; r++)
            {
                for (var i = 0; i < rows[r].Count; i++)
                {
                    var cell = sheet.Cell(r + 2, i + 1);
                    if (rows[r][i].Number is { } n)
                    {
                        cell.Value = n;
                        cell.Style.NumberFormat.Format = "0.00";
                    }
                    else
                    {
                        // As text, so a spreadsheet never reads a name as a formula or a code as a number.
                        cell.SetValue(rows[r][i].Text ?? "");
                        cell.DataType = XLDataType.Text;
                    }
                }
            }

            sheet.SheetView.FreezeRows(1);
        }

        if (results.Categories.Count == 0)
        {
            workbook.Worksheets.Add(t["Ranking"]);
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    // Whole headers as keys: the English keys are also the English text, and "raw"/"normalised" alone clashed with "Raw"/"Normalised" in the resx.
    public string ScoreUsedHeader(RankingMode mode) => mode == RankingMode.Normalized ? t["Score used (normalised)"] : t["Score used (raw)"];

    /// <summary>Excel's rules: at most 31 characters, none of : \ / ? * [ ], unique in the workbook.</summary>
    private static string SheetName(string name, HashSet<string> used)
    {
        var clean = new string(name.Select(ch => ":\\/?*[]".Contains(ch) ? '-' : ch).ToArray()).Trim();
        if (clean.Length == 0)
        {
            clean = "Kategori";
        }

        clean = clean[..Math.Min(clean.Length, 31)];
        var candidate = clean;
        for (var n = 2; !used.Add(candidate); n++)
        {
            var suffix = " (" + n.ToString(CultureInfo.InvariantCulture) + ")";
            candidate = clean[..Math.Min(clean.Length, 31 - suffix.Length)] + suffix;
        }

        return candidate;
    }
}
