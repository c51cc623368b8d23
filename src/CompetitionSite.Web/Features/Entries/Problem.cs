namespace CompetitionSite.Web.Features.Entries;

/// <summary>A refusal the browser shows as it is: an HTTP status, a stable code for scripts and a localized message.</summary>
public sealed record Problem(int Status, string Code, string Message);
