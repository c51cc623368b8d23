namespace CompetitionSite.Web.Domain.Competitions;

public static class AwardTierDefaults
{
    /// <summary>What most Indonesian school competitions give: Juara 1–3 and Harapan 1–3, one of each.</summary>
    public static readonly string[] Names = ["Juara 1", "Juara 2", "Juara 3", "Harapan 1", "Harapan 2", "Harapan 3"];

    public static List<AwardTier> Create() =>
        Names.Select((name, i) => new AwardTier { Name = name, Order = i, Count = 1 }).ToList();
}
