using CompetitionSite.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CompetitionSite.Tests.Shared;

/// <summary>The one form outcome and the one way controllers put it into ModelState.</summary>
[Trait("Category", "Unit")]
public sealed class OutcomeTests
{
    [Fact]
    public void A_failure_puts_each_message_on_its_field_and_the_form_wide_ones_on_the_form()
    {
        var outcome = Outcome.Failed([new FormError("Npsn", "8 digits"), new FormError("", "Already declared")]);
        var state = new ModelStateDictionary();

        Assert.False(state.AddErrors(outcome, "School"));

        Assert.Equal("8 digits", Assert.Single(state["School.Npsn"]!.Errors).ErrorMessage);
        Assert.Equal("Already declared", Assert.Single(state[""]!.Errors).ErrorMessage);
        Assert.Equal(["8 digits", "Already declared"], outcome.Messages);
    }

    [Fact]
    public void A_success_adds_nothing_and_carries_its_value()
    {
        var state = new ModelStateDictionary();

        Assert.True(state.AddErrors(Outcome.Ok(42)));
        Assert.True(state.AddErrors(Outcome.Ok()));
        Assert.True(state.AddErrors(Outcome.Refused(Array.Empty<string>())));

        Assert.Equal(0, state.ErrorCount);
        Assert.Equal(42, Outcome.Ok(42).Value);
        Assert.Null(Outcome<string>.Ok().Value);
    }

    [Fact]
    public void A_failure_answers_where_a_value_was_expected_and_a_success_cannot()
    {
        Outcome<int> failed = Outcome.Refused("The competition does not exist.");

        Assert.False(failed.Succeeded);
        Assert.Equal(new FormError("", "The competition does not exist."), Assert.Single(failed.Errors));
        Assert.Throws<InvalidOperationException>(() => (Outcome<int>)Outcome.Ok());
    }
}
