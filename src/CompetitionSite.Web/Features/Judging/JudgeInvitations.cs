using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Auditing;
using CompetitionSite.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Judging;

public sealed record InviteResult(int Invited, int Renewed, IReadOnlyList<string> AlreadyJudges, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    public static InviteResult Failed(string error) => new(0, 0, [], [error]);
}

public enum InvitationState
{
    Usable = 0,
    Expired = 1,
    Used = 2,
    NotFound = 3,
}

public sealed record InvitationLookup(JudgeInvitation? Invitation, Competition? Competition, IReadOnlyList<string> Categories, InvitationState State);

/// <summary>The outcome of accepting or declining: an error to show, or the account that now judges.</summary>
public sealed record InvitationAnswer(string? Error, ApplicationUser? User = null, int CompetitionId = 0)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// Organizers invite judges by email; the one-time, expiring link lets the judge create an account or attach the
/// judge role to the account they are logged in with, or decline. Only a hash of each token is stored.
/// </summary>
public sealed class JudgeInvitations(
    AppDbContext db,
    JudgingQueries data,
    JudgingEmails emails,
    IAuditLog audit,
    UserManager<ApplicationUser> users,
    IOptions<JudgingOptions> options,
    IStringLocalizer<JudgingText> t)
{
    public async Task<InviteResult> InviteAsync(int competitionId, IReadOnlyList<Invitee> invitees, IReadOnlyList<int> categoryIds,
        string inviterUserId, string inviterName, CancellationToken ct = default)
    {
        var c = await db.Competitions.AsNoTracking().Include(x => x.Categories).SingleOrDefaultAsync(x => x.Id == competitionId, ct);
        if (c is null)
        {
            return InviteResult.Failed(t["The competition does not exist."]);
        }

        if (data.PhaseOf(c) is Phase.Published or Phase.Archived)
        {
            return InviteResult.Failed(t["Judges can no longer be invited: the results are published or the competition is archived."]);
        }

        var chosen = categoryIds.Distinct().ToList();
        if (chosen.Count == 0 || chosen.Any(id => c.Categories.All(x => x.Id != id)))
        {
            return InviteResult.Failed(t["Choose at least one category of this competition."]);
        }

        if (invitees.Count == 0)
        {
            return InviteResult.Failed(t["Enter at least one email address."]);
        }

        if (invitees.Count > InviteeList.MaxPerBatch)
        {
            return InviteResult.Failed(t["At most {0} people can be invited at once.", InviteeList.MaxPerBatch]);
        }

        var now = data.Now;
        var emailsUpper = invitees.Select(i => i.Email.ToUpperInvariant()).ToList();
        var accounts = await db.Users.Where(u => emailsUpper.Contains(u.NormalizedEmail!))
            .Select(u => new { u.Id, u.NormalizedEmail, u.PreferredCulture, u.FullName }).ToListAsync(ct);
        var accountIds = accounts.Select(a => a.Id).ToList();
        var judges = await db.CompetitionJudges.Where(j => j.CompetitionId == competitionId && accountIds.Contains(j.UserId)).ToListAsync(ct);
        var pending = await db.JudgeInvitations
            .Where(i => i.CompetitionId == competitionId && i.Status == InvitationStatus.Pending)
            .ToListAsync(ct);
        var categoryNames = c.Categories.Where(x => chosen.Contains(x.Id)).OrderBy(x => x.SortOrder).Select(x => x.Name).ToList();

        int invited = 0, renewed = 0;
        var already = new List<string>();
        var log = new List<string>();
        foreach (var invitee in invitees)
        {
            var account = accounts.FirstOrDefault(a => a.NormalizedEmail == invitee.Email.ToUpperInvariant());
            var judge = account is null ? null : judges.FirstOrDefault(j => j.UserId == account.Id);
            if (judge is not null)
            {
                var added = chosen.Except(judge.CategoryIds).ToList();
                judge.CategoryIds = [.. judge.CategoryIds.Concat(added).Order()];
                already.Add(invitee.Email);
                log.Add($"{invitee.Email}: already a judge{(added.Count > 0 ? "; categories added: " + string.Join(", ", added) : "")}");
                continue;
            }

            var token = NewToken();
            var invitation = pending.FirstOrDefault(i => string.Equals(i.Email, invitee.Email, StringComparison.OrdinalIgnoreCase));
            if (invitation is null)
            {
                invitation = new JudgeInvitation
                {
                    CompetitionId = competitionId,
                    Email = invitee.Email,
                    Name = invitee.Name.Length > 0 ? invitee.Name : account?.FullName ?? "",
                    CategoryIds = [.. chosen.Order()],
                    CreatedAt = now,
                    InvitedByUserId = inviterUserId,
                };
                db.JudgeInvitations.Add(invitation);
                invited++;
                log.Add($"{invitee.Email}: invited");
            }
            else
            {
                invitation.CategoryIds = [.. invitation.CategoryIds.Union(chosen).Order()];
                if (invitee.Name.Length > 0)
                {
                    invitation.Name = invitee.Name;
                }

                renewed++;
                log.Add($"{invitee.Email}: invitation sent again");
            }

            invitation.TokenHash = Hash(token);
            invitation.ExpiresAt = now + options.Value.InvitationLifetime;
            emails.Invitation(new Recipient(invitee.Email, invitation.Name, account?.PreferredCulture), c, categoryNames, inviterName, token, invitation.ExpiresAt);
        }

        audit.Record("judging.invited", "competition", Id(competitionId),
            $"Categories: {string.Join(", ", categoryNames)}\n{string.Join("\n", log)}", competitionId);
        await db.SaveChangesAsync(ct);
        return new InviteResult(invited, renewed, already, []);
    }

    public async Task<InvitationLookup> FindAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return new InvitationLookup(null, null, [], InvitationState.NotFound);
        }

        var hash = Hash(token);
        var invitation = await db.JudgeInvitations.SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null)
        {
            return new InvitationLookup(null, null, [], InvitationState.NotFound);
        }

        var c = await db.Competitions.AsNoTracking().Include(x => x.Categories).SingleAsync(x => x.Id == invitation.CompetitionId, ct);
        var categories = c.Categories.Where(x => invitation.CategoryIds.Contains(x.Id)).OrderBy(x => x.SortOrder).Select(x => x.Name).ToList();
        var state = invitation.Status != InvitationStatus.Pending ? InvitationState.Used
            : invitation.IsUsableAt(data.Now) ? InvitationState.Usable
            : InvitationState.Expired;
        return new InvitationLookup(invitation, c, categories, state);
    }

    /// <summary>Attaches the judge role and the competition to the account that is logged in.</summary>
    public async Task<InvitationAnswer> AcceptAsync(string token, ApplicationUser user, CancellationToken ct = default)
    {
        var found = await FindAsync(token, ct);
        if (found.State != InvitationState.Usable)
        {
            return new InvitationAnswer(t["This invitation link is invalid, has expired or was already used."]);
        }

        if (await users.IsInRoleAsync(user, Roles.Student))
        {
            return new InvitationAnswer(t["A student account cannot judge. Log out and accept the invitation with another account, or create a new judge account."]);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await JoinAsync(found.Invitation!, user, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new InvitationAnswer(null, user, found.Invitation!.CompetitionId);
    }

    /// <summary>Creates a judge account for the invited address (confirmed: the link came to that mailbox) and accepts.</summary>
    public async Task<(InvitationAnswer Answer, IdentityResult? Identity)> CreateAccountAndAcceptAsync(string token, string fullName, string password, CancellationToken ct = default)
    {
        var found = await FindAsync(token, ct);
        if (found.State != InvitationState.Usable)
        {
            return (new InvitationAnswer(t["This invitation link is invalid, has expired or was already used."]), null);
        }

        var invitation = found.Invitation!;
        if (await users.FindByEmailAsync(invitation.Email) is not null)
        {
            return (new InvitationAnswer(t["An account with the address {0} already exists. Log in with it to accept the invitation.", invitation.Email]), null);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var user = new ApplicationUser
        {
            UserName = invitation.Email,
            Email = invitation.Email,
            EmailConfirmed = true,
            FullName = fullName.Trim(),
            PreferredCulture = LocalizationSetup.Normalize(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName),
            CreatedAt = data.Now,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return (new InvitationAnswer(""), created);
        }

        audit.Record("account.registered", "user", user.Id, "role: Judge (invitation link)");
        await JoinAsync(invitation, user, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (new InvitationAnswer(null, user, invitation.CompetitionId), null);
    }

    public async Task<InvitationAnswer> DeclineAsync(string token, CancellationToken ct = default)
    {
        var found = await FindAsync(token, ct);
        if (found.State != InvitationState.Usable)
        {
            return new InvitationAnswer(t["This invitation link is invalid, has expired or was already used."]);
        }

        var invitation = found.Invitation!;
        invitation.Status = InvitationStatus.Declined;
        invitation.DecidedAt = data.Now;
        audit.Record("judging.invitation-declined", "judge-invitation", Id(invitation.Id), $"Invited: {invitation.Email}", invitation.CompetitionId);
        await db.SaveChangesAsync(ct);
        return new InvitationAnswer(null, null, invitation.CompetitionId);
    }

    public async Task<Outcome> RevokeAsync(int competitionId, int invitationId, CancellationToken ct = default)
    {
        var invitation = await db.JudgeInvitations.SingleOrDefaultAsync(i => i.Id == invitationId && i.CompetitionId == competitionId, ct);
        if (invitation is null || invitation.Status != InvitationStatus.Pending)
        {
            return Outcome.Refused(t["Only an open invitation can be withdrawn."]);
        }

        invitation.Status = InvitationStatus.Revoked;
        invitation.DecidedAt = data.Now;
        audit.Record("judging.invitation-revoked", "judge-invitation", Id(invitation.Id), $"Invited: {invitation.Email}", competitionId);
        await db.SaveChangesAsync(ct);
        return Outcome.Ok();
    }

    /// <summary>Sends an open (or expired) invitation again with a new link; the old link stops working.</summary>
    public async Task<Outcome> ResendAsync(int competitionId, int invitationId, string inviterName, CancellationToken ct = default)
    {
        var invitation = await db.JudgeInvitations.SingleOrDefaultAsync(i => i.Id == invitationId && i.CompetitionId == competitionId, ct);
        if (invitation is null || invitation.Status != InvitationStatus.Pending)
        {
            return Outcome.Refused(t["Only an open invitation can be sent again."]);
        }

        var c = await db.Competitions.AsNoTracking().Include(x => x.Categories).SingleAsync(x => x.Id == competitionId, ct);
        var token = NewToken();
        invitation.TokenHash = Hash(token);
        invitation.ExpiresAt = data.Now + options.Value.InvitationLifetime;
        var account = await users.FindByEmailAsync(invitation.Email);
        emails.Invitation(new Recipient(invitation.Email, invitation.Name, account?.PreferredCulture), c,
            c.Categories.Where(x => invitation.CategoryIds.Contains(x.Id)).OrderBy(x => x.SortOrder).Select(x => x.Name).ToList(),
            inviterName, token, invitation.ExpiresAt);
        audit.Record("judging.invitation-resent", "judge-invitation", Id(invitation.Id), $"Invited: {invitation.Email}", competitionId);
        await db.SaveChangesAsync(ct);
        return Outcome.Ok();
    }

    /// <summary>Changes the categories a judge scores and their cap. Existing assignments stay until the next automatic run.</summary>
    public async Task<Outcome> UpdateJudgeAsync(int competitionId, int judgeId, IReadOnlyList<int> categoryIds, int? cap, CancellationToken ct = default)
    {
        var judge = await db.CompetitionJudges.SingleOrDefaultAsync(j => j.Id == judgeId && j.CompetitionId == competitionId, ct);
        if (judge is null)
        {
            return Outcome.Refused(t["The judge does not exist."]);
        }

        var known = await db.Categories.Where(x => x.CompetitionId == competitionId).Select(x => x.Id).ToListAsync(ct);
        var chosen = categoryIds.Distinct().Order().ToList();
        if (chosen.Count == 0 || chosen.Any(id => !known.Contains(id)))
        {
            return Outcome.Refused(t["Choose at least one category of this competition."]);
        }

        if (cap is < 1)
        {
            return Outcome.Refused(t["The cap must be between 1 and 10000 entries, or empty for no cap."]);
        }

        var before = $"categories {string.Join(", ", judge.CategoryIds)}; cap {judge.MaxAssignments?.ToString(CultureInfo.InvariantCulture) ?? "none"}";
        judge.CategoryIds = chosen;
        judge.MaxAssignments = cap;
        var after = $"categories {string.Join(", ", chosen)}; cap {cap?.ToString(CultureInfo.InvariantCulture) ?? "none"}";
        if (before != after)
        {
            audit.Record("judging.judge-changed", "judge", Id(judge.Id), $"{before} → {after}", competitionId);
        }

        await db.SaveChangesAsync(ct);
        return Outcome.Ok();
    }

    private async Task JoinAsync(JudgeInvitation invitation, ApplicationUser user, CancellationToken ct)
    {
        var now = data.Now;
        var judge = await db.CompetitionJudges.SingleOrDefaultAsync(j => j.CompetitionId == invitation.CompetitionId && j.UserId == user.Id, ct);
        if (judge is null)
        {
            db.CompetitionJudges.Add(new CompetitionJudge
            {
                CompetitionId = invitation.CompetitionId,
                UserId = user.Id,
                CategoryIds = [.. invitation.CategoryIds.Order()],
                JoinedAt = now,
            });
        }
        else
        {
            judge.CategoryIds = [.. judge.CategoryIds.Union(invitation.CategoryIds).Order()];
        }

        if (!await users.IsInRoleAsync(user, Roles.Judge))
        {
            var granted = await users.AddToRoleAsync(user, Roles.Judge);
            if (!granted.Succeeded)
            {
                throw new InvalidOperationException(string.Join(" ", granted.Errors.Select(e => e.Description)));
            }

            audit.Record("role.granted", "user", user.Id, $"role: {Roles.Judge} (invitation to competition {invitation.CompetitionId})");
        }

        invitation.Status = InvitationStatus.Accepted;
        invitation.DecidedAt = now;
        invitation.AcceptedByUserId = user.Id;
        var other = string.Equals(user.Email, invitation.Email, StringComparison.OrdinalIgnoreCase) ? "" : $"; accepted with the account {user.Email}";
        audit.Record("judging.invitation-accepted", "judge-invitation", Id(invitation.Id), $"Invited: {invitation.Email}{other}", invitation.CompetitionId);
    }

    private static string NewToken() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
