using System.ComponentModel.DataAnnotations;

namespace CompetitionSite.Web.Infrastructure.Imaging;

/// <summary>Limits on uploaded images (section <c>Images</c>).</summary>
public sealed class ImageOptions
{
    public const string Section = "Images";

    /// <summary>
    /// The most pixels an uploaded image may have (width × height, from its header). 50 million takes a 48-megapixel
    /// phone photo and an A2 poster at 300 dpi, and refuses decompression bombs (a small PNG that claims 30,000 × 30,000).
    /// </summary>
    [Range(1_000_000, 500_000_000, ErrorMessage = "Images:MaxPixels must be between 1,000,000 and 500,000,000.")]
    public long MaxPixels { get; set; } = 50_000_000;
}
