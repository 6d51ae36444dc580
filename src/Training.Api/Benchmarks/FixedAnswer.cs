using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace Training.Benchmarks;

/// <summary>
/// The baseline of ops/bench's progress reads: the same service answering the same bytes from memory, so the
/// ratio between the two isolates what a progress read costs beyond HTTP, routing and the middleware.
/// Answers 404 unless configuration <c>Training:Benchmarks</c> is true, so production exposes nothing.
/// </summary>
public static class FixedAnswerEndpoint
{
    static volatile byte[] _body = "{}"u8.ToArray();

    [WolverinePut("/bench/fixed-answer")]
    public static async Task<IResult> Put(HttpRequest request, IConfiguration config)
    {
        if (!config.GetValue<bool>("Training:Benchmarks")) return Results.NotFound();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        _body = buffer.ToArray();
        return Results.NoContent();
    }

    [WolverineGet("/bench/fixed-answer")]
    public static IResult Get(IConfiguration config) =>
        config.GetValue<bool>("Training:Benchmarks")
            ? Results.Bytes(_body, "application/json; charset=utf-8")
            : Results.NotFound();
}
