namespace CompetitionSite.Web.Features.Participants;

/// <summary>Localized strings of the participants area: <c>Resources/Features/Participants/ParticipantsText.id.resx</c>.</summary>
public sealed class ParticipantsText;
