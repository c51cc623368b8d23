namespace CompetitionSite.Web.Features.Gallery;

/// <summary>Marker for the gallery's strings (Resources/Features/Gallery/GalleryText.id.resx).</summary>
public sealed class GalleryText;
