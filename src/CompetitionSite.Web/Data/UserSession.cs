namespace CompetitionSite.Web.Data;

/// <summary>
/// One sign-in (a browser's cookie): its id travels in the cookie as the <c>sid</c> claim and is checked on every
/// request, so signing out ends this cookie for good, even replayed. Removed with the account.
/// </summary>
public class UserSession
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    public DateTime CreatedAt { get; set; }

    /// <summary>Set when the session was signed out (this device, or all devices); a revoked session never works again.</summary>
    public DateTime? RevokedAt { get; set; }
}
