using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Entries;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>A person to tell about a change to a competition they take part in, in their own language.</summary>
public sealed record ParticipantContact(string Email, string Name, string? Culture);

/// <summary>Who is enrolled in a competition (has an entry in one of its categories).</summary>
public interface ICompetitionParticipants
{
    Task<IReadOnlyList<ParticipantContact>> EnrolledAsync(int competitionId, CancellationToken cancellationToken = default);

    /// <summary>The same, for one of the competition's categories only.</summary>
    Task<IReadOnlyList<ParticipantContact>> EnrolledInCategoryAsync(int competitionId, int categoryId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Everyone with a draft or submitted entry in one of the competition's categories: students at their own
/// address, and pupils without an email of their own through their guardian. One message per address.
/// </summary>
public sealed class EnrolledParticipants(AppDbContext db) : ICompetitionParticipants
{
    public Task<IReadOnlyList<ParticipantContact>> EnrolledAsync(int competitionId, CancellationToken cancellationToken = default) =>
        ContactsAsync(competitionId, null, cancellationToken);

    public Task<IReadOnlyList<ParticipantContact>> EnrolledInCategoryAsync(int competitionId, int categoryId, CancellationToken cancellationToken = default) =>
        ContactsAsync(competitionId, categoryId, cancellationToken);

    private async Task<IReadOnlyList<ParticipantContact>> ContactsAsync(int competitionId, int? categoryId, CancellationToken cancellationToken)
    {
        var accountIds = await (
            from entry in db.Entries
            where entry.Category.CompetitionId == competitionId
                  && (categoryId == null || entry.CategoryId == categoryId)
                  && (entry.Status == EntryStatus.Draft || entry.Status == EntryStatus.Submitted)
            from member in entry.Members
            join participant in db.Participants on member.ParticipantId equals participant.Id
            select participant.UserId ?? participant.GuardianUserId)
            .Distinct()
            .ToListAsync(cancellationToken);

        var people = await db.Users
            .Where(u => accountIds.Contains(u.Id) && u.Email != null)
            .Select(u => new ParticipantContact(u.Email!, u.FullName, u.PreferredCulture))
            .ToListAsync(cancellationToken);
        return people.DistinctBy(p => p.Email, StringComparer.OrdinalIgnoreCase).ToList();
    }
}
