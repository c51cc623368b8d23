using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.DataAnnotations;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Infrastructure.Web;

/// <summary>
/// Client-side validation messages for a <c>[Required]</c> that names no message of its own — above all the one MVC
/// adds by itself to every non-nullable value type (a bool checkbox, a number): its English default ("The … field is
/// required.") would otherwise reach an Indonesian page as <c>data-val-required</c>. Such attributes get the shared
/// resource's localized message; every other attribute is adapted as MVC does.
/// </summary>
public sealed class LocalizedRequiredAdapterProvider(IStringLocalizerFactory factory) : IValidationAttributeAdapterProvider
{
    public const string RequiredMessage = "The {0} field is required.";

    private readonly ValidationAttributeAdapterProvider _inner = new();

    public IAttributeAdapter? GetAttributeAdapter(ValidationAttribute attribute, IStringLocalizer? stringLocalizer)
    {
        if (attribute is RequiredAttribute { ErrorMessage: null, ErrorMessageResourceName: null, ErrorMessageResourceType: null } required)
        {
            required.ErrorMessage = RequiredMessage;
            return _inner.GetAttributeAdapter(required, factory.Create(typeof(SharedResource)));
        }

        return _inner.GetAttributeAdapter(attribute, stringLocalizer);
    }
}
