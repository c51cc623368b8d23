using System.Collections.Frozen;
using CompetitionSite.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace CompetitionSite.Web.Features.Accounts;

/// <summary>
/// Refuses passwords that appear in the frequency list of common passwords shipped with the zxcvbn-core
/// package (about 30,000 passwords from real leaks, ranked by frequency). No composition rules otherwise.
/// </summary>
public sealed class CommonPasswordValidator(IStringLocalizer<AccountsText> t) : IPasswordValidator<ApplicationUser>
{
    private const string ResourceName = "zxcvbn-core.Dictionaries.passwords.lst";

    private static readonly Lazy<FrozenSet<string>> Common = new(Load);

    public static bool IsCommon(string password) => Common.Value.Contains(password.Trim().ToLowerInvariant());

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password)
    {
        if (password is not null && IsCommon(password))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "CommonPassword",
                Description = t["This password is one of the most common passwords and is easy to guess. Choose another one."],
            }));
        }

        return Task.FromResult(IdentityResult.Success);
    }

    private static FrozenSet<string> Load()
    {
        var assembly = typeof(Zxcvbn.Matcher.DictionaryMatcher).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The common-password list '{ResourceName}' is missing from zxcvbn-core.");
        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var word = line.Trim();
            if (word.Length > 0)
            {
                words.Add(word.ToLowerInvariant());
            }
        }

        return words.ToFrozenSet(StringComparer.Ordinal);
    }
}
