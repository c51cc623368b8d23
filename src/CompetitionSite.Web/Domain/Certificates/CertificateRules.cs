using CompetitionSite.Web.Domain.Competitions;

namespace CompetitionSite.Web.Domain.Certificates;

/// <summary>Who may see what of a certificate, and when.</summary>
public static class CertificateRules
{
    /// <summary>
    /// Certificates exist for the public (verification page, downloads) only once results are published — and
    /// stay so when the competition is archived afterwards. Before that nothing about results is visible.
    /// </summary>
    public static bool ResultsArePublic(CompetitionStage stage, DateTime? publishedAt) => stage switch
    {
        CompetitionStage.Published => true,
        CompetitionStage.Archived => publishedAt is not null,
        _ => false,
    };

    /// <summary>
    /// Whether a person may download a certificate's PDF. Organizers always may (also before publication, to
    /// check them). Otherwise only the recipient's own account or the guardian who manages the recipient, once
    /// results are published, and only while the certificate is valid.
    /// </summary>
    public static bool MayDownload(
        string? userId, bool isOrganizer, string? recipientUserId, string? recipientGuardianUserId, bool resultsArePublic, bool revoked)
    {
        if (isOrganizer)
        {
            return true;
        }

        if (userId is null || !resultsArePublic || revoked)
        {
            return false;
        }

        return userId == recipientUserId || userId == recipientGuardianUserId;
    }
}
