using CompetitionSite.Web.Domain.Competitions;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>One announcement as the organizers' page lists it.</summary>
public sealed record AnnouncementRow(
    int Id, string Title, string Body, bool OnPublicPage, DateTime? RemovedFromPageAt, AnnouncementAudience Audience, string? CategoryName,
    DateTime PostedAt, string PostedBy, int EmailsQueued);

/// <summary>The organizers' announcements page of a competition: the form and what was posted, newest first.</summary>
public sealed record AnnouncementsPage(
    int CompetitionId, string CompetitionTitle, string Slug, string TimeZoneId, bool IsPublic,
    IReadOnlyList<(int Id, string Name)> Categories, IReadOnlyList<AnnouncementRow> Posted, AnnouncementForm Form);

/// <summary>An announcement on the public page of the competition.</summary>
public sealed record PublicAnnouncement(int Id, string Title, string Body, DateTime PostedAt);
