using System.ComponentModel.DataAnnotations;
using CompetitionSite.Web.Domain.Competitions;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>What an organizer writes to post an announcement.</summary>
public sealed class AnnouncementForm
{
    [Required(ErrorMessage = "Enter the announcement's title.")]
    [StringLength(Announcement.TitleMaxLength, ErrorMessage = "The title can be at most {1} characters long.")]
    [Display(Name = "Title")]
    public string Title { get; set; } = "";

    [Required(ErrorMessage = "Write the announcement.")]
    [StringLength(Announcement.BodyMaxLength, ErrorMessage = "The announcement can be at most {1} characters long.")]
    [Display(Name = "Announcement (Markdown)")]
    public string Body { get; set; } = "";

    [Display(Name = "Show it on the competition page")]
    public bool OnPublicPage { get; set; } = true;

    [Display(Name = "Email it to")]
    public AnnouncementAudience Audience { get; set; } = AnnouncementAudience.Everyone;

    [Display(Name = "Category")]
    public int? CategoryId { get; set; }
}
