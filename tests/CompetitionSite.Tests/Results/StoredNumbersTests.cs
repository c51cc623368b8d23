using System.Text;
using System.Text.Json;
using CompetitionSite.Web.Data;

namespace CompetitionSite.Tests.Results;

/// <summary>
/// SQLite keeps each scorecard's criterion shares as one blob of doubles (<see cref="StoredNumbers"/>), which the
/// ranking reads without parsing; every number must come back as exactly the double that was stored, and a value
/// saved before as EF's JSON text must still read as the same doubles.
/// </summary>
[Trait("Category", "Unit")]
public sealed class StoredNumbersTests
{
    private static List<double> Shares()
    {
        var shares = new List<double> { 0, 1, 0.5, 2.0 / 3, 1.0 / 3, 0.1, 7.0 / 9, 1e-7, 0.30000000000000004, double.Epsilon };
        for (var max = 1; max <= 100; max++)
        {
            for (var points = 0; points <= max; points++)
            {
                shares.Add((double)points / max);
            }
        }

        return shares;
    }

    private static void AssertSameBits(IReadOnlyList<double> expected, IReadOnlyList<double> read)
    {
        Assert.Equal(expected.Count, read.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(read[i]));
        }
    }

    [Fact]
    public void Every_share_stored_as_bytes_reads_back_as_the_same_double()
    {
        var shares = Shares().ToArray();
        var bytes = StoredNumbers.ToBytes(shares);

        Assert.Equal(1 + 8 * shares.Length, bytes.Length);
        Assert.Equal(StoredNumbers.Format, bytes[0]);
        AssertSameBits(shares, StoredNumbers.FromBytes(bytes));
        AssertSameBits(shares, StoredNumbers.Read(bytes));
        Assert.Empty(StoredNumbers.FromBytes(StoredNumbers.ToBytes([])));
    }

    [Fact]
    public void Every_share_written_before_as_json_text_reads_back_as_the_same_double()
    {
        var shares = Shares();
        var json = JsonSerializer.Serialize(shares);

        AssertSameBits(shares, StoredNumbers.FromText(json));
        // SQLite gives a text value back as text, or as its UTF-8 bytes when the model asks for bytes.
        AssertSameBits(shares, StoredNumbers.Read(json));
        AssertSameBits(shares, StoredNumbers.FromBytes(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void A_postgresql_array_is_taken_as_it_is()
    {
        double[] shares = [0.25, 2.0 / 3];
        Assert.Same(shares, StoredNumbers.Read(shares));
    }

    [Theory]
    [InlineData("[]", 0)]
    [InlineData(" [ ] ", 0)]
    [InlineData("[0.25]", 1)]
    [InlineData("[ 0.25 , 1 ,0 ]", 3)]
    public void Empty_and_spaced_json_arrays_read_as_written(string json, int count) =>
        Assert.Equal(count, StoredNumbers.FromText(json).Length);

    [Theory]
    [InlineData("")]
    [InlineData("0.5")]
    [InlineData("[0.5")]
    [InlineData("[0.5,]")]
    [InlineData("[\"0.5\"]")]
    [InlineData("[[0.5]]")]
    public void Anything_but_a_flat_json_array_of_numbers_is_refused(string json) =>
        Assert.Throws<FormatException>(() => StoredNumbers.FromText(json));

    [Fact]
    public void Bytes_that_are_not_whole_doubles_or_another_type_are_refused()
    {
        Assert.Throws<FormatException>(() => StoredNumbers.FromBytes([StoredNumbers.Format, 0, 0, 0, 0, 0]));
        Assert.Throws<FormatException>(() => StoredNumbers.FromBytes([]));
        Assert.Throws<FormatException>(() => StoredNumbers.Read(42L));
    }
}
