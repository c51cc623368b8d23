using CompetitionSite.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CompetitionSite.Web.Features.Certificates;

public enum RevokeCertificateResult
{
    Revoked,
    AlreadyRevoked,
    NotFound,
    ReasonMissing,
    ReasonTooLong,
}

/// <summary>
/// An organizer revokes one issued certificate of a competition, with a reason (audited by
/// <see cref="CertificateIssuer.RevokeAsync"/>); its public verification page then says so. Nothing changes unless
/// the competition and the certificate exist and a reason of at most <see cref="MaxReasonLength"/> characters is given.
/// </summary>
public sealed class RevokeCertificate(AppDbContext db, CertificateIssuer issuer)
{
    public const int MaxReasonLength = 500;

    public async Task<RevokeCertificateResult> RunAsync(int competitionId, string number, string? reason, CancellationToken ct = default)
    {
        if (!await db.Competitions.AnyAsync(c => c.Id == competitionId, ct))
        {
            return RevokeCertificateResult.NotFound;
        }

        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return RevokeCertificateResult.ReasonMissing;
        }

        if (reason.Length > MaxReasonLength)
        {
            return RevokeCertificateResult.ReasonTooLong;
        }

        switch (await issuer.RevokeAsync(competitionId, number, reason, ct))
        {
            case RevokeOutcome.Revoked:
                await db.SaveChangesAsync(ct);
                return RevokeCertificateResult.Revoked;
            case RevokeOutcome.AlreadyRevoked:
                return RevokeCertificateResult.AlreadyRevoked;
            default:
                return RevokeCertificateResult.NotFound;
        }
    }
}
