using System.Security.Cryptography;
using System.Text;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Accounts;

/// <summary>
/// Creates the roles, and while no organizer exists prints a one-time link (<c>/setup?token=...</c>) to the
/// log, so whoever has console access can create the first organizer. There are no default passwords.
/// </summary>
public sealed class FirstOrganizerSetupLink(
    IServiceScopeFactory scopes,
    IHostApplicationLifetime lifetime,
    IServer server,
    IOptions<SiteOptions> site,
    ILogger<FirstOrganizerSetupLink> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // Several instances may start at once on a new database: they take turns (on every instance), so the roles
        // are created once and each finds the others' work committed; each prints a link of its own, and all of them work.
        string? token;
        await using (var transaction = await db.Writes.BeginExclusiveAsync(ExclusiveScopes.FirstOrganizerSetup, cancellationToken))
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in Roles.All)
            {
                if (!await roles.RoleExistsAsync(role))
                {
                    await roles.CreateAsync(new IdentityRole(role));
                }
            }

            var setup = scope.ServiceProvider.GetRequiredService<SetupTokens>();
            token = await setup.IssueIfNoOrganizerAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (token is null)
        {
            return;
        }

        lifetime.ApplicationStarted.Register(() =>
        {
            var baseUrl = site.Value.PublicBaseUrl?.TrimEnd('/')
                ?? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/')
                ?? "http://localhost";
            logger.LogWarning(
                "No organizer account exists yet. Open this one-time link to create the first organizer: {SetupUrl}",
                $"{baseUrl}/setup?token={token}");
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Issues and redeems the one-time setup tokens (only their SHA-256 is stored).</summary>
public sealed class SetupTokens(AppDbContext db, UserManager<ApplicationUser> users, TimeProvider clock)
{
    public async Task<bool> OrganizerExistsAsync() => (await users.GetUsersInRoleAsync(Roles.Organizer)).Count > 0;

    /// <summary>
    /// Unused tokens younger than this stay usable when a new one is issued: the instances of a deployment that start
    /// together each print a link, and whichever one the person setting it up opens works.
    /// </summary>
    public static readonly TimeSpan InstancesStartWithin = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Issues a new token unless an organizer already exists; unused tokens older than <see cref="InstancesStartWithin"/>
    /// are removed (a restart later ends the links printed before).
    /// </summary>
    public async Task<string?> IssueIfNoOrganizerAsync(CancellationToken cancellationToken = default)
    {
        if (await OrganizerExistsAsync())
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now - InstancesStartWithin;
        var unused = await db.SetupTokens.Where(t => t.UsedAt == null && t.CreatedAt < stale).ToListAsync(cancellationToken);
        db.SetupTokens.RemoveRange(unused);
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        db.SetupTokens.Add(new SetupToken { TokenHash = Hash(token), CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    public async Task<SetupToken?> FindUsableAsync(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || await OrganizerExistsAsync())
        {
            return null;
        }

        var hash = Hash(token);
        return await db.SetupTokens.SingleOrDefaultAsync(t => t.TokenHash == hash && t.UsedAt == null);
    }

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
