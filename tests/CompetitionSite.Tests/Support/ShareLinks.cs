using AngleSharp.Html.Dom;

namespace CompetitionSite.Tests.Support;

/// <summary>The share buttons of a public page (issue 17, item 8): plain links, no script.</summary>
public static class ShareLinks
{
    private const string WhatsAppPrefix = "https://wa.me/?text=";

    /// <summary>The message the page's WhatsApp button opens WhatsApp with; asserts that Facebook and Telegram share the same address.</summary>
    public static string WhatsAppMessage(this IHtmlDocument page, string address)
    {
        var share = page.QuerySelector("section.share");
        Assert.NotNull(share);
        var whatsApp = share.QuerySelector("a.share-whatsapp")?.GetAttribute("href");
        Assert.NotNull(whatsApp);
        Assert.StartsWith(WhatsAppPrefix, whatsApp);
        var hrefs = share.QuerySelectorAll("a").Select(a => a.GetAttribute("href") ?? "").ToList();
        Assert.Contains("https://www.facebook.com/sharer/sharer.php?u=" + Uri.EscapeDataString(address), hrefs);
        Assert.Contains(hrefs, h => h.StartsWith("https://t.me/share/url?url=" + Uri.EscapeDataString(address) + "&text=", StringComparison.Ordinal));
        Assert.All(share.QuerySelectorAll("a"), a => Assert.Equal("noopener noreferrer", a.GetAttribute("rel")));
        return Uri.UnescapeDataString(whatsApp[WhatsAppPrefix.Length..]);
    }
}
