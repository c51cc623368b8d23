namespace CompetitionSite.Web.Data;

/// <summary>The one-time link that creates the first organizer. Only a hash of the token is stored.</summary>
public class SetupToken
{
    public int Id { get; set; }
    public string TokenHash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? UsedAt { get; set; }
}
