using CompetitionSite.Web.Data;
using CompetitionSite.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Admin;

/// <summary>Reads of the people-and-roles page.</summary>
public sealed class UserQueries(AppDbContext db)
{
    public const int PageSize = 50;

    /// <summary>One page of the accounts whose email or name contains <paramref name="q"/> (any case), by email, with their roles.</summary>
    public async Task<PageOf<UserRow>> PageAsync(string? q, int page, CancellationToken ct = default)
    {
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim().ToLower();
            users = users.Where(u => u.Email!.ToLower().Contains(term) || u.FullName.ToLower().Contains(term));
        }

        var rows = await users.OrderBy(u => u.Email)
            .Select(u => new { u.Id, u.FullName, u.Email, u.EmailConfirmed })
            .ToPageAsync(page, PageSize, ct);
        var ids = rows.Items.Select(r => r.Id).ToList();
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(ct);
        return rows.With(rows.Items.Select(r => new UserRow(r.Id, r.FullName, r.Email ?? "", r.EmailConfirmed,
            roles.Where(x => x.UserId == r.Id).Select(x => x.Name!).Order().ToList())).ToList());
    }
}
