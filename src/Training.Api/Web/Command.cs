using Microsoft.AspNetCore.Http;

namespace Training.Web;

/// <summary>The answer of a command that creates something: its id (and a Location header).</summary>
public sealed record IdAnswer(Guid Id);

/// <summary>
/// The one shape of a command endpoint: read the body, check it (400), carry it out (its refusal: 403, 404, 409) and answer.
/// An endpoint says only what is its own: the check, how it decides and appends, and the answer.
/// Not Wolverine's [WriteAggregate]: it loads the stream before any of the endpoint's own code runs, so the body's check,
/// the empty id (which Marten refuses as a stream id) and a refusal naming its field would each need code of their own
/// around it, and two commands (register, award) start streams it does not load.
/// </summary>
public static class Command
{
    public static async Task<IResult> Run<TRequest, TCommand>(TRequest? request, Func<TRequest, Checked<TCommand>> check,
        Func<TCommand, Task<Refusal?>> carryOut, Func<TCommand, IResult> answer) where TRequest : class where TCommand : class
    {
        if (request is null) return NoBody; // a body of `null` binds to no request at all
        var (command, errors) = check(request);
        if (command is null) return Problems.Invalid(errors);
        return await carryOut(command) is { } refusal ? Problems.From(refusal) : answer(command);
    }

    public static Task<IResult> Run<TRequest, TCommand>(TRequest? request, Func<TRequest, Checked<TCommand>> check,
        Func<TCommand, Refusal?> carryOut, Func<TCommand, IResult> answer) where TRequest : class where TCommand : class =>
        Run(request, check, c => Task.FromResult(carryOut(c)), answer);

    static IResult NoBody => Problems.Invalid(new Dictionary<string, string[]> { ["body"] = ["body is required: a JSON object"] });
}
