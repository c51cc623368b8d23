namespace CompetitionSite.Web.Domain.Auditing;

/// <summary>Who did what, when, to which object. Written in the same SaveChanges as the change itself.</summary>
public class AuditEvent
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string? ActorUserId { get; set; }
    public string ActorName { get; set; } = "";

    /// <summary>A stable, dotted action name, e.g. "competition.created" or "role.granted".</summary>
    public string Action { get; set; } = "";

    public string ObjectType { get; set; } = "";
    public string ObjectId { get; set; } = "";

    /// <summary>The competition the event belongs to, when it belongs to one (for the organizers' audit view).</summary>
    public int? CompetitionId { get; set; }

    /// <summary>What changed, in plain words or "field: old → new" lines.</summary>
    public string Details { get; set; } = "";
}
