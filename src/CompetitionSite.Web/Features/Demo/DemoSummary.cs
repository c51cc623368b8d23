using CompetitionSite.Web.Domain.Competitions;

namespace CompetitionSite.Web.Features.Demo;

/// <summary>What the seed made, for the summary and for tests.</summary>
public sealed record DemoSummary(
    IReadOnlyList<DemoCompetition> Competitions,
    IReadOnlyList<DemoAccount> Accounts,
    int Participants,
    int Entries,
    int Files,
    int Scorecards,
    int Certificates,
    TimeSpan Elapsed);

public sealed record DemoCompetition(int Id, string Slug, string Title, Phase Phase, int Entries);

public sealed record DemoAccount(string Role, string Name, string Email, string Note);
