using System.Diagnostics;

namespace Training.Tests.Support;

/// <summary>
/// Waits on a condition the test cannot be told about (a metric exported, a database back, a process started): asks
/// again at a fixed interval until the answer is the one wanted, and fails with <c>because</c> once the deadline passes.
/// </summary>
public static class Poll
{
    public static async Task<T> Until<T>(Func<Task<T>> ask, Func<T, bool> done, TimeSpan within, string because, int everyMs = 50)
    {
        var waited = Stopwatch.StartNew();
        using var interval = new PeriodicTimer(TimeSpan.FromMilliseconds(everyMs));
        while (true)
        {
            var answer = await ask();
            if (done(answer)) return answer;
            waited.Elapsed.Should().BeLessThan(within, because);
            await interval.WaitForNextTickAsync();
        }
    }
}
