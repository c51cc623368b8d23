using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CompetitionSite.Web.Data;

/// <summary>
/// How SQLite keeps a list of numbers (a scorecard's criterion shares): one blob, a format byte and then each number
/// as an IEEE 754 double of 8 bytes, little-endian. Exact, and read back without parsing: the ranking reads 30,000
/// scorecards of 6 shares for a 10,000-entry category, and as a JSON array of 17-digit decimals the parsing alone made
/// it slower than the ranking it replaced (bench/README.md, "Ranking"). PostgreSQL keeps the list as a
/// <c>double precision[]</c> and needs none of this.
/// <para>A value saved before this format (a JSON array of numbers, as text) is still read.</para>
/// </summary>
public static class StoredNumbers
{
    /// <summary>The first byte of the format. A JSON array starts with '[' or white space, never with this.</summary>
    public const byte Format = 1;

    public static readonly ValueConverter<double[], byte[]> Converter = new(v => ToBytes(v), v => FromBytes(v));

    /// <summary>Two lists are equal when they hold the same numbers in the same order (the array is copied on snapshot).</summary>
    public static readonly ValueComparer<double[]> Comparer = new(
        (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
        a => a.Aggregate(17, (hash, x) => HashCode.Combine(hash, x)),
        a => a.ToArray());

    public static byte[] ToBytes(double[] numbers)
    {
        var bytes = new byte[1 + numbers.Length * sizeof(double)];
        bytes[0] = Format;
        for (var i = 0; i < numbers.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(1 + i * sizeof(double)), numbers[i]);
        }

        return bytes;
    }

    public static double[] FromBytes(byte[] stored) => FromBytes(stored.AsSpan());

    /// <summary>The numbers of a stored value: this format, or the JSON text of a value saved before it.</summary>
    public static double[] FromBytes(ReadOnlySpan<byte> stored)
    {
        if (stored.Length > 0 && stored[0] == Format)
        {
            var body = stored[1..];
            if (body.Length % sizeof(double) != 0)
            {
                throw new FormatException($"A list of numbers of {stored.Length} bytes: not a whole number of doubles.");
            }

            var numbers = new double[body.Length / sizeof(double)];
            for (var i = 0; i < numbers.Length; i++)
            {
                numbers[i] = BinaryPrimitives.ReadDoubleLittleEndian(body[(i * sizeof(double))..]);
            }

            return numbers;
        }

        return FromText(Encoding.UTF8.GetString(stored));
    }

    /// <summary>
    /// The numbers of a flat JSON array of numbers (how EF kept the list as text before), read in place. Each number
    /// parses to the same double as a JSON reader's (both round correctly); anything else is refused.
    /// </summary>
    public static double[] FromText(ReadOnlySpan<char> json)
    {
        json = json.Trim();
        if (json.Length < 2 || json[0] != '[' || json[^1] != ']')
        {
            throw new FormatException($"Not a list of numbers: \"{json}\".");
        }

        var rest = json[1..^1];
        if (rest.IsWhiteSpace())
        {
            return [];
        }

        var numbers = new List<double>();
        foreach (var range in rest.Split(','))
        {
            numbers.Add(double.Parse(rest[range], NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        return numbers.ToArray();
    }

    /// <summary>
    /// A list of numbers as a data reader gives it: this format or legacy JSON text (SQLite's blob or text, which
    /// SQLite decides per value), or an array (PostgreSQL).
    /// </summary>
    public static double[] Read(object value) => value switch
    {
        double[] numbers => numbers,
        byte[] bytes => FromBytes(bytes),
        string text => FromText(text),
        _ => throw new FormatException($"Not a list of numbers: a {value.GetType().Name}."),
    };
}
