using CompetitionSite.Web.Data;
using CompetitionSite.Web.Infrastructure.Email;
using CompetitionSite.Web.Infrastructure.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Accounts;

/// <summary>Writes the account emails in the recipient's language and queues them in the outbox.</summary>
public sealed class AccountEmails(IEmailOutbox outbox, IStringLocalizer<AccountsText> t, IOptions<SiteOptions> site, IOptions<AccountOptions> accountOptions)
{
    public void ConfirmEmail(ApplicationUser user, string link) =>
        outbox.QueueLocalized(user.Email!, user.FullName, user.PreferredCulture, "account.confirm", () => (
            t["Confirm your email address"],
            new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", user.FullName],
                ButtonText = t["Confirm email address"],
                ButtonUrl = link,
                Footer = t["If you did not create an account, you can ignore this email."],
            }.Paragraph(t["Thank you for registering. Confirm your email address to activate your account."])
             .Paragraph(t.Plural((int)accountOptions.Value.ConfirmationLinkLifetime.TotalHours, "This link works for {0} hour.", "This link works for {0} hours."))));

    public void ResetPassword(ApplicationUser user, string link) =>
        outbox.QueueLocalized(user.Email!, user.FullName, user.PreferredCulture, "account.reset", () => (
            t["Reset your password"],
            new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", user.FullName],
                ButtonText = t["Choose a new password"],
                ButtonUrl = link,
                Footer = t["If you did not ask for this, you can ignore this email: your password stays the same."],
            }.Paragraph(t["Someone asked to reset the password of your account."])
             .Paragraph(t.Plural((int)accountOptions.Value.PasswordResetLinkLifetime.TotalMinutes, "This link works once, for {0} minute.", "This link works once, for {0} minutes."))));

    public void ChangeEmail(ApplicationUser user, string newEmail, string link) =>
        outbox.QueueLocalized(newEmail, user.FullName, user.PreferredCulture, "account.change-email", () => (
            t["Confirm your new email address"],
            new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", user.FullName],
                ButtonText = t["Confirm new email address"],
                ButtonUrl = link,
                Footer = t["If you did not ask for this, you can ignore this email."],
            }.Paragraph(t["You asked to use this address for your account. Confirm it to finish the change."])));

    public void AlreadyRegistered(ApplicationUser user, string loginLink, string resetLink) =>
        outbox.QueueLocalized(user.Email!, user.FullName, user.PreferredCulture, "account.already-registered", () => (
            t["Someone tried to register with your email address"],
            new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", user.FullName],
                ButtonText = t["Log in"],
                ButtonUrl = loginLink,
                Footer = t["If it was not you, you can ignore this email: nothing was changed."],
            }.Paragraph(t["Someone tried to create a new account with this email address, but you already have an account."])
             .Paragraph(t["If you forgot your password, choose a new one here: {0}", resetLink])));

    public void AccountLocked(ApplicationUser user, int minutes, string resetLink) =>
        outbox.QueueLocalized(user.Email!, user.FullName, user.PreferredCulture, "account.locked", () => (
            t["Your account was locked for a while"],
            new EmailTemplate
            {
                SiteName = site.Value.Name,
                Greeting = t["Hello {0},", user.FullName],
                ButtonText = t["Choose a new password"],
                ButtonUrl = resetLink,
                Footer = t["If it was you, wait or choose a new password. If it was not you, your password is still safe; a long password keeps it that way."],
            }.Paragraph(t["Someone typed a wrong password for your account several times, so logging in is blocked for {0} minutes.", minutes])
             .Paragraph(t["The login page does not say this (so that nobody learns which addresses have an account): it only says that the email address or password is not correct."])));
}
