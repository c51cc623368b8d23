using CompetitionSite.Web.Domain.Competitions;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Shared;

/// <summary>The localized name of a competition's phase, the one mapping every page and email uses (shared strings).</summary>
public static class PhaseLabels
{
    public static string PhaseName(this IStringLocalizer<SharedResource> l, Phase phase) => phase switch
    {
        Phase.Draft => l["Draft"],
        Phase.Upcoming => l["Upcoming"],
        Phase.Open => l["Open for entries"],
        Phase.Judging => l["Judging"],
        Phase.Review => l["Results being decided"],
        Phase.Published => l["Results published"],
        Phase.Archived => l["Archived"],
        _ => phase.ToString(),
    };
}
