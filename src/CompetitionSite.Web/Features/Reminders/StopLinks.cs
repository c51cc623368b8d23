using System.Security.Cryptography;
using System.Text;
using CompetitionSite.Web.Domain.Reminders;
using CompetitionSite.Web.Infrastructure.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace CompetitionSite.Web.Features.Reminders;

/// <summary>
/// The "stop these reminders" link in each reminder: the address and the topic, protected with the site's Data
/// Protection keys (shared by every instance), so it cannot be forged for someone else's address and needs no row.
/// It does not expire: an old email's link still stops its reminders.
/// </summary>
public sealed class StopLinks(IDataProtectionProvider dataProtection, LinkBuilder links)
{
    public const string Path = "/reminders/stop";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("CompetitionSite.Reminders.Stop.v1");

    public string For(string email, ReminderTopic topic)
    {
        var payload = Encoding.UTF8.GetBytes($"{(int)topic}\n{Normalize(email)}");
        return links.Absolute(Path, new Dictionary<string, string?> { ["t"] = WebEncoders.Base64UrlEncode(_protector.Protect(payload)) });
    }

    /// <summary>The address and topic behind a token; null for a forged, damaged or foreign one.</summary>
    public (string Email, ReminderTopic Topic)? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 2000)
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(_protector.Unprotect(WebEncoders.Base64UrlDecode(token.Trim())));
            var parts = text.Split('\n', 2);
            return parts.Length == 2 && int.TryParse(parts[0], out var topic) && Enum.IsDefined((ReminderTopic)topic) && parts[1].Length > 0
                ? (parts[1], (ReminderTopic)topic)
                : null;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
    }

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
