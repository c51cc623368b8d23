using CompetitionSite.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace CompetitionSite.Web.Features.Accounts;

/// <summary>
/// A password hash of no account, made once per site with the site's own hasher, so that a login for an unknown
/// address (or a locked account) verifies a password exactly as a real one does and takes the same time. A singleton
/// that holds no service: the caller passes the hasher of its request (Identity registers it per request), e.g.
/// <c>userManager.PasswordHasher</c>.
/// </summary>
public sealed class DummyPassword
{
    private static readonly ApplicationUser Nobody = new() { Id = "dummy", UserName = "dummy" };

    private readonly object _gate = new();
    private string? _hash;

    /// <summary>Verifies <paramref name="password"/> against the dummy hash; the answer is always "no".</summary>
    public void Check(IPasswordHasher<ApplicationUser> hasher, string password) =>
        _ = hasher.VerifyHashedPassword(Nobody, HashWith(hasher), password ?? "");

    private string HashWith(IPasswordHasher<ApplicationUser> hasher)
    {
        if (Volatile.Read(ref _hash) is { } hash)
        {
            return hash;
        }

        lock (_gate)
        {
            return _hash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString("N"));
        }
    }
}
