namespace CompetitionSite.Web;

/// <summary>
/// Marker for strings shared by the whole site (layout, common buttons, validation messages).
/// Bahasa Indonesia lives in <c>Resources/SharedResource.id.resx</c>; the English text is the key.
/// Each feature area has its own marker class named <c>&lt;Area&gt;Text</c> in its namespace (<c>JudgingText</c>), with
/// <c>Resources/Features/&lt;Area&gt;/&lt;Area&gt;Text.id.resx</c> beside it.
/// </summary>
public sealed class SharedResource;
