namespace CompetitionSite.Web.Domain.Participants;

/// <summary>How an entry's authors are named on a public page (winners, gallery): never an email address or a phone number.</summary>
public sealed record PublicAuthorLine(IReadOnlyList<string> Names, string Schools, string Regencies);

/// <summary>The one rule for showing authors in public.</summary>
public static class PublicAuthors
{
    /// <summary>
    /// Each author as they chose (<see cref="ParticipantProfile.PublicDisplayName"/>: full name, or first name and
    /// school); the schools of those shown by full name (a "first name (school)" already says it); the regencies,
    /// without those of authors under 18 when the organizer hides them.
    /// </summary>
    public static PublicAuthorLine Of(IReadOnlyList<ParticipantProfile> people, bool hideRegionOfMinors, DateOnly today) => new(
        people.Select(p => p.PublicDisplayName).ToList(),
        string.Join(", ", people.Where(p => p.PublicName == PublicNameDisplay.FullName).Select(p => p.SchoolName).Distinct()),
        string.Join(", ", people.Where(p => !(hideRegionOfMinors && p.IsMinorOn(today))).Select(p => p.Regency).Where(r => r.Length > 0).Distinct()));
}
