namespace CompetitionSite.Web.Domain;

public static class Roles
{
    public const string Student = "Student";
    public const string Guardian = "Guardian";
    public const string Judge = "Judge";
    public const string Organizer = "Organizer";

    public static readonly string[] All = [Student, Guardian, Judge, Organizer];

    /// <summary>Roles a person may choose when registering; the others are granted by organizers.</summary>
    public static readonly string[] SelfService = [Student, Guardian];
}
