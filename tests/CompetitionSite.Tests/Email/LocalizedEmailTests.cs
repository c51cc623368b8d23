using System.Globalization;
using CompetitionSite.Web.Infrastructure.Email;

namespace CompetitionSite.Tests.Email;

/// <summary>The one helper every <c>*Emails</c> class writes through: the recipient's culture while composing, the caller's after.</summary>
[Trait("Category", "Unit")]
public sealed class LocalizedEmailTests
{
    private static (string Subject, EmailTemplate Body) Compose() =>
        (CultureInfo.CurrentUICulture.Name + " " + (1234.5).ToString("N1", CultureInfo.CurrentCulture),
         new EmailTemplate { SiteName = "Lomba", Greeting = "Hi " + CultureInfo.CurrentCulture.Name }.Paragraph("p"));

    [Fact]
    public void The_email_is_composed_in_the_recipients_culture_and_the_callers_culture_comes_back()
    {
        using var caller = new CallerCulture("id");

        var message = LocalizedEmail.Write("a@example.org", "A", "EN", "test.kind", Compose);

        Assert.Equal("en 1,234.5", message.Subject);
        Assert.Equal("en", message.Culture);
        Assert.Contains("<html lang=\"en\">", message.HtmlBody, StringComparison.Ordinal);
        Assert.StartsWith("Hi en\n\np\n\n", message.TextBody, StringComparison.Ordinal);
        Assert.Equal(("a@example.org", "A", "test.kind"), (message.ToAddress, message.ToName, message.Kind));
        Assert.Equal("id", CultureInfo.CurrentCulture.Name);
        Assert.Equal("id", CultureInfo.CurrentUICulture.Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("fr")]
    public void An_unknown_or_missing_culture_writes_in_Bahasa_Indonesia(string? culture)
    {
        using var caller = new CallerCulture("en");

        var message = LocalizedEmail.Write("a@example.org", "A", culture, "test.kind", Compose);

        Assert.Equal("id 1.234,5", message.Subject);
        Assert.Equal("id", message.Culture);
        Assert.Equal("en", CultureInfo.CurrentUICulture.Name);
    }

    [Fact]
    public void The_callers_culture_comes_back_when_composing_fails()
    {
        using var caller = new CallerCulture("id");

        Assert.Throws<InvalidOperationException>(() =>
            LocalizedEmail.Write("a@example.org", "A", "en", "test.kind", () => throw new InvalidOperationException()));

        Assert.Equal("id", CultureInfo.CurrentCulture.Name);
        Assert.Equal("id", CultureInfo.CurrentUICulture.Name);
    }

    private sealed class CallerCulture : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
        private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

        public CallerCulture(string name)
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
        }

        public void Dispose()
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _uiCulture;
        }
    }
}
