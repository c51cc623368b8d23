using CompetitionSite.Web.Domain.Certificates;

namespace CompetitionSite.Tests.Certificates;

[Trait("Category", "Unit")]
public sealed class CertificateNumberTests
{
    [Fact]
    public void A_new_number_has_the_year_two_groups_of_four_and_checks_out()
    {
        var numbers = Enumerable.Range(0, 1000).Select(_ => CertificateNumbers.New(2026)).ToList();

        Assert.All(numbers, n =>
        {
            Assert.Matches("^CS-2026-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", n);
            Assert.Equal(n, CertificateNumbers.Normalize(n));
        });
        Assert.Equal(1000, numbers.Distinct().Count());
    }

    [Fact]
    public void A_number_typed_loosely_is_read_as_printed()
    {
        var n = CertificateNumbers.New(2026);
        var loose = " " + n.ToLowerInvariant().Replace("-", " ").Replace('0', 'o').Replace('1', 'l') + " ";

        Assert.Equal(n, CertificateNumbers.Normalize(loose));
        Assert.Equal(n, CertificateNumbers.Normalize(n.Replace("-", "")));
    }

    [Fact]
    public void Any_single_mistyped_character_is_caught_by_the_check_character()
    {
        var n = CertificateNumbers.New(2026);
        for (var i = 0; i < n.Length; i++)
        {
            if (n[i] == '-' || i < 3)
            {
                continue;
            }

            foreach (var c in CertificateNumbers.Alphabet.Where(c => c != n[i]))
            {
                var typo = n[..i] + c + n[(i + 1)..];
                Assert.Null(CertificateNumbers.Normalize(typo));
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("CS-2026")]
    [InlineData("XX-2026-7K3M-9QXD")]
    [InlineData("CS-2026-7K3M-9QXD-AAAA")]
    [InlineData("CS-20A6-7K3M-9QXD")]
    [InlineData("<script>")]
    public void Something_that_is_not_a_certificate_number_is_not_read_as_one(string input) =>
        Assert.Null(CertificateNumbers.Normalize(input));
}
