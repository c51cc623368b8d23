namespace CompetitionSite.Web;

/// <summary>
/// Marker for strings shared by the whole site (layout, common buttons, validation messages).
/// Bahasa Indonesia lives in <c>Resources/SharedResource.id.resx</c>; the English text is the key.
/// Each feature area has its own marker class named <c>Text</c> in its namespace, with
/// <c>Resources/Features/&lt;Area&gt;/Text.id.resx</c> beside it.
/// </summary>
public sealed class SharedResource;
