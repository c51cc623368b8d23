namespace CompetitionSite.Web.Infrastructure.Web;

/// <summary>
/// A page to share: its absolute address and a short text in the reader's language. The links are plain share
/// addresses (no script, no paid API): WhatsApp's <c>wa.me</c> with the text and address prefilled, Facebook's and
/// Telegram's share pages with the address.
/// </summary>
public sealed record ShareLink(string Url, string Text)
{
    public string WhatsAppUrl => WhatsApp(Text + "\n" + Url);

    public string FacebookUrl => "https://www.facebook.com/sharer/sharer.php?u=" + Uri.EscapeDataString(Url);

    public string TelegramUrl => "https://t.me/share/url?url=" + Uri.EscapeDataString(Url) + "&text=" + Uri.EscapeDataString(Text);

    /// <summary>A <c>wa.me</c> link that opens WhatsApp with <paramref name="message"/> typed, ready to send to a contact the person picks.</summary>
    public static string WhatsApp(string message) => "https://wa.me/?text=" + Uri.EscapeDataString(message);
}
