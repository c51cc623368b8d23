namespace CompetitionSite.Web.Domain.Certificates;

public enum CertificateKind
{
    /// <summary>Every participant of an entry that took part.</summary>
    Participation = 0,

    /// <summary>A winner: an award tier ("Juara 1", "Harapan 2") or a special award ("Juara Favorit").</summary>
    Achievement = 1,
}

/// <summary>
/// A certificate issued to one participant for one entry. What it says (name, school, award) is a snapshot taken
/// when it is issued, so the certificate and its verification page keep saying the same thing whatever changes
/// later. A wrong certificate is never edited: it is revoked (with a reason) and a new one is issued.
/// </summary>
public class Certificate
{
    public int Id { get; set; }

    /// <summary>"CS-2026-7K3M-9QXD": unique, printed on the certificate and in its QR code (see <see cref="CertificateNumbers"/>).</summary>
    public string Number { get; set; } = "";

    public int CompetitionId { get; set; }
    public int CategoryId { get; set; }
    public int EntryId { get; set; }

    /// <summary>The recipient's profile; null once the profile has been deleted (the certificate stays verifiable).</summary>
    public int? ParticipantId { get; set; }

    /// <summary>The name as it was when the certificate was issued.</summary>
    public string RecipientName { get; set; } = "";

    /// <summary>The school as it was when the certificate was issued.</summary>
    public string SchoolName { get; set; } = "";

    public CertificateKind Kind { get; set; }

    /// <summary>The award tier or special award, for achievements; null for participation.</summary>
    public string? AwardName { get; set; }

    /// <summary>UTC.</summary>
    public DateTime IssuedAt { get; set; }

    /// <summary>The language the certificate is written in ("id" or "en"): the recipient's.</summary>
    public string Culture { get; set; } = "id";

    /// <summary>UTC; set when the certificate was withdrawn (a correction). A revoked certificate is not valid.</summary>
    public DateTime? RevokedAt { get; set; }

    public string? RevokedReason { get; set; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>
    /// Withdraws the certificate. Revoking twice keeps the first date and reason (returns false then).
    /// </summary>
    public bool Revoke(DateTime nowUtc, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("A certificate is revoked with a reason.", nameof(reason));
        }

        if (IsRevoked)
        {
            return false;
        }

        RevokedAt = nowUtc;
        RevokedReason = reason.Trim();
        return true;
    }
}

/// <summary>
/// How a competition's certificates look: the organizer's logo, one or two signers with their signature images.
/// Images are PNG or JPEG in the file store under generated names.
/// </summary>
public class CertificateDesign
{
    public int Id { get; set; }
    public int CompetitionId { get; set; }

    public string? LogoFileName { get; set; }
    public string? LogoContentType { get; set; }

    public string SignerName { get; set; } = "";
    public string SignerTitle { get; set; } = "";
    public string? SignatureFileName { get; set; }
    public string? SignatureContentType { get; set; }

    /// <summary>An optional second signer (e.g. the head of the organizing body next to the jury chair).</summary>
    public string? Signer2Name { get; set; }
    public string? Signer2Title { get; set; }
    public string? Signature2FileName { get; set; }
    public string? Signature2ContentType { get; set; }

    public DateTime UpdatedAt { get; set; }
}
