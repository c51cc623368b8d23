namespace CompetitionSite.Web.Features.Accounts;

/// <summary>Localized strings of the accounts area: <c>Resources/Features/Accounts/AccountsText.id.resx</c>.</summary>
public sealed class AccountsText;
