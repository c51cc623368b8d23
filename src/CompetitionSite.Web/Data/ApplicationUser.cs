using Microsoft.AspNetCore.Identity;

namespace CompetitionSite.Web.Data;

public class ApplicationUser : IdentityUser
{
    public string FullName { get; set; } = "";

    /// <summary>"id" or "en": the language of the site and of the emails this person receives.</summary>
    public string PreferredCulture { get; set; } = "id";

    public DateTime CreatedAt { get; set; }
}
