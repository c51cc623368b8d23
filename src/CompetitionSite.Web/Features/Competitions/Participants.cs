namespace CompetitionSite.Web.Features.Competitions;

/// <summary>A person to tell about a change to a competition they take part in, in their own language.</summary>
public sealed record ParticipantContact(string Email, string Name, string? Culture);

/// <summary>Who is enrolled in a competition (has an entry in one of its categories).</summary>
public interface ICompetitionParticipants
{
    Task<IReadOnlyList<ParticipantContact>> EnrolledAsync(int competitionId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Until entries exist nobody is enrolled.
/// TODO(entries issue): replace with a query over entries (students, and guardians of pupils without an email of
/// their own) and register it with <c>services.Replace(...)</c> or in place of this one in CompetitionsSetup.
/// </summary>
public sealed class NoParticipantsYet : ICompetitionParticipants
{
    public Task<IReadOnlyList<ParticipantContact>> EnrolledAsync(int competitionId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ParticipantContact>>([]);
}
