using System.ComponentModel.DataAnnotations;
using CompetitionSite.Web.Domain.Competitions;

namespace CompetitionSite.Web.Features.Competitions;

/// <summary>A question someone signed in asks the organizers of a competition.</summary>
public sealed class AskForm
{
    [Required(ErrorMessage = "Write your question.")]
    [StringLength(Question.TextMaxLength, ErrorMessage = "The question can be at most {1} characters long.")]
    [Display(Name = "Your question")]
    public string Text { get; set; } = "";
}

/// <summary>The organizers' answer to a question, and whether it goes in the public FAQ.</summary>
public sealed class AnswerForm
{
    [Required(ErrorMessage = "Write the answer.")]
    [StringLength(Question.AnswerMaxLength, ErrorMessage = "The answer can be at most {1} characters long.")]
    [Display(Name = "Answer")]
    public string Answer { get; set; } = "";

    [Display(Name = "Also publish the question and answer in the competition's FAQ")]
    public bool InFaq { get; set; }

    [StringLength(Question.TextMaxLength, ErrorMessage = "The question can be at most {1} characters long.")]
    [Display(Name = "The question as the FAQ shows it")]
    public string? PublicWording { get; set; }
}
