namespace CompetitionSite.Web.Features.Participants;

/// <summary>
/// The consent text guardians read (<c>Views/_ConsentWording.cshtml</c>). Every decision stores this version, so
/// we can show later exactly what a guardian agreed to. Change the version whenever the text's meaning changes.
/// </summary>
public static class ConsentWording
{
    public const string Version = "2026-11-v1";
}
