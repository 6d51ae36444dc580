namespace Training.Web;

public static class ChinaTime
{
    static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>Business dates are calendar dates in China Standard Time, never instants.</summary>
    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);
}
