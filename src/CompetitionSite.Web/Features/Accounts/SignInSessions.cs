using System.Security.Claims;
using CompetitionSite.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Accounts;

/// <summary>
/// Sign-in cookies that really end. Every sign-in is a row in <c>UserSessions</c> whose id the cookie carries (the
/// <c>sid</c> claim). On every request one query reads that session, the account's security stamp and its roles:
/// a signed-out (revoked) session, a missing one or a stamp that changed (password changed or reset, "sign out on
/// all devices") ends the cookie at once — the request is anonymous and the cookie is deleted; roles that changed
/// (an organizer revoked one) give the cookie the account's roles of now, so a revoked role answers 403 on the very
/// next request. This replaces Identity's security-stamp check every 30 minutes.
/// </summary>
public static class SignInSessions
{
    /// <summary>The claim that carries the session id.</summary>
    public const string SessionIdClaim = "sid";

    public static void Attach(CookieAuthenticationEvents events)
    {
        events.OnSigningIn = OnSigningInAsync;
        events.OnSigningOut = OnSigningOutAsync;
        events.OnValidatePrincipal = ValidateAsync;
    }

    /// <summary>The roles and stamp the cookie must agree with, read in one query; null when the session does not count.</summary>
    public sealed record SessionState(string? SecurityStamp, List<string> Roles);

    public static Task<SessionState?> ReadAsync(AppDbContext db, Guid sessionId, string userId, CancellationToken cancellationToken) =>
        db.UserSessions.AsNoTracking()
            .Where(s => s.Id == sessionId && s.UserId == userId && s.RevokedAt == null)
            .Select(s => new SessionState(
                db.Users.Where(u => u.Id == s.UserId).Select(u => u.SecurityStamp).FirstOrDefault(),
                db.UserRoles.Where(ur => ur.UserId == s.UserId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList()))
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>Signs out every session of the account (the caller saves).</summary>
    public static async Task RevokeAllAsync(AppDbContext db, string userId, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var session in await db.UserSessions.Where(s => s.UserId == userId && s.RevokedAt == null).ToListAsync(cancellationToken))
        {
            session.RevokedAt = now;
        }
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var principal = context.Principal;
        var userId = principal?.FindFirstValue(claims.UserIdClaimType);
        var sid = principal?.FindFirstValue(SessionIdClaim);
        if (principal is null || userId is null || !Guid.TryParse(sid, out var sessionId))
        {
            await RejectAsync(context);
            return;
        }

        var db = services.GetRequiredService<AppDbContext>();
        var state = await ReadAsync(db, sessionId, userId, context.HttpContext.RequestAborted);
        if (state is null || !string.Equals(state.SecurityStamp, principal.FindFirstValue(claims.SecurityStampClaimType), StringComparison.Ordinal))
        {
            await RejectAsync(context);
            return;
        }

        var held = principal.FindAll(claims.RoleClaimType).Select(c => c.Value).Order(StringComparer.Ordinal);
        if (held.SequenceEqual(state.Roles.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            return;
        }

        // The account's roles changed: the same session, with the roles of now.
        var user = await services.GetRequiredService<UserManager<ApplicationUser>>().FindByIdAsync(userId);
        if (user is null)
        {
            await RejectAsync(context);
            return;
        }

        var fresh = await services.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user);
        ((ClaimsIdentity)fresh.Identity!).AddClaim(new Claim(SessionIdClaim, sid!));
        context.ReplacePrincipal(fresh);
        context.ShouldRenew = true;
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(context.Scheme.Name);
    }

    /// <summary>A new sign-in gets a session row; a refresh of the same person's sign-in (password changed, role granted) keeps its session.</summary>
    private static async Task OnSigningInAsync(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity || identity.HasClaim(c => c.Type == SessionIdClaim))
        {
            return;
        }

        var services = context.HttpContext.RequestServices;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var userId = identity.FindFirst(claims.UserIdClaimType)?.Value;
        if (userId is null)
        {
            return;
        }

        var db = services.GetRequiredService<AppDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var current = context.HttpContext.User;
        var currentSid = Guid.TryParse(current.FindFirstValue(SessionIdClaim), out var parsed) ? parsed : (Guid?)null;
        if (currentSid is { } same && current.FindFirstValue(claims.UserIdClaimType) == userId)
        {
            identity.AddClaim(new Claim(SessionIdClaim, same.ToString("N")));
            return;
        }

        if (currentSid is { } other && await db.UserSessions.SingleOrDefaultAsync(s => s.Id == other) is { } replaced)
        {
            // Another person signs in on this browser: the previous cookie's session ends.
            replaced.RevokedAt ??= now;
        }

        var session = new UserSession { Id = Guid.NewGuid(), UserId = userId, CreatedAt = now };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(CancellationToken.None);
        identity.AddClaim(new Claim(SessionIdClaim, session.Id.ToString("N")));
    }

    /// <summary>Signing out ends the session for good: the same cookie, replayed, is refused.</summary>
    private static async Task OnSigningOutAsync(CookieSigningOutContext context)
    {
        if (!Guid.TryParse(context.HttpContext.User.FindFirstValue(SessionIdClaim), out var sessionId))
        {
            return;
        }

        var services = context.HttpContext.RequestServices;
        var db = services.GetRequiredService<AppDbContext>();
        if (await db.UserSessions.SingleOrDefaultAsync(s => s.Id == sessionId) is { RevokedAt: null } session)
        {
            session.RevokedAt = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(CancellationToken.None);
        }
    }
}
