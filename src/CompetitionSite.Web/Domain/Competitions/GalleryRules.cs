namespace CompetitionSite.Web.Domain.Competitions;

/// <summary>When a competition's public gallery is open: the organizer's choice per competition.</summary>
public enum GalleryMode
{
    Off = 0,

    /// <summary>From the opening of submissions on (entries appear once submitted).</summary>
    DuringEntries = 1,

    /// <summary>From the end of judging on (the review phase).</summary>
    AfterJudging = 2,

    /// <summary>From the publication of the results on.</summary>
    AtPublication = 3,
}

/// <summary>The gallery's phase rules, in one place.</summary>
public static class GalleryRules
{
    /// <summary>Whether the gallery of a competition with this mode is open in this phase. A draft or an upcoming competition never has one.</summary>
    public static bool IsOpen(GalleryMode mode, Phase phase) => mode switch
    {
        GalleryMode.DuringEntries => phase is Phase.Open or Phase.Judging or Phase.Review or Phase.Published or Phase.Archived,
        GalleryMode.AfterJudging => phase is Phase.Review or Phase.Published or Phase.Archived,
        GalleryMode.AtPublication => phase is Phase.Published or Phase.Archived,
        _ => false,
    };

    /// <summary>
    /// Whether the gallery names the authors. Judging is blind, so before the results are published the gallery shows
    /// the works without their authors (a judge may visit it too); from publication on it shows them as the winners page does.
    /// </summary>
    public static bool ShowsAuthors(Phase phase) => phase is Phase.Published or Phase.Archived;
}
