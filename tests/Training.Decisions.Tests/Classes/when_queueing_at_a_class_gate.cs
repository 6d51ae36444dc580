using Training.Classes;

namespace Training.Decisions.Tests.Classes;

public class when_queueing_at_a_class_gate
{
    static readonly Guid Hot = Guid.NewGuid(), Other = Guid.NewGuid();

    [Fact]
    public async Task the_next_one_waits_until_a_place_is_given_back()
    {
        var gate = new ClassGate(perClass: 2);
        var first = await gate.EnterAsync(Hot);
        using var second = await gate.EnterAsync(Hot);

        var third = gate.EnterAsync(Hot);
        third.IsCompleted.Should().BeFalse();

        first.Dispose();
        using var entered = await third.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task another_class_does_not_wait_for_a_full_one()
    {
        var gate = new ClassGate(perClass: 1);
        using var hot = await gate.EnterAsync(Hot);

        var other = gate.EnterAsync(Other);

        other.IsCompletedSuccessfully.Should().BeTrue();
        other.Result.Dispose();
    }

    [Fact]
    public async Task a_gate_with_nobody_inside_or_waiting_holds_no_class()
    {
        var gate = new ClassGate(perClass: 1);
        var inside = await gate.EnterAsync(Hot);
        using var cancel = new CancellationTokenSource();
        var waiting = gate.EnterAsync(Hot, cancel.Token);
        gate.Classes.Should().Be(1);

        cancel.Cancel();
        await FluentActions.Awaiting(() => waiting).Should().ThrowAsync<OperationCanceledException>();
        inside.Dispose();
        inside.Dispose(); // a second dispose gives nothing back twice

        gate.Classes.Should().Be(0);
        using var again = await gate.EnterAsync(Hot);
        var next = gate.EnterAsync(Hot);
        next.IsCompleted.Should().BeFalse("one place, taken: a double dispose must not have made two");
    }
}
