using CompetitionSite.Web.Domain;

namespace CompetitionSite.Web.Features.Accounts;

/// <summary>
/// Where a person lands after logging in when no page asked for the login (a local <c>returnUrl</c> always wins):
/// where their work is. Someone with several roles lands on the one listed first.
/// </summary>
public static class LandingPage
{
    private static readonly (string Role, string Path)[] ByRole =
    [
        (Roles.Organizer, "/admin"),
        (Roles.Judge, "/judge"),
        (Roles.Guardian, "/guardian/pupils"),
        (Roles.Student, "/entries"),
    ];

    /// <summary>The account page for anyone without one of these roles.</summary>
    public const string Default = "/account/profile";

    public static string For(IEnumerable<string> roles)
    {
        var set = roles.ToHashSet(StringComparer.Ordinal);
        foreach (var (role, path) in ByRole)
        {
            if (set.Contains(role))
            {
                return path;
            }
        }

        return Default;
    }
}
