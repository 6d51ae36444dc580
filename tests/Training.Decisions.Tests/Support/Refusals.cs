using Training.Web;

namespace Training.Decisions.Tests.Support;

public static class Refusals
{
    /// <summary>
    /// Refused with <paramref name="status"/>, naming <paramref name="field"/>; where several rules share both, the message
    /// says which rule (<paramref name="saying"/>), so a test cannot pass on another rule's refusal.
    /// </summary>
    public static void ShouldRefuse(this Decision decision, int status, string field, string? saying = null)
    {
        decision.Refusal.Should().NotBeNull("the decision should refuse");
        decision.Refusal.Should().BeEquivalentTo(new { Status = status, Field = field });
        if (saying is not null) decision.Refusal!.Message.Should().Contain(saying);
    }
}
