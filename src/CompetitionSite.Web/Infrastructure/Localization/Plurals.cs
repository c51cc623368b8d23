using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Infrastructure.Localization;

/// <summary>
/// Counted phrases: English has a form for one and a form for any other count, so each is its own key
/// ("{0} category" / "{0} categories"); Bahasa Indonesia has no plural form and translates both keys the same.
/// </summary>
public static class Plurals
{
    /// <summary>
    /// The <paramref name="one"/> key when <paramref name="count"/> is 1, else <paramref name="other"/>, formatted
    /// with <paramref name="arguments"/> — or with the count alone when there are none.
    /// </summary>
    public static LocalizedString Plural(this IStringLocalizer localizer, long count, string one, string other, params object[] arguments) =>
        localizer[count == 1 ? one : other, arguments.Length == 0 ? [count] : arguments];
}
