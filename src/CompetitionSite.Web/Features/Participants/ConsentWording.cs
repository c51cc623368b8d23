namespace CompetitionSite.Web.Features.Participants;

/// <summary>
/// The consent text guardians read (<c>Views/_ConsentWording.cshtml</c>). Every decision stores this version, so
/// we can show later exactly what a guardian agreed to. Change the version whenever the text's meaning changes.
/// </summary>
/// <remarks>
/// 2026-11-v1: taking part. 2026-12-v2: adds the publication clause (public gallery), agreed to with its own tick
/// (<see cref="Domain.Participants.PublicationConsentRules"/> lists the wordings that have it).
/// </remarks>
public static class ConsentWording
{
    public const string Version = "2026-12-v2";
}
