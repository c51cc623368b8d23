using CompetitionSite.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace CompetitionSite.Web.Features.Accounts;

/// <summary>
/// A password hash of no account, made once with the site's own hasher, so that a login for an unknown address (or
/// a locked account) verifies a password exactly as a real one does and takes the same time.
/// </summary>
public sealed class DummyPassword(IPasswordHasher<ApplicationUser> hasher)
{
    private static readonly ApplicationUser Nobody = new() { Id = "dummy", UserName = "dummy" };

    private readonly Lazy<string> _hash = new(() => hasher.HashPassword(Nobody, Guid.NewGuid().ToString("N")));

    /// <summary>Verifies <paramref name="password"/> against the dummy hash; the answer is always "no".</summary>
    public void Check(string password) => _ = hasher.VerifyHashedPassword(Nobody, _hash.Value, password ?? "");
}
