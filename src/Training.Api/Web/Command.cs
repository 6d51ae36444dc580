using Microsoft.AspNetCore.Http;

namespace Training.Web;

/// <summary>The answer of a command that creates something: its id (and a Location header).</summary>
public sealed record IdAnswer(Guid Id);

/// <summary>
/// The one shape of a command endpoint: read the body, check it (400), carry it out (its refusal: 403, 404, 409) and answer.
/// An endpoint says only what is its own: the check, how it decides and appends, and the answer.
/// Not Wolverine's [WriteAggregate]: its load throws on the empty id (Marten refuses it as a stream id), its not-found answer
/// does not name our field, the institution's ownership would need a Before method on each class command, and three
/// commands (register an institution or a class, award) start streams rather than load one. One helper keeps all that here.
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
