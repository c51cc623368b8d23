using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CompetitionSite.Web.Features.Shared;

/// <summary>How every controller shows a failed outcome: each error on its field of the form.</summary>
public static class OutcomeModelState
{
    /// <summary>
    /// Adds the errors to <paramref name="modelState"/>, each field under <paramref name="prefix"/> (the form's name in
    /// the page model, e.g. "School"; the form-wide "" stays ""); true when the outcome succeeded (nothing added).
    /// </summary>
    public static bool AddErrors(this ModelStateDictionary modelState, Outcome outcome, string prefix = "") =>
        Add(modelState, outcome.Errors, prefix);

    /// <inheritdoc cref="AddErrors(ModelStateDictionary, Outcome, string)"/>
    public static bool AddErrors<T>(this ModelStateDictionary modelState, Outcome<T> outcome, string prefix = "") =>
        Add(modelState, outcome.Errors, prefix);

    private static bool Add(ModelStateDictionary modelState, IReadOnlyList<FormError> errors, string prefix)
    {
        foreach (var error in errors)
        {
            modelState.AddModelError(prefix.Length == 0 || error.Field.Length == 0 ? error.Field : prefix + "." + error.Field, error.Message);
        }

        return errors.Count == 0;
    }
}
