namespace CompetitionSite.Web.Features.Results;

/// <summary>Localized strings of the results area: <c>Resources/Features/Results/ResultsText.id.resx</c>.</summary>
public sealed class ResultsText;
