namespace CompetitionSite.Web.Features.Shared;

/// <summary>What is wrong with one field of a form, already localized. <see cref="Field"/> "" is the form as a whole.</summary>
public sealed record FormError(string Field, string Message);

/// <summary>
/// What a use case answers a controller: success, or failure with what is wrong, field by field (nothing was saved
/// then). <see cref="Outcome{T}"/> is the same with a value on success (the id it created, a message to show).
/// Controllers put the errors into ModelState with <see cref="OutcomeModelState"/>'s <c>AddErrors</c>.
/// A failed <see cref="Outcome"/> converts to any <see cref="Outcome{T}"/>, so <c>return Outcome.Refused(...)</c>
/// works in a use case that answers a value.
/// </summary>
public sealed record Outcome(IReadOnlyList<FormError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    /// <summary>The messages of the errors, in order.</summary>
    public IEnumerable<string> Messages => Errors.Select(e => e.Message);

    public static Outcome Ok() => new([]);

    public static Outcome<T> Ok<T>(T value) => Outcome<T>.Ok(value);

    public static Outcome Failed(string field, string message) => new([new FormError(field, message)]);

    public static Outcome Failed(IEnumerable<FormError> errors) => new(errors.ToList());

    /// <summary>A failure of the whole form (not of one field).</summary>
    public static Outcome Refused(string message) => Failed("", message);

    /// <summary>A failure of the whole form for each of <paramref name="messages"/>; success when there are none.</summary>
    public static Outcome Refused(IEnumerable<string> messages) => new(messages.Select(m => new FormError("", m)).ToList());
}

/// <summary>An <see cref="Outcome"/> with a value on success.</summary>
public sealed record Outcome<T>(T? Value, IReadOnlyList<FormError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    /// <summary>The messages of the errors, in order.</summary>
    public IEnumerable<string> Messages => Errors.Select(e => e.Message);

    public static Outcome<T> Ok(T? value = default) => new(value, []);

    /// <summary>A failure answered where a value was expected; a success has no value to give, so it cannot convert.</summary>
    public static implicit operator Outcome<T>(Outcome failure) => failure.Succeeded
        ? throw new InvalidOperationException("Only a failed outcome converts to an outcome with a value.")
        : new(default, failure.Errors);
}
