namespace CompetitionSite.Web.Features.Certificates;

/// <summary>Localized strings of the certificates area: <c>Resources/Features/Certificates/CertificatesText.id.resx</c>.</summary>
public sealed class CertificatesText;
