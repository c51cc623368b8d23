using System.Text.Json;
using CompetitionSite.Web.Features.Results;

namespace CompetitionSite.Tests.Results;

/// <summary>
/// The ranking reads each scorecard's criterion shares from SQLite's text column (EF's JSON array) in place; every
/// number must come back as exactly the double that was stored.
/// </summary>
[Trait("Category", "Unit")]
public sealed class StoredSharesTests
{
    [Fact]
    public void Every_share_written_as_json_reads_back_as_the_same_double()
    {
        var shares = new List<double> { 0, 1, 0.5, 2.0 / 3, 1.0 / 3, 0.1, 7.0 / 9, 1e-7, 0.30000000000000004, double.Epsilon };
        for (var max = 1; max <= 100; max++)
        {
            for (var points = 0; points <= max; points++)
            {
                shares.Add((double)points / max);
            }
        }

        var read = new List<double>();
        ResultsQueries.ReadNumbers(JsonSerializer.Serialize(shares), read);

        Assert.Equal(shares.Count, read.Count);
        for (var i = 0; i < shares.Count; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(shares[i]), BitConverter.DoubleToInt64Bits(read[i]));
        }
    }

    [Theory]
    [InlineData("[]", 0)]
    [InlineData(" [ ] ", 0)]
    [InlineData("[0.25]", 1)]
    [InlineData("[ 0.25 , 1 ,0 ]", 3)]
    public void Empty_and_spaced_arrays_read_as_written(string json, int count)
    {
        var read = new List<double>();
        ResultsQueries.ReadNumbers(json, read);
        Assert.Equal(count, read.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0.5")]
    [InlineData("[0.5")]
    [InlineData("[0.5,]")]
    [InlineData("[\"0.5\"]")]
    [InlineData("[[0.5]]")]
    public void Anything_but_a_flat_array_of_numbers_is_refused(string json) =>
        Assert.Throws<FormatException>(() => ResultsQueries.ReadNumbers(json, []));
}
